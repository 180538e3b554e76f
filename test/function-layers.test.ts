// Function layers: functions `(z, x, y[, query_params json])` returning bytea, made in
// the test's own database, tiled through every route family and compared with plain SQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tilery } from '../src/index.ts';
import { installTriggers } from '../src/freshness/index.ts';
import type { TestDatabase } from './harness/db.ts';
import { functionLayersSql, LABEL_FN, namedTruth, PLACES_FN, placesTruth, PNG_HEX } from './helpers/function-layers.ts';
import { groundTruth, type LayerSpec } from './helpers/ground-truth.ts';
import { createWorldDatabase, get, startTilery, type DecodedFeature } from './helpers/tilery.ts';

const ADMIN = { authorization: 'Bearer sesame' };

function byId(features: DecodedFeature[]): Map<number, Record<string, unknown>> {
  return new Map(features.map((f) => [Number(f.id), f.properties]));
}

describe('function layers', () => {
  let db: TestDatabase;
  let tilery: Tilery;

  before(async () => {
    db = await createWorldDatabase();
    for (const sql of functionLayersSql(db.readerRole)) await db.query(sql);
    tilery = await startTilery(db, { admin_token: 'sesame', cache: { storage_priority: ['pg'] } });
  });
  after(async () => {
    await tilery?.close();
    await db?.drop();
  });

  describe('discovery and listing', () => {
    test('/index.json lists the functions the role may execute as type "function", tables as "table"', async () => {
      const index = (await get(tilery, '/index.json')).json();
      assert.deepEqual(index[PLACES_FN], {
        type: 'function',
        id: PLACES_FN,
        schema: 'public',
        name: 'places_by_prefix',
        description: 'Places whose name starts with name_prefix',
        detailurl: `http://localhost:80/${encodeURIComponent(PLACES_FN)}.json`,
        // what a function reads is unknown: its tiles live a bounded time
        freshness: 'untracked',
        max_age: 60,
        arguments: [{ name: 'query_params', type: 'json', default: "'{}'::json" }],
      });
      for (const id of ['public.places_jsonb', 'public.echo', 'public.overloaded', 'public.nothing', LABEL_FN]) {
        assert.equal(index[id]?.type, 'function', id);
      }
      assert.equal(index['public.places'].type, 'table');
      for (const absent of ['public.secret_fn', 'public.big_zoom', 'public.texty', 'public.unnamed_extra', 'public.test_mvt_layer', 'public.st_asmvt']) {
        assert.equal(index[absent], undefined, `${absent} is not a layer`);
      }
      const functions = Object.values(index).filter((l: any) => l.type === 'function').map((l: any) => l.id).sort();
      assert.deepEqual(
        functions,
        [LABEL_FN, 'public.echo', 'public.nothing', 'public.overloaded', 'public.picky', PLACES_FN, 'public.places_jsonb', 'public.places_named', 'public.needs_level', 'public.raster_png', 'public.levelled'].sort(),
      );
    });

    test('/{fn}.json gives the arguments after z, x, y, the zooms and the tile URL', async () => {
      const doc = (await get(tilery, `/${PLACES_FN}.json`)).json();
      assert.equal(doc.type, 'function');
      assert.equal(doc.id, PLACES_FN);
      assert.equal(doc.schema, 'public');
      assert.equal(doc.name, 'places_by_prefix');
      assert.equal(doc.description, 'Places whose name starts with name_prefix');
      assert.deepEqual(doc.arguments, [{ name: 'query_params', type: 'json', default: "'{}'::json" }]);
      assert.equal(doc.minzoom, 0);
      assert.equal(doc.maxzoom, 22);
      assert.equal(doc.tileurl, `http://localhost:80/${encodeURIComponent(PLACES_FN)}/{z}/{x}/{y}.pbf`);
      assert.equal(doc.properties, undefined);
      assert.deepEqual((await get(tilery, '/public.places_jsonb.json')).json().arguments, [{ name: 'params', type: 'jsonb', default: null }]);
      assert.deepEqual((await get(tilery, `/${encodeURIComponent(LABEL_FN)}.json`)).json().arguments, []);
      assert.deepEqual((await get(tilery, '/public.overloaded.json')).json().arguments, [{ name: 'query_params', type: 'json', default: null }]);
      assert.equal((await get(tilery, '/public.secret_fn.json')).status, 404);
    });

    test('/collections lists them with tiles links and no queryables; their queryables are empty', async () => {
      const { collections } = (await get(tilery, '/collections')).json();
      const fn = collections.find((c: any) => c.id === PLACES_FN);
      assert.ok(fn, 'listed');
      assert.equal(fn.description, 'Places whose name starts with name_prefix');
      assert.equal(fn.layerType, 'function');
      assert.ok(fn.links.some((l: any) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector'));
      assert.ok(fn.links.some((l: any) => l.key === 'vector_tiles' && l.href === '/tiles/public/tiles/{z}/{x}/{y}.mvt?collections=places_by_prefix'));
      assert.ok(!fn.links.some((l: any) => String(l.href).endsWith('/queryables')));
      assert.ok(!collections.some((c: any) => c.id === 'public.secret_fn'));
      const one = (await get(tilery, `/collections/${PLACES_FN}`)).json();
      assert.equal(one.id, PLACES_FN);
      const queryables = (await get(tilery, `/collections/${PLACES_FN}/queryables`)).json();
      assert.deepEqual(queryables.properties, {});
      assert.equal((await get(tilery, `/collections/${PLACES_FN}?f=html`)).status, 200);
      const tilejson = (await get(tilery, `/collections/${PLACES_FN}/tiles/WebMercatorQuad?f=tilejson`)).json();
      assert.deepEqual(tilejson.vector_layers.map((l: any) => l.id), [PLACES_FN]);
    });

    test('a function layer has tilesets in WebMercatorQuad only', async () => {
      const { tilesets } = (await get(tilery, `/collections/${PLACES_FN}/tiles`)).json();
      assert.deepEqual(tilesets.map((t: any) => t.title), [`places_by_prefix (WebMercatorQuad)`]);
      const tileset = await get(tilery, `/collections/${PLACES_FN}/tiles/WebMercatorQuad`);
      assert.equal(tileset.status, 200);
      assert.equal(tileset.json().layers[0].id, PLACES_FN);
      const other = await get(tilery, `/collections/${PLACES_FN}/tiles/WorldCRS84Quad`);
      assert.equal(other.status, 404);
      assert.equal(other.json().code, 'function_layer_tms');
      assert.match(other.json().description, /public\.places_by_prefix.*WebMercatorQuad only.*WorldCRS84Quad/);
      // the dataset's tilesets, all collections: both sets, functions left out of the other one
      const dataset = (await get(tilery, '/tiles')).json();
      assert.ok(dataset.tilesets.some((t: any) => t.title.includes('WorldCRS84Quad')));
      const crs84 = (await get(tilery, '/tiles/WorldCRS84Quad')).json();
      assert.ok(crs84.layers.some((l: any) => l.id === 'public.places') && !crs84.layers.some((l: any) => l.id === PLACES_FN));
    });

    test('freshness triggers skip function layers, saying how their tiles are retired', async () => {
      const engine = await db.adminEngine();
      try {
        const fn = tilery.catalog.current().collections.get(PLACES_FN);
        assert.equal(fn?.kind, 'function');
        const report = await installTriggers(engine, [fn!]);
        assert.deepEqual(report.installed, []);
        assert.equal(report.skipped[0].collection, PLACES_FN);
        assert.match(report.skipped[0].reason, /function layer.*bounded time/);
      } finally {
        await engine.close();
      }
    });
  });

  describe('tiles', () => {
    const tiles = [
      { z: 0, x: 0, y: 0 },
      { z: 2, x: 1, y: 1 },
      { z: 3, x: 5, y: 2 },
    ];
    for (const t of tiles) {
      for (const prefix of [null, 'place 4', 'place 53', 'place 23']) {
        test(`places_by_prefix ${t.z}/${t.x}/${t.y} name_prefix=${prefix} equals its SQL ground truth`, async () => {
          const expected = await placesTruth(db, t, prefix);
          if (prefix === null || prefix === 'place 4') assert.ok(expected.size > 0, 'chosen to hold features');
          const query = prefix === null ? '' : `?name_prefix=${encodeURIComponent(prefix)}`;
          const res = await get(tilery, `/${PLACES_FN}/${t.z}/${t.x}/${t.y}.pbf${query}`);
          if (expected.size === 0) {
            assert.equal(res.status, 204, res.body.toString());
            return;
          }
          assert.equal(res.status, 200, res.body.toString());
          assert.deepEqual(Object.keys(res.layers), [PLACES_FN]);
          assert.deepEqual(byId(res.layers[PLACES_FN].features), expected);
        });
      }
    }

    test('the fixture is not vacuous: prefixes select different, non-empty sets', async () => {
      const all = await placesTruth(db, { z: 0, x: 0, y: 0 }, null);
      const some = await placesTruth(db, { z: 0, x: 0, y: 0 }, 'place 1');
      assert.ok(some.size > 10 && all.size > some.size);
      const a = await get(tilery, `/${PLACES_FN}/0/0/0.pbf?name_prefix=place%201`);
      const b = await get(tilery, `/${PLACES_FN}/0/0/0.pbf?name_prefix=place%202`);
      assert.notDeepEqual(a.body, b.body);
    });

    test('the function is given z/x/y of the tile and the parameters that are not tilery\'s own', async () => {
      const res = await get(
        tilery,
        '/public.echo/3/5/2.pbf?b=2&a=%C3%A9t%C3%A9&tag=x&tag=y&disable_cache=true&refresh_cache=false&f=mvt&api_key=k&collections=z&empty=',
      );
      assert.equal(res.status, 200, res.body.toString());
      const [feature] = res.layers['public.echo'].features;
      assert.equal(feature.properties.tz, 3);
      assert.equal(feature.properties.tx, 5);
      assert.equal(feature.properties.ty, 2);
      assert.deepEqual(JSON.parse(String(feature.properties.params)), { a: 'été', b: '2', empty: '', tag: ['x', 'y'] });
      const none = await get(tilery, '/public.echo/0/0/0.pbf');
      assert.equal(none.layers['public.echo'].features[0].properties.params, '{}');
    });

    test('parameters the function refuses (a failed cast, an exception it raises) are a 400 naming query_params', async () => {
      assert.equal((await get(tilery, '/public.picky/0/0/0.pbf?min_rank=3')).status, 204);
      for (const [value, message] of [
        ['abc', /invalid input syntax for type integer/],
        ['12', /min_rank must be at most 9/],
      ] as const) {
        const res = await get(tilery, `/public.picky/0/0/0.pbf?min_rank=${value}`);
        assert.equal(res.status, 400, value);
        assert.equal(res.json().code, 'invalid_parameter');
        assert.equal(res.json().parameter, 'query_params');
        assert.match(res.json().description, message);
      }
    });

    test('jsonb query_params and other argument names work alike', async () => {
      const t = { z: 2, x: 1, y: 1 };
      const res = await get(tilery, `/public.places_jsonb/${t.z}/${t.x}/${t.y}.pbf?name_prefix=place%2035`);
      assert.equal(res.status, 200);
      const expected = await placesTruth(db, t, 'place 35');
      assert.ok(expected.size > 0);
      assert.deepEqual(byId(res.layers['public.places_jsonb'].features), expected);
    });

    test('a (z, x, y) function with a quoted, dotted, spaced name: a tile of its own address', async () => {
      const res = await get(tilery, `/${encodeURIComponent(LABEL_FN)}/4/9/6.pbf`);
      assert.equal(res.status, 200, res.body.toString());
      assert.deepEqual(res.layers.label.features.map((f) => f.properties), [{ tz: 4, tx: 9, ty: 6 }]);
      // its parameters are not the function's: they neither reach it nor split the cache
      const again = await get(tilery, `/${encodeURIComponent(LABEL_FN)}/4/9/6.pbf?foo=bar`);
      assert.equal(again.headers['x-tile-cache'], 'hit');
      assert.deepEqual(again.body, res.body);
      const catalog = await get(tilery, `/tiles/${encodeURIComponent('My Schema')}/tiles/4/9/6.mvt?collections=${encodeURIComponent('Tile "label".v1')}`);
      assert.deepEqual(catalog.body, res.body);
    });

    test('of overloads, the one taking query_params is the layer', async () => {
      const res = await get(tilery, '/public.overloaded/0/0/0.pbf');
      assert.deepEqual(res.layers['public.overloaded'].features.map((f) => f.properties.form), ['four']);
    });

    test('a NULL tile is a 204, and adds no layer to a multi-layer tile', async () => {
      assert.equal((await get(tilery, '/public.nothing/0/0/0.pbf')).status, 204);
      const both = await get(tilery, '/public.nothing,public.echo/0/0/0.pbf');
      assert.deepEqual(Object.keys(both.layers), ['public.echo']);
    });

    test('a multi-layer tile mixes tables and functions, each equal to its ground truth, in request order', async () => {
      const t = { z: 2, x: 2, y: 1 };
      const countries: LayerSpec = {
        table: 'public.countries',
        geom: 'geom',
        srid: 4326,
        id: 't.id',
        attributes: { id: 't.id', name: 't.name', pop: 't.pop::float8', area: 't.area::float8', founded: 't.founded::text', tags: 't.tags::text', landlocked: 't.landlocked' },
      };
      const url = `/public.countries,${PLACES_FN}/${t.z}/${t.x}/${t.y}.pbf?name_prefix=place%2041&filter=name%20%3D%20%27Eastland%27`;
      const res = await get(tilery, url);
      assert.equal(res.status, 200, res.body.toString());
      assert.deepEqual(Object.keys(res.layers), ['public.countries', PLACES_FN]);
      // the filter applies to the table only; the function takes name_prefix
      const truth = await groundTruth(db, countries, t);
      const eastland = new Map([...truth].filter(([, p]) => p.name === 'Eastland'));
      assert.equal(eastland.size, 1);
      assert.deepEqual(byId(res.layers['public.countries'].features), eastland);
      assert.deepEqual(byId(res.layers[PLACES_FN].features), await placesTruth(db, t, 'place 41'));
      const fnOnly = await get(tilery, `/${PLACES_FN}/${t.z}/${t.x}/${t.y}.pbf?name_prefix=place%2041`);
      const tableOnly = await get(tilery, `/public.countries/${t.z}/${t.x}/${t.y}.pbf?filter=name%20%3D%20%27Eastland%27`);
      assert.deepEqual(res.body, Buffer.concat([tableOnly.body, fnOnly.body]));
    });

    test('on the catalog routes, by name in collections=', async () => {
      const t = { z: 3, x: 5, y: 2 };
      const res = await get(tilery, `/tiles/public/tiles/${t.z}/${t.x}/${t.y}.mvt?collections=places_by_prefix,places&name_prefix=place%2051`);
      assert.equal(res.status, 200, res.body.toString());
      const expected = await placesTruth(db, t, 'place 51');
      assert.ok(expected.size > 0);
      assert.deepEqual(byId(res.layers[PLACES_FN].features), expected);
      assert.ok(res.layers.places.features.length > 0, 'the table layer, named by name on these routes');
    });

    test('on the OGC routes, in WebMercatorQuad', async () => {
      const t = { z: 2, x: 1, y: 1 };
      const res = await get(tilery, `/collections/${PLACES_FN}/tiles/WebMercatorQuad/${t.z}/${t.y}/${t.x}?name_prefix=place%2033`);
      assert.equal(res.status, 200, res.body.toString());
      const expected = await placesTruth(db, t, 'place 33');
      assert.ok(expected.size > 0);
      assert.deepEqual(byId(res.layers[PLACES_FN].features), expected);
    });

    test('in any other tile matrix set: a 404 naming the collection', async () => {
      for (const url of [
        `/collections/${PLACES_FN}/tiles/WorldCRS84Quad/0/0/0`,
        '/tiles/public/tiles/WorldCRS84Quad/0/0/0.mvt?collections=places_by_prefix',
        `/tiles/WorldCRS84Quad/0/0/0?collections=public.places,${PLACES_FN}`,
      ]) {
        const res = await get(tilery, url);
        assert.equal(res.status, 404, url);
        assert.equal(res.json().code, 'function_layer_tms', url);
        assert.match(res.json().description, /"public\.places_by_prefix" is a function layer/, url);
      }
      // the whole dataset in another set: its tables, without the functions
      const dataset = await get(tilery, '/tiles/WorldCRS84Quad/0/0/0');
      assert.equal(dataset.status, 200);
      assert.ok('public.places' in dataset.layers && !(PLACES_FN in dataset.layers));
    });

    test('table-only parameters on a tile of function layers only: a 400 naming the parameter', async () => {
      for (const [query, parameter] of [
        ['filter=rank%20%3D%201', 'filter'],
        ['properties=name', 'properties'],
        ['datetime=2020-01-01', 'datetime'],
        ['subset=rank(1)', 'subset'],
        ['limit=5', 'limit'],
        ['resolution=512', 'resolution'],
        ['buffer=0', 'buffer'],
        ['simplification=10', 'simplification'],
      ]) {
        for (const path of [`/${PLACES_FN}/0/0/0.pbf`, '/tiles/public/tiles/0/0/0.mvt?collections=places_by_prefix,echo']) {
          const url = `${path}${path.includes('?') ? '&' : '?'}${query}`;
          const res = await get(tilery, url);
          assert.equal(res.status, 400, url);
          assert.equal(res.json().code, 'invalid_parameter');
          assert.equal(res.json().parameter, parameter, url);
          assert.match(res.json().description, /function layer/);
        }
      }
    });
  });

  describe('named arguments (pg_tileserv) and other media types', () => {
    const NAMED = 'public.places_named';

    test('the layer JSON and the index list each argument after z, x, y with its type and default', async () => {
      const args = [
        { name: 'name_prefix', type: 'text', default: "'place 1'::text" },
        { name: 'min_rank', type: 'integer', default: '0' },
      ];
      assert.deepEqual((await get(tilery, `/${NAMED}.json`)).json().arguments, args);
      assert.deepEqual((await get(tilery, '/index.json')).json()[NAMED].arguments, args);
      assert.deepEqual((await get(tilery, '/public.needs_level.json')).json().arguments, [{ name: 'level', type: 'integer', default: null }]);
    });

    const t = { z: 0, x: 0, y: 0 };
    for (const [query, prefix, minRank] of [
      ['', 'place 1', 0],
      ['?name_prefix=place%202', 'place 2', 0],
      ['?name_prefix=place&min_rank=3', 'place', 3],
      ['?min_rank=2&other=ignored', 'place 1', 2],
    ] as const) {
      test(`each argument is the query parameter of its name, its default when absent: ${query || '(none)'}`, async () => {
        const expected = await namedTruth(db, t, prefix, minRank);
        assert.ok(expected.size > 0, 'chosen to hold features');
        const res = await get(tilery, `/${NAMED}/${t.z}/${t.x}/${t.y}.pbf${query}`);
        assert.equal(res.status, 200, res.body.toString());
        assert.deepEqual(byId(res.layers[NAMED].features), expected);
      });
    }

    test('the filter is not vacuous, and parameters it does not declare neither reach it nor split the cache', async () => {
      const all = await namedTruth(db, t, 'place', 0);
      const ranked = await namedTruth(db, t, 'place', 3);
      assert.ok(all.size > ranked.size && ranked.size > 0);
      const first = await get(tilery, `/${NAMED}/2/2/1.pbf?name_prefix=place%203`);
      const again = await get(tilery, `/${NAMED}/2/2/1.pbf?name_prefix=place%203&unrelated=1`);
      assert.equal(again.headers['x-tile-cache'], 'hit');
      assert.deepEqual(again.body, first.body);
    });

    test('a value that does not cast to the argument\'s type, a repeated one, a missing required one: a 400 naming it', async () => {
      for (const [url, parameter, message] of [
        [`/${NAMED}/0/0/0.pbf?min_rank=abc`, 'min_rank', /type integer/],
        [`/${NAMED}/0/0/0.pbf?min_rank=99999999999`, 'min_rank', /type integer/],
        [`/${NAMED}/0/0/0.pbf?name_prefix=a&name_prefix=b`, 'name_prefix', /more than once/],
        ['/public.needs_level/0/0/0.pbf', 'level', /required by function layer "public.needs_level"/],
        ['/public.levelled/0/0/0.pbf?level=12', 'level', /not a value of type small_level: .*check constraint/],
      ] as const) {
        const res = await get(tilery, url);
        assert.equal(res.status, 400, url);
        assert.equal(res.json().code, 'invalid_parameter');
        assert.equal(res.json().parameter, parameter, url);
        assert.match(res.json().description, message);
      }
      assert.equal((await get(tilery, '/public.levelled/3/5/2.pbf?level=9')).layers['public.levelled'].features[0].properties.level, 9);
      const given = await get(tilery, '/public.needs_level/3/5/2.pbf?level=7');
      assert.equal(given.status, 200, given.body.toString());
      assert.equal(given.layers['public.needs_level'].features[0].properties.level, 7);
    });

    test('a function whose comment declares image/png is served as such, alone; refused in a multi-layer tile', async () => {
      const res = await tilery.app.inject({ url: '/public.raster_png/2/1/1.pbf', headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'image/png');
      assert.equal(res.headers['content-encoding'], undefined, 'a PNG is not compressed again');
      assert.equal(res.rawPayload.toString('hex'), PNG_HEX.slice(2));
      const doc = (await get(tilery, '/public.raster_png.json')).json();
      assert.equal(doc.content_type, 'image/png');
      assert.equal(doc.description, 'A raster layer');
      assert.equal((await get(tilery, `/${PLACES_FN}.json`)).json().content_type, 'application/vnd.mapbox-vector-tile');
      for (const url of ['/public.raster_png,public.places/2/1/1.pbf', '/tiles/public/tiles/2/1/1.mvt?collections=places,raster_png']) {
        const mixed = await get(tilery, url);
        assert.equal(mixed.status, 400, url);
        assert.equal(mixed.json().parameter, 'collections');
        assert.match(mixed.json().description, /image\/png.*alone/);
      }
    });
  });

  describe('cache', () => {
    test('keyed by the function parameters: same parameters hit, others miss, order does not matter', async () => {
      const url = (q: string) => `/${PLACES_FN}/1/0/0.pbf${q}`;
      const first = await get(tilery, url('?name_prefix=place%203&x=1'));
      assert.equal(first.headers['x-tile-cache'], 'miss');
      const same = await get(tilery, url('?x=1&name_prefix=place%203'));
      assert.equal(same.headers['x-tile-cache'], 'hit');
      assert.equal(same.headers['x-tile-source'], 'memory');
      assert.deepEqual(same.body, first.body);
      // tilery's own parameters that change nothing do not split it
      assert.equal((await get(tilery, url('?x=1&name_prefix=place%203&f=mvt'))).headers['x-tile-cache'], 'hit');
      const other = await get(tilery, url('?name_prefix=place%204&x=1'));
      assert.equal(other.headers['x-tile-cache'], 'miss');
      assert.notDeepEqual(other.body, first.body);
      const more = await get(tilery, url('?name_prefix=place%203&x=1&y=2'));
      assert.equal(more.headers['x-tile-cache'], 'miss');
      const plain = await get(tilery, url(''));
      assert.equal(plain.headers['x-tile-cache'], 'miss');
      // the same function tile through another route family is the same cache entry
      const catalog = await get(tilery, '/tiles/public/tiles/1/0/0.mvt?collections=places_by_prefix&name_prefix=place%203&x=1');
      assert.equal(catalog.headers['x-tile-cache'], 'hit');
    });

    test('in the PostGIS cache table, a tile with parameters has a parameter hash, a plain one none', async () => {
      await get(tilery, `/${PLACES_FN}/2/3/1.pbf`);
      await get(tilery, `/${PLACES_FN}/2/3/1.pbf?name_prefix=place%205`);
      await get(tilery, `/${PLACES_FN}/2/3/1.pbf?name_prefix=place%206`);
      await tilery.cache.flush();
      const rows = await db.query<{ param_hash: string | null }>(
        `SELECT param_hash FROM tilery.tile_cache WHERE collections = ARRAY[$1]::text[] AND z = 2 AND x = 3 AND y = 1 ORDER BY param_hash NULLS FIRST`,
        [PLACES_FN],
      );
      assert.equal(rows.length, 3);
      assert.equal(rows[0].param_hash, null);
      assert.ok(rows[1].param_hash && rows[2].param_hash && rows[1].param_hash !== rows[2].param_hash);
    });

    test('DELETE /tiles/{dataset}/tiles/cache?collections=<function> retires its tiles everywhere', async () => {
      const url = `/${PLACES_FN}/3/4/3.pbf?name_prefix=place%207`;
      assert.equal((await get(tilery, url)).headers['x-tile-cache'], 'miss');
      assert.equal((await get(tilery, url)).headers['x-tile-cache'], 'hit');
      await get(tilery, '/public.places/3/4/3.pbf');
      await tilery.cache.flush();
      const refused = await tilery.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache?collections=places_by_prefix' });
      assert.equal(refused.statusCode, 401);
      const res = await tilery.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache?collections=places_by_prefix', headers: ADMIN });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().collections, [PLACES_FN]);
      assert.ok(res.json().deleted.pg >= 1);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM tilery.tile_cache WHERE $1 = ANY (collections)`, [PLACES_FN]);
      assert.equal(n, 0);
      const next = await get(tilery, url);
      assert.equal(next.headers['x-tile-cache'], 'miss');
      assert.equal(next.headers['x-tile-source'], 'postgis');
      // other collections stay cached
      assert.equal((await get(tilery, '/public.places/3/4/3.pbf')).headers['x-tile-cache'], 'hit');
    });
  });
});
