import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rng } from '../../test/helpers/rng.ts';
import { tileMatrixSetLimits, WEB_MERCATOR_QUAD, WORLD_CRS84_QUAD, type TileMatrixSet } from '../tms/index.ts';
import { countTiles, enumerateTiles, intersectBounds, rectsFromLimits, unionBounds, type TileRect } from './enumerate.ts';

const key = (t: { z: number; x: number; y: number }) => `${t.z}/${t.x}/${t.y}`;

/** The tiles of some rectangles the obvious way: every tile of every rectangle, in a set. */
function naive(rects: readonly TileRect[]): Set<string> {
  const out = new Set<string>();
  for (const r of rects) for (let y = r.minY; y <= r.maxY; y++) for (let x = r.minX; x <= r.maxX; x++) out.add(key({ z: r.z, x, y }));
  return out;
}

test('one rectangle: its tiles, zoom by zoom, row by row', () => {
  const tiles = [...enumerateTiles([{ z: 1, minX: 0, maxX: 1, minY: 1, maxY: 1 }, { z: 0, minX: 0, maxX: 0, minY: 0, maxY: 0 }])].map(key);
  assert.deepEqual(tiles, ['0/0/0', '1/0/1', '1/1/1']);
  assert.equal(countTiles([{ z: 3, minX: 2, maxX: 5, minY: 1, maxY: 3 }]), 12);
});

test('overlapping and touching rectangles give each tile once, and the count agrees', () => {
  const rects: TileRect[] = [
    { z: 4, minX: 0, maxX: 5, minY: 0, maxY: 5 },
    { z: 4, minX: 3, maxX: 9, minY: 3, maxY: 7 },
    { z: 4, minX: 10, maxX: 12, minY: 7, maxY: 7 },
    { z: 4, minX: 14, maxX: 15, minY: 15, maxY: 15 },
  ];
  const tiles = [...enumerateTiles(rects)].map(key);
  assert.equal(new Set(tiles).size, tiles.length, 'no tile twice');
  assert.deepEqual(new Set(tiles), naive(rects));
  assert.equal(countTiles(rects), tiles.length);
  assert.equal(tiles.length, 36 + 35 - 9 + 3 + 2);
});

test('random rectangles: the same tiles as the naive union, in zoom/row/column order', () => {
  const r = rng(42);
  for (let round = 0; round < 200; round++) {
    const rects: TileRect[] = Array.from({ length: 1 + Math.floor(r() * 5) }, () => {
      const z = Math.floor(r() * 4);
      const n = 2 ** z;
      const [x1, x2] = [Math.floor(r() * n), Math.floor(r() * n)].sort((a, b) => a - b);
      const [y1, y2] = [Math.floor(r() * n), Math.floor(r() * n)].sort((a, b) => a - b);
      return { z, minX: x1, maxX: x2, minY: y1, maxY: y2 };
    });
    const tiles = [...enumerateTiles(rects)];
    assert.deepEqual(new Set(tiles.map(key)), naive(rects));
    assert.equal(tiles.length, naive(rects).size);
    assert.equal(countTiles(rects), tiles.length);
    const order = tiles.map((t) => t.z * 1e8 + t.y * 1e4 + t.x);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
  }
});

test('counting a huge area does not list it', () => {
  const world24 = { z: 24, minX: 0, maxX: 2 ** 24 - 1, minY: 0, maxY: 2 ** 24 - 1 };
  const started = performance.now();
  assert.equal(countTiles([world24, { ...world24, maxX: 10 }]), 2 ** 48);
  assert.ok(performance.now() - started < 100);
  // and enumeration is lazy
  const first = enumerateTiles([world24]).next().value;
  assert.deepEqual(first, { z: 24, x: 0, y: 0 });
});

test('empty rectangles are ignored', () => {
  assert.equal(countTiles([{ z: 2, minX: 3, maxX: 2, minY: 0, maxY: 0 }]), 0);
  assert.deepEqual([...enumerateTiles([])], []);
});

test('limits to rectangles: zoom is the matrix position, columns x, rows y', () => {
  const H = Math.PI * 6378137;
  const limits = tileMatrixSetLimits(WEB_MERCATOR_QUAD, { minx: -H, miny: 0, maxx: 0, maxy: H }, 0, 2);
  assert.deepEqual(rectsFromLimits(WEB_MERCATOR_QUAD, limits), [
    { z: 0, minX: 0, maxX: 0, minY: 0, maxY: 0 },
    { z: 1, minX: 0, maxX: 0, minY: 0, maxY: 0 },
    { z: 2, minX: 0, maxX: 1, minY: 0, maxY: 1 },
  ]);
  // WorldCRS84Quad: 2x1 at zoom 0, so the whole world is 2 tiles, then 8
  const world = tileMatrixSetLimits(WORLD_CRS84_QUAD, { minx: -180, miny: -90, maxx: 180, maxy: 90 }, 0, 1);
  assert.equal(countTiles(rectsFromLimits(WORLD_CRS84_QUAD, world)), 2 + 8);
  // a custom set whose matrices are not named by their zoom
  const custom: TileMatrixSet = { ...WEB_MERCATOR_QUAD, tileMatrices: WEB_MERCATOR_QUAD.tileMatrices.slice(0, 3).map((m, i) => ({ ...m, id: `L${i}` })) };
  const named = tileMatrixSetLimits(custom, { minx: -H, miny: -H, maxx: H, maxy: H }, 1, 2);
  assert.deepEqual(rectsFromLimits(custom, named).map((r) => r.z), [1, 2]);
});

test('bounds: intersection and union', () => {
  assert.deepEqual(intersectBounds([-10, -10, 10, 10], [5, 0, 20, 30]), [5, 0, 10, 10]);
  assert.deepEqual(intersectBounds([0, 0, 1, 1], [1, 1, 2, 2]), [1, 1, 1, 1], 'touching boxes meet in a point');
  assert.equal(intersectBounds([0, 0, 1, 1], [2, 0, 3, 1]), null);
  assert.deepEqual(unionBounds([[0, 0, 1, 1], [-5, 2, 0.5, 3]]), [-5, 0, 1, 3]);
  assert.throws(() => unionBounds([]));
});
