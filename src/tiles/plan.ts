import { isFunctionLayer, mvtValueCast, type Collection } from '../catalog/index.ts';
import { quoteIdent, quoteQualified } from '../engine/index.ts';
import { bufferEnvelope, intersectEnvelopes, matrixExtent, tileEnvelope, type TileMatrixSet } from '../tms/index.ts';
import { FIXED_PARAMS, type SimplificationAlgorithm, type TileRequest } from './request.ts';
import { planFunctionLayer } from './plan-function.ts';

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

export type MvtEncoding = 'database' | 'typescript';

export const GEOM_COLUMN = '__tilery_geom';
export const ID_COLUMN = '__tilery_id';
const GEOM = GEOM_COLUMN;
const FID = ID_COLUMN;
/** The buffered envelope is sampled at (GRID + 1)² points to find its box in the layer's CRS. */
const GRID = 16;

/**
 * SQL text of one layer. It depends only on the collection, the TMS CRS and the chosen
 * properties, so it is planned once and reused; every number of the request is a bind
 * parameter: $1 layer name, $2 extent, $3 buffer, $4 limit, $5-$8 tile envelope,
 * $9-$12 buffered envelope.
 */
export function layerSql(
  c: Collection,
  tms: Pick<TileMatrixSet, 'srid' | 'global'>,
  properties: readonly string[] | null,
  options: { where?: string | null; simplify?: { algorithm: SimplificationAlgorithm; param: number } | null; encoding?: MvtEncoding } = {},
): string {
  const tmsSrid = tms.srid;
  // Z and M are dropped first: MVT is 2D, and clipping 3D lines in GEOS has had bugs.
  const column = `t.${quoteIdent(c.geometryColumn)}`;
  const geom = /[ZM]$/.test(c.geometryType) ? `ST_Force2D(${column})` : column;
  const tile = `ST_MakeEnvelope($5, $6, $7, $8, ${tmsSrid})::box2d`;
  // The filter is the buffered tile in the layer's own CRS, so the layer's spatial index answers
  // it. When the CRSs differ it is the transformed buffered tile where that is exact (longitude/
  // latitude layers in Web Mercator); otherwise the box of a grid of points of the buffered tile,
  // transformed (a grid, not only the outline: for a large tile in a local projection the outline
  // alone can map to a box that misses the inside), grown a little for the curved edges between
  // points.
  // Geometries are clipped to it before they are transformed: cheaper for large polygons, and it
  // keeps what the TMS CRS cannot represent out of ST_Transform.
  const sameCrs = c.srid === tmsSrid;
  const buffered = `ST_MakeEnvelope($9, $10, $11, $12, ${tmsSrid})`;
  const exactBox = sameCrs || boxTransformsExactly(c.srid, tmsSrid);
  const filter = sameCrs
    ? buffered
    : exactBox
      ? `ST_Transform(${buffered}, ${c.srid})`
      : `(SELECT ST_SetSRID(ST_Expand(b, (ST_XMax(b) - ST_XMin(b)) / ${GRID * 2}, (ST_YMax(b) - ST_YMin(b)) / ${GRID * 2})::geometry, ${c.srid})
        FROM (SELECT ST_Extent(ST_Transform(ST_SetSRID(ST_MakePoint($9::float8 + ($11::float8 - $9::float8) * i / ${GRID}, $10::float8 + ($12::float8 - $10::float8) * j / ${GRID}), ${tmsSrid}), ${c.srid})) AS b
              FROM generate_series(0, ${GRID}) AS i, generate_series(0, ${GRID}) AS j) AS grid)`;
  // Points need no clip: the filter already keeps only those near enough.
  const points = /^(MULTI)?POINT/.test(c.geometryType.toUpperCase());
  const clipped = points ? geom : `ST_ClipByBox2D(${geom}, ${filter}::box2d)`;
  const transformed = `ST_Transform(${clipped}, ${tmsSrid})`;
  // A grown filter lets a little more through than the buffered tile; on a global matrix,
  // whose buffer stops at the edge of the world, a second clip in the TMS CRS keeps exactly
  // what lies within it (elsewhere ST_AsMVTGeom's own clip to the buffered tile does).
  const inTms = sameCrs ? geom : tms.global && !exactBox ? `ST_ClipByBox2D(${transformed}, ${buffered}::box2d)` : transformed;
  const simplify = options.simplify;
  const geomInTms = simplify
    ? `${simplify.algorithm === 'douglas_peucker' ? 'ST_Simplify' : 'ST_SimplifyPreserveTopology'}(${inTms}, $${simplify.param}::float8)`
    : inTms;

  const typescript = options.encoding === 'typescript';
  const columns = attributesOf(c, properties).map((p) => {
    // ST_AsMVT writes a float4 as a float, which reads back as the float8 of the same value
    const cast = typescript && p.type === 'float4' ? 'float8' : mvtValueCast(p.type);
    const col = `t.${quoteIdent(p.name)}`;
    return `${cast === 'none' ? col : `${col}::${cast}`} AS ${quoteIdent(p.name)}`;
  });
  if (c.idColumn) columns.unshift(`t.${quoteIdent(c.idColumn)} AS ${FID}`);
  const from = `FROM ${quoteQualified(c.schema, c.name)} AS t
  WHERE ${column} && ${filter}${options.where ? `
    AND ${options.where}` : ''}`;

  if (typescript) {
    // What ST_AsMVTGeom does, in plain PostGIS: clip to the buffered tile, map to tile
    // coordinates (y down), snap to the integer grid; the encoder drops what collapsed and
    // orients the rings. The layer name and the buffer ($1, $3) are not needed here, but a
    // parameter must be used to have a type.
    const inTile = `ST_SnapToGrid(ST_TransScale(ST_ClipByBox2D(${geomInTms}, ${buffered}::box2d), -$5::float8, -$8::float8, $2::float8 / ($7::float8 - $5::float8), $2::float8 / ($6::float8 - $8::float8)), 1)`;
    return `SELECT ${[`ST_AsBinary(${inTile}) AS ${GEOM}`, ...columns].join(',\n    ')}
  ${from}
    AND ($1::text, $3::int4) IS NOT NULL
  LIMIT $4`;
  }

  const select = [`ST_AsMVTGeom(${geomInTms}, ${tile}, $2::int4, $3::int4, true) AS ${GEOM}`, ...columns].join(',\n      ');
  const asMvtArgs = c.idColumn ? `$1::text, $2::int4, '${GEOM}', '${FID}'` : `$1::text, $2::int4, '${GEOM}'`;
  // The limit counts the rows the spatial filter selects, as pg_tileserv's and Martin's do: it
  // bounds the database's work. (Counting only rows whose clipped geometry is not empty needs
  // ST_AsMVTGeom run twice or the rows materialized, each seen costing a tenth or more.)
  return `SELECT ST_AsMVT(q, ${asMvtArgs}) AS mvt
FROM (
  SELECT ${select}
  ${from}
  LIMIT $4
) AS q`;
}

