import { LRUCache } from 'lru-cache';
import type { Bounds } from '../catalog/index.ts';
import type { Engine } from '../engine/index.ts';
import { matrixExtent, type Envelope, type TileMatrixSet } from '../tms/index.ts';

const GRID = 16;
const MERCATOR_SRIDS = new Set([3857, 3395, 3785, 900913, 102100]);
const memo = new LRUCache<string, Envelope>({ max: 4096 });

/**
 * The WGS84 bounds of some data, as a box in a TMS's CRS: a grid of points of the bounds
 * transformed by PostGIS (the outline alone can miss the inside of a large box in a local
 * projection); latitudes are kept within what a Mercator CRS can hold. When PostGIS cannot
 * transform them, the whole matrix. Memoized: the same bounds and TMS give the same box.
 */
export async function boundsInTms(engine: Engine, bounds: Bounds, tms: TileMatrixSet): Promise<Envelope> {
  const key = `${tms.id}|${tms.srid}|${bounds.join(',')}`;
  const known = memo.get(key);
  if (known) return known;
  const [minx, miny, maxx, maxy] = bounds;
  if (tms.srid === 4326) return { minx, miny, maxx, maxy };
  const maxLat = MERCATOR_SRIDS.has(tms.srid) ? 85.06 : 90;
  let env: Envelope;
  try {
    const { rows } = await engine.query<{ minx: number; miny: number; maxx: number; maxy: number }>(
      `SELECT ST_XMin(b) AS minx, ST_YMin(b) AS miny, ST_XMax(b) AS maxx, ST_YMax(b) AS maxy
       FROM (SELECT ST_Extent(ST_Transform(ST_SetSRID(ST_MakePoint(
               $1::float8 + ($3::float8 - $1::float8) * i / ${GRID},
               GREATEST(-$6::float8, LEAST($6::float8, $2::float8 + ($4::float8 - $2::float8) * j / ${GRID}))), 4326), $5::int)) AS b
             FROM generate_series(0, ${GRID}) AS i, generate_series(0, ${GRID}) AS j) AS g`,
      [minx, miny, maxx, maxy, tms.srid, maxLat],
    );
    env = rows[0];
  } catch {
    env = matrixExtent(tms, 0);
  }
  memo.set(key, env);
  return env;
}
