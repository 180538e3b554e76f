/**
 * PMTiles v3 directories: a varint count, then the columns of the entries — tile ids as deltas,
 * run lengths, lengths, offsets — each a varint. An offset is written as 0 when it continues the
 * previous entry (previous offset + previous length), else as offset + 1. These functions handle
 * the uncompressed form; the archive's internal compression is applied around them.
 */
import { ByteReader, ByteWriter } from './varint.ts';

/**
 * One directory entry. runLength > 0: tiles `tileId … tileId + runLength − 1` all hold the
 * `length` bytes at `offset` of the tile data section. runLength 0: a leaf directory, at
 * `offset` of the leaf directory section, whose first tile id is `tileId`.
 */
export interface DirectoryEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

const UINT32_MAX = 0xffff_ffff;

export function serializeDirectory(entries: readonly DirectoryEntry[]): Uint8Array {
  const w = new ByteWriter(16 + entries.length * 4);
  w.varint(entries.length);
  let lastId = 0;
  for (let i = 0; i < entries.length; i++) {
    const { tileId } = entries[i];
    if (i > 0 && tileId <= lastId) {
      throw new RangeError(`directory entries must have ascending tile ids: ${tileId} after ${lastId}`);
    }
    w.varint(tileId - lastId);
    lastId = tileId;
  }
  for (const e of entries) {
    if (!Number.isInteger(e.runLength) || e.runLength < 0 || e.runLength > UINT32_MAX) {
      throw new RangeError(`directory entry ${e.tileId}: run length must be a uint32: ${e.runLength}`);
    }
    w.varint(e.runLength);
  }
  for (const e of entries) {
    if (!Number.isInteger(e.length) || e.length <= 0 || e.length > UINT32_MAX) {
      throw new RangeError(`directory entry ${e.tileId}: length must be a uint32 above 0: ${e.length}`);
    }
    w.varint(e.length);
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const prev = i > 0 ? entries[i - 1] : undefined;
    if (prev !== undefined && e.offset === prev.offset + prev.length) w.varint(0);
    else w.varint(e.offset + 1);
  }
  return w.toBytes();
}

export function deserializeDirectory(bytes: Uint8Array): DirectoryEntry[] {
  const r = new ByteReader(bytes);
  const n = r.varint();
  // Every entry takes at least 4 bytes: refuse a count the data cannot hold before allocating.
  if (n * 4 > bytes.length) throw new RangeError(`directory: ${n} entries cannot fit in ${bytes.length} bytes`);
  const entries: DirectoryEntry[] = new Array(n);
  let lastId = 0;
  for (let i = 0; i < n; i++) {
    lastId += r.varint();
    entries[i] = { tileId: lastId, offset: 0, length: 0, runLength: 0 };
  }
  for (let i = 0; i < n; i++) entries[i].runLength = r.varint();
  for (let i = 0; i < n; i++) entries[i].length = r.varint();
  for (let i = 0; i < n; i++) {
    const v = r.varint();
    if (v === 0 && i > 0) entries[i].offset = entries[i - 1].offset + entries[i - 1].length;
    else if (v === 0) throw new RangeError('directory: the first entry cannot continue a previous one (offset 0)');
    else entries[i].offset = v - 1;
  }
  if (!r.done) throw new RangeError(`directory: ${bytes.length - r.pos} bytes left after ${n} entries`);
  return entries;
}

/** The entry holding `tileId` (a tile entry covering it, or the leaf directory it falls in), or null. */
export function findEntry(entries: readonly DirectoryEntry[], tileId: number): DirectoryEntry | null {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = entries[mid].tileId;
    if (c === tileId) return entries[mid];
    if (c < tileId) lo = mid + 1;
    else hi = mid - 1;
  }
  // hi: the last entry below tileId
  if (hi >= 0) {
    const e = entries[hi];
    if (e.runLength === 0) return e;
    if (tileId - e.tileId < e.runLength) return e;
  }
  return null;
}
