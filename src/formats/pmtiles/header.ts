/** The fixed 127-byte header of a PMTiles v3 archive (little-endian). */

export const HEADER_BYTES = 127;
/** Header and root directory must fit in the first 16 KiB, which readers fetch at once. */
export const ROOT_BYTES_LIMIT = 16_384;

/** Compression of directories, metadata and tiles. */
export const Compression = {
  unknown: 0,
  none: 1,
  gzip: 2,
  brotli: 3,
  zstd: 4,
} as const;
export type CompressionCode = (typeof Compression)[keyof typeof Compression];

export const TileType = {
  unknown: 0,
  mvt: 1,
  png: 2,
  jpeg: 3,
  webp: 4,
  avif: 5,
} as const;

export interface PmtilesHeader {
  specVersion: number;
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  jsonMetadataOffset: number;
  jsonMetadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  /** Sum of the run lengths of the tile entries. */
  numAddressedTiles: number;
  /** Entries with a run length above 0, in every directory. */
  numTileEntries: number;
  /** Distinct tile data blobs (distinct offsets). */
  numTileContents: number;
  clustered: boolean;
  internalCompression: number;
  tileCompression: number;
  tileType: number;
  minZoom: number;
  maxZoom: number;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  centerZoom: number;
  centerLon: number;
  centerLat: number;
}

const MAGIC = 'PMTiles';

function setUint64(v: DataView, at: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`header: not an unsigned safe integer: ${value}`);
  v.setBigUint64(at, BigInt(value), true);
}

function getUint64(v: DataView, at: number): number {
  const big = v.getBigUint64(at, true);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`header: value at byte ${at} exceeds 2^53 − 1`);
  return Number(big);
}

/** Degrees as the header stores them: a signed 32-bit integer of degrees × 10^7. */
function e7(deg: number): number {
  return Math.round(deg * 1e7);
}

export function serializeHeader(h: PmtilesHeader): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  const v = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  out[7] = h.specVersion;
  setUint64(v, 8, h.rootDirectoryOffset);
  setUint64(v, 16, h.rootDirectoryLength);
  setUint64(v, 24, h.jsonMetadataOffset);
  setUint64(v, 32, h.jsonMetadataLength);
  setUint64(v, 40, h.leafDirectoryOffset);
  setUint64(v, 48, h.leafDirectoryLength);
  setUint64(v, 56, h.tileDataOffset);
  setUint64(v, 64, h.tileDataLength);
  setUint64(v, 72, h.numAddressedTiles);
  setUint64(v, 80, h.numTileEntries);
  setUint64(v, 88, h.numTileContents);
  out[96] = h.clustered ? 1 : 0;
  out[97] = h.internalCompression;
  out[98] = h.tileCompression;
  out[99] = h.tileType;
  out[100] = h.minZoom;
  out[101] = h.maxZoom;
  v.setInt32(102, e7(h.minLon), true);
  v.setInt32(106, e7(h.minLat), true);
  v.setInt32(110, e7(h.maxLon), true);
  v.setInt32(114, e7(h.maxLat), true);
  out[118] = h.centerZoom;
  v.setInt32(119, e7(h.centerLon), true);
  v.setInt32(123, e7(h.centerLat), true);
  return out;
}

export function deserializeHeader(bytes: Uint8Array): PmtilesHeader {
  if (bytes.length < HEADER_BYTES) throw new RangeError(`PMTiles header: ${bytes.length} bytes, expected ${HEADER_BYTES}`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) throw new Error('not a PMTiles archive (wrong magic number)');
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  return {
    specVersion: bytes[7],
    rootDirectoryOffset: getUint64(v, 8),
    rootDirectoryLength: getUint64(v, 16),
    jsonMetadataOffset: getUint64(v, 24),
    jsonMetadataLength: getUint64(v, 32),
    leafDirectoryOffset: getUint64(v, 40),
    leafDirectoryLength: getUint64(v, 48),
    tileDataOffset: getUint64(v, 56),
    tileDataLength: getUint64(v, 64),
    numAddressedTiles: getUint64(v, 72),
    numTileEntries: getUint64(v, 80),
    numTileContents: getUint64(v, 88),
    clustered: bytes[96] === 1,
    internalCompression: bytes[97],
    tileCompression: bytes[98],
    tileType: bytes[99],
    minZoom: bytes[100],
    maxZoom: bytes[101],
    minLon: v.getInt32(102, true) / 1e7,
    minLat: v.getInt32(106, true) / 1e7,
    maxLon: v.getInt32(110, true) / 1e7,
    maxLat: v.getInt32(114, true) / 1e7,
    centerZoom: bytes[118],
    centerLon: v.getInt32(119, true) / 1e7,
    centerLat: v.getInt32(123, true) / 1e7,
  };
}
