import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createPgTableProvider, type CacheKey } from '../src/cache/index.ts';
import { discoverCollections } from '../src/catalog/index.ts';
import type { Engine } from '../src/engine/index.ts';
import { ageRetirements, installTriggers } from '../src/freshness/index.ts';
import { writePmtiles } from '../src/formats/pmtiles/index.ts';
import type { Tilery } from '../src/index.ts';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startS3, TEST_S3_CREDENTIALS } from './helpers/s3.ts';
import { get, postgresOnly, startTilery, useWorld } from './helpers/tilery.ts';
import { mercatorTileOf, waitFor } from './helpers/wait.ts';

const BIN = fileURLToPath(new URL('../bin/tilery.js', import.meta.url));

/** `z/x/y` of the Web Mercator tile of a WGS84 point. */
function tileOf(lon: number, lat: number, z: number): string {
  const t = mercatorTileOf(lon, lat, z);
  return `${t.z}/${t.x}/${t.y}`;
}

describe('never stale: tiles retired when features change', () => {
  // Notifications only: the poll is slowed down so that it cannot be what makes the test pass.
  const world = useWorld({ cache: { storage_priority: ['pg'] }, freshness: { install_triggers: false, poll_ms: 60_000 } });
  let admin: Engine;

  before(async () => {
    admin = await world.db.adminEngine();
    // tilery keeps its tables (the tile table, the retirement log) in its own schema
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    await world.db.query(`CREATE TABLE public.scratch (id integer PRIMARY KEY, label text, geom geometry(Point, 4326));
      INSERT INTO public.scratch VALUES (1, 'one', 'SRID=4326;POINT(10 10)'), (2, 'two', 'SRID=4326;POINT(-100 -30)');
      GRANT SELECT ON public.scratch TO "${world.db.readerRole}"`);
    const collections = await discoverCollections(admin, { includeSchemas: ['public'], excludeSchemas: [], defaultMinzoom: 0, defaultMaxzoom: 22 });
    const report = await installTriggers(admin, collections);
    assert.ok(report.installed.includes('public.places') && report.installed.includes('public.scratch'), JSON.stringify(report));
    assert.ok(report.skipped.some((s) => s.collection === 'public.top_places'), 'views are skipped, with a reason');
    // installing again changes nothing
    assert.deepEqual((await installTriggers(admin, collections)).installed, report.installed);
    // tracked now: the tiles cached before are retired, and the watcher has applied it
    await world.tilery.catalog.refresh();
    assert.ok(world.tilery.catalog.current().collections.get('public.places')?.tracked);
    assert.equal(world.tilery.catalog.current().collections.get('public.top_places')?.tracked, false);
    await world.tilery.watcher.catchUp();
  });
  after(async () => {
    await admin?.close();
  });

  /** Request tiles until each is a memory hit, and until the table holds them. */
  async function warm(t: Tilery, urls: string[]): Promise<void> {
    for (const url of urls) {
      await get(t, url);
      assert.equal((await get(t, url)).headers['x-tile-source'], 'memory', url);
    }
    await t.cache.flush();
  }

  async function rows(z: number, x: number, y: number, collection: string): Promise<number> {
    const [{ n }] = await world.db.query(`SELECT count(*)::int AS n FROM tilery.tile_cache WHERE z = $1 AND x = $2 AND y = $3 AND $4 = ANY (collections)`, [z, x, y, collection]);
    return n;
  }

  /** After a commit: the table no longer holds the touched tiles at once; the next requests return fresh bytes; far tiles stay hits. */
  async function expectFresh(t: Tilery, touched: string[], far: string[], appliedBefore: number): Promise<void> {
    for (const url of touched) {
      const [, layer, z, x, y] = /^\/([^/]+)\/(\d+)\/(\d+)\/(\d+)\.pbf$/.exec(url)!;
      assert.equal(await rows(Number(z), Number(x), Number(y), layer), 0, `${url}: the shared store is fresh as soon as the change committed`);
    }
    await waitFor(() => t.watcher.applied > appliedBefore);
    for (const url of touched) {
      const res = await get(t, url);
      const truth = await get(t, `${url}?disable_cache=true`);
      assert.deepEqual(res.body, truth.body, `${url} is fresh`);
      assert.notEqual(res.headers['x-tile-source'], 'memory', `${url} was retired`);
    }
    for (const url of far) assert.equal((await get(t, url)).headers['x-tile-source'], 'memory', `${url} stays cached`);
  }

  test('attribute update, geometry move, insert, delete', async () => {
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    const t = world.tilery;
    // place 3300 is at (0.41, 0.37); it moves to (100.5, 40.5); a new place comes at (-60.5, -20.5)
    const here = [`/public.places/${tileOf(0.41, 0.37, 3)}.pbf`, `/public.places/${tileOf(0.41, 0.37, 6)}.pbf`];
    const there = [`/public.places/${tileOf(100.5, 40.5, 3)}.pbf`, `/public.places/${tileOf(100.5, 40.5, 7)}.pbf`];
    const newcomer = [`/public.places/${tileOf(-60.5, -20.5, 5)}.pbf`];
    const far = [`/public.places/${tileOf(-150, 60, 4)}.pbf`, `/public.countries/${tileOf(0.41, 0.37, 3)}.pbf`];
    await warm(t, [...here, ...there, ...newcomer, ...far]);

    let applied = t.watcher.applied;
    await world.db.query(`UPDATE public.places SET name = 'renamed 3300' WHERE id = 3300`);
    await expectFresh(t, here, [...there, ...far], applied);
    assert.ok((await get(t, here[0])).layers['public.places'].features.some((f) => f.properties.name === 'renamed 3300'));

    await warm(t, here);
    applied = t.watcher.applied;
    await world.db.query(`UPDATE public.places SET geom = ST_Transform('SRID=4326;POINT(100.5 40.5)'::geometry, 3857) WHERE id = 3300`);
    await expectFresh(t, [...here, ...there], far, applied);
    assert.ok((await get(t, there[1])).layers['public.places'].features.some((f) => f.id === 3300));
    assert.ok(!(await get(t, here[1])).layers['public.places']?.features.some((f) => f.id === 3300));

    await warm(t, newcomer);
    applied = t.watcher.applied;
    await world.db.query(`INSERT INTO public.places VALUES (300001, 'newcomer', 5, 5, ST_Transform('SRID=4326;POINT(-60.5 -20.5)'::geometry, 3857))`);
    await expectFresh(t, newcomer, far, applied);
    assert.ok((await get(t, newcomer[0])).layers['public.places'].features.some((f) => f.id === 300001));

    await warm(t, [...newcomer, ...there]);
    applied = t.watcher.applied;
    await world.db.query(`DELETE FROM public.places WHERE id IN (300001, 3300)`);
    await expectFresh(t, [...newcomer, ...there], far, applied);
    assert.ok(!(await get(t, newcomer[0])).layers['public.places'].features.some((f) => f.id === 300001));
  });

  test('a change by the antimeridian retires the tiles of the whole world and of its edge', async () => {
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    const t = world.tilery;
    // the buffer of a tile at the edge of the world must not wrap around to the other side
    const touched = ['/public.scratch/0/0/0.pbf', '/public.scratch/1/1/0.pbf', `/public.scratch/${tileOf(179.9, 10, 6)}.pbf`];
    const far = ['/public.scratch/1/0/1.pbf', `/public.scratch/${tileOf(-179.9, 10, 6)}.pbf`];
    await warm(t, [...touched, ...far]);
    const applied = t.watcher.applied;
    await world.db.query(`INSERT INTO public.scratch VALUES (3, 'edge', 'SRID=4326;POINT(179.95 10)')`);
    await expectFresh(t, touched, far, applied);
    assert.ok((await get(t, touched[0])).layers['public.scratch'].features.some((f) => f.id === 3));
    // leave no change behind for the next test to see arrive
    const before = t.watcher.applied;
    await world.db.query(`DELETE FROM public.scratch WHERE id = 3`);
    await waitFor(() => t.watcher.applied > before);
  });

  test('the notification delay is measured: milliseconds', async (t) => {
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const applied = world.tilery.watcher.applied;
      await world.db.query(`UPDATE public.scratch SET label = label WHERE id = 1`);
      await waitFor(() => world.tilery.watcher.applied > applied);
      delays.push(world.tilery.watcher.lag.lastMs!);
    }
    delays.sort((a, b) => a - b);
    t.diagnostic(`change → L1 dropped, over 10 changes: median ${delays[5].toFixed(1)} ms, max ${delays[9].toFixed(1)} ms`);
    assert.ok(delays[5] < 500, `median ${delays[5]} ms`);
  });

  test('truncate retires every tile of the collection, and only of it', async () => {
    const t = world.tilery;
    const tiles = ['/public.scratch/0/0/0.pbf', '/public.scratch/2/2/1.pbf', '/public.scratch/3/2/4.pbf'];
    const other = ['/public.countries/0/0/0.pbf'];
    await warm(t, [...tiles, ...other]);
    const applied = t.watcher.applied;
    await world.db.query('TRUNCATE public.scratch');
    const [{ n }] = await world.db.query(`SELECT count(*)::int AS n FROM tilery.tile_cache WHERE 'public.scratch' = ANY (collections)`);
    assert.equal(n, 0);
    await waitFor(() => t.watcher.applied > applied);
    for (const url of tiles) assert.equal((await get(t, url)).status, 204, url);
    for (const url of other) assert.equal((await get(t, url)).headers['x-tile-source'], 'memory');
  });

  test('a multi-layer tile and every parameter variant holding the collection are retired', async () => {
    const t = world.tilery;
    const tile = tileOf(5.5, 5.5, 4);
    const urls = [`/public.places,public.countries/${tile}.pbf`, `/public.places/${tile}.pbf?limit=3`, `/public.places/${tile}.pbf?properties=name`, `/tiles/public/tiles/${tile}.mvt?collections=places`];
    await warm(t, urls);
    const applied = t.watcher.applied;
    const [{ id }] = await world.db.query(`SELECT id FROM public.places WHERE ST_Intersects(geom, ST_TileEnvelope(${tile.replaceAll('/', ', ')})) ORDER BY id LIMIT 1`);
    await world.db.query(`UPDATE public.places SET rank = rank + 100 WHERE id = $1`, [id]);
    const [{ n }] = await world.db.query(`SELECT count(*)::int AS n FROM tilery.tile_cache WHERE 'public.places' = ANY (collections)
      AND ST_Intersects(bounds, (SELECT ST_Transform(geom, 4326) FROM public.places WHERE id = $1))`, [id]);
    assert.equal(n, 0, 'no variant holding the changed feature is left in the table');
    await waitFor(() => t.watcher.applied > applied);
    for (const url of urls) assert.notEqual((await get(t, url)).headers['x-tile-source'], 'memory', url);
  });

  test('no race: a tile generated before a change is never stored after it', async () => {
    const provider = createPgTableProvider(admin);
    const key: CacheKey = {
      catalogs: ['public'], collections: ['public.scratch'], tmsId: 'WebMercatorQuad', z: 0, x: 0, y: 0, format: 'mvt', paramHash: 'race',
      id: 'race-test', envelope: [-20037508.34, -20037508.34, 20037508.34, 20037508.34], srid: 3857, role: null,
    };
    const [{ s: before }] = await world.db.query('SELECT pg_current_snapshot()::text AS s');
    await world.db.query(`INSERT INTO public.scratch VALUES (3, 'three', 'SRID=4326;POINT(1 1)')`);
    await provider.put(key, { bytes: Buffer.from('stale'), epoch: before });
    const stale = await world.db.query(`SELECT 1 FROM tilery.tile_cache WHERE param_hash = 'race'`);
    assert.equal(stale.length, 0, 'refused: the change was not in the snapshot the tile was made from');
    const [{ s: after }] = await world.db.query('SELECT pg_current_snapshot()::text AS s');
    await provider.put(key, { bytes: Buffer.from('fresh'), epoch: after });
    assert.equal((await world.db.query(`SELECT 1 FROM tilery.tile_cache WHERE param_hash = 'race'`)).length, 1, 'a tile made after the change is stored');
  });

  test('no race: a change still in progress when the tile is saved: the save waits for it, then refuses', { skip: postgresOnly('a transaction open on another connection') }, async () => {
    const provider = createPgTableProvider(admin);
    const key: CacheKey = {
      catalogs: ['public'], collections: ['public.scratch'], tmsId: 'WebMercatorQuad', z: 0, x: 0, y: 0, format: 'mvt', paramHash: 'race',
      id: 'race-test', envelope: [-20037508.34, -20037508.34, 20037508.34, 20037508.34], srid: 3857, role: null,
    };
    const [{ s: early }] = await world.db.query('SELECT pg_current_snapshot()::text AS s');
    await world.db.query(`DELETE FROM tilery.tile_cache WHERE param_hash = 'race'`);
    const writer = await world.db.admin.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`UPDATE public.scratch SET label = 'changing' WHERE id = 3`);
      const saving = provider.put(key, { bytes: Buffer.from('stale'), epoch: early }).catch((e: Error) => e);
      await new Promise((r) => setTimeout(r, 50));
      await writer.query('COMMIT');
      await saving;
    } finally {
      writer.release();
    }
    assert.equal((await world.db.query(`SELECT 1 FROM tilery.tile_cache WHERE param_hash = 'race'`)).length, 0);
  });

  test('the bucket: a touched object is never served again, and is deleted; others stay', { timeout: 60_000 }, async () => {
    const s3 = await startS3();
    process.env.AWS_ACCESS_KEY_ID = TEST_S3_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_S3_CREDENTIALS.secretAccessKey;
    await s3.bucket('fresh');
    const t = await startTilery(world.db, {
      cache: {
        storage_priority: ['bucket'],
        bucket: { url: 's3://fresh', endpoint: s3.endpoint, region: 'us-east-1', force_path_style: true, mode: 'proxy', redirect_expires_seconds: 60 },
      },
      freshness: { install_triggers: false, poll_ms: 60_000 },
    });
    try {
      const start = t.watcher.applied;
      await world.db.query(`INSERT INTO public.scratch VALUES (5, 'five', 'SRID=4326;POINT(-40 -40)')`);
      // (a tile generated while a change touching it is being applied is served but not kept)
      await waitFor(() => t.watcher.applied > start);
      const near = `/tiles/public/tiles/${tileOf(-40, -40, 6)}.mvt?collections=scratch`;
      const far = `/tiles/public/tiles/${tileOf(120, 50, 6)}.mvt?collections=scratch`;
      await get(t, near);
      await get(t, far);
      await t.cache.flush();
      const objects = async () => ((await s3.client.send(new ListObjectsV2Command({ Bucket: 'fresh' }))).Contents ?? []).map((o) => o.Key!).sort();
      assert.equal((await objects()).length, 2);
      t.cache.memory.clear();
      assert.equal((await get(t, near)).headers['x-tile-source'], 'bucket_proxy');
      t.cache.memory.clear();

      const applied = t.watcher.applied;
      await world.db.query(`UPDATE public.scratch SET label = 'five, changed' WHERE id = 5`);
      // at once, before any notification: the object is no longer in the index, so not served
      const [{ n }] = await world.db.query(`SELECT count(*)::int AS n FROM tilery.bucket_index WHERE object_key LIKE '%/6/%' AND 'public.scratch' = ANY (collections)`);
      assert.equal(n, 1, 'only the far object is still listed');
      const fresh = await get(t, near);
      assert.equal(fresh.headers['x-tile-source'], 'postgis');
      assert.ok(fresh.layers.scratch.features.some((f) => f.properties.label === 'five, changed'));
      assert.equal((await get(t, far)).headers['x-tile-source'], 'bucket_proxy');
      // the retired object is swept once the instance applied the change (unless it was stored again)
      await waitFor(() => t.watcher.applied > applied);
      await t.cache.flush();
      await waitFor(async () => (await world.db.query('SELECT 1 FROM tilery.bucket_garbage')).length === 0, 15_000);
      t.cache.memory.clear();
      const again = await get(t, near);
      assert.deepEqual(again.body, fresh.body, 'what the bucket answers now is fresh');
      assert.ok((await objects()).some((k) => k.includes(`/${tileOf(120, 50, 6)}.`)), 'the far object stays');
    } finally {
      await t.close();
      await s3.close();
    }
  });

  test('a PMTiles archive: a tile whose area changed after the archive was written is no longer served from it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tilery-archive-'));
    try {
      await world.db.query(`INSERT INTO public.scratch VALUES (6, 'six', 'SRID=4326;POINT(30 -30)')`);
      const near = tileOf(30, -30, 3);
      const far = tileOf(-100, -30, 3);
      const tiles = [];
      for (const zxy of [near, far]) {
        const [z, x, y] = zxy.split('/').map(Number);
        tiles.push({ z, x, y, data: (await get(world.tilery, `/tiles/public/tiles/${zxy}.mvt?collections=scratch&disable_cache=true`)).body });
      }
      const path = join(dir, 'scratch.pmtiles');
      await writePmtiles(path, tiles, { minzoom: 3, maxzoom: 3, bounds: [-180, -85, 180, 85] });
      const t = await startTilery(world.db, { cache: { storage_priority: ['pmtiles'], pmtiles: { 'public.scratch': { path } } }, freshness: { install_triggers: false, poll_ms: 60_000 } });
      try {
        assert.equal((await get(t, `/tiles/public/tiles/${near}.mvt?collections=scratch`)).headers['x-tile-source'], 'pmtiles_archive');
        await world.db.query(`UPDATE public.scratch SET label = 'six, changed' WHERE id = 6`);
        t.cache.memory.clear();
        const res = await get(t, `/tiles/public/tiles/${near}.mvt?collections=scratch`);
        assert.equal(res.headers['x-tile-source'], 'postgis');
        assert.ok(res.layers.scratch.features.some((f) => f.properties.label === 'six, changed'));
        assert.equal((await get(t, `/tiles/public/tiles/${far}.mvt?collections=scratch`)).headers['x-tile-source'], 'pmtiles_archive', 'elsewhere the archive still answers');
      } finally {
        await t.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a lost notification: the poll catches up from the log', { timeout: 30_000 }, async () => {
    const t = await startTilery(world.db, { cache: { storage_priority: [] }, freshness: { install_triggers: false, poll_ms: 200 } });
    try {
      const url = `/public.scratch/${tileOf(10, 10, 4)}.pbf`;
      await get(t, url);
      assert.equal((await get(t, url)).headers['x-tile-source'], 'memory');
      // a change logged without its notification (as if the NOTIFY were lost)
      await world.db.query(`INSERT INTO tilery.changes (collection, bounds) VALUES ('public.scratch', ST_MakeEnvelope(9, 9, 11, 11, 4326))`);
      await waitFor(async () => (await get(t, url)).headers['x-tile-source'] !== 'memory', 3000);
    } finally {
      await t.close();
    }
  });

  test('a lost connection: L1 is dropped', { timeout: 30_000, skip: postgresOnly('the embedded database has no connection to lose') }, async () => {
    const t = await startTilery(world.db, { cache: { storage_priority: [] }, freshness: { install_triggers: false, poll_ms: 200 } });
    try {
      const url = `/public.scratch/${tileOf(10, 10, 4)}.pbf`;
      await get(t, url);
      assert.equal((await get(t, url)).headers['x-tile-source'], 'memory');
      // the listening connections are cut (as by a database restart): on reconnecting, L1 is dropped
      await world.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                            WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`);
      await waitFor(() => t.cache.memory.size === 0, 10_000);
    } finally {
      await t.close();
    }
  });

  test('two tilery processes: a change is reflected by both on the next request', { timeout: 60_000, skip: postgresOnly('another process cannot open the embedded database') }, async () => {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: world.db.readerUrl, TILERY_LOG_LEVEL: 'info', TILERY_CACHE_PRIORITY: 'pg' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk) => {
          output += chunk;
          const m = /tilery listening on (http:\/\/[^"\s]+)/.exec(output);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const url = `/public.scratch/${tileOf(20, 20, 5)}.pbf`;
      await world.db.query(`INSERT INTO public.scratch VALUES (4, 'four', 'SRID=4326;POINT(20 20)')`);
      const remote = async () => {
        const res = await fetch(`${address}${url}`);
        return { source: res.headers.get('x-tile-source'), bytes: Buffer.from(await res.arrayBuffer()) };
      };
      await remote();
      assert.equal((await remote()).source, 'memory');
      await warm(world.tilery, [url]);
      await world.db.query(`UPDATE public.scratch SET label = 'four, changed' WHERE id = 4`);
      const truth = (await get(world.tilery, `${url}?disable_cache=true`)).body;
      await waitFor(async () => (await get(world.tilery, url)).body.equals(truth), 3000);
      await waitFor(async () => (await remote()).bytes.equals(truth), 3000);
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('the age bound as a retirement: old tiles of untracked collections leave the stores, tracked ones stay', async () => {
    const t = world.tilery;
    const untracked = '/public.top_places/0/0/0.pbf';
    const tracked = '/public.places/0/0/0.pbf';
    await warm(t, [untracked, tracked]);
    const stored = async (collection: string) =>
      (await world.db.query(`SELECT count(*)::int AS n FROM tilery.tile_cache WHERE z = 0 AND collections = ARRAY[$1]`, [collection]))[0].n as number;
    assert.equal(await stored('public.top_places'), 1);
    const snapshot = t.catalog.current();
    // what the bound retires: the untracked collections' tiles; with no event triggers, every
    // role's tiles of the tracked ones (here a superuser installed them, so not those)
    assert.equal(snapshot.authorizationTracked, true);
    const all = ageRetirements(snapshot, Date.now());
    assert.ok(all.some((r) => r.collection === 'public.top_places' && r.scope === undefined));
    assert.ok(!all.some((r) => r.collection === 'public.places'));
    assert.ok(ageRetirements({ ...snapshot, authorizationTracked: false }, Date.now()).some((r) => r.collection === 'public.places' && r.scope === 'roles'));
    // a bound that the tiles have not reached yet retires nothing
    await t.cache.retire(ageRetirements(snapshot, Date.now() - 3_600_000));
    assert.equal(await stored('public.top_places'), 1);
    assert.equal((await get(t, untracked)).headers['x-tile-source'], 'memory');
    await t.cache.retire(all);
    assert.equal(await stored('public.top_places'), 0, 'past the bound: out of the table');
    assert.equal(await stored('public.places'), 1, 'a tracked tile of tilery\'s own role stays');
    assert.notEqual((await get(t, untracked)).headers['x-tile-source'], 'memory');
    assert.equal((await get(t, tracked)).headers['x-tile-source'], 'memory');
  });

  test('a view defined again: its tiles are retired everywhere at the next reading of the catalog', async () => {
    const t = world.tilery;
    const url = '/public.top_places/0/0/0.pbf';
    await warm(t, [url]);
    const stored = async () => (await world.db.query(`SELECT count(*)::int AS n FROM tilery.tile_cache WHERE collections = '{public.top_places}'`))[0].n as number;
    assert.ok((await stored()) >= 1);
    const before = (await get(t, url)).layers['public.top_places'].features.length;
    await world.db.query('CREATE OR REPLACE VIEW public.top_places AS SELECT id, name, rank, geom FROM public.places WHERE rank >= 9');
    // (the event triggers, where installed, ask for that reading at once; here it is asked for)
    await t.catalog.refresh();
    await t.watcher.catchUp();
    assert.equal(await stored(), 0, 'out of the table');
    const res = await get(t, url);
    assert.notEqual(res.headers['x-tile-source'], 'memory', 'out of memory');
    assert.deepEqual(res.body, (await get(t, `${url}?disable_cache=true`)).body);
    const [{ n }] = await world.db.query(`SELECT count(*)::int AS n FROM public.places WHERE rank >= 9`);
    assert.equal(res.layers['public.top_places'].features.length, n);
    assert.ok(n < before, 'the new definition selects fewer places');
    await world.db.query('CREATE OR REPLACE VIEW public.top_places AS SELECT id, name, rank, geom FROM public.places WHERE rank >= 8');
  });

  test('uninstall-triggers removes them: changes are no longer logged', async () => {
    const { uninstallTriggers } = await import('../src/freshness/index.ts');
    const collections = await discoverCollections(admin, { includeSchemas: ['public'], excludeSchemas: [], defaultMinzoom: 0, defaultMaxzoom: 22 });
    const report = await uninstallTriggers(admin, collections.filter((c) => c.id === 'public.scratch'));
    assert.deepEqual(report.installed, ['public.scratch']);
    // (rows of changed features have bounds; the catalog's retirement of the now untracked table has none)
    const logged = `SELECT count(*)::int AS n FROM tilery.changes WHERE collection = 'public.scratch' AND bounds IS NOT NULL`;
    const [{ n: before }] = await world.db.query(logged);
    await world.db.query(`UPDATE public.scratch SET label = label || '!'`);
    const [{ n: after }] = await world.db.query(logged);
    assert.equal(after, before);
  });
});
