import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestDatabase } from './harness/db.ts';
import { get, startTilery, useWorld } from './helpers/tilery.ts';
import { LAEA_QUAD } from './helpers/tms.ts';

/** The first levels of WorldCRS84Quad, with the origin given in CRS84 order (lon, lat). */
const WORLD_LEVELS = Array.from({ length: 6 }, (_, z) => ({
  id: String(z),
  scaleDenominator: 279541132.0143589 / 2 ** z,
  cellSize: 0.703125 / 2 ** z,
  cornerOfOrigin: 'topLeft',
  pointOfOrigin: [-180, 90],
  tileWidth: 256,
  tileHeight: 256,
  matrixWidth: 2 * 2 ** z,
  matrixHeight: 2 ** z,
}));

/** Tile envelopes written from the definitions, independently of tilery's tile math. */
const GRIDS = {
  WorldCRS84Quad: { srid: 4326, minx: -180, maxy: 90, span: (z: number) => 180 / 2 ** z, world: [-180, -90, 180, 90] },
  EuropeanETRS89_LAEAQuad: { srid: 3035, minx: 2000000, maxy: 5500000, span: (z: number) => 4500000 / 2 ** z, world: null },
} as const;

/**
 * Ids of the features a tile must hold: the tile's envelope grown by the buffer (256/4096 of
 * a tile), clipped to the matrix, compared with the features transformed to the TMS CRS.
 */
async function truthIds(db: TestDatabase, table: string, idColumn: string, grid: keyof typeof GRIDS, z: number, x: number, y: number): Promise<number[]> {
  const g = GRIDS[grid];
  const span = g.span(z);
  const b = span / 16;
  const env = [g.minx + x * span - b, g.maxy - (y + 1) * span - b, g.minx + (x + 1) * span + b, g.maxy - y * span + b];
  // The buffer of a global matrix stops at the edge of the world; a custom matrix has no such edge.
  const clipped = g.world ? [Math.max(env[0], g.world[0]), Math.max(env[1], g.world[1]), Math.min(env[2], g.world[2]), Math.min(env[3], g.world[3])] : env;
  const rows = await db.query(
    `SELECT ${idColumn} AS id FROM ${table} t
     WHERE ST_Intersects(ST_Transform(t.geom, ${g.srid}), ST_MakeEnvelope($1, $2, $3, $4, ${g.srid})) ORDER BY 1`,
    clipped,
  );
  return rows.map((r) => Number(r.id));
}

const LAYERS = [
  { collection: 'countries', table: 'public.countries', id: 'id' },
  { collection: 'places', table: 'public.places', id: 'id' },
  { collection: 'rivers', table: 'public.rivers', id: 'gid' },
];

