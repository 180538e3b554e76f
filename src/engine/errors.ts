import { TileryError } from '../errors.ts';

/** What a driver error may carry: a SQLSTATE or an errno code, a message, a class name. */
export interface DriverError {
  code?: string;
  message?: string;
  name?: string;
}

/** What one engine knows of its driver's errors. */
export interface DriverErrorRules {
  /** The statement timeout in force, reported with a cancelled statement; absent: unknown. */
  readonly statementTimeoutMs?: number;
  /** Errors of the driver itself meaning the database is away (a closed socket, a stopped runtime). */
  readonly gone: (err: DriverError) => boolean;
  /** Fields the driver adds to its errors that must not travel further (statements, bind values). */
  readonly detach?: readonly string[];
}

const QUERY_CANCELED = '57014';
/** Shutting down (57P01–57P03), too many connections (53300); class 08 is the connection's. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * A driver error as the rest of tilery sees it: a cancelled statement is `query_timeout`
 * (504), a database that is away `database_unavailable` (503); anything else (a wrong query,
 * a refused grant) goes on as the driver's own error.
 */
export function classifyDriverError(err: unknown, rules: DriverErrorRules): unknown {
  if (err instanceof TileryError) return err;
  const e = (err ?? {}) as DriverError & Record<string, unknown>;
  if (e.code === QUERY_CANCELED) {
    return new TileryError('query_timeout', { timeout_ms: rules.statementTimeoutMs ?? '?', reason: e.message });
  }
  const unavailableState = e.code !== undefined && (UNAVAILABLE_SQLSTATES.has(e.code) || e.code.startsWith('08'));
  if (unavailableState || rules.gone(e)) {
    return new TileryError('database_unavailable', { reason: e.message ?? String(e.code ?? err) });
  }
  if (typeof err === 'object' && err !== null) for (const field of rules.detach ?? []) delete e[field];
  return err;
}
