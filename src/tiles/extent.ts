import { LRUCache } from 'lru-cache';
import type { Bounds, Collection } from '../catalog/index.ts';
import type { Engine } from '../engine/index.ts';
import { TileryError } from '../errors.ts';
import { matrixExtent, tileMatrixSetLimits, withinLimits, type Envelope, type TileMatrixLimits, type TileMatrixSet } from '../tms/index.ts';
import type { TileRequest } from './request.ts';
import { gridExtentSql } from './sql-fragments.ts';

const MERCATOR_SRIDS = new Set([3857, 3395, 3785, 900913, 102100]);
const memo = new LRUCache<string, Envelope>({ max: 4096 });
const BOUNDS = { minx: '$1::float8', miny: '$2::float8', maxx: '$3::float8', maxy: '$4::float8' };

/**
 * The WGS84 bounds of some data, as a box in a TMS's CRS: a grid of points of the bounds
 * transformed by PostGIS; latitudes are kept within what a Mercator CRS can hold. When PostGIS cannot
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
       FROM (${gridExtentSql(BOUNDS, 4326, '$5::int', '$6::float8')}) AS g`,
      [minx, miny, maxx, maxy, tms.srid, maxLat],
    );
    env = rows[0];
  } catch {
    env = matrixExtent(tms, 0);
  }
  memo.set(key, env);
  return env;
}

/** The tiles of matrices `minZoom` to `maxZoom` that meet some WGS84 bounds. */
export async function limitsOfBounds(engine: Engine, tms: TileMatrixSet, bounds: Bounds, minZoom: number, maxZoom: number): Promise<TileMatrixLimits[]> {
  return tileMatrixSetLimits(tms, await boundsInTms(engine, bounds, tms), minZoom, maxZoom);
}

/**
 * A tileset's `tileMatrixSetLimits`: per matrix, the union of the tiles of each collection's
 * bounds within its zoom range (or only matrix `zoom`), in matrix order.
 */
export async function collectionsLimits(engine: Engine, tms: TileMatrixSet, collections: readonly Collection[], zoom?: number): Promise<TileMatrixLimits[]> {
  const byMatrix = new Map<string, TileMatrixLimits>();
  for (const c of collections) {
    for (const l of await limitsOfBounds(engine, tms, c.bounds, zoom ?? c.minzoom, zoom ?? c.maxzoom)) {
      const seen = byMatrix.get(l.tileMatrix);
      byMatrix.set(
        l.tileMatrix,
        seen
          ? {
              tileMatrix: l.tileMatrix,
              minTileRow: Math.min(seen.minTileRow, l.minTileRow),
              maxTileRow: Math.max(seen.maxTileRow, l.maxTileRow),
              minTileCol: Math.min(seen.minTileCol, l.minTileCol),
              maxTileCol: Math.max(seen.maxTileCol, l.maxTileCol),
            }
          : l,
      );
    }
  }
  return tms.tileMatrices.map((m) => byMatrix.get(m.id)).filter((l): l is TileMatrixLimits => l !== undefined);
}

/** A tile outside the tileset's `tileMatrixSetLimits` (no data there) is a 404, as OGC API – Tiles asks. */
export async function checkWithinData(engine: Engine, req: TileRequest): Promise<void> {
  const { tms, z, x, y } = req;
  const limits = await collectionsLimits(engine, tms, req.collections, z);
  if (!withinLimits(limits, tms.tileMatrices[z].id, x, y)) {
    throw new TileryError('tile_out_of_range', { z, x, y, tms: tms.id, reason: 'no data there (outside the tileMatrixSetLimits of the tileset)' });
  }
}
