/**
 * What tilery knows of PostgreSQL types, by the names the catalog reads (`pg_type.typname`:
 * `int4`, `text`, `timestamptz`; arrays as `_int4`): how filters compare a column, how a tile
 * encodes it, and how the documents describe it. One place, so that a filter, a tile and its
 * metadata never disagree about what a column holds.
 */

export const INTEGER_TYPES: ReadonlySet<string> = new Set(['int2', 'int4', 'int8']);
/** `numeric` and `oid` count as numbers: a user of them expects a number on the map, not a string. */
export const NUMBER_TYPES: ReadonlySet<string> = new Set([...INTEGER_TYPES, 'float4', 'float8', 'numeric', 'oid']);
export const TEXT_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'bpchar', 'name', 'char', 'citext', 'uuid']);
/** The types the `datetime` parameter and the temporal functions of CQL2 apply to. */
export const TEMPORAL_TYPES: ReadonlySet<string> = new Set(['date', 'timestamp', 'timestamptz']);

/** What a column holds, as a filter compares it. */
export type ValueKind = 'text' | 'number' | 'boolean' | 'temporal' | 'geometry' | 'array' | 'unknown';

export function valueKindOf(pgType: string): ValueKind {
  if (elementTypeOf(pgType) !== undefined) return 'array';
  if (TEXT_TYPES.has(pgType)) return 'text';
  if (NUMBER_TYPES.has(pgType)) return 'number';
  if (pgType === 'bool') return 'boolean';
  if (TEMPORAL_TYPES.has(pgType)) return 'temporal';
  if (pgType === 'geometry') return 'geometry';
  return 'unknown';
}

/** The element type of an array type (`_int4` → `int4`); undefined for any other type. */
export function elementTypeOf(pgType: string): string | undefined {
  return pgType.startsWith('_') ? pgType.slice(1) : undefined;
}

/** PostgreSQL types that `ST_AsMVT` encodes natively as MVT values; others are sent as text. */
const NATIVE_MVT_TYPES: ReadonlySet<string> = new Set(['bool', ...INTEGER_TYPES, 'float4', 'float8', 'text', 'varchar', 'bpchar', 'name']);
/** Types sent as a double, for the reason given at NUMBER_TYPES. */
const MVT_AS_DOUBLE: ReadonlySet<string> = new Set(['numeric', 'oid']);

/** How a column is cast before it becomes an MVT value: not at all, to a double, or to text. */
export type MvtValueCast = 'none' | 'float8' | 'text';

export function mvtValueCast(pgType: string): MvtValueCast {
  if (NATIVE_MVT_TYPES.has(pgType)) return 'none';
  if (MVT_AS_DOUBLE.has(pgType)) return 'float8';
  return 'text';
}

/** The type of an attribute in TileJSON `vector_layers`. */
export type VectorFieldType = 'Number' | 'Boolean' | 'String';

/** The TileJSON type of an attribute, from the MVT value it is encoded as (see mvtValueCast). */
export function vectorFieldType(pgType: string): VectorFieldType {
  if (mvtValueCast(pgType) === 'text') return 'String';
  if (pgType === 'bool') return 'Boolean';
  return NUMBER_TYPES.has(pgType) ? 'Number' : 'String';
}

/** JSON Schema of a column's values, as queryables and collection descriptions state it. */
export function jsonSchemaOf(pgType: string): Record<string, unknown> {
  const element = elementTypeOf(pgType);
  if (element !== undefined) return { type: 'array', items: jsonSchemaOf(element) };
  if (INTEGER_TYPES.has(pgType) || pgType === 'oid') return { type: 'integer' };
  if (NUMBER_TYPES.has(pgType)) return { type: 'number' };
  if (pgType === 'bool') return { type: 'boolean' };
  if (pgType === 'date') return { type: 'string', format: 'date' };
  if (pgType === 'timestamp' || pgType === 'timestamptz') return { type: 'string', format: 'date-time' };
  if (pgType === 'time' || pgType === 'timetz') return { type: 'string', format: 'time' };
  if (pgType === 'uuid') return { type: 'string', format: 'uuid' };
  if (pgType === 'json' || pgType === 'jsonb') return {};
  return { type: 'string' };
}
