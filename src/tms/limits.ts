import type { Envelope, TileMatrixSet } from './model.ts';

/** OGC TMS 2.0 `tileMatrixSetLimits[]` entry: the tiles of one matrix that hold data. */
export interface TileMatrixLimits {
  readonly tileMatrix: string;
  readonly minTileRow: number;
  readonly maxTileRow: number;
  readonly minTileCol: number;
  readonly maxTileCol: number;
}

/**
 * For each matrix from minZoom to maxZoom, the columns and rows whose tiles intersect `env`
 * (in the TMS CRS, easting/northing). Matrices the envelope misses entirely are left out.
 */
export function tileMatrixSetLimits(tms: TileMatrixSet, env: Envelope, minZoom: number, maxZoom: number): TileMatrixLimits[] {
  const out: TileMatrixLimits[] = [];
  const last = Math.min(maxZoom, tms.tileMatrices.length - 1);
  for (let z = Math.max(0, minZoom); z <= last; z++) {
    const m = tms.tileMatrices[z];
    const [ox, oy] = tms.northingFirst ? [m.pointOfOrigin[1], m.pointOfOrigin[0]] : [m.pointOfOrigin[0], m.pointOfOrigin[1]];
    const spanX = m.cellSize * m.tileWidth;
    const spanY = m.cellSize * m.tileHeight;
    const cols = indexRange((env.minx - ox) / spanX, (env.maxx - ox) / spanX, m.matrixWidth);
    const rows =
      m.cornerOfOrigin === 'topLeft'
        ? indexRange((oy - env.maxy) / spanY, (oy - env.miny) / spanY, m.matrixHeight)
        : indexRange((env.miny - oy) / spanY, (env.maxy - oy) / spanY, m.matrixHeight);
    if (!cols || !rows) continue;
    out.push({ tileMatrix: m.id, minTileRow: rows[0], maxTileRow: rows[1], minTileCol: cols[0], maxTileCol: cols[1] });
  }
  return out;
}

/** Tile indexes covering [lo, hi] (in tile units), within [0, size - 1]; null when none. */
function indexRange(lo: number, hi: number, size: number): [number, number] | null {
  const first = Math.max(0, Math.floor(lo));
  // A box ending exactly on a tile edge does not reach into the next tile.
  const lastIndex = Math.min(size - 1, Math.max(Math.floor(lo), Math.ceil(hi) - 1));
  return first > lastIndex || lastIndex < 0 || first > size - 1 ? null : [first, lastIndex];
}

/** True when tile (z, x, y) lies within the limits (a zoom absent from them holds no data). */
export function withinLimits(limits: readonly TileMatrixLimits[], tileMatrixId: string, x: number, y: number): boolean {
  const l = limits.find((e) => e.tileMatrix === tileMatrixId);
  return !!l && x >= l.minTileCol && x <= l.maxTileCol && y >= l.minTileRow && y <= l.maxTileRow;
}
