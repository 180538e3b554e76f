import { isFunctionLayer, type Collection, type TableLayer } from '../catalog/index.ts';
import { mvtValueCast, quoteIdent, quoteQualified } from '../engine/index.ts';
import { bufferEnvelope, intersectEnvelopes, matrixExtent, tileEnvelope, type Envelope, type TileMatrixSet } from '../tms/index.ts';
import { layerFilterSql } from './filters.ts';
import { planFunctionLayer } from './plan-function.ts';
import { GEOM_COLUMN, ID_COLUMN, layerName, type MvtEncoding, type PlannedQuery } from './planned.ts';
import type { SimplificationAlgorithm, TileRequest } from './request.ts';
import { gridExtentSql, plainMvtGeomSql, GRID, type BoxSql } from './sql-fragments.ts';

const GEOM = GEOM_COLUMN;
const FID = ID_COLUMN;
/**
 * Bind parameters every table layer query has: $1 layer name, $2 extent, $3 buffer, $4 limit,
 * $5-$8 tile envelope, $9-$12 buffered envelope. The filter's values follow, then the
 * simplification tolerance.
 */
const FIXED_PARAMS = 12;
const TILE: BoxSql = { minx: '$5::float8', miny: '$6::float8', maxx: '$7::float8', maxy: '$8::float8' };
const BUFFERED: BoxSql = { minx: '$9::float8', miny: '$10::float8', maxx: '$11::float8', maxy: '$12::float8' };

/**
 * SQL text of one layer. It depends only on the collection, the TMS CRS and the chosen
 * properties, so it is planned once and reused; every number of the request is a bind
 * parameter (see FIXED_PARAMS).
 */
