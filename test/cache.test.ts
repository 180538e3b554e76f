import assert from 'node:assert/strict';
import { gunzipSync, brotliDecompressSync, zstdDecompressSync } from 'node:zlib';
import { describe, test } from 'node:test';
import pino from 'pino';
import { createRetirementLog, type TileCacheProvider } from '../src/cache/index.ts';
import { createTieredCache } from '../src/cache/index.ts';
import { countingEngine, get, startTilery, useWorld } from './helpers/tilery.ts';
import { waitFor } from './helpers/wait.ts';

const ADMIN = { authorization: 'Bearer sesame' };

/** Lets the reader role create tilery's own schema (the PostGIS tile table lives there). */
async function allowTileryTables(world: { db: { query: (sql: string) => Promise<unknown>; name: string; readerRole: string } }) {
  await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
}

describe('two-level cache: memory and the PostGIS tile table', () => {
  const world = useWorld({ admin_token: 'sesame', cache: { storage_priority: ['pg'] } });

  test('miss from PostGIS, then a memory hit, then a pg_table hit once memory forgot it', async () => {
    await allowTileryTables(world);
    const url = '/public.places/2/1/1.pbf';
    const first = await get(world.tilery, url);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-tile-cache'], 'miss');
    assert.equal(first.headers['x-tile-source'], 'postgis');
    const second = await get(world.tilery, url);
    assert.equal(second.headers['x-tile-cache'], 'hit');
    assert.equal(second.headers['x-tile-source'], 'memory');
    assert.deepEqual(second.body, first.body);

    // the background save reached the table: one row, with the tile's bytes and its bounds
    await world.tilery.cache.flush();
    const rows = await world.db.query(
      `SELECT collections, tms, z, x, y, tile, ST_XMin(bounds) AS minx, ST_YMax(bounds) AS maxy FROM tilery.tile_cache`,
    );
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].collections, ['public.places']);
    assert.deepEqual([rows[0].tms, rows[0].z, rows[0].x, rows[0].y], ['WebMercatorQuad', 2, 1, 1]);
    assert.deepEqual(rows[0].tile, first.body);
    // the bounds are the tile grown by its buffer (256 of 4096: 1/16 of the tile), in WGS84
    const R = 6378137;
    const span = (2 * Math.PI * R) / 4;
    const lat = (y: number) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);
    assert.ok(Math.abs(rows[0].minx - ((-span - span / 16) / R) * (180 / Math.PI)) < 1e-6, `minx ${rows[0].minx}`);
    assert.ok(Math.abs(rows[0].maxy - lat(span + span / 16)) < 1e-6, `maxy ${rows[0].maxy}`);

    world.tilery.cache.memory.clear();
    const third = await get(world.tilery, url);
    assert.equal(third.headers['x-tile-cache'], 'hit');
    assert.equal(third.headers['x-tile-source'], 'pg_table');
    assert.deepEqual(third.body, first.body);
  });

  test('the tile is stored once; another instance reads it from the table', async () => {
    const other = await startTilery(world.db, { cache: { storage_priority: ['pg'] } });
    try {
      const res = await get(other, '/public.places/2/1/1.pbf');
      assert.equal(res.headers['x-tile-source'], 'pg_table');
    } finally {
      await other.close();
    }
    const [{ n }] = await world.db.query(`SELECT count(*)::int AS n FROM tilery.tile_cache WHERE z = 2 AND x = 1 AND y = 1`);
    assert.equal(n, 1);
  });

  test('ETag and 304, per encoding; each encoding computed once', async () => {
    const url = '/public.places/1/1/0.pbf';
    const plain = await get(world.tilery, url);
    for (const [accept, encoding, decode] of [
      ['gzip, deflate', 'gzip', gunzipSync],
      ['br;q=1, gzip;q=0.5', 'br', brotliDecompressSync],
      ['zstd, br, gzip', 'zstd', zstdDecompressSync],
    ] as const) {
      const res = await world.tilery.app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept } });
      assert.equal(res.headers['content-encoding'], encoding);
      assert.equal(res.headers.vary, 'Accept-Encoding');
      assert.deepEqual(decode(res.rawPayload), plain.body);
      const again = await world.tilery.app.inject({ method: 'GET', url, headers: { 'accept-encoding': accept, 'if-none-match': String(res.headers.etag) } });
      assert.equal(again.statusCode, 304);
      assert.notEqual(res.headers.etag, plain.headers.etag, 'each representation has its own ETag');
    }
    const tile = [...world.tilery.cache.memory.tiles()].find((t) => t.key.z === 1 && t.key.x === 1 && t.key.y === 0)!;
    assert.deepEqual([...tile.encodings.keys()].sort(), ['br', 'gzip', 'zstd']);
    const cached = tile.encodings.get('gzip');
    await world.tilery.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(tile.encodings.get('gzip'), cached, 'not recompressed');
    const identity = await world.tilery.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    assert.equal(identity.headers['content-encoding'], undefined);
  });

  test('disable_cache bypasses every layer; refresh_cache regenerates and stores again', async () => {
    const url = '/public.places/3/4/3.pbf';
    await get(world.tilery, url);
    const bypass = await get(world.tilery, `${url}?disable_cache=true`);
    assert.equal(bypass.headers['x-tile-cache'], 'miss');
    assert.equal(bypass.headers['x-tile-source'], 'postgis');
    await world.db.query(`UPDATE public.places SET name = 'renamed' WHERE id = 3300`);
    const stale = await get(world.tilery, url);
    assert.equal(stale.headers['x-tile-source'], 'memory');
    const refreshed = await get(world.tilery, `${url}?refresh_cache=1`);
    assert.equal(refreshed.headers['x-tile-source'], 'postgis');
    assert.ok(refreshed.layers['public.places'].features.some((f) => f.properties.name === 'renamed'));
    const after = await get(world.tilery, url);
    assert.equal(after.headers['x-tile-source'], 'memory');
    assert.deepEqual(after.body, refreshed.body);
    await world.tilery.cache.flush();
    world.tilery.cache.memory.clear();
    const fromTable = await get(world.tilery, url);
    assert.equal(fromTable.headers['x-tile-source'], 'pg_table');
    assert.deepEqual(fromTable.body, refreshed.body);
    assert.equal((await get(world.tilery, `${url}?disable_cache=maybe`)).status, 400);
  });

  test('a slow save of an older tile never lands over the refreshed one', async () => {
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    // the real table provider, whose first save is slow (as under load)
    const real = world.tilery.cache.providers.find((p) => p.name === 'pg')!;
    let slowOnce = true;
    const slow: TileCacheProvider = {
      name: 'pg',
      get: (k) => real.get(k),
      put: async (k, t) => {
        if (slowOnce) {
          slowOnce = false;
          await new Promise((r) => setTimeout(r, 300));
        }
        return real.put(k, t);
      },
    };
    const cache = createTieredCache(world.tilery.cache.memory, [slow], createRetirementLog(world.tilery.engine));
    const key = { catalogs: ['public'], collections: ['public.places'], tmsId: 'WebMercatorQuad', z: 0, x: 0, y: 0, format: 'mvt', paramHash: 'race', id: 'race-key', envelope: [0, 0, 1, 1] as [number, number, number, number], srid: 3857, role: null };
    const generatedAt = Date.now();
    const tile = (b: number) => ({ key, bytes: Buffer.from([b]), etag: `"${b}"`, generatedAt, encodings: new Map() });
    void cache.store(tile(1));
    await cache.invalidate(key); // refresh_cache: forget everywhere, then store the new tile
    const outcome = await cache.store(tile(2));
    assert.deepEqual(outcome, { pg: 'saved' });
    await cache.flush();
    assert.deepEqual((await real.get(key)) as { bytes: Buffer }, { bytes: Buffer.from([2]), etag: '"2"', generatedAt });
    // an invalidation also drops a save not started yet
    void cache.store(tile(3));
    await cache.invalidate(key);
    await cache.flush();
    assert.equal(await real.get(key), null);
  });

  test('the cache key covers the parameters that change the bytes: different filters, different correct tiles', async () => {
    const a = await get(world.tilery, '/public.places/0/0/0.pbf?filter=rank%20%3D%201');
    const b = await get(world.tilery, '/public.places/0/0/0.pbf?filter=rank%20%3D%202');
    assert.ok(a.layers['public.places'].features.every((f) => f.properties.rank === 1));
    assert.ok(b.layers['public.places'].features.every((f) => f.properties.rank === 2));
    const a2 = await get(world.tilery, '/public.places/0/0/0.pbf?filter=rank%20%3D%201');
    assert.equal(a2.headers['x-tile-source'], 'memory');
    assert.deepEqual(a2.body, a.body);
    // parameters that do not change the bytes do not split the cache
    const noise = await get(world.tilery, '/public.places/0/0/0.pbf?filter=rank%20%3D%201&disable_cache=false&f=mvt');
    assert.equal(noise.headers['x-tile-source'], 'memory');
  });

  test('DELETE by collection and by catalog empties memory and the table, in every instance', async () => {
    const other = await startTilery(world.db, { cache: { storage_priority: ['pg'] } });
    try {
      for (const t of [world.tilery, other]) {
        await get(t, '/public.places/1/0/0.pbf');
        await get(t, '/public.countries/1/0/0.pbf');
      }
      await world.tilery.cache.flush();
      await other.cache.flush();
      assert.equal((await get(other, '/public.places/1/0/0.pbf')).headers['x-tile-source'], 'memory');

      const refused = await world.tilery.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache?collections=places' });
      assert.equal(refused.statusCode, 401);
      const res = await world.tilery.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache?collections=places', headers: ADMIN });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().collections, ['public.places']);
      assert.ok(res.json().deleted.pg >= 1);
      const left = await world.db.query(`SELECT z, x, y, param_hash, created_at, now() AS now FROM tilery.tile_cache WHERE 'public.places' = ANY (collections)`);
      assert.deepEqual(left, [], JSON.stringify(left));
      const [{ m }] = await world.db.query(`SELECT count(*)::int AS m FROM tilery.tile_cache WHERE 'public.countries' = ANY (collections)`);
      assert.ok(m >= 1, 'other collections stay cached');
      // the other instance dropped its memory copy (LISTEN/NOTIFY), and generates again
      await waitFor(async () => (await get(other, '/public.places/1/0/0.pbf')).headers['x-tile-source'] === 'postgis');
      assert.equal((await get(other, '/public.countries/1/0/0.pbf')).headers['x-tile-source'], 'memory');
      // (the tile just generated again is being saved in the background: let it land first)
      await other.cache.flush();

      const whole = await world.tilery.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache', headers: ADMIN });
      assert.equal(whole.statusCode, 200);
      assert.equal(whole.json().collections, null);
      const [{ k }] = await world.db.query(`SELECT count(*)::int AS k FROM tilery.tile_cache WHERE 'public' = ANY (catalogs)`);
      assert.equal(k, 0);
      await waitFor(async () => (await get(other, '/public.countries/1/0/0.pbf')).headers['x-tile-source'] !== 'memory');
      assert.equal((await world.tilery.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache?collections=nope', headers: ADMIN })).statusCode, 400);
      assert.equal((await world.tilery.app.inject({ method: 'DELETE', url: '/tiles/nowhere/tiles/cache', headers: ADMIN })).statusCode, 404);
    } finally {
      await other.close();
    }
  });

  test('concurrent requests for one cold tile cause one database query', async () => {
    const engine = countingEngine(await world.db.readerEngine());
    const counted = await startTilery(world.db, { cache: { storage_priority: ['pg'] } }, { engine });
    try {
      const all = await Promise.all(Array.from({ length: 20 }, () => get(counted, '/public.places/4/8/5.pbf')));
      assert.ok(all.every((r) => r.status === 200));
      assert.equal(engine.tileQueries, 1);
      assert.equal(all.filter((r) => r.headers['x-tile-cache'] === 'miss').length, 20, 'all share the one generation');
    } finally {
      await counted.close();
    }
  });

  test('a log line per tile request, key=value', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const logged = await startTilery(world.db, { cache: { storage_priority: ['pg'] } }, { logger });
    try {
      await get(logged, '/public.places/2/1/1.pbf');
      await get(logged, '/public.places/2/1/1.pbf');
    } finally {
      await logged.close();
    }
    const tileLines = lines.map((l) => JSON.parse(l).msg as string).filter((m) => m?.startsWith('tile_cache '));
    assert.equal(tileLines.length, 2);
    assert.match(tileLines[0], /^tile_cache event=(miss|hit) source=(postgis|pg_table) catalog=public collection=public\.places tms=WebMercatorQuad z=2 x=1 y=1 duration_ms=[\d.]+ bytes=\d+$/);
    assert.match(tileLines[1], /^tile_cache event=hit source=memory /);
    assert.equal(JSON.parse(lines.find((l) => l.includes('tile_cache '))!).level, 30, 'INFO');
  });

  test('the _cache debug layer draws the outlines of the cached tiles', async () => {
    await get(world.tilery, '/public.countries/2/2/1.pbf');
    await world.tilery.cache.flush();
    const rows = await world.db.query(`SELECT z, x, y, tms, array_to_string(collections, ',') AS collections FROM tilery.tile_cache ORDER BY z, x, y, collections`);
    assert.ok(rows.length > 0);
    const res = await get(world.tilery, '/_cache/0/0/0.pbf');
    assert.equal(res.status, 200, res.body.toString());
    assert.ok(res.layers._cache, `a _cache layer in ${res.headers['content-type']} (${Object.keys(res.layers)})`);
    const features = res.layers._cache.features.map((f) => f.properties).filter((p) => p.provider === 'pg');
    const key = (p: Record<string, unknown>) => `${p.z}/${p.x}/${p.y}/${p.tms}/${p.collections}`;
    assert.deepEqual(features.map(key).sort(), rows.map(key).sort());
    const only = await get(world.tilery, '/_cache/0/0/0.pbf?collections=public.countries');
    assert.ok(only.layers._cache.features.every((f) => String(f.properties.collections).includes('public.countries')));
    assert.equal((await get(world.tilery, '/_cache/30/0/0.pbf')).status, 404);
  });

  test('per-zoom L2 lifetimes: a row older than its zoom allows reads as a miss', async () => {
    const short = await startTilery(world.db, { cache: { storage_priority: ['pg'], l2_ttl_by_zoom: { 5: 1 } } });
    try {
      await get(short, '/public.places/5/16/10.pbf');
      await get(short, '/public.places/4/8/5.pbf');
      await short.cache.flush();
      await new Promise((r) => setTimeout(r, 1200));
      short.cache.memory.clear();
      assert.equal((await get(short, '/public.places/5/16/10.pbf')).headers['x-tile-source'], 'postgis', 'zoom 5 lives 1 s');
      assert.equal((await get(short, '/public.places/4/8/5.pbf')).headers['x-tile-source'], 'pg_table', 'zoom 4 has no lifetime: kept');
    } finally {
      await short.close();
    }
  });

  test('the caching config: defaults, validated changes, stored in the database, admin only', async () => {
    const cfg = (await get(world.tilery, '/configs/plugins/tiles_caching_config')).json();
    assert.deepEqual(cfg, { enabled: true, key_prefix: 'tiles/collections', ttl_seconds: 31536000 });
    const put = (body: unknown, headers: Record<string, string> = ADMIN) =>
      world.tilery.app.inject({ method: 'PUT', url: '/configs/plugins/tiles_caching_config', headers, payload: body as object });
    assert.equal((await put({ enabled: false }, {})).statusCode, 401);
    for (const [body, parameter] of [
      [{ enabled: 'no' }, 'enabled'],
      [{ key_prefix: '/abs' }, 'key_prefix'],
      [{ key_prefix: 'a/../b' }, 'key_prefix'],
      [{ ttl_seconds: -1 }, 'ttl_seconds'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const res = await put(body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(res.json().parameter, parameter);
    }
    const ok = await put({ enabled: false, ttl_seconds: 60 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { enabled: false, key_prefix: 'tiles/collections', ttl_seconds: 60 });
    const other = await startTilery(world.db, { cache: { storage_priority: [] } });
    try {
      assert.deepEqual((await get(other, '/configs/plugins/tiles_caching_config')).json(), ok.json(), 'another instance reads it');
    } finally {
      await other.close();
    }
    await put({ enabled: true, ttl_seconds: 31536000 });
  });
});

describe('a failing provider never fails a tile', () => {
  const world = useWorld({ cache: { storage_priority: [] } });

  test('get and put that throw are logged, counted and skipped', async () => {
    const broken: TileCacheProvider = {
      name: 'bucket',
      get: async () => {
        throw new Error('bucket unreachable');
      },
      put: async () => {
        throw new Error('bucket unreachable');
      },
      sweep: async () => {
        throw new Error('bucket unreachable');
      },
    } as TileCacheProvider;
    const cache = createTieredCache(world.tilery.cache.memory, [broken], createRetirementLog(world.tilery.engine));
    const key = { catalogs: ['public'], collections: ['public.places'], tmsId: 'WebMercatorQuad', z: 0, x: 0, y: 0, format: 'mvt', paramHash: null, id: 'k', envelope: [0, 0, 1, 1] as [number, number, number, number], srid: 3857, role: null };
    assert.equal(await cache.lookup(key, (bytes) => ({ key, bytes, etag: '"e"', generatedAt: 0, encodings: new Map() }), null), null);
    cache.store({ key, bytes: Buffer.from([1, 2, 3]), etag: '"e"', generatedAt: Date.now(), encodings: new Map() });
    await cache.flush();
    // a retirement goes through the log (and the bucket's sweep, which fails here)
    await cache.invalidate(key);
    await cache.retire([{ collection: 'public.places', bounds: null }]);
    assert.deepEqual(cache.errors, { bucket: 4 });
    // and through HTTP with the real pipeline: a tilery whose only provider is unreachable still serves
    const unreachable = await startTilery(world.db, {
      cache: { storage_priority: ['bucket'], bucket: { url: 's3://nowhere', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', force_path_style: true, mode: 'proxy', redirect_expires_seconds: 60 } },
    });
    try {
      const res = await get(unreachable, '/public.places/1/1/1.pbf');
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-tile-source'], 'postgis');
      await unreachable.cache.flush();
      assert.ok((unreachable.cache.errors.bucket ?? 0) >= 1, 'the unreachable bucket was tried, and its failure counted');
    } finally {
      await unreachable.close();
    }
  });
});
