/** What an engine can do; code outside `engine/` branches on these, never on the engine kind. */
export interface EngineCapabilities {
  /** The database has `ST_AsMVT` (otherwise tiles are encoded in TypeScript). */
  asMvt: boolean;
}

export interface QueryOptions {
  /**
   * The statement runs again and again with other values (a tile query): the engine may keep
   * it prepared per connection, so it is parsed once and its plan can be reused.
   */
  readonly prepare?: boolean;
  /**
   * Run the statement as this database role, in a transaction of its own (`SET LOCAL ROLE`),
   * so that the role's grants and row-level security decide what it reads. A role the
   * connecting role cannot switch to is a `role_not_allowed` error.
   */
  readonly role?: string;
}

export interface QueryResult<Row> {
  rows: Row[];
}

/** The database as the rest of tilery sees it. */
export interface Engine {
  readonly capabilities: EngineCapabilities;
  /** Run one statement with bind parameters; errors are `TileryError`s (503/504) or the driver's. */
  query<Row = Record<string, unknown>>(sql: string, values?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
  /** Run `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (query: Engine['query']) => Promise<T>): Promise<T>;
  /**
   * Receive the notifications of a channel (LISTEN) on a connection of its own, which comes
   * back by itself after the database was away (`onReconnect` then runs: what was sent meanwhile
   * was lost).
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<Listener>;
  /** Send a notification (NOTIFY) to every listener of the channel, this process's included. */
  notify(channel: string, payload: string): Promise<void>;
  /** True when a trivial query succeeds now. */
  ping(): Promise<boolean>;
  /** The connections now, for the pool gauges of `/metrics`. */
  stats(): PoolStats;
  close(): Promise<void>;
}

/** Connections of an engine: open, idle among them, and statements waiting for one. */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

export interface Listener {
  close(): Promise<void>;
}
