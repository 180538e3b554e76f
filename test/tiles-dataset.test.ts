import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { groundTruth } from './helpers/ground-truth.ts';
import { get, useWorld } from './helpers/tilery.ts';

describe('catalog (dataset) routes', () => {
  const world = useWorld();

  for (const prefix of ['/tiles/public', '/tiles/catalogs/public']) {
    test(`${prefix}/tiles/{z}/{x}/{y}.mvt: layers named by collection, equal to ground truth`, async () => {
      const t = { z: 2, x: 2, y: 1 };
      const res = await get(world.tilery, `${prefix}/tiles/${t.z}/${t.x}/${t.y}.mvt?collections=places,countries`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/vnd.mapbox-vector-tile');
      assert.deepEqual(Object.keys(res.layers).sort(), ['countries', 'places']);
      const places = await groundTruth(world.db, { table: 'public.places', geom: 'geom', srid: 3857, id: 't.id', attributes: { id: 't.id', name: 't.name', rank: 't.rank', score: 't.score' } }, t);
      assert.deepEqual(new Map(res.layers.places.features.map((f) => [Number(f.id), f.properties])), places);
      const countries = await groundTruth(world.db, { table: 'public.countries', geom: 'geom', srid: 4326, id: 't.id', attributes: {} }, t);
      assert.deepEqual(res.layers.countries.features.map((f) => Number(f.id)).sort(), [...countries.keys()].sort());
    });
  }

  test('the same tile through both families holds the same features', async () => {
    const a = await get(world.tilery, '/tiles/public/tiles/3/4/2.mvt?collections=places&properties=name');
    const b = await get(world.tilery, '/public.places/3/4/2.pbf?properties=name');
    assert.deepEqual(a.layers.places.features, b.layers['public.places'].features);
  });

  test('a dataset with odd names', async () => {
    const res = await get(world.tilery, `/tiles/${encodeURIComponent('My Schema')}/tiles/0/0/0.mvt?collections=${encodeURIComponent('Odd.Table Name')}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.layers['Odd.Table Name'].features.map((f) => f.id).sort(), [1, 2]);
  });

  test('collections is required and must name collections of the dataset (400)', async () => {
    const missing = await get(world.tilery, '/tiles/public/tiles/0/0/0.mvt');
    assert.equal(missing.status, 400);
    assert.equal(missing.json().parameter, 'collections');
    const unknown = await get(world.tilery, '/tiles/public/tiles/0/0/0.mvt?collections=places,nope');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json().parameter, 'collections');
    assert.match(unknown.json().description, /nope/);
    const otherDataset = await get(world.tilery, '/tiles/hidden/tiles/0/0/0.mvt?collections=places');
    assert.equal(otherDataset.status, 400);
  });

  test('unknown dataset (404), bad format (400), out-of-range tile (404)', async () => {
    assert.equal((await get(world.tilery, '/tiles/nowhere/tiles/0/0/0.mvt?collections=places')).status, 404);
    const png = await get(world.tilery, '/tiles/public/tiles/0/0/0.png?collections=places');
    assert.equal(png.status, 400);
    assert.equal(png.json().parameter, 'format');
    assert.equal((await get(world.tilery, '/tiles/public/tiles/1/2/0.mvt?collections=places')).status, 404);
  });
});
