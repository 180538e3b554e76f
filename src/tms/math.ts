import type { Envelope, TileMatrix, TileMatrixSet } from './model.ts';

/** The matrix for zoom `z`, or null when the TMS has no such level. */
export function tileMatrixAt(tms: TileMatrixSet, z: number): TileMatrix | null {
  return Number.isInteger(z) && z >= 0 && z < tms.tileMatrices.length ? tms.tileMatrices[z] : null;
}

/** Why a tile is not in the matrix set, or null when it is. */
export function tileOutOfRange(tms: TileMatrixSet, z: number, x: number, y: number): string | null {
  const m = tileMatrixAt(tms, z);
  if (!m) return `zoom must be between 0 and ${tms.tileMatrices.length - 1}`;
  if (x < 0 || x >= m.matrixWidth) return `column (x) must be between 0 and ${m.matrixWidth - 1} at zoom ${z}`;
  if (y < 0 || y >= m.matrixHeight) return `row (y) must be between 0 and ${m.matrixHeight - 1} at zoom ${z}`;
  return null;
}

/** Origin of a matrix as easting/northing, whatever the CRS axis order. */
function originXY(tms: TileMatrixSet, m: TileMatrix): [number, number] {
  const [a, b] = m.pointOfOrigin;
  return tms.northingFirst ? [b, a] : [a, b];
}

/** Envelope of tile (z, x=col, y=row), computed from the TMS definition. */
export function tileEnvelope(tms: TileMatrixSet, z: number, x: number, y: number): Envelope {
  const m = tms.tileMatrices[z];
  const [ox, oy] = originXY(tms, m);
  const spanX = m.cellSize * m.tileWidth;
  const spanY = m.cellSize * m.tileHeight;
  // Each edge from one expression, so neighbouring tiles share their edges bit for bit.
  const minx = ox + x * spanX;
  const maxx = ox + (x + 1) * spanX;
  if (m.cornerOfOrigin === 'bottomLeft') return { minx, miny: oy + y * spanY, maxx, maxy: oy + (y + 1) * spanY };
  return { minx, miny: oy - (y + 1) * spanY, maxx, maxy: oy - y * spanY };
}

/** Extent covered by the whole matrix at zoom z. */
export function matrixExtent(tms: TileMatrixSet, z: number): Envelope {
  const m = tms.tileMatrices[z];
  const first = tileEnvelope(tms, z, 0, 0);
  const last = tileEnvelope(tms, z, m.matrixWidth - 1, m.matrixHeight - 1);
  return {
    minx: Math.min(first.minx, last.minx),
    miny: Math.min(first.miny, last.miny),
    maxx: Math.max(first.maxx, last.maxx),
    maxy: Math.max(first.maxy, last.maxy),
  };
}

/** Grow an envelope by `pixels` of a tile that is `extent` pixels wide. */
export function bufferEnvelope(env: Envelope, pixels: number, extent: number): Envelope {
  const dx = ((env.maxx - env.minx) * pixels) / extent;
  const dy = ((env.maxy - env.miny) * pixels) / extent;
  return { minx: env.minx - dx, miny: env.miny - dy, maxx: env.maxx + dx, maxy: env.maxy + dy };
}

export function intersectEnvelopes(a: Envelope, b: Envelope): Envelope {
  return {
    minx: Math.max(a.minx, b.minx),
    miny: Math.max(a.miny, b.miny),
    maxx: Math.min(a.maxx, b.maxx),
    maxy: Math.min(a.maxy, b.maxy),
  };
}
