import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config/index.ts';
import { createTilery, type Tilery } from '../src/index.ts';
import type { TestDatabase } from './harness/db.ts';
import { countingEngine, createWorldDatabase, get } from './helpers/tilery.ts';

describe('tile pipeline', () => {
  let db: TestDatabase;
  let engine: ReturnType<typeof countingEngine>;
  let tilery: Tilery;
  before(async () => {
    db = await createWorldDatabase();
    engine = countingEngine(db.readerUrl);
    const config = loadConfig({ flags: { database_url: db.readerUrl, log_level: 'silent', catalog: { refresh_interval_s: 0 } } });
    tilery = await createTilery(config, { engine });
  });
  after(async () => {
    await tilery?.close();
    await db?.drop();
  });

  test('concurrent requests for one tile share one generation', async () => {
    engine.tileQueries = 0;
    const responses = await Promise.all(Array.from({ length: 12 }, () => get(tilery, '/public.places,public.countries/1/1/0.pbf')));
    assert.equal(engine.tileQueries, 2, 'one query per layer, not per request');
    for (const r of responses) {
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, responses[0].body);
    }
  });

  test('requests that differ in a parameter are generated separately', async () => {
    engine.tileQueries = 0;
    await Promise.all([
      get(tilery, '/public.places/2/1/1.pbf'),
      get(tilery, '/public.places/2/1/1.pbf?limit=3'),
      get(tilery, '/public.places/2/1/1.pbf?properties=name'),
      get(tilery, '/tiles/public/tiles/2/1/1.mvt?collections=places'),
    ]);
    assert.equal(engine.tileQueries, 4);
  });

  test('a failed generation is not shared with later requests', async () => {
    await db.query(`CREATE TABLE public.flaky (id integer PRIMARY KEY, geom geometry(Point, 4326));
      INSERT INTO public.flaky VALUES (1, 'SRID=4326;POINT(1 1)');
      GRANT SELECT ON public.flaky TO "${db.readerRole}"`);
    await tilery.catalog.refresh();
    await db.query(`REVOKE SELECT ON public.flaky FROM "${db.readerRole}"`);
    // tilery's own role may no longer read it: the catalog is read again, and the layer is gone
    const refused = await get(tilery, '/public.flaky/0/0/0.pbf');
    assert.equal(refused.status, 404);
    assert.equal(refused.json().code, 'unknown_collection');
    assert.equal(tilery.catalog.current().collections.has('public.flaky'), false);
    await db.query(`GRANT SELECT ON public.flaky TO "${db.readerRole}"`);
    await tilery.catalog.refresh();
    assert.equal((await get(tilery, '/public.flaky/0/0/0.pbf')).status, 200);
  });
});
