import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Tilery } from '../src/index.ts';
import type { TestDatabase } from './harness/db.ts';
import { groundTruth, type LayerSpec } from './helpers/ground-truth.ts';
import { get, useWorld, type DecodedFeature } from './helpers/tilery.ts';

const COUNTRIES: LayerSpec = {
  table: 'public.countries',
  geom: 'geom',
  srid: 4326,
  id: 't.id',
  attributes: {
    id: 't.id',
    name: 't.name',
    pop: 't.pop::float8',
    area: 't.area::float8',
    founded: 't.founded::text',
    tags: 't.tags::text',
    landlocked: 't.landlocked',
  },
};
const PLACES: LayerSpec = {
  table: 'public.places',
  geom: 'geom',
  srid: 3857,
  id: 't.id',
  attributes: { id: 't.id', name: 't.name', rank: 't.rank', score: 't.score' },
};
const RIVERS: LayerSpec = {
  table: 'public.rivers',
  geom: 'geom',
  srid: 3035,
  id: 't.gid',
  attributes: { gid: 't.gid::float8', kind: 't.kind' },
};
const ODD: LayerSpec = {
  table: '"My Schema"."Odd.Table Name"',
  geom: '"geo m"',
  srid: 4326,
  id: 't."ID"',
  attributes: { ID: 't."ID"', 'Label "quoted"': 't."Label ""quoted"""' },
};

function byId(features: DecodedFeature[]): Map<number, Record<string, unknown>> {
  return new Map(features.map((f) => [Number(f.id), f.properties]));
}

/** The decoded layer equals the ground truth: same ids, same attributes. */
async function assertLayerMatches(
  db: TestDatabase,
  tilery: Tilery,
  url: string,
  layerName: string,
  spec: LayerSpec,
  tile: { z: number; x: number; y: number },
  bufferFraction?: number,
): Promise<number> {
  const expected = await groundTruth(db, spec, tile, bufferFraction);
  const res = await get(tilery, url);
  if (expected.size === 0) {
    assert.ok(res.status === 204 || !res.layers[layerName], `${url}: expected no ${layerName} features`);
    return 0;
  }
  assert.equal(res.status, 200, `${url}: ${res.body.toString()}`);
  const layer = res.layers[layerName];
  assert.ok(layer, `${url}: layer ${layerName} missing (got ${Object.keys(res.layers)})`);
  assert.deepEqual(byId(layer.features), expected, `${url}: features differ from SQL ground truth`);
  return expected.size;
}

