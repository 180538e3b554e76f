import pg from 'pg';
import type { Logger } from 'pino';
import { TileryError } from '../errors.ts';
import type { Engine, QueryResult } from './types.ts';

export interface PgEngineOptions {
  url: string;
  statementTimeoutMs: number;
  poolSize: number;
  connectTimeoutMs: number;
  applicationName?: string;
  logger?: Logger;
}

/** SQLSTATEs and socket errors that mean "the database is away", not "the query is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN']);
const QUERY_CANCELED = '57014';

/** The production engine: PostgreSQL + PostGIS through a node-postgres pool. */
export function createPgEngine(options: PgEngineOptions): Engine {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    application_name: options.applicationName ?? 'tilery',
  });
  // An idle connection that the server closes emits here; the pool drops it and opens a new
  // one on the next query, so log and carry on rather than crash the process.
  pool.on('error', (err) => options.logger?.warn({ err: err.message }, 'idle database connection lost'));

  async function query<Row>(sql: string, values: readonly unknown[] = []): Promise<QueryResult<Row>> {
    try {
      const result = await pool.query(sql, values as unknown[]);
      return { rows: result.rows as Row[] };
    } catch (err) {
      throw classify(err, options.statementTimeoutMs);
    }
  }

  return {
    capabilities: { asMvt: true },
    query,
    async ping() {
      try {
        await query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await pool.end();
    },
  };
}

function classify(err: unknown, timeoutMs: number): unknown {
  const e = err as { code?: string; message?: string };
  if (e.code === QUERY_CANCELED) return new TileryError('query_timeout', { timeout_ms: timeoutMs });
  const lostConnection = /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|the database system is/i.test(e.message ?? '');
  if ((e.code && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_ERRNOS.has(e.code) || e.code.startsWith('08'))) || lostConnection) {
    return new TileryError('database_unavailable', { reason: e.message ?? String(e.code) });
  }
  return err;
}