export function layerSql(
  c: TableLayer,
  tms: Pick<TileMatrixSet, 'srid' | 'global'>,
  properties: readonly string[] | null,
  options: {
    where?: string | null;
    simplify?: { algorithm: SimplificationAlgorithm; param: number } | null;
    encoding?: MvtEncoding;
    /** The first of four parameters holding the buffered tile's box in the layer's CRS, found beforehand (see transform-probe.ts); absent: computed in the query. */
    filterBoxParam?: number | null;
  } = {},
): string {
  const tmsSrid = tms.srid;
  // Z and M are dropped first: MVT is 2D, and clipping 3D lines in GEOS has had bugs. Arcs
  // (circular strings, compound curves, curve polygons) become lines: MVT has none, and
  // ST_AsMVTGeom refuses them.
  const column = `t.${quoteIdent(c.geometryColumn)}`;
  const flat = /[ZM]$/.test(c.geometryType) ? `ST_Force2D(${column})` : column;
  const geom = mayHoldArcs(c.geometryType) ? `(CASE WHEN ST_HasArc(${flat}) THEN ST_CurveToLine(${flat}) ELSE ${flat} END)` : flat;
  const tile = `ST_MakeEnvelope($5, $6, $7, $8, ${tmsSrid})::box2d`;
  // The filter is the buffered tile in the layer's own CRS, so the layer's spatial index answers
  // it. When the CRSs differ it is the transformed buffered tile where that is exact (longitude/
  // latitude layers in Web Mercator); otherwise the box of a grid of points of the buffered tile,
  // transformed, grown a little for the curved edges between points.
  // Geometries are clipped to it before they are transformed: cheaper for large polygons, and it
  // keeps what the TMS CRS cannot represent out of ST_Transform.
  const sameCrs = c.srid === tmsSrid;
  const buffered = `ST_MakeEnvelope($9, $10, $11, $12, ${tmsSrid})`;
  const exactBox = !findsBoxByGrid(c, tms);
  const k = options.filterBoxParam;
  // (the buffered tile, $9-$12, found it; it must still be used to have a type)
  const box = k
    ? `SELECT ST_MakeEnvelope($${k}::float8, $${k + 1}::float8, $${k + 2}::float8, $${k + 3}::float8)::box2d AS b WHERE ($9::float8, $10::float8, $11::float8, $12::float8) IS NOT NULL`
    : gridExtentSql(BUFFERED, tmsSrid, c.srid);
  const filter = sameCrs
    ? buffered
    : exactBox
      ? `ST_Transform(${buffered}, ${c.srid})`
      : `(SELECT ST_SetSRID(ST_Expand(b, (ST_XMax(b) - ST_XMin(b)) / ${GRID * 2}, (ST_YMax(b) - ST_YMin(b)) / ${GRID * 2})::geometry, ${c.srid})
        FROM (${box}) AS grid)`;
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
    // The layer name and the buffer ($1, $3) are not needed here, but a parameter must be used
    // to have a type.
    const snapped = plainMvtGeomSql(geomInTms, `${buffered}::box2d`, TILE, '$2::float8');
    // as ST_AsMVTGeom makes them: valid polygons, an invalid one (a bow-tie) and snapping's
    // self-intersections repaired
    const inTile = mayHoldPolygons(c.geometryType) ? `ST_MakeValid(${snapped}, 'method=structure')` : snapped;
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
function attributesOf(c: TableLayer, properties: readonly string[] | null) {
  const wanted = properties ? new Set(properties) : null;
  return c.properties.filter((p) => wanted === null || wanted.has(p.name));
}

/** Declared geometry types whose values may hold polygons. */
function mayHoldPolygons(geometryType: string): boolean {
  return /^(GEOMETRY|GEOMETRYCOLLECTION|POLYGON|MULTIPOLYGON|CURVEPOLYGON|MULTISURFACE|SURFACE|POLYHEDRALSURFACE|TIN|TRIANGLE)(Z|M|ZM)?$/.test(geometryType.toUpperCase());
}

/** Declared geometry types whose values may hold arcs: the curve types, and the generic ones. */
function mayHoldArcs(geometryType: string): boolean {
  return /^(GEOMETRY|GEOMETRYCOLLECTION|CIRCULARSTRING|COMPOUNDCURVE|CURVEPOLYGON|MULTICURVE|MULTISURFACE|CURVE|SURFACE)(Z|M|ZM)?$/.test(geometryType.toUpperCase());
}

/**
 * Whether the layer's filter is the box of a grid of points of the buffered tile transformed to
 * its CRS (which a point the CRS cannot represent fails, see transform-probe.ts): not when the
 * CRSs are the same or the box transforms exactly.
 */
export function findsBoxByGrid(c: TableLayer, tms: Pick<TileMatrixSet, 'srid'>): boolean {
  return c.srid !== tms.srid && !boxTransformsExactly(c.srid, tms.srid);
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

const planned = new WeakMap<TableLayer, Map<string, { sql: string; encoding: PlannedQuery['encoding'] }>>();

/**
 * A layer's query for this request: a table layer's SQL (memoized per collection snapshot and
 * shape) with the request's values, or a function layer's call. `filterBox`: the buffered
 * tile's box in the layer's CRS, when PostGIS cannot find it itself (see transform-probe.ts).
 */
export function planLayer(c: Collection, req: TileRequest, encoding: MvtEncoding = 'database', filterBox?: Envelope): PlannedQuery {
  return isFunctionLayer(c) ? planFunctionLayer(c, req) : planTableLayer(c, req, encoding, filterBox);
}

function planTableLayer(c: TableLayer, req: TileRequest, encoding: MvtEncoding, filterBox: Envelope | undefined): PlannedQuery {
  const { tms, params } = req;
  const filter = layerFilterSql(c, params.filters, FIXED_PARAMS + 1);
  // The tolerance follows the filter's values, the filter box the tolerance.
  let next = FIXED_PARAMS + 1 + (filter?.values.length ?? 0);
  const simplify = params.simplification === null ? null : { algorithm: params.simplificationAlgorithm, param: next++ };
  const filterBoxParam = filterBox ? next : null;
  const memoKey = `${encoding}|${tms.srid}|${tms.global}|${params.properties?.join(',') ?? '*'}|${filter?.sql ?? ''}|${simplify ? `${simplify.algorithm}${simplify.param}` : ''}|${filterBoxParam ?? ''}`;
  let byKey = planned.get(c);
  if (!byKey) planned.set(c, (byKey = new Map()));
  let plan = byKey.get(memoKey);
  if (plan === undefined) {
    if (byKey.size > 256) byKey.clear();
    const attributes = attributesOf(c, params.properties);
    plan = {
      sql: layerSql(c, tms, params.properties, { where: filter?.sql ?? null, simplify, encoding, filterBoxParam }),
      encoding:
        encoding === 'database'
          ? 'database'
          : { attributes: attributes.map((p) => p.name), int8: new Set(attributes.filter((p) => p.type === 'int8').map((p) => p.name)) },
    };
    byKey.set(memoKey, plan);
  }

  const { tile, buffered } = tileEnvelopes(req);
  const values: unknown[] = [
    layerName(c, req),
    params.resolution,
    params.buffer,
    params.limit,
    tile.minx, tile.miny, tile.maxx, tile.maxy,
    buffered.minx, buffered.miny, buffered.maxx, buffered.maxy,
  ];
  if (filter) values.push(...filter.values);
  if (simplify) values.push(params.simplification);
  if (filterBox) values.push(filterBox.minx, filterBox.miny, filterBox.maxx, filterBox.maxy);
  return { sql: plan.sql, values, encoding: plan.encoding };
}

const envelopes = new WeakMap<TileRequest, { tile: Envelope; buffered: Envelope }>();

/**
 * The tile's envelope in the TMS CRS, and the envelope its content covers: the tile grown by the
 * buffer, within the world on a global matrix (whose world wraps around: past its edge the
 * buffer would reach the other side). Computed once per request.
 */
export function tileEnvelopes(req: TileRequest): { tile: Envelope; buffered: Envelope } {
  let known = envelopes.get(req);
  if (!known) {
    const { tms, z, x, y, params } = req;
    const tile = tileEnvelope(tms, z, x, y);
    const grown = bufferEnvelope(tile, params.buffer, params.resolution);
    known = { tile, buffered: tms.global ? intersectEnvelopes(grown, matrixExtent(tms, z)) : grown };
    envelopes.set(req, known);
  }
  return known;
}
