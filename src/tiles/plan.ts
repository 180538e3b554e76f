import { mvtValueCast, type Collection } from '../catalog/index.ts';
import { quoteIdent, quoteQualified } from '../engine/index.ts';
import { bufferEnvelope, intersectEnvelopes, matrixExtent, tileEnvelope } from '../tms/index.ts';
import type { TileRequest } from './request.ts';

/** SQL text plus values: all a layer query is. */
export interface PlannedQuery {
  readonly sql: string;
  readonly values: readonly unknown[];
}

const GEOM = '__tilery_geom';
const FID = '__tilery_id';
/** The buffered envelope is cut into this many segments a side before it is transformed. */
const ENVELOPE_SEGMENTS = 8;

/**
 * SQL text of one layer. It depends only on the collection, the TMS CRS and the chosen
 * properties, so it is planned once and reused; every number of the request is a bind
 * parameter: $1 layer name, $2 extent, $3 buffer, $4 limit, $5-$8 tile envelope,
 * $9-$12 buffered envelope (clamped to the matrix), $13 segment length.
 */
export function layerSql(c: Collection, tmsSrid: number, properties: readonly string[] | null): string {
  // Z and M are dropped first: MVT is 2D, and clipping 3D lines in GEOS has had bugs.
  const column = `t.${quoteIdent(c.geometryColumn)}`;
  const geom = /[ZM]$/.test(c.geometryType) ? `ST_Force2D(${column})` : column;
  const tile = `ST_MakeEnvelope($5, $6, $7, $8, ${tmsSrid})::box2d`;
  const buffered = `ST_MakeEnvelope($9, $10, $11, $12, ${tmsSrid})`;
  // The filter box is the buffered tile in the layer's own CRS, so the layer's spatial index
  // answers it. When the CRS differs, the envelope is densified first (edges curve when
  // transformed), and geometries are clipped to it before they are transformed: cheaper for
  // large polygons, and it keeps points the TMS CRS cannot represent (the poles in Web
  // Mercator) out of ST_Transform.
  const sameCrs = c.srid === tmsSrid;
  const filter = sameCrs ? buffered : `ST_Transform(ST_Segmentize(${buffered}, $13), ${c.srid})`;
  const geomInTms = sameCrs ? geom : `ST_Transform(ST_ClipByBox2D(${geom}, (${filter})::box2d), ${tmsSrid})`;

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
    WHERE ${column} && ${filter}
  ) AS g
  WHERE g.${GEOM} IS NOT NULL
  LIMIT $4
) AS q`;
}

const planned = new WeakMap<Collection, Map<string, string>>();

/** The layer's SQL (memoized per collection snapshot) with this request's values. */
export function planLayer(c: Collection, req: TileRequest): PlannedQuery {
  const { tms, z, x, y, params } = req;
  const memoKey = `${tms.srid}|${params.properties?.join(',') ?? '*'}`;
  let byKey = planned.get(c);
  if (!byKey) planned.set(c, (byKey = new Map()));
  let sql = byKey.get(memoKey);
  if (sql === undefined) byKey.set(memoKey, (sql = layerSql(c, tms.srid, params.properties)));

  const env = tileEnvelope(tms, z, x, y);
  // Clamped to the matrix: beyond the edge of the world a buffered envelope would wrap around
  // when transformed to another CRS.
  const buffered = intersectEnvelopes(bufferEnvelope(env, params.buffer, params.resolution), matrixExtent(tms, z));
  const values: unknown[] = [
    layerName(c, req),
    params.resolution,
    params.buffer,
    params.limit,
    env.minx, env.miny, env.maxx, env.maxy,
    buffered.minx, buffered.miny, buffered.maxx, buffered.maxy,
  ];
  // $13 only appears in the SQL of a layer whose CRS differs from the TMS's.
  if (c.srid !== tms.srid) values.push(Math.max(buffered.maxx - buffered.minx, buffered.maxy - buffered.miny) / ENVELOPE_SEGMENTS);
  return { sql, values };
}

/** MVT layer name: the collection id on pg_tileserv routes, its name within the catalog elsewhere. */
export function layerName(c: { id: string; name: string }, req: Pick<TileRequest, 'layerNaming'>): string {
  return req.layerNaming === 'id' ? c.id : c.name;
}
