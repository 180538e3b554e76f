export type { Engine, EngineCapabilities, Listener, PoolStats, QueryOptions, QueryResult } from './types.ts';
export { createPgEngine, type PgEngineOptions } from './pg.ts';
export { createPgliteEngine, type PgliteEngineOptions } from './pglite.ts';
export { quoteIdent, quoteLiteral, quoteQualified } from './sql.ts';
export { createMissing } from './ddl.ts';
export {
  elementTypeOf,
  INTEGER_TYPES,
  jsonSchemaOf,
  mvtValueCast,
  NUMBER_TYPES,
  TEMPORAL_TYPES,
  TEXT_TYPES,
  valueKindOf,
  vectorFieldType,
  type MvtValueCast,
  type ValueKind,
  type VectorFieldType,
} from './pg-types.ts';