/**
 * The attributes of a layer's features: the chosen properties. The key is among them as well as
 * the feature id, as pg_tileserv sends it: styles and filters read it with `get`.
 */
function attributesOf(c: Collection, properties: readonly string[] | null) {
  const wanted = properties ? new Set(properties) : null;
  return c.properties.filter((p) => wanted === null || wanted.has(p.name));
}

/**
 * Whether the box of a Web Mercator envelope transformed to longitude/latitude is exactly the
 * box of the transformed envelope: the axes map one to one and monotonically (a meridian stays
 * vertical, a parallel horizontal). The other way round is not safe: a longitude/latitude
 * envelope can reach the poles, which Web Mercator cannot represent.
 */
function boxTransformsExactly(layerSrid: number, tmsSrid: number): boolean {
  return layerSrid === 4326 && tmsSrid === 3857;
}

const planned = new WeakMap<Collection, Map<string, { sql: string; encoding: PlannedQuery['encoding'] }>>();

/** The layer's SQL (memoized per collection snapshot and shape) with this request's values; a function layer's call. */
export function planLayer(c: Collection, req: TileRequest, encoding: MvtEncoding = 'database'): PlannedQuery {
  if (isFunctionLayer(c)) return planFunctionLayer(c, req);
  const { tms, z, x, y, params } = req;
  const filter = req.layerFilters.get(c.id) ?? null;
  // The tolerance follows the filter's values.
  const simplify = params.simplification === null ? null : { algorithm: params.simplificationAlgorithm, param: FIXED_PARAMS + 1 + (filter?.values.length ?? 0) };
  const memoKey = `${encoding}|${tms.srid}|${tms.global}|${params.properties?.join(',') ?? '*'}|${filter?.sql ?? ''}|${simplify ? `${simplify.algorithm}${simplify.param}` : ''}`;
  let byKey = planned.get(c);
  if (!byKey) planned.set(c, (byKey = new Map()));
  let plan = byKey.get(memoKey);
  if (plan === undefined) {
    if (byKey.size > 256) byKey.clear();
    const attributes = attributesOf(c, params.properties);
    plan = {
      sql: layerSql(c, tms, params.properties, { where: filter?.sql ?? null, simplify, encoding }),
      encoding:
        encoding === 'database'
          ? 'database'
          : { attributes: attributes.map((p) => p.name), int8: new Set(attributes.filter((p) => p.type === 'int8').map((p) => p.name)) },
    };
    byKey.set(memoKey, plan);
  }

  const env = tileEnvelope(tms, z, x, y);
  const grown = bufferEnvelope(env, params.buffer, params.resolution);
  // A global matrix's world wraps around: its buffer stops at the edge of the world.
  const buffered = tms.global ? intersectEnvelopes(grown, matrixExtent(tms, z)) : grown;
  const values: unknown[] = [
    layerName(c, req),
    params.resolution,
    params.buffer,
    params.limit,
    env.minx, env.miny, env.maxx, env.maxy,
    buffered.minx, buffered.miny, buffered.maxx, buffered.maxy,
  ];
  if (filter) values.push(...filter.values);
  if (simplify) values.push(params.simplification);
  return { sql: plan.sql, values, encoding: plan.encoding };
}

/** MVT layer name: the collection id on pg_tileserv routes, its name within the catalog elsewhere. */
export function layerName(c: { id: string; name: string }, req: Pick<TileRequest, 'layerNaming'>): string {
  return req.layerNaming === 'id' ? c.id : c.name;
}
