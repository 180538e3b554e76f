/**
 * PMTiles tile ids: the position of a tile on the series of Hilbert curves of zooms 0, 1, 2, …
 * Zoom z starts at id (4^z − 1) / 3, the count of the tiles of all lower zooms; within a zoom,
 * the id grows along the Hilbert curve over the 2^z × 2^z matrix (x to the east, y to the south,
 * as in XYZ / WebMercatorQuad). Ids are JavaScript numbers, exact up to zoom 26.
 */

/** The highest zoom whose tile ids a number holds exactly. */
export const MAX_TILE_ZOOM = 26;

export interface TileAddress {
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

/** The id of the first tile of zoom z: (4^z − 1) / 3, exact for z ≤ 26. */
export function firstTileIdOfZoom(z: number): number {
  return (4 ** z - 1) / 3;
}

/** One past the last valid id: every tile of zooms 0 … 26. */
const TILE_ID_LIMIT = firstTileIdOfZoom(MAX_TILE_ZOOM) + 4 ** MAX_TILE_ZOOM;

export function zxyToTileId(z: number, x: number, y: number): number {
  if (!Number.isInteger(z) || z < 0 || z > MAX_TILE_ZOOM) {
    throw new RangeError(`tile zoom must be an integer in 0 … ${MAX_TILE_ZOOM}: ${z}`);
  }
  const n = 2 ** z;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
    throw new RangeError(`tile ${z}/${x}/${y} is outside its zoom (x and y in 0 … ${n - 1})`);
  }
  // Position on the Hilbert curve, from the coarsest quadrant down. x and y stay below 2^26, so
  // bit tests are safe; the sum is not, and uses arithmetic.
  let d = 0;
  let px = x;
  let py = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (px & s) !== 0 ? 1 : 0;
    const ry = (py & s) !== 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so that the sub-curve has the canonical orientation.
    [px, py] = rotate(n, px, py, rx, ry);
  }
  return firstTileIdOfZoom(z) + d;
}

/** The Hilbert curve's quadrant rotation (side `n`): a flip then a transpose when ry is 0. */
function rotate(n: number, x: number, y: number, rx: number, ry: number): [number, number] {
  if (ry !== 0) return [x, y];
  return rx === 1 ? [n - 1 - y, n - 1 - x] : [y, x];
}

export function tileIdToZxy(id: number): TileAddress {
  if (!Number.isSafeInteger(id) || id < 0 || id >= TILE_ID_LIMIT) {
    throw new RangeError(`tile id must be an integer in 0 … ${TILE_ID_LIMIT - 1}: ${id}`);
  }
  let z = 0;
  while (firstTileIdOfZoom(z + 1) <= id) z++;
  const n = 2 ** z;
  let t = id - firstTileIdOfZoom(z);
  let x = 0;
  let y = 0;
  for (let s = 1; s < n; s *= 2) {
    const rx = Math.floor(t / 2) % 2;
    const ry = (t % 2) ^ rx;
    [x, y] = rotate(s, x, y, rx, ry);
    x += s * rx;
    y += s * ry;
    t = Math.floor(t / 4);
  }
  return { z, x, y };
}
