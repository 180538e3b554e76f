import { TEMPORAL_TYPES } from '../engine/pg-types.ts';

/** A published attribute column. `type` is the PostgreSQL type name (`int4`, `text`, …). */
export interface Property {
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

export type CollectionKind = 'table' | 'view' | 'materialized_view' | 'foreign_table' | 'function';

/** A declared argument of a function layer, as `/{layer}.json` lists it. */
export interface FunctionArgument {
  readonly name: string;
  /** As PostgreSQL formats it: `integer`, `json`, `jsonb`. */
  readonly type: string;
  /** The default expression, if the argument has one. */
  readonly default: string | null;
}

/** The signature of a function layer's function. */
export interface FunctionSignature {
  /** The declared arguments, z, x and y included. */
  readonly arguments: readonly FunctionArgument[];
  /**
   * How the request's other parameters reach the function: as one `query_params` object of
   * type json or jsonb; `named`, each argument after z, x and y as the query parameter of its
   * name, cast to its type (absent: its default); null: a `(z, x, y)` function, given none.
   */
  readonly paramsType: 'json' | 'jsonb' | 'named' | null;
  /** The media type of the bytes it returns: MVT unless its comment declares another. */
  readonly contentType: string;
}

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

/** Bounds in WGS84: [minlon, minlat, maxlon, maxlat]. */
export type Bounds = readonly [number, number, number, number];

/** What every layer has, a table's or a function's; immutable, replaced whole when the catalog is refreshed. */
interface LayerBase {
  /** `schema.name` */
  readonly id: string;
  readonly schema: string;
  readonly name: string;
  readonly description: string;
  readonly bounds: Bounds;
  /** [lon, lat, zoom] */
  readonly center: readonly [number, number, number];
  readonly minzoom: number;
  readonly maxzoom: number;
  /**
   * Whether tilery sees its changes: a table (and each of its partitions) with the freshness
   * triggers installed for it. Tiles of an untracked collection live a bounded time.
   */
  readonly tracked: boolean;
  /**
   * A digest of what changes the collection's tiles besides its rows: its identity, columns,
   * grants, row-level security and policies, definition (views, functions) and tracking. A
   * collection whose fingerprint changed has all its tiles retired.
   */
  readonly fingerprint: string;
}

/** A layer of a table-like relation: its rows are the features. */
export interface TableLayer extends LayerBase {
  readonly kind: Exclude<CollectionKind, 'function'>;
  readonly geometryColumn: string;
  /** As declared: `Point`, `MultiPolygon`, `Geometry`, `LineStringZ`, … */
  readonly geometryType: string;
  readonly srid: number;
  /** Integer primary key used as the MVT feature id, if the relation has one. */
  readonly idColumn: string | null;
  readonly properties: readonly Property[];
  /**
   * Columns the `datetime` parameter filters on: [instant] or [start, end]; empty when the
   * collection has none. Configured, or detected (a start/end pair, else the first temporal column).
   */
  readonly temporalColumns: readonly string[];
  readonly estimatedRows: number;
}

/** A function layer: a function `(z, x, y[, query_params])` returning the layer's MVT bytes. */
export interface FunctionLayer extends LayerBase {
  readonly kind: 'function';
  readonly function: FunctionSignature;
}

/** A layer: a table-like relation, or a function. */
export type Collection = TableLayer | FunctionLayer;

/**
 * How fresh a collection's tiles are, as its documents say: retired on change (`tracked`), or
 * served at most `max_age` seconds after they were made.
 */
export function freshnessOf(c: Collection, untrackedMaxAgeS: number): { freshness: 'tracked' } | { freshness: 'untracked'; max_age: number } {
  return c.tracked ? { freshness: 'tracked' } : { freshness: 'untracked', max_age: untrackedMaxAgeS };
}

/** A function layer: its tiles come from its function, not from a table. */
export function isFunctionLayer(c: Collection): c is FunctionLayer {
  return c.kind === 'function';
}

/** A layer's attributes: a table layer's properties; a function layer declares none. */
export function propertiesOf(c: Collection): readonly Property[] {
  return c.kind === 'function' ? [] : c.properties;
}

export const WORLD_BOUNDS: Bounds = [-180, -85.0511287798066, 180, 85.0511287798066];

const START_END_PAIRS: ReadonlyArray<[RegExp, string]> = [
  [/^(.*)start(.*)$/i, 'end'],
  [/^(.*)begin(.*)$/i, 'end'],
  [/^(.*)from(.*)$/i, 'to'],
];

/** A start/end pair of temporal columns (`start_time`/`end_time`, `valid_from`/`valid_to`…), else the first temporal column. */
export function detectTemporalColumns(properties: readonly Property[]): string[] {
  const temporal = properties.filter((p) => TEMPORAL_TYPES.has(p.type)).map((p) => p.name);
  for (const name of temporal) {
    for (const [pattern, endWord] of START_END_PAIRS) {
      const m = pattern.exec(name);
      if (!m) continue;
      const end = temporal.find((other) => other !== name && other.toLowerCase() === `${m[1]}${endWord}${m[2]}`.toLowerCase());
      if (end) return [name, end];
    }
  }
  return temporal.slice(0, 1);
}
