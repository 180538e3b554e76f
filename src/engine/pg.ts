import pg from 'pg';
import type { Logger } from 'pino';
import { detectOnFirstUse } from './capabilities.ts';
import { classifyDriverError, type DriverError } from './errors.ts';
import { quoteIdent } from './sql.ts';
import type { Engine, Listener, QueryOptions, QueryResult } from './types.ts';
import { notifyAndPing, queryAsRole } from './common.ts';

export interface PgEngineOptions {
  url: string;
  statementTimeoutMs: number;
  poolSize: number;
  connectTimeoutMs: number;
  applicationName?: string;
  logger?: Logger;
}

/** Socket errors and node-postgres messages that mean "the database is away", not "the query is wrong". */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN']);
const LOST_CONNECTION = /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|the database system is/i;
const gone = (e: DriverError): boolean => (e.code !== undefined && UNAVAILABLE_ERRNOS.has(e.code)) || LOST_CONNECTION.test(e.message ?? '');

/**
 * Settings of every pooled session. Tile queries are many, short and concurrent: PostgreSQL's
 * JIT compiles an unprepared query anew each time (costing a tile query up to a third of its
 * time), and a parallel plan, which the planner favours for ST_AsMVTGeom's high declared cost,
 * only takes cores from the other tiles being generated (seen here: a parallel sequential scan
 * at 21 ms where the index answers in 6 ms). A prepared tile query is planned for each tile's
 * own envelope: a generic plan, blind to the tile's size, was seen up to half again slower.
 */
const SESSION_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_custom_plan';
/** Statements kept prepared per connection at most (by text; beyond it they run unnamed). */
const MAX_PREPARED = 1000;

/** The production engine: PostgreSQL + PostGIS through a node-postgres pool. */
export function createPgEngine(options: PgEngineOptions): Engine {
  const classify = (err: unknown) => classifyDriverError(err, { statementTimeoutMs: options.statementTimeoutMs, gone });
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    application_name: options.applicationName ?? 'tilery',
    options: SESSION_OPTIONS,
  });
  // A prepared statement is named after its text, so each connection prepares it on first use.
  const preparedNames = new Map<string, string>();
  const nameOf = (sql: string): string | undefined => {
    let name = preparedNames.get(sql);
    if (name === undefined && preparedNames.size < MAX_PREPARED) preparedNames.set(sql, (name = `tilery_${preparedNames.size}`));
    return name;
  };
  // An idle connection that the server closes emits here; the pool drops it and opens a new
  // one on the next query, so log and carry on rather than crash the process.
  let ending: Promise<void> | null = null;
  pool.on('error', (err) => options.logger?.warn({ err: err.message }, 'idle database connection lost'));

  async function run<Row>(sql: string, values: readonly unknown[] = [], queryOptions?: QueryOptions): Promise<QueryResult<Row>> {
    try {
      const name = queryOptions?.prepare ? nameOf(sql) : undefined;
      const result = await pool.query(name ? { name, text: sql, values: values as unknown[] } : { text: sql, values: values as unknown[] });
      return { rows: result.rows as Row[] };
    } catch (err) {
      throw classify(err);
    }
  }

  // What the database can do is probed by the first query or transaction, which waits for it:
  // creating the engine stays synchronous and opens no connection. Until then, `asMvt` holds
  // what a PostgreSQL with PostGIS has.
  const { capabilities, ready } = detectOnFirstUse(run as Engine['query'], { asMvt: true });

  function query<Row>(sql: string, values: readonly unknown[] = [], queryOptions?: QueryOptions): Promise<QueryResult<Row>> {
    if (queryOptions?.role !== undefined) return queryAsRole<Row>(transaction, queryOptions.role, sql, values);
    const probing = ready();
    return probing ? probing.then(() => run<Row>(sql, values, queryOptions)) : run<Row>(sql, values, queryOptions);
  }

  async function listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<Listener> {
    let client: pg.Client | null = null;
    let closed = false;
    let retry: NodeJS.Timeout | null = null;
    const connect = async (again: boolean): Promise<void> => {
      const c = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: options.connectTimeoutMs, application_name: options.applicationName ?? 'tilery' });
      c.on('notification', (n) => {
        if (n.channel === channel) onMessage(n.payload ?? '');
      });
      c.on('error', (err) => {
        options.logger?.warn({ channel, err: err.message }, 'listening connection lost; reconnecting');
        schedule();
      });
      c.on('end', () => schedule());
      await c.connect();
      await c.query(`LISTEN ${quoteIdent(channel)}`);
      client = c;
      if (again) onReconnect?.();
    };
    const schedule = () => {
      if (closed || retry) return;
      // A dropped client can still emit an error while it ends: keep one listener on it.
      client?.removeAllListeners();
      client?.on('error', () => {});
      client?.end().catch(() => {});
      client = null;
      retry = setTimeout(() => {
        retry = null;
        connect(true).catch(() => schedule());
      }, 1000);
      retry.unref();
    };
    try {
      await connect(false);
    } catch (err) {
      // The database is away: keep trying; the first connection that succeeds counts as a
      // reconnection (whatever was sent before is lost to this listener).
      options.logger?.warn({ channel, err: (err as Error).message }, 'cannot listen yet; retrying');
      schedule();
    }
    return {
      async close() {
        closed = true;
        if (retry) clearTimeout(retry);
        const c = client;
        client = null;
        c?.removeAllListeners();
        c?.on('error', () => {});
        await c?.end().catch(() => {});
      },
    };
  }

  async function transaction<T>(work: (q: Engine['query']) => Promise<T>): Promise<T> {
    const probing = ready();
    if (probing) await probing;
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw classify(err);
    }
    // Checked out, the client has no pool listener: a connection lost between two statements
    // would emit an 'error' nobody hears (and end the process). The statement that follows fails.
    const lost = (err: Error) => options.logger?.warn({ err: err.message }, 'connection lost during a transaction');
    client.on('error', lost);
    let broken = false;
    const q = (async <Row>(sql: string, values: readonly unknown[] = []): Promise<QueryResult<Row>> => {
      try {
        const result = await client.query(sql, values as unknown[]);
        return { rows: result.rows as Row[] };
      } catch (err) {
        throw classify(err);
      }
    }) as Engine['query'];
    try {
      await client.query('BEGIN');
      const result = await work(q);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // a client that cannot even roll back is broken: the pool drops it instead of reusing it
      broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      throw err;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  return {
    capabilities,
    query,
    transaction,
    listen,
    ...notifyAndPing(query),
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close() {
      // idempotent, as the pool's own end() is not
      ending ??= pool.end();
      return ending;
    },
  };
}