describe('pg_tileserv routes: tiles against SQL ground truth', () => {
  const world = useWorld();

  const tiles = [
    { z: 0, x: 0, y: 0 },
    { z: 1, x: 0, y: 0 },
    { z: 1, x: 1, y: 1 },
    { z: 3, x: 4, y: 2 },
    { z: 5, x: 16, y: 11 },
    { z: 8, x: 130, y: 90 },
    // the left and right edges of the world, where a buffered envelope must not wrap around
    { z: 3, x: 0, y: 3 },
    { z: 3, x: 7, y: 3 },
    { z: 6, x: 0, y: 31 },
    { z: 6, x: 63, y: 31 },
    { z: 2, x: 0, y: 2 },
    { z: 2, x: 3, y: 1 },
  ];

  for (const t of tiles) {
    test(`places (SRID 3857) ${t.z}/${t.x}/${t.y}`, async () => {
      await assertLayerMatches(world.db, world.tilery, `/public.places/${t.z}/${t.x}/${t.y}.pbf`, 'public.places', PLACES, t);
    });
    test(`countries (SRID 4326) ${t.z}/${t.x}/${t.y}`, async () => {
      await assertLayerMatches(world.db, world.tilery, `/public.countries/${t.z}/${t.x}/${t.y}.pbf`, 'public.countries', COUNTRIES, t);
    });
  }

  test('edge tiles really hold the edge features (the fixture is not vacuous)', async () => {
    const west = await get(world.tilery, '/public.places/6/0/31.pbf');
    assert.ok(byId(west.layers['public.places'].features).has(100001));
    assert.ok(!byId(west.layers['public.places'].features).has(100002), 'the east edge point must not wrap into the west tile');
    const east = await get(world.tilery, '/public.places/6/63/31.pbf');
    assert.ok(byId(east.layers['public.places'].features).has(100002));
    assert.ok(!byId(east.layers['public.places'].features).has(100001));
    const farwest = await get(world.tilery, '/public.countries/3/0/4.pbf');
    const names = farwest.layers['public.countries'].features.map((f) => f.properties.name);
    assert.deepEqual(names, ['Farwest']);
  });

  for (const t of [{ z: 0, x: 0, y: 0 }, { z: 4, x: 8, y: 5 }, { z: 5, x: 16, y: 10 }, { z: 7, x: 64, y: 44 }]) {
    test(`rivers (SRID 3035) ${t.z}/${t.x}/${t.y}`, async () => {
      const n = await assertLayerMatches(world.db, world.tilery, `/public.rivers/${t.z}/${t.x}/${t.y}.pbf`, 'public.rivers', RIVERS, t);
      if (t.z <= 5) assert.ok(n > 0, 'this tile was chosen to hold rivers');
    });
  }

  test('quoted, dotted, spaced, mixed-case names', async () => {
    const url = `/${encodeURIComponent('My Schema.Odd.Table Name')}/0/0/0.pbf`;
    const n = await assertLayerMatches(world.db, world.tilery, url, 'My Schema.Odd.Table Name', ODD, { z: 0, x: 0, y: 0 });
    assert.equal(n, 2);
  });

  test('3D geometries are tiled in 2D', async () => {
    const spec: LayerSpec = { table: 'public.peaks', geom: 'geom', srid: 4326, id: 't.id', attributes: { id: 't.id', name: 't.name' } };
    for (const t of [{ z: 0, x: 0, y: 0 }, { z: 4, x: 8, y: 5 }]) {
      const n = await assertLayerMatches(world.db, world.tilery, `/public.peaks/${t.z}/${t.x}/${t.y}.pbf`, 'public.peaks', spec, t);
      assert.ok(n >= 1);
    }
  });

  test('views and materialized views are layers; a view without key has no feature ids', async () => {
    const res = await get(world.tilery, '/public.top_places/2/1/1.pbf');
    assert.equal(res.status, 200);
    const expected = await world.db.query(
      `SELECT name, rank FROM public.top_places t
       WHERE ST_Intersects(t.geom, ST_Intersection(ST_TileEnvelope(2, 1, 1, margin => 256.0 / 4096), ST_TileEnvelope(0, 0, 0)))
       ORDER BY name`,
    );
    const got = res.layers['public.top_places'].features;
    assert.ok(got.every((f) => f.id === undefined));
    assert.deepEqual(
      got.map((f) => ({ name: f.properties.name, rank: f.properties.rank })).sort((a, b) => String(a.name).localeCompare(String(b.name))),
      expected.map((r) => ({ name: r.name, rank: r.rank })).sort((a, b) => String(a.name).localeCompare(String(b.name))),
    );
    const mv = await get(world.tilery, '/public.country_centers/0/0/0.pbf');
    assert.equal(mv.layers['public.country_centers'].features.length, 6);
  });

  test('a multi-layer tile holds each layer, each equal to its ground truth', async () => {
    const t = { z: 2, x: 2, y: 1 };
    const url = `/public.countries,public.places,public.rivers/${t.z}/${t.x}/${t.y}.pbf`;
    const res = await get(world.tilery, url);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.layers).sort(), ['public.countries', 'public.places', 'public.rivers']);
    for (const [name, spec] of [['public.countries', COUNTRIES], ['public.places', PLACES], ['public.rivers', RIVERS]] as const) {
      assert.deepEqual(byId(res.layers[name].features), await groundTruth(world.db, spec, t));
    }
    // The bytes are the concatenation of the single-layer tiles.
    const parts = await Promise.all(['public.countries', 'public.places', 'public.rivers'].map((l) => get(world.tilery, `/${l}/2/2/1.pbf`)));
    assert.deepEqual(res.body, Buffer.concat(parts.map((p) => p.body)));
  });

  test('properties chooses the attributes', async () => {
    const res = await get(world.tilery, '/public.places/3/4/2.pbf?properties=name,rank');
    const features = res.layers['public.places'].features;
    assert.ok(features.length > 0);
    for (const f of features) assert.deepEqual(Object.keys(f.properties).sort(), ['name', 'rank']);
    const expected = await groundTruth(world.db, { ...PLACES, attributes: { name: 't.name', rank: 't.rank' } }, { z: 3, x: 4, y: 2 });
    assert.deepEqual(byId(features), expected);
  });

  test('limit caps the features of each layer', async () => {
    const full = await get(world.tilery, '/public.places/1/0/0.pbf');
    assert.ok(full.layers['public.places'].features.length > 5);
    const res = await get(world.tilery, '/public.places/1/0/0.pbf?limit=5');
    const features = res.layers['public.places'].features;
    assert.equal(features.length, 5);
    const truth = await groundTruth(world.db, PLACES, { z: 1, x: 0, y: 0 });
    for (const f of features) assert.deepEqual(f.properties, truth.get(Number(f.id)));
    const none = await get(world.tilery, '/public.places/1/0/0.pbf?limit=0');
    assert.equal(none.status, 204);
  });

  test('resolution sets the layer extent', async () => {
    const res = await get(world.tilery, '/public.places/3/4/2.pbf?resolution=512');
    assert.equal(res.layers['public.places'].extent, 512);
    assert.deepEqual(byId(res.layers['public.places'].features), await groundTruth(world.db, PLACES, { z: 3, x: 4, y: 2 }, 256 / 512));
  });

  test('buffer widens or narrows what a tile holds', async () => {
    const t = { z: 4, x: 8, y: 7 };
    for (const buffer of [0, 64, 1024]) {
      const res = await get(world.tilery, `/public.places/${t.z}/${t.x}/${t.y}.pbf?buffer=${buffer}`);
      const expected = await groundTruth(world.db, PLACES, t, buffer / 4096);
      assert.deepEqual(byId(res.layers['public.places']?.features ?? []), expected, `buffer=${buffer}`);
    }
    const narrow = await get(world.tilery, `/public.places/4/8/7.pbf?buffer=0`);
    const wide = await get(world.tilery, `/public.places/4/8/7.pbf?buffer=1024`);
    assert.ok(wide.layers['public.places'].features.length > narrow.layers['public.places'].features.length);
  });

  test('an empty tile is a 204', async () => {
    const res = await get(world.tilery, '/public.empty_points/0/0/0.pbf');
    assert.equal(res.status, 204);
    assert.equal(res.body.length, 0);
  });

  test('tile responses carry the MVT type, a strong ETag and Cache-Control; If-None-Match gives 304', async () => {
    const res = await get(world.tilery, '/public.places/0/0/0.pbf');
    assert.equal(res.headers['content-type'], 'application/vnd.mapbox-vector-tile');
    assert.match(String(res.headers.etag), /^"[^"]+"$/);
    assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/);
    const again = await get(world.tilery, '/public.places/0/0/0.pbf', { 'if-none-match': String(res.headers.etag) });
    assert.equal(again.status, 304);
    const mvtAlias = await get(world.tilery, '/public.places/0/0/0.mvt');
    assert.deepEqual(mvtAlias.body, res.body);
  });
});
