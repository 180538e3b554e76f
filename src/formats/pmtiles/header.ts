/**
 * The fixed 127-byte header of a PMTiles v3 archive (little-endian), as the writer stores it;
 * the `pmtiles` package reads it (`bytesToHeader`) and names its codes (`Compression`, `TileType`).
 */
import type { Header } from 'pmtiles';

export const HEADER_BYTES = 127;
/** Header and root directory must fit in the first 16 KiB, which readers fetch at once. */
export const ROOT_BYTES_LIMIT = 16_384;

/** What the writer stores: the package's `Header` with the length of every section, and no ETag. */
export type PmtilesHeader = Required<Omit<Header, 'etag'>>;

const MAGIC = 'PMTiles';

function setUint64(v: DataView, at: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`header: not an unsigned safe integer: ${value}`);
  v.setBigUint64(at, BigInt(value), true);
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