describe('tile matrix sets', () => {
  const world = useWorld({ admin_token: 'sesame' });
  const admin = { authorization: 'Bearer sesame', 'content-type': 'application/json' };

  async function postTms(doc: unknown, dataset = 'public') {
    return world.tilery.app.inject({ method: 'POST', url: `/tiles/${dataset}/tileMatrixSets`, headers: admin, payload: JSON.stringify(doc) });
  }

  test('a custom TMS is created, listed with the built-ins, and served as TMS 2.0 JSON', async () => {
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    const created = await postTms(LAEA_QUAD);
    assert.equal(created.statusCode, 201, created.body);
    assert.match(String(created.headers.location), /\/tileMatrixSets\/EuropeanETRS89_LAEAQuad$/);

    for (const listUrl of ['/tiles/tileMatrixSets', '/tileMatrixSets']) {
      const list = (await get(world.tilery, listUrl)).json();
      assert.deepEqual(list.tileMatrixSets.map((t: { id: string }) => t.id), ['WebMercatorQuad', 'WorldCRS84Quad', 'EuropeanETRS89_LAEAQuad']);
      for (const t of list.tileMatrixSets) assert.ok(t.links.some((l: { rel: string }) => l.rel === 'self'));
    }
    const doc = (await get(world.tilery, '/tiles/tileMatrixSets/EuropeanETRS89_LAEAQuad')).json();
    assert.equal(doc.crs, 'http://www.opengis.net/def/crs/EPSG/0/3035');
    assert.deepEqual(doc.orderedAxes, ['Y', 'X']);
    assert.deepEqual(doc.tileMatrices[3].pointOfOrigin, [5500000, 2000000]);
    assert.equal(doc.tileMatrices.length, 9);

    // every instance, and a restart, sees it: it lives in the database
    const other = await startTilery(world.db);
    try {
      assert.equal((await get(other, '/tileMatrixSets/EuropeanETRS89_LAEAQuad')).status, 200);
    } finally {
      await other.close();
    }
  });

  test('duplicates are 409, malformed documents 400 naming the member, writes need the admin token', async () => {
    assert.equal((await postTms(LAEA_QUAD)).statusCode, 409);
    assert.equal((await postTms({ ...LAEA_QUAD, id: 'WebMercatorQuad' })).statusCode, 409);
    const cases: Array<[unknown, string]> = [
      [{ ...LAEA_QUAD, id: 'bad id!' }, 'id'],
      [{ ...LAEA_QUAD, id: 'NoCrs', crs: 'not a crs' }, 'crs'],
      [{ ...LAEA_QUAD, id: 'UnknownCrs', crs: 'http://www.opengis.net/def/crs/EPSG/0/999999' }, 'crs'],
      [{ ...LAEA_QUAD, id: 'NoMatrices', tileMatrices: [] }, 'tileMatrices'],
      [{ ...LAEA_QUAD, id: 'BadCell', tileMatrices: [{ ...LAEA_QUAD.tileMatrices[0], cellSize: -1 }] }, 'tileMatrices[0].cellSize'],
      [{ ...LAEA_QUAD, id: 'Growing', tileMatrices: [LAEA_QUAD.tileMatrices[1], LAEA_QUAD.tileMatrices[0]] }, 'tileMatrices[1].cellSize'],
      [{ ...LAEA_QUAD, id: 'BadScale', tileMatrices: [LAEA_QUAD.tileMatrices[0], { ...LAEA_QUAD.tileMatrices[1], scaleDenominator: 1 }] }, 'tileMatrices[1].scaleDenominator'],
      [{ ...LAEA_QUAD, id: 'DupIds', tileMatrices: [LAEA_QUAD.tileMatrices[0], { ...LAEA_QUAD.tileMatrices[1], id: '0' }] }, 'tileMatrices[1].id'],
      [{ ...LAEA_QUAD, id: 'BadOrigin', tileMatrices: [{ ...LAEA_QUAD.tileMatrices[0], pointOfOrigin: [1] }] }, 'tileMatrices[0].pointOfOrigin'],
      ['just a string', '(document)'],
    ];
    for (const [doc, member] of cases) {
      const res = await postTms(doc);
      assert.equal(res.statusCode, 400, `${member}: ${res.body}`);
      assert.equal(res.json().code, 'invalid_tile_matrix_set');
      assert.equal(res.json().member, member);
    }
    const noToken = await world.tilery.app.inject({ method: 'POST', url: '/tiles/public/tileMatrixSets', payload: LAEA_QUAD });
    assert.equal(noToken.statusCode, 401);
    assert.equal((await postTms({ ...LAEA_QUAD, id: 'Elsewhere' }, 'nowhere')).statusCode, 404);
    assert.equal((await get(world.tilery, '/tileMatrixSets/NoSuchSet')).status, 404);
  });

  test('axis order: without orderedAxes, EPSG:3035 is northing first and EPSG:4326 latitude first', async () => {
    const { orderedAxes: _axes, ...noAxes } = LAEA_QUAD;
    assert.equal((await postTms({ ...noAxes, id: 'LaeaNoAxes' })).statusCode, 201);
    // a geographic TMS in EPSG:4326 (latitude first): origin (90 N, 180 W), 2x1 at its first level
    const latLon = {
      id: 'LatLonQuad',
      crs: 'http://www.opengis.net/def/crs/EPSG/0/4326',
      tileMatrices: WORLD_LEVELS.map((m) => ({ ...m, pointOfOrigin: [90, -180] })),
    };
    assert.equal((await postTms(latLon)).statusCode, 201);
    assert.deepEqual((await get(world.tilery, '/tileMatrixSets/LatLonQuad')).json().orderedAxes, ['Y', 'X']);
    for (const [custom, reference, z, x, y] of [
      ['LaeaNoAxes', 'EuropeanETRS89_LAEAQuad', 3, 3, 3],
      ['LatLonQuad', 'WorldCRS84Quad', 2, 4, 1],
    ] as const) {
      const a = await get(world.tilery, `/tiles/public/tiles/${custom}/${z}/${x}/${y}.mvt?collections=places,rivers`);
      const b = await get(world.tilery, `/tiles/public/tiles/${reference}/${z}/${x}/${y}.mvt?collections=places,rivers`);
      assert.equal(a.status, 200);
      assert.deepEqual(a.layers, b.layers, `${custom} tiles like ${reference}`);
    }
  });

  for (const grid of ['WorldCRS84Quad', 'EuropeanETRS89_LAEAQuad'] as const) {
    const tiles =
      grid === 'WorldCRS84Quad'
        ? [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 3, 1], [2, 4, 1], [3, 0, 3], [3, 15, 3], [4, 17, 4], [5, 33, 8]]
        : [[0, 0, 0], [1, 0, 0], [1, 1, 1], [2, 1, 1], [3, 3, 3], [3, 0, 7], [3, 7, 0], [4, 6, 7], [5, 13, 15]];
    for (const [z, x, y] of tiles) {
      test(`${grid} ${z}/${x}/${y}: every layer equals the SQL ground truth`, async () => {
        const url = `/tiles/public/tiles/${grid}/${z}/${x}/${y}.mvt?collections=${LAYERS.map((l) => l.collection).join(',')}`;
        const res = await get(world.tilery, url);
        for (const layer of LAYERS) {
          const expected = await truthIds(world.db, layer.table, layer.id, grid, z, x, y);
          const got = (res.layers[layer.collection]?.features ?? []).map((f) => Number(f.id)).sort((a, b) => a - b);
          assert.deepEqual(got, expected, `${layer.collection} in ${url}`);
        }
        assert.ok([200, 204].includes(res.status));
      });
    }
  }

  test('the 2x1 zoom 0 of WorldCRS84Quad splits the world at the prime meridian', async () => {
    const west = await get(world.tilery, '/tiles/public/tiles/WorldCRS84Quad/0/0/0.mvt?collections=countries&buffer=0');
    const east = await get(world.tilery, '/tiles/public/tiles/WorldCRS84Quad/0/1/0.mvt?collections=countries&buffer=0');
    const names = (r: typeof west) => r.layers.countries.features.map((f) => f.properties.name).sort();
    assert.deepEqual(names(west), ['Farwest', 'Polaris', 'Westland']);
    assert.deepEqual(names(east), ['Eastland', 'Fareast', 'Polaris', 'Tropica', 'Westland']);
    assert.equal((await get(world.tilery, '/tiles/public/tiles/WorldCRS84Quad/0/2/0.mvt?collections=countries')).status, 404);
    assert.equal((await get(world.tilery, '/tiles/public/tiles/WorldCRS84Quad/0/0/1.mvt?collections=countries')).status, 404);
  });

  test('unknown TMS and out-of-matrix tiles are 404; both formats; other formats 400', async () => {
    assert.equal((await get(world.tilery, '/tiles/public/tiles/NoSuchSet/0/0/0.mvt?collections=places')).status, 404);
    assert.equal((await get(world.tilery, '/tiles/public/tiles/EuropeanETRS89_LAEAQuad/9/0/0.mvt?collections=places')).status, 404);
    assert.equal((await get(world.tilery, '/tiles/public/tiles/WorldCRS84Quad/23/0/0.mvt?collections=places')).status, 404);
    const mvt = await get(world.tilery, '/tiles/catalogs/public/tiles/WorldCRS84Quad/1/1/0.mvt?collections=places');
    const pbf = await get(world.tilery, '/tiles/catalogs/public/tiles/WorldCRS84Quad/1/1/0.pbf?collections=places');
    assert.equal(mvt.status, 200);
    assert.deepEqual(mvt.body, pbf.body);
    assert.equal(pbf.headers['content-type'], 'application/vnd.mapbox-vector-tile');
    const json = await get(world.tilery, '/tiles/public/tiles/WorldCRS84Quad/1/1/0.json?collections=places');
    assert.equal(json.status, 400);
    assert.equal(json.json().parameter, 'format');
  });
});
