import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Compression, PMTiles, ResolvedValueCache, SharedPromiseCache, TileType, tileIdToZxy, zxyToTileId, type DecompressFunc, type Entry, type Header } from 'pmtiles';
import { HEADER_BYTES, ROOT_BYTES_LIMIT } from './header.ts';
import { LocalFileSource, nodeDecompress, writePmtiles, type PmtilesMetadata, type PmtilesTile } from './index.ts';
import { rng } from '../../../test/helpers/rng.ts';
import { tempDirForSuite } from '../../../test/helpers/temp-dir.ts';

function shuffle<T>(items: T[], r: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const enc = new TextEncoder();
const key = (z: number, x: number, y: number) => `${z}/${x}/${y}`;

/**
 * Reads an archive with the pmtiles package over our file source, with the package's own gzip
 * decompression unless told otherwise.
 */
async function withReader<T>(path: string, fn: (p: PMTiles) => Promise<T>, decompress?: DecompressFunc): Promise<T> {
  const source = new LocalFileSource(path);
  try {
    return await fn(decompress ? new PMTiles(source, new SharedPromiseCache(100, false, decompress), decompress) : new PMTiles(source));
  } finally {
    await source.close();
  }
}

/**
 * Every tile entry of the archive, read with the pmtiles package's own header and directory
 * reading (root then leaves), in directory order, with the header.
 */
async function walk(path: string): Promise<{ header: Header; tiles: Entry[]; leaves: number }> {
  const source = new LocalFileSource(path);
  const cache = new ResolvedValueCache(100, false, nodeDecompress);
  try {
    const header = await cache.getHeader(source);
    const dir = (offset: number, length: number) => cache.getDirectory(source, offset, length, header);
    const tiles: Entry[] = [];
    let leaves = 0;
    for (const e of await dir(header.rootDirectoryOffset, header.rootDirectoryLength)) {
      if (e.runLength > 0) {
        tiles.push(e);
      } else {
        leaves++;
        const leaf = await dir(header.leafDirectoryOffset + e.offset, e.length);
        assert.equal(leaf[0].tileId, e.tileId, 'a leaf starts at its root entry tile id');
        for (const l of leaf) {
          assert.ok(l.runLength > 0, 'one level of leaves');
          tiles.push(l);
        }
      }
    }
    return { header, tiles, leaves };
  } finally {
    await source.close();
  }
}

/** Checks the structure: ids ascending, clustered data, the counts of the header. */
function checkStructure(header: Header, tiles: Entry[], fileSize: number): void {
  assert.equal(header.specVersion, 3);
  assert.equal(header.clustered, true);
  assert.equal(header.internalCompression, Compression.Gzip);
  assert.equal(header.tileType, TileType.Mvt);
  assert.equal(header.rootDirectoryOffset, HEADER_BYTES);
  assert.ok(header.rootDirectoryOffset + header.rootDirectoryLength < ROOT_BYTES_LIMIT, 'root within the first 16 KiB');
  assert.equal(header.jsonMetadataOffset, header.rootDirectoryOffset + header.rootDirectoryLength);
  assert.equal(header.leafDirectoryOffset, header.jsonMetadataOffset + header.jsonMetadataLength);
  assert.equal(header.tileDataOffset, header.leafDirectoryOffset + header.leafDirectoryLength!);
  assert.equal(header.tileDataOffset + header.tileDataLength!, fileSize);
  let end = 0;
  const offsets = new Set<number>();
  let addressed = 0;
  for (let i = 0; i < tiles.length; i++) {
    const e = tiles[i];
    if (i > 0) assert.ok(e.tileId >= tiles[i - 1].tileId + tiles[i - 1].runLength, 'ascending, runs not overlapping');
    assert.ok(e.length > 0);
    // Clustered: a new blob comes right after the previous ones; a repeated one points back.
    if (e.offset === end) end += e.length;
    else assert.ok(e.offset + e.length <= end, `entry ${e.tileId} points back`);
    if (i > 0) {
      const p = tiles[i - 1];
      assert.ok(!(p.tileId + p.runLength === e.tileId && p.offset === e.offset), 'consecutive identical tiles are one run');
    }
    offsets.add(e.offset);
    addressed += e.runLength;
  }
  assert.equal(end, header.tileDataLength);
  assert.equal(header.numAddressedTiles, addressed);
  assert.equal(header.numTileEntries, tiles.length);
  assert.equal(header.numTileContents, offsets.size);
}

describe('writePmtiles', () => {
  const dir = tempDirForSuite('tilery-pmtiles-');

  const metadata: PmtilesMetadata = {
    minzoom: 0,
    maxzoom: 4,
    bounds: [-10.5, 35.25, 30.125, 60.0000001],
    center: [5.5, 47.75, 3],
    vectorLayers: [{ id: 'places', fields: { name: 'String' }, minzoom: 0, maxzoom: 4 }],
    name: 'Places',
    description: 'Test archive',
    attribution: '© tilery',
  };

  /**
   * Tiles of zooms 0–4: most with their own content, a run of identical tiles (consecutive
   * ids of zoom 4), a content shared by scattered tiles, an empty tile; in shuffled order.
   */
  function sampleTiles(): Map<string, PmtilesTile> {
    const tiles = new Map<string, PmtilesTile>();
    const add = (z: number, x: number, y: number, data: Uint8Array) => tiles.set(key(z, x, y), { z, x, y, data });
    for (let z = 0; z <= 3; z++) {
      for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) add(z, x, y, enc.encode(`tile ${key(z, x, y)} `.repeat(1 + ((x + y) % 5))));
    }
    const ocean = enc.encode('ocean '.repeat(20));
    const first4 = zxyToTileId(4, 0, 0);
    for (let id = first4 + 10; id < first4 + 60; id++) {
      const [z, x, y] = tileIdToZxy(id);
      add(z, x, y, ocean);
    }
    const shared = enc.encode('shared content');
    for (const [x, y] of [[15, 15], [3, 12], [9, 1]]) add(4, x, y, shared);
    add(2, 1, 1, shared);
    add(4, 15, 0, new Uint8Array(0)); // the last tile of zoom 4, away from the run
    return tiles;
  }

  for (const tileCompression of ['gzip', 'none'] as const) {
    test(`reads back with the pmtiles package (${tileCompression}, shuffled input, deduplicated and run-length tiles)`, async () => {
      const path = join(dir(), `sample-${tileCompression}.pmtiles`);
      const tiles = sampleTiles();
      const input = shuffle([...tiles.values()], rng(7));
      const result = await writePmtiles(path, input, metadata, { tileCompression });
      const size = (await stat(path)).size;
      const stored = [...tiles.values()].filter((t) => tileCompression === 'gzip' || t.data.length > 0);
      assert.deepEqual(result, { tiles: stored.length, bytes: size });

      const { header, tiles: entries, leaves } = await walk(path);
      checkStructure(header, entries, size);
      assert.equal(leaves, 0);
      assert.equal(header.tileCompression, tileCompression === 'gzip' ? Compression.Gzip : Compression.None);
      // 50 identical consecutive tiles make one entry; 4 tiles share one content.
      assert.equal(header.numAddressedTiles, stored.length);
      assert.equal(header.numTileEntries, stored.length - 49);
      assert.equal(header.numTileContents, stored.length - 49 - 3);

      await withReader(path, async (p) => {
        const h = await p.getHeader();
        assert.equal(h.specVersion, 3);
        assert.equal(h.clustered, true);
        assert.equal(h.tileType, TileType.Mvt);
        assert.equal(h.tileCompression, header.tileCompression);
        assert.equal(h.internalCompression, Compression.Gzip);
        assert.equal(h.minZoom, 0);
        assert.equal(h.maxZoom, 4);
        assert.equal(h.minLon, -10.5);
        assert.equal(h.minLat, 35.25);
        assert.equal(h.maxLon, 30.125);
        assert.equal(h.maxLat, 60.0000001);
        assert.equal(h.centerZoom, 3);
        assert.equal(h.centerLon, 5.5);
        assert.equal(h.centerLat, 47.75);
        assert.equal(h.numAddressedTiles, header.numAddressedTiles);
        assert.equal(h.numTileEntries, header.numTileEntries);
        assert.equal(h.numTileContents, header.numTileContents);
        assert.deepEqual(await p.getMetadata(), {
          name: 'Places',
          description: 'Test archive',
          attribution: '© tilery',
          vector_layers: [{ id: 'places', fields: { name: 'String' }, minzoom: 0, maxzoom: 4 }],
        });
        for (let z = 0; z <= 4; z++) {
          for (let x = 0; x < 2 ** z; x++) {
            for (let y = 0; y < 2 ** z; y++) {
              const got = await p.getZxy(z, x, y);
              const want = tiles.get(key(z, x, y));
              if (want === undefined || (want.data.length === 0 && tileCompression === 'none')) {
                assert.equal(got, undefined, key(z, x, y));
              } else {
                assert.ok(got, key(z, x, y));
                assert.deepEqual(new Uint8Array(got.data), want.data, key(z, x, y));
              }
            }
          }
        }
      });
    });
  }

  test('leaf directories when the root would pass 16 KiB: every tile of zooms 0–8', async () => {
    const path = join(dir(), 'leaves.pmtiles');
    const r = rng(8);
    const tiles: PmtilesTile[] = [];
    const maxzoom = 8;
    const last = zxyToTileId(maxzoom, 2 ** maxzoom - 1, 0);
    const run = enc.encode('a run of identical tiles');
    const letters = (n: number) => String.fromCharCode(...Array.from({ length: n }, () => 97 + Math.floor(r() * 26)));
    // In tile id order (the writer then copies the data in one pass); random lengths so that
    // the directory does not compress to nothing.
    for (let id = 0; id <= last; id++) {
      const [z, x, y] = tileIdToZxy(id);
      const data = id >= 30_000 && id < 30_100 ? run : enc.encode(`${key(z, x, y)}:${letters(Math.floor(r() * 200))}`);
      tiles.push({ z, x, y, data });
    }
    async function* generate(): AsyncGenerator<PmtilesTile> {
      yield* tiles;
    }
    const result = await writePmtiles(path, generate(), { minzoom: 0, maxzoom, bounds: [-180, -85.05112878, 180, 85.05112878] });
    assert.equal(result.tiles, tiles.length);
    assert.equal(result.tiles, 87_381);

    const size = (await stat(path)).size;
    const { header, tiles: entries, leaves } = await walk(path);
    checkStructure(header, entries, size);
    assert.ok(leaves > 1, `leaf directories: ${leaves}`);
    assert.ok(header.leafDirectoryLength! > 0);
    assert.equal(header.numTileEntries, tiles.length - 99);
    assert.equal(header.centerZoom, 0);
    assert.equal(header.centerLon, 0);
    assert.equal(header.centerLat, 0);

    // node:zlib and concurrent reads, for speed (the package's DecompressionStream takes 3×).
    await withReader(
      path,
      async (p) => {
        assert.deepEqual(await p.getMetadata(), { vector_layers: [] });
        for (let i = 0; i < tiles.length; i += 256) {
          const batch = tiles.slice(i, i + 256);
          const got = await Promise.all(batch.map((t) => p.getZxy(t.z, t.x, t.y)));
          batch.forEach((t, j) => {
            const bytes = got[j] && new Uint8Array(got[j].data);
            // assert.deepEqual only on a mismatch, for its message: it is slow on 87,381 tiles.
            if (!bytes || Buffer.compare(bytes, t.data) !== 0) assert.deepEqual(bytes, t.data, key(t.z, t.x, t.y));
          });
        }
        assert.equal(await p.getZxy(9, 0, 0), undefined);
      },
      nodeDecompress,
    );
  });

  test('an archive without tiles is readable and answers no tile', async () => {
    const path = join(dir(), 'empty.pmtiles');
    const result = await writePmtiles(path, [], { minzoom: 2, maxzoom: 5, bounds: [0, 0, 1, 1] });
    assert.equal(result.tiles, 0);
    await withReader(path, async (p) => {
      const h = await p.getHeader();
      assert.equal(h.minZoom, 2);
      assert.equal(h.maxZoom, 5);
      assert.equal(h.numAddressedTiles, 0);
      assert.equal(await p.getZxy(2, 1, 1), undefined);
    });
  });

  test('tile ids are those of the spec: each zoom a Hilbert curve, after the tiles of the zooms below', async () => {
    const path = join(dir(), 'ids.pmtiles');
    // z, x, y, id: zoom 1 runs 0/0, 0/1, 1/1, 1/0 (x/y); zoom 2 starts at 5 and ends top right.
    const known: [number, number, number, number][] = [
      [0, 0, 0, 0],
      [1, 0, 0, 1],
      [1, 0, 1, 2],
      [1, 1, 1, 3],
      [1, 1, 0, 4],
      [2, 0, 0, 5],
      [2, 3, 0, 20],
    ];
    const tiles = known.map(([z, x, y]) => ({ z, x, y, data: enc.encode(key(z, x, y)) }));
    await writePmtiles(path, tiles, { minzoom: 0, maxzoom: 2, bounds: [-180, -85, 180, 85] }, { tileCompression: 'none' });
    const { header, tiles: entries } = await walk(path);
    const file = await readFile(path);
    const at = (e: Entry) => new TextDecoder().decode(file.subarray(header.tileDataOffset + e.offset, header.tileDataOffset + e.offset + e.length));
    assert.deepEqual(
      entries.map((e) => [e.tileId, at(e)]),
      known.map(([z, x, y, id]) => [id, key(z, x, y)]),
    );
  });

  test('replaces an existing file; refuses repeated tiles and tiles outside the zooms, leaving nothing behind', async () => {
    const sub = await mkdtemp(join(dir(), 'errors-'));
    const path = join(sub, 'out.pmtiles');
    await writeFile(path, 'not an archive');
    await writePmtiles(path, [{ z: 0, x: 0, y: 0, data: enc.encode('world') }], { minzoom: 0, maxzoom: 0, bounds: [-180, -85, 180, 85] });
    await withReader(path, async (p) => {
      const t = await p.getZxy(0, 0, 0);
      assert.equal(new TextDecoder().decode(t!.data), 'world');
    });
    const before = await readFile(path);

    const m: PmtilesMetadata = { minzoom: 0, maxzoom: 2, bounds: [-180, -85, 180, 85] };
    await assert.rejects(
      writePmtiles(path, [{ z: 1, x: 1, y: 0, data: enc.encode('a') }, { z: 0, x: 0, y: 0, data: enc.encode('b') }, { z: 1, x: 1, y: 0, data: enc.encode('c') }], m),
      /given twice/,
    );
    await assert.rejects(writePmtiles(path, [{ z: 3, x: 0, y: 0, data: enc.encode('a') }], m), /outside the zoom range/);
    await assert.rejects(writePmtiles(path, [{ z: 1, x: 2, y: 0, data: enc.encode('a') }], m), RangeError);
    await assert.rejects(writePmtiles(path, [], { ...m, minzoom: 3 }), /minzoom/);
    await assert.rejects(writePmtiles(path, [], { ...m, bounds: [0, 10, 1, 5] }), /bounds/);
    async function* failing(): AsyncGenerator<PmtilesTile> {
      yield { z: 0, x: 0, y: 0, data: enc.encode('a') };
      throw new Error('source failed');
    }
    await assert.rejects(writePmtiles(path, failing(), m), /source failed/);

    assert.deepEqual(await readdir(sub), ['out.pmtiles'], 'no temporary file left');
    assert.deepEqual(await readFile(path), before, 'a failed write leaves the archive alone');
  });
});
