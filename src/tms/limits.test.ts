import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEB_MERCATOR_QUAD, WORLD_CRS84_QUAD } from './builtin.ts';
import { tileMatrixSetLimits, withinLimits } from './limits.ts';
import type { TileMatrixSet } from './model.ts';

/** Half the WGS84 equator, π·6378137 m (TMS documents print it rounded: 20037508.3427892). */
const H = Math.PI * 6378137;

test('the whole world covers every tile of every matrix', () => {
  const limits = tileMatrixSetLimits(WEB_MERCATOR_QUAD, { minx: -H, miny: -H, maxx: H, maxy: H }, 0, 5);
  assert.deepEqual(
    limits.map((l) => [l.tileMatrix, l.minTileCol, l.maxTileCol, l.minTileRow, l.maxTileRow]),
    [0, 1, 2, 3, 4, 5].map((z) => [String(z), 0, 2 ** z - 1, 0, 2 ** z - 1]),
  );
});

test('a box ending exactly on a tile edge does not reach into the next tile', () => {
  // the north-west quarter of the world at zoom 1 is tile (0, 0) only
  const [l] = tileMatrixSetLimits(WEB_MERCATOR_QUAD, { minx: -H, miny: 0, maxx: 0, maxy: H }, 1, 1);
  assert.deepEqual(l, { tileMatrix: '1', minTileRow: 0, maxTileRow: 0, minTileCol: 0, maxTileCol: 0 });
});

test('a point gives one tile per matrix; WorldCRS84Quad is 2x1 at zoom 0', () => {
  const env = { minx: 10, miny: 20, maxx: 10, maxy: 20 };
  const limits = tileMatrixSetLimits(WORLD_CRS84_QUAD, env, 0, 3);
  assert.deepEqual(
    limits.map((l) => [l.minTileCol, l.maxTileCol, l.minTileRow, l.maxTileRow]),
    [[1, 1, 0, 0], [2, 2, 0, 0], [4, 4, 1, 1], [8, 8, 3, 3]],
  );
  assert.ok(withinLimits(limits, '2', 4, 1));
  assert.ok(!withinLimits(limits, '2', 5, 1));
  assert.ok(!withinLimits(limits, '7', 0, 0), 'a matrix outside the zoom range holds nothing');
});

test('data outside the matrix gives no limits; zooms are bounded by the set', () => {
  assert.deepEqual(tileMatrixSetLimits(WORLD_CRS84_QUAD, { minx: 200, miny: 0, maxx: 210, maxy: 5 }, 0, 3), []);
  assert.equal(tileMatrixSetLimits(WEB_MERCATOR_QUAD, { minx: 0, miny: 0, maxx: 1, maxy: 1 }, 20, 40).length, 5);
});

test('northing-first origins and bottom-left corners', () => {
  const base = {
    id: 'T',
    title: 'T',
    crs: 'x',
    srid: 3035,
    orderedAxes: ['Y', 'X'] as const,
    global: false,
    catalog: 'public',
  };
  const topLeft: TileMatrixSet = {
    ...base,
    northingFirst: true,
    tileMatrices: [{ id: 'a', scaleDenominator: 1, cellSize: 10, cornerOfOrigin: 'topLeft', pointOfOrigin: [1000, 0], tileWidth: 10, tileHeight: 10, matrixWidth: 10, matrixHeight: 10 }],
  };
  // origin (easting 0, northing 1000); tiles 100 units; (250, 640) is column 2, row 3
  assert.deepEqual(tileMatrixSetLimits(topLeft, { minx: 250, miny: 640, maxx: 250, maxy: 640 }, 0, 0)[0], {
    tileMatrix: 'a', minTileRow: 3, maxTileRow: 3, minTileCol: 2, maxTileCol: 2,
  });
  const bottomLeft: TileMatrixSet = { ...topLeft, northingFirst: false, tileMatrices: [{ ...topLeft.tileMatrices[0], cornerOfOrigin: 'bottomLeft', pointOfOrigin: [0, 0] }] };
  assert.deepEqual(tileMatrixSetLimits(bottomLeft, { minx: 250, miny: 640, maxx: 250, maxy: 640 }, 0, 0)[0], {
    tileMatrix: 'a', minTileRow: 6, maxTileRow: 6, minTileCol: 2, maxTileCol: 2,
  });
});
