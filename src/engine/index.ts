export type { Engine, EngineCapabilities, Listener, PoolStats, QueryOptions, QueryResult } from './types.ts';
export { createPgEngine, type PgEngineOptions } from './pg.ts';
export { createPgliteEngine, type PgliteEngineOptions } from './pglite.ts';
export { quoteIdent, quoteLiteral, quoteQualified } from './sql.ts';
