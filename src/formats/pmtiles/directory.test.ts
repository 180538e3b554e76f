import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deserializeDirectory, findEntry, serializeDirectory, type DirectoryEntry } from './directory.ts';
import { ByteReader, decodeVarint, encodeVarint } from './varint.ts';

describe('varints', () => {
  test('round trip, including values beyond 32 bits', () => {
    const values = [0, 1, 127, 128, 255, 300, 16383, 16384, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER];
    for (const v of values) {
      const bytes = encodeVarint(v);
      assert.deepEqual(decodeVarint(bytes), { value: v, next: bytes.length }, `value ${v}`);
    }
    assert.deepEqual([...encodeVarint(300)], [0xac, 0x02]);
    assert.deepEqual([...encodeVarint(0)], [0]);
  });

  test('refuses negative, fractional and unsafe values, and truncated data', () => {
    assert.throws(() => encodeVarint(-1), RangeError);
    assert.throws(() => encodeVarint(1.5), RangeError);
    assert.throws(() => encodeVarint(2 ** 53), RangeError);
    assert.throws(() => new ByteReader(new Uint8Array([0x80, 0x80])).varint(), /unexpected end/);
    assert.throws(() => new ByteReader(new Uint8Array(10).fill(0xff)).varint(), RangeError);
  });
});

describe('PMTiles directories', () => {
  const entries: DirectoryEntry[] = [
    { tileId: 0, offset: 0, length: 10, runLength: 1 },
    { tileId: 1, offset: 10, length: 5, runLength: 3 }, // continues: written as 0
    { tileId: 4, offset: 0, length: 10, runLength: 1 }, // points back (deduplicated): offset + 1
    { tileId: 9, offset: 15, length: 2 ** 20, runLength: 1 },
    { tileId: 2 ** 40, offset: 15 + 2 ** 20, length: 7, runLength: 2 ** 32 - 1 },
    { tileId: 2 ** 40 + 2 ** 32, offset: 2 ** 35, length: 77, runLength: 0 }, // a leaf
  ];

  test('serialize then deserialize gives the entries back', () => {
    const bytes = serializeDirectory(entries);
    assert.deepEqual(deserializeDirectory(bytes), entries);
  });

  test('the layout: count, tile id deltas, run lengths, lengths, offsets (0 when contiguous, else offset + 1)', () => {
    const small: DirectoryEntry[] = [
      { tileId: 3, offset: 0, length: 4, runLength: 1 },
      { tileId: 5, offset: 4, length: 2, runLength: 2 },
      { tileId: 7, offset: 0, length: 4, runLength: 1 },
    ];
    assert.deepEqual([...serializeDirectory(small)], [3, 3, 2, 2, 1, 2, 1, 4, 2, 4, 1, 0, 1]);
  });

  test('an empty directory is a single 0', () => {
    assert.deepEqual([...serializeDirectory([])], [0]);
    assert.deepEqual(deserializeDirectory(new Uint8Array([0])), []);
  });

  test('refuses unordered ids, empty lengths and garbage', () => {
    assert.throws(() => serializeDirectory([entries[1], entries[0]]), /ascending/);
    assert.throws(() => serializeDirectory([{ tileId: 0, offset: 0, length: 0, runLength: 1 }]), /length/);
    assert.throws(() => deserializeDirectory(new Uint8Array([200, 1])), RangeError);
    const bytes = serializeDirectory(entries);
    assert.throws(() => deserializeDirectory(bytes.subarray(0, bytes.length - 1)), RangeError);
    assert.throws(() => deserializeDirectory(new Uint8Array([...bytes, 0])), /left/);
  });

  test('findEntry finds tiles inside runs and the leaf a tile falls in', () => {
    assert.equal(findEntry(entries, 0), entries[0]);
    assert.equal(findEntry(entries, 2), entries[1]);
    assert.equal(findEntry(entries, 3), entries[1]);
    assert.equal(findEntry(entries, 5), null);
    assert.equal(findEntry(entries, 9), entries[3]);
    assert.equal(findEntry(entries, 10), null);
    assert.equal(findEntry(entries, 2 ** 40 + 2 ** 32 - 2), entries[4]);
    assert.equal(findEntry(entries, 2 ** 40 + 2 ** 32 - 1), null);
    assert.equal(findEntry(entries, 2 ** 41), entries[5]);
    assert.equal(findEntry([], 0), null);
  });
});
