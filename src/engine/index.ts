export type { Engine, EngineCapabilities, Listener, QueryResult } from './types.ts';
export { createPgEngine, type PgEngineOptions } from './pg.ts';
export { quoteIdent, quoteLiteral, quoteQualified } from './sql.ts';
