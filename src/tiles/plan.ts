import { mvtValueCast, type Collection } from '../catalog/index.ts';
import { quoteIdent, quoteQualified } from '../engine/index.ts';
import { bufferEnvelope, intersectEnvelopes, matrixExtent, tileEnvelope, type TileMatrixSet } from '../tms/index.ts';
import { FIXED_PARAMS, type SimplificationAlgorithm, type TileRequest } from './request.ts';

/** SQL text plus values: all a layer query is. */
export interface PlannedQuery {
  readonly sql: string;
  readonly values: readonly unknown[];
}

const GEOM = '__tilery_geom';
const FID = '__tilery_id';
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
  options: { where?: string | null; simplify?: { algorithm: SimplificationAlgorithm; param: number } | null } = {},
): string {
  const tmsSrid = tms.srid;
  // Z and M are dropped first: MVT is 2D, and clipping 3D lines in GEOS has had bugs.
  const column = `t.${quoteIdent(c.geometryColumn)}`;
  const geom = /[ZM]$/.test(c.geometryType) ? `ST_Force2D(${column})` : column;
  const tile = `ST_MakeEnvelope($5, $6, $7, $8, ${tmsSrid})::box2d`;
  // The filter is the buffered tile in the layer's own CRS, so the layer's spatial index answers
  // it. When the CRSs differ it is the box of a grid of points of the buffered tile, transformed
  // (a grid, not only the outline: for a large tile in a local projection the outline alone can
  // map to a box that misses the inside), grown a little for the curved edges between points.
  // Geometries are clipped to it before they are transformed: cheaper for large polygons, and it
  // keeps what the TMS CRS cannot represent out of ST_Transform.
  const sameCrs = c.srid === tmsSrid;
  const filter = sameCrs
    ? `ST_MakeEnvelope($9, $10, $11, $12, ${tmsSrid})`
    : `(SELECT ST_SetSRID(ST_Expand(b, (ST_XMax(b) - ST_XMin(b)) / ${GRID * 2}, (ST_YMax(b) - ST_YMin(b)) / ${GRID * 2})::geometry, ${c.srid})
        FROM (SELECT ST_Extent(ST_Transform(ST_SetSRID(ST_MakePoint($9::float8 + ($11::float8 - $9::float8) * i / ${GRID}, $10::float8 + ($12::float8 - $10::float8) * j / ${GRID}), ${tmsSrid}), ${c.srid})) AS b
              FROM generate_series(0, ${GRID}) AS i, generate_series(0, ${GRID}) AS j) AS grid)`;
  // The grown filter lets a little more through than the buffered tile; on a global matrix,
  // whose buffer stops at the edge of the world, a second clip in the TMS CRS keeps exactly
  // what lies within it (elsewhere ST_AsMVTGeom's own clip to the buffered tile does).
  const transformed = `ST_Transform(ST_ClipByBox2D(${geom}, ${filter}::box2d), ${tmsSrid})`;
  const inTms = sameCrs
    ? geom
    : tms.global
      ? `ST_ClipByBox2D(${transformed}, ST_MakeEnvelope($9, $10, $11, $12, ${tmsSrid})::box2d)`
      : transformed;
  const simplify = options.simplify;
  const geomInTms = simplify
    ? `${simplify.algorithm === 'douglas_peucker' ? 'ST_Simplify' : 'ST_SimplifyPreserveTopology'}(${inTms}, $${simplify.param}::float8)`
    : inTms;

  const wanted = properties ? new Set(properties) : null;
  const columns = c.properties
    .filter((p) => wanted === null || wanted.has(p.name))
    .map((p) => {
      const cast = mvtValueCast(p.type);
      const col = `t.${quoteIdent(p.name)}`;
      return `${cast === 'none' ? col : `${col}::${cast}`} AS ${quoteIdent(p.name)}`;
    });
  if (c.idColumn) columns.unshift(`t.${quoteIdent(c.idColumn)} AS ${FID}`);

  const select = [`ST_AsMVTGeom(${geomInTms}, ${tile}, $2::int4, $3::int4, true) AS ${GEOM}`, ...columns].join(',\n      ');
  const asMvtArgs = c.idColumn ? `$1::text, $2::int4, '${GEOM}', '${FID}'` : `$1::text, $2::int4, '${GEOM}'`;
  return `SELECT ST_AsMVT(q, ${asMvtArgs}) AS mvt
FROM (
  SELECT * FROM (
    SELECT ${select}
    FROM ${quoteQualified(c.schema, c.name)} AS t
    WHERE ${column} && ${filter}${options.where ? `
      AND ${options.where}` : ''}
  ) AS g
  WHERE g.${GEOM} IS NOT NULL
  LIMIT $4
) AS q`;
}

const planned = new WeakMap<Collection, Map<string, string>>();

/** The layer's SQL (memoized per collection snapshot and shape) with this request's values. */
export function planLayer(c: Collection, req: TileRequest): PlannedQuery {
  const { tms, z, x, y, params } = req;
  const filter = req.layerFilters.get(c.id) ?? null;
  // The tolerance follows the filter's values.
  const simplify = params.simplification === null ? null : { algorithm: params.simplificationAlgorithm, param: FIXED_PARAMS + 1 + (filter?.values.length ?? 0) };
  const memoKey = `${tms.srid}|${tms.global}|${params.properties?.join(',') ?? '*'}|${filter?.sql ?? ''}|${simplify ? `${simplify.algorithm}${simplify.param}` : ''}`;
  let byKey = planned.get(c);
  if (!byKey) planned.set(c, (byKey = new Map()));
  let sql = byKey.get(memoKey);
  if (sql === undefined) {
    if (byKey.size > 256) byKey.clear();
    byKey.set(memoKey, (sql = layerSql(c, tms, params.properties, { where: filter?.sql ?? null, simplify })));
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
  return { sql, values };
}

/** MVT layer name: the collection id on pg_tileserv routes, its name within the catalog elsewhere. */
export function layerName(c: { id: string; name: string }, req: Pick<TileRequest, 'layerNaming'>): string {
  return req.layerNaming === 'id' ? c.id : c.name;
}
