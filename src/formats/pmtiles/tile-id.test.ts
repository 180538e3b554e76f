import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as reference from 'pmtiles';
import { firstTileIdOfZoom, MAX_TILE_ZOOM, tileIdToZxy, zxyToTileId } from './tile-id.ts';
import { rng } from '../../../test/helpers/rng.ts';

describe('PMTiles tile ids', () => {
  test('known values of the spec', () => {
    const known: [number, number, number, number][] = [
      [0, 0, 0, 0],
      [1, 0, 0, 1],
      [1, 0, 1, 2],
      [1, 1, 1, 3],
      [1, 1, 0, 4],
      [2, 0, 0, 5],
    ];
    for (const [z, x, y, id] of known) {
      assert.equal(zxyToTileId(z, x, y), id, `${z}/${x}/${y}`);
      assert.deepEqual(tileIdToZxy(id), { z, x, y }, `id ${id}`);
    }
  });

  test('first and last ids of each zoom', () => {
    for (let z = 0; z <= MAX_TILE_ZOOM; z++) {
      const first = firstTileIdOfZoom(z);
      assert.ok(Number.isSafeInteger(first));
      assert.equal(tileIdToZxy(first).z, z);
      assert.equal(tileIdToZxy(first + 4 ** z - 1).z, z);
      // The curve starts at the top-left tile and ends at the top-right one.
      assert.deepEqual(tileIdToZxy(first), { z, x: 0, y: 0 });
      assert.deepEqual(tileIdToZxy(first + 4 ** z - 1), { z, x: 2 ** z - 1, y: 0 });
    }
  });

  test('every tile of zooms 0–6 has its own id, in a contiguous range, and round-trips', () => {
    for (let z = 0; z <= 6; z++) {
      const n = 2 ** z;
      const seen = new Set<number>();
      for (let x = 0; x < n; x++) {
        for (let y = 0; y < n; y++) {
          const id = zxyToTileId(z, x, y);
          seen.add(id);
          assert.deepEqual(tileIdToZxy(id), { z, x, y });
        }
      }
      assert.equal(seen.size, n * n);
      assert.equal(Math.min(...seen), firstTileIdOfZoom(z));
      assert.equal(Math.max(...seen), firstTileIdOfZoom(z) + n * n - 1);
    }
  });

  test('consecutive ids are neighbouring tiles (a Hilbert curve)', () => {
    const z = 5;
    const first = firstTileIdOfZoom(z);
    for (let id = first; id < first + 4 ** z - 1; id++) {
      const a = tileIdToZxy(id);
      const b = tileIdToZxy(id + 1);
      assert.equal(Math.abs(a.x - b.x) + Math.abs(a.y - b.y), 1, `ids ${id} and ${id + 1}`);
    }
  });

  test('random tiles up to zoom 26 round-trip and agree with the pmtiles package', () => {
    const r = rng(26);
    for (let i = 0; i < 5000; i++) {
      const z = Math.floor(r() * (MAX_TILE_ZOOM + 1));
      const n = 2 ** z;
      const x = Math.floor(r() * n);
      const y = Math.floor(r() * n);
      const id = zxyToTileId(z, x, y);
      assert.ok(Number.isSafeInteger(id));
      assert.deepEqual(tileIdToZxy(id), { z, x, y }, `${z}/${x}/${y}`);
      assert.equal(id, reference.zxyToTileId(z, x, y), `${z}/${x}/${y}`);
    }
    // The corners of zoom 26.
    const n = 2 ** 26;
    for (const [x, y] of [[0, 0], [n - 1, 0], [0, n - 1], [n - 1, n - 1]]) {
      const id = zxyToTileId(26, x, y);
      assert.deepEqual(tileIdToZxy(id), { z: 26, x, y });
      assert.equal(id, reference.zxyToTileId(26, x, y));
    }
  });

  test('refuses what has no id', () => {
    assert.throws(() => zxyToTileId(27, 0, 0), RangeError);
    assert.throws(() => zxyToTileId(-1, 0, 0), RangeError);
    assert.throws(() => zxyToTileId(1.5, 0, 0), RangeError);
    assert.throws(() => zxyToTileId(2, 4, 0), RangeError);
    assert.throws(() => zxyToTileId(2, 0, -1), RangeError);
    assert.throws(() => tileIdToZxy(-1), RangeError);
    assert.throws(() => tileIdToZxy(0.5), RangeError);
    assert.throws(() => tileIdToZxy(firstTileIdOfZoom(26) + 4 ** 26), RangeError);
  });
});
