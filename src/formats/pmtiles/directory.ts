/**
 * PMTiles v3 directories: a varint count, then the columns of the entries — tile ids as deltas,
 * run lengths, lengths, offsets — each a varint. An offset is written as 0 when it continues the
 * previous entry (previous offset + previous length), else as offset + 1. This writes the
 * uncompressed form; the archive's internal compression is applied around it. Reading is the
 * `pmtiles` package's work.
 *
 * An entry with runLength > 0: tiles `tileId … tileId + runLength − 1` all hold the `length`
 * bytes at `offset` of the tile data section. runLength 0: a leaf directory, at `offset` of the
 * leaf directory section, whose first tile id is `tileId`.
 */
import type { Entry } from 'pmtiles';
import { ByteWriter } from './varint.ts';

const UINT32_MAX = 0xffff_ffff;

export function serializeDirectory(entries: readonly Entry[]): Uint8Array {
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
