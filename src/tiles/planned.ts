import type { TileRequest } from './request.ts';

/** SQL text plus values: all a layer query is. */
export interface PlannedQuery {
  readonly sql: string;
  readonly values: readonly unknown[];
  /**
   * How its result becomes MVT: 'database', one row holding the layer's bytes (`ST_AsMVT`); or
   * the rows to encode in TypeScript (see `encoding`), for an engine without `ST_AsMVT`.
   */
  readonly encoding: 'database' | RowEncoding;
}

/** Rows of features in tile coordinates: `GEOM_COLUMN` (WKB), `ID_COLUMN`, then the attributes. */
export interface RowEncoding {
  readonly attributes: readonly string[];
  /** Attributes of type int8, which drivers hand over as text: encoded as integers. */
  readonly int8: ReadonlySet<string>;
}

/** Who turns a table layer's rows into MVT: PostGIS (`ST_AsMVT`) or tilery's encoder. */
export type MvtEncoding = 'database' | 'typescript';

export const GEOM_COLUMN = '__tilery_geom';
export const ID_COLUMN = '__tilery_id';

/** MVT layer name: the collection id on pg_tileserv routes, its name within the catalog elsewhere. */
export function layerName(c: { id: string; name: string }, req: Pick<TileRequest, 'layerNaming'>): string {
  return req.layerNaming === 'id' ? c.id : c.name;
}
