/** What an engine can do; code outside `engine/` branches on these, never on the engine kind. */
export interface EngineCapabilities {
  /** The database has `ST_AsMVT` (otherwise tiles are encoded in TypeScript). */
  asMvt: boolean;
}

export interface QueryResult<Row> {
  rows: Row[];
}

/** The database as the rest of tilery sees it. */
export interface Engine {
  readonly capabilities: EngineCapabilities;
  /** Run one statement with bind parameters; errors are `TileryError`s (503/504) or the driver's. */
  query<Row = Record<string, unknown>>(sql: string, values?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** True when a trivial query succeeds now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
