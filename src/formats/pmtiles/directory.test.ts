import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Compression, readVarint, ResolvedValueCache, type Entry, type Header, type Source } from 'pmtiles';
import { serializeDirectory } from './directory.ts';
import { ByteWriter } from './varint.ts';

/** The entries of an uncompressed directory, as the `pmtiles` package reads them. */
function readDirectory(bytes: Uint8Array): Promise<Entry[]> {
  const source: Source = {
    getKey: () => 'directory',
    getBytes: async (offset, length) => ({ data: bytes.slice(offset, offset + length).buffer }),
  };
  const header = { internalCompression: Compression.None } as Header;
  return new ResolvedValueCache().getDirectory(source, 0, bytes.length, header);
}

function varintBytes(value: number): Uint8Array {
  const w = new ByteWriter(16);
  w.varint(value);
  return w.toBytes();
}

describe('varints', () => {
  test('the pmtiles package reads back what we write, including values beyond 32 bits', () => {
    const values = [0, 1, 127, 128, 255, 300, 16383, 16384, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER];
    for (const v of values) {
      const p = { buf: varintBytes(v), pos: 0 };
      assert.equal(readVarint(p), v, `value ${v}`);
      assert.equal(p.pos, p.buf.length, `value ${v}: every byte read`);
    }
    assert.deepEqual([...varintBytes(300)], [0xac, 0x02]);
    assert.deepEqual([...varintBytes(0)], [0]);
  });

  test('refuses negative, fractional and unsafe values', () => {
    assert.throws(() => varintBytes(-1), RangeError);
    assert.throws(() => varintBytes(1.5), RangeError);
    assert.throws(() => varintBytes(2 ** 53), RangeError);
  });
});

describe('PMTiles directories', () => {
  const entries: Entry[] = [
    { tileId: 0, offset: 0, length: 10, runLength: 1 },
    { tileId: 1, offset: 10, length: 5, runLength: 3 }, // continues: written as 0
    { tileId: 4, offset: 0, length: 10, runLength: 1 }, // points back (deduplicated): offset + 1
    { tileId: 9, offset: 15, length: 2 ** 20, runLength: 1 },
    { tileId: 2 ** 40, offset: 15 + 2 ** 20, length: 7, runLength: 2 ** 32 - 1 },
    { tileId: 2 ** 40 + 2 ** 32, offset: 2 ** 35, length: 77, runLength: 0 }, // a leaf
  ];

  test('the pmtiles package reads the entries back', async () => {
    assert.deepEqual(await readDirectory(serializeDirectory(entries)), entries);
  });

  test('the layout: count, tile id deltas, run lengths, lengths, offsets (0 when contiguous, else offset + 1)', () => {
    const small: Entry[] = [
      { tileId: 3, offset: 0, length: 4, runLength: 1 },
      { tileId: 5, offset: 4, length: 2, runLength: 2 },
      { tileId: 7, offset: 0, length: 4, runLength: 1 },
    ];
    assert.deepEqual([...serializeDirectory(small)], [3, 3, 2, 2, 1, 2, 1, 4, 2, 4, 1, 0, 1]);
  });

  test('an empty directory is a single 0', () => {
    assert.deepEqual([...serializeDirectory([])], [0]);
  });

  test('refuses unordered ids and empty lengths', () => {
    assert.throws(() => serializeDirectory([entries[1], entries[0]]), /ascending/);
    assert.throws(() => serializeDirectory([{ tileId: 0, offset: 0, length: 0, runLength: 1 }]), /length/);
  });
});
