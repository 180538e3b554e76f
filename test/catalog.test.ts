import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import { discoverCollections } from '../src/catalog/index.ts';

import { createWorldDatabase, get, startTilery, useWorld } from './helpers/tilery.ts';

const PUBLISHED = [
  'My Schema.Odd.Table Name',
  'hidden.stuff',
  'public.countries',
  'public.country_centers',
  'public.empty_points',
  'public.events',
  'public.peaks',
  'public.places',
  'public.rivers',
  'public.top_places',
];

describe('catalog discovery', () => {
  const world = useWorld({ admin_token: 'sesame' });

  test('publishes exactly the typed, SRID-declared, readable relations', async () => {
    const res = await get(world.tilery, '/index.json');
    assert.equal(res.status, 200);
    const index = res.json();
    assert.deepEqual(Object.keys(index).sort(), PUBLISHED);
    // untyped geometry, geometry without SRID, and a table without SELECT grant are not layers
    for (const id of ['public.untyped', 'public.no_srid', 'public.secret']) assert.ok(!(id in index), id);
    const entry = index['public.countries'];
    assert.equal(entry.id, 'public.countries');
    assert.equal(entry.schema, 'public');
    assert.equal(entry.name, 'countries');
    assert.equal(entry.description, 'Country-like test polygons');
    assert.equal(entry.detailurl, 'http://localhost:80/public.countries.json');
  });

  test('excluded and included schemas', async () => {
    const excluded = await startTilery(world.db, { catalog: { exclude_schemas: ['hidden'] } });
    try {
      const ids = Object.keys((await get(excluded, '/index.json')).json());
      assert.ok(!ids.includes('hidden.stuff'));
      assert.ok(ids.includes('public.places'));
      assert.equal((await get(excluded, '/hidden.stuff/0/0/0.pbf')).status, 404);
    } finally {
      await excluded.close();
    }
    const included = await startTilery(world.db, { catalog: { include_schemas: ['My Schema'] } });
    try {
      assert.deepEqual(Object.keys((await get(included, '/index.json')).json()), ['My Schema.Odd.Table Name']);
    } finally {
      await included.close();
    }
  });

  test('layer JSON fields equal what the database says', async () => {
    const res = await get(world.tilery, '/public.countries.json');
    assert.equal(res.status, 200);
    const layer = res.json();
    assert.equal(layer.id, 'public.countries');
    assert.equal(layer.schema, 'public');
    assert.equal(layer.name, 'countries');
    assert.equal(layer.geometrytype, 'MultiPolygon');
    assert.equal(layer.srid, 4326);
    assert.equal(layer.idcolumn, 'id');
    assert.equal(layer.description, 'Country-like test polygons');
    assert.equal(layer.minzoom, 0);
    assert.equal(layer.maxzoom, 22);
    assert.equal(layer.tileurl, 'http://localhost:80/public.countries/{z}/{x}/{y}.pbf');

    const [extent] = await world.db.query(
      'SELECT ST_XMin(e) AS minx, ST_YMin(e) AS miny, ST_XMax(e) AS maxx, ST_YMax(e) AS maxy FROM (SELECT ST_Extent(geom) AS e FROM public.countries) s',
    );
    const expected = [extent.minx, extent.miny, extent.maxx, extent.maxy];
    layer.bounds.forEach((v: number, i: number) => assert.ok(Math.abs(v - expected[i]) < 1e-9, `bounds[${i}]`));
    assert.ok(Math.abs(layer.center[0] - (expected[0] + expected[2]) / 2) < 1e-9);
    assert.ok(Math.abs(layer.center[1] - (expected[1] + expected[3]) / 2) < 1e-9);

    const columns = await world.db.query(
      `SELECT a.attname::text AS name, t.typname::text AS type, COALESCE(col_description(a.attrelid, a.attnum), '') AS description
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = 'public.countries'::regclass AND a.attnum > 0 AND NOT a.attisdropped AND t.typname <> 'geometry'
       ORDER BY a.attnum`,
    );
    assert.deepEqual(layer.properties, columns);
    assert.equal(layer.properties.find((p: { name: string }) => p.name === 'name').description, 'Common name');

    assert.deepEqual(layer.links, [
      {
        key: 'vector_tiles',
        href: '/tiles/public/tiles/{z}/{x}/{y}.mvt?collections=countries',
        title: 'Vector Tiles (MVT)',
        media_type: 'application/vnd.mapbox-vector-tile',
        roles: ['tiles'],
      },
    ]);
  });

  test('bounds of a projected layer are in WGS84 and contain its data', async () => {
    const layer = (await get(world.tilery, '/public.rivers.json')).json();
    const [e] = await world.db.query(
      `SELECT ST_XMin(e) AS minx, ST_YMin(e) AS miny, ST_XMax(e) AS maxx, ST_YMax(e) AS maxy
       FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) AS e FROM public.rivers) s`,
    );
    assert.equal(layer.srid, 3035);
    assert.equal(layer.geometrytype, 'LineString');
    assert.equal(layer.idcolumn, 'gid');
    assert.ok(layer.bounds[0] <= e.minx && layer.bounds[1] <= e.miny && layer.bounds[2] >= e.maxx && layer.bounds[3] >= e.maxy);
    assert.ok(e.minx - layer.bounds[0] < 1 && layer.bounds[2] - e.maxx < 1, 'bounds are tight');
  });

  test('a layer with odd names, an empty layer and a view', async () => {
    const odd = (await get(world.tilery, `/${encodeURIComponent('My Schema.Odd.Table Name')}.json`)).json();
    assert.equal(odd.schema, 'My Schema');
    assert.equal(odd.name, 'Odd.Table Name');
    assert.equal(odd.geometrycolumn, 'geo m');
    assert.equal(odd.idcolumn, 'ID');
    assert.deepEqual(odd.properties.map((p: { name: string }) => p.name), ['ID', 'Label "quoted"']);
    assert.equal(odd.tileurl, 'http://localhost:80/My%20Schema.Odd.Table%20Name/{z}/{x}/{y}.pbf');
    assert.equal(odd.links[0].href, '/tiles/My%20Schema/tiles/{z}/{x}/{y}.mvt?collections=Odd.Table%20Name');

    const empty = (await get(world.tilery, '/public.empty_points.json')).json();
    assert.deepEqual(empty.bounds, [-180, -85.0511287798066, 180, 85.0511287798066]);

    const view = (await get(world.tilery, '/public.top_places.json')).json();
    assert.equal(view.idcolumn, null);
    assert.equal(view.description, 'Places of rank 8 and 9');
  });

  test('links honour X-Forwarded-* and the configured public URL', async () => {
    const res = await get(world.tilery, '/public.places.json', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'maps.example.org' });
    assert.equal(res.json().tileurl, 'https://maps.example.org/public.places/{z}/{x}/{y}.pbf');
    const withBase = await startTilery(world.db, { public_url: 'https://tiles.example.com/base/' });
    try {
      assert.equal((await get(withBase, '/public.places.json')).json().tileurl, 'https://tiles.example.com/base/public.places/{z}/{x}/{y}.pbf');
    } finally {
      await withBase.close();
    }
  });

  test('a table created or dropped while the server runs appears or disappears on refresh', async () => {
    await world.db.query(`CREATE TABLE public.late (id integer PRIMARY KEY, label text, geom geometry(Point, 4326));
      INSERT INTO public.late VALUES (7, 'late one', ST_SetSRID(ST_MakePoint(10.5, 20.5), 4326));
      GRANT SELECT ON public.late TO "${world.db.readerRole}"`);
    assert.equal((await get(world.tilery, '/public.late/0/0/0.pbf')).status, 404);

    const refused = await world.tilery.app.inject({ method: 'POST', url: '/admin/refresh' });
    assert.equal(refused.statusCode, 401);
    const wrong = await world.tilery.app.inject({ method: 'POST', url: '/admin/refresh', headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.statusCode, 401);
    const ok = await world.tilery.app.inject({ method: 'POST', url: '/admin/refresh', headers: { authorization: 'Bearer sesame' } });
    assert.equal(ok.statusCode, 200);

    const tile = await get(world.tilery, '/public.late/0/0/0.pbf');
    assert.equal(tile.status, 200);
    assert.deepEqual(tile.layers['public.late'].features.map((f) => [f.id, f.properties.label]), [[7, 'late one']]);

    await world.db.query('DROP TABLE public.late');
    await world.tilery.app.inject({ method: 'POST', url: '/admin/refresh', headers: { authorization: 'Bearer sesame' } });
    assert.equal((await get(world.tilery, '/public.late/0/0/0.pbf')).status, 404);
  });

  test('the catalog also refreshes on its own interval', async () => {
    const polling = await startTilery(world.db, { catalog: { refresh_interval_s: 1 } });
    try {
      await world.db.query(`CREATE TABLE public.polled (id integer PRIMARY KEY, geom geometry(Point, 4326));
        GRANT SELECT ON public.polled TO "${world.db.readerRole}"`);
      const deadline = Date.now() + 10_000;
      let ids: string[] = [];
      while (Date.now() < deadline) {
        ids = Object.keys((await get(polling, '/index.json')).json());
        if (ids.includes('public.polled')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(ids.includes('public.polled'), 'the new table was published without a restart');
    } finally {
      await polling.close();
      await world.db.query('DROP TABLE public.polled');
    }
  });

  test('the admin refresh route is refused when no admin token is configured', async () => {
    const open = await startTilery(world.db);
    try {
      const res = await open.app.inject({ method: 'POST', url: '/admin/refresh', headers: { authorization: 'Bearer anything' } });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'admin_token_not_configured');
    } finally {
      await open.close();
    }
  });
});

describe('what is not published is said in the log, once, with the reason', () => {
  test('a bare geometry, a geometry without SRID, a table without SELECT; a function without EXECUTE, an unsupported signature', async () => {
    const db = await createWorldDatabase();
    const lines: Array<Record<string, unknown>> = [];
    try {
      await db.query(`CREATE FUNCTION public.fn_unnamed(z integer, x integer, y integer, integer) RETURNS bytea LANGUAGE sql AS $$ SELECT NULL::bytea $$`);
      await db.query(`CREATE FUNCTION public.fn_secret(z integer, x integer, y integer) RETURNS bytea LANGUAGE sql AS $$ SELECT NULL::bytea $$`);
      await db.query(`REVOKE EXECUTE ON FUNCTION public.fn_secret(integer, integer, integer) FROM PUBLIC`);
      const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      const tilery = await startTilery(db, {}, { logger });
      try {
        await tilery.catalog.refresh();
        const said = lines.filter((l) => String(l.msg).startsWith('not published:'));
        const reason = (what: string) => said.filter((l) => l.relation === what || l.function === what).map((l) => String(l.reason));
        assert.match(reason('public.untyped').join(), /no geometry column with a declared type and SRID/);
        assert.match(reason('public.no_srid').join(), /no geometry column with a declared type and SRID/);
        assert.match(reason('public.secret').join(), /no privilege: the role may not SELECT it/);
        assert.match(reason('public.fn_secret').join(), /no privilege: the role may not EXECUTE it/);
        assert.match(reason('public.fn_unnamed').join(), /unsupported signature/);
        // published layers are not among them, and a second reading says nothing again
        assert.deepEqual(reason('public.places'), []);
        assert.equal(new Set(said.map((l) => l.msg)).size, said.length);
      } finally {
        await tilery.close();
      }
    } finally {
      await db.drop();
    }
  });
});

describe('bounds of large tables come from statistics', () => {
  test('estimated bounds contain the data, in WGS84, for every SRID', async () => {
    const db = await createWorldDatabase();
    const engine = await db.readerEngine();
    try {
      const options = { includeSchemas: ['public'], excludeSchemas: [], defaultMinzoom: 0, defaultMaxzoom: 22 };
      const exact = new Map((await discoverCollections(engine, options)).map((c) => [c.id, c.bounds]));
      const estimated = new Map((await discoverCollections(engine, { ...options, estimateBoundsAboveRows: 0 })).map((c) => [c.id, c.bounds]));
      for (const id of ['public.countries', 'public.places', 'public.rivers']) {
        const [e, x] = [estimated.get(id)!, exact.get(id)!];
        assert.ok(e[0] <= x[0] + 1e-6 && e[1] <= x[1] + 1e-6 && e[2] >= x[2] - 1e-6 && e[3] >= x[3] - 1e-6, `${id}: ${e} contains ${x}`);
        assert.ok(e[2] - e[0] < (x[2] - x[0]) * 1.5 + 5, `${id}: ${e} is not far larger than ${x}`);
      }
    } finally {
      await engine.close();
      await db.drop();
    }
  });
});
