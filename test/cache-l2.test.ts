import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { writePmtiles } from '../src/formats/pmtiles/index.ts';
import type { Tilery } from '../src/index.ts';
import type { PartialConfig } from '../src/config/index.ts';
import { startS3, TEST_S3_CREDENTIALS, type TestS3 } from './helpers/s3.ts';
import { get, startTilery, useWorld } from './helpers/tilery.ts';

// The SDK's default credential chain reads these, as it would in production.
process.env.AWS_ACCESS_KEY_ID = TEST_S3_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = TEST_S3_CREDENTIALS.secretAccessKey;

const ADMIN = { authorization: 'Bearer sesame' };
const PLAIN_KEY = 'tiles/collections/public.places/WebMercatorQuad/2/1/1.mvt';

describe('L2 providers through HTTP: bucket (S3 and directory), PMTiles, PostGIS table', () => {
  let s3: TestS3;
  let dir: string;
  before(async () => {
    s3 = await startS3();
    await s3.bucket('tiles');
    dir = await mkdtemp(join(tmpdir(), 'tilery-bucket-'));
  });
  after(async () => {
    await s3?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const world = useWorld({ admin_token: 'sesame', cache: { storage_priority: [] } });

  function bucketConfig(mode: 'proxy' | 'redirect', priority: Array<'bucket' | 'pg' | 'pmtiles'> = ['bucket', 'pg']): PartialConfig {
    return {
      admin_token: 'sesame',
      cache: {
        storage_priority: priority,
        bucket: { url: 's3://tiles', endpoint: s3.endpoint, region: 'us-east-1', force_path_style: true, mode, redirect_expires_seconds: 120 },
      },
    };
  }

  async function objectKeys(): Promise<string[]> {
    const res = await s3.client.send(new ListObjectsV2Command({ Bucket: 'tiles' }));
    return (res.Contents ?? []).map((o) => o.Key!).sort();
  }

  async function withTilery<T>(flags: PartialConfig, fn: (t: Tilery) => Promise<T>): Promise<T> {
    const t = await startTilery(world.db, flags);
    try {
      // the retirements earlier instances logged are read before this one makes tiles: one read
      // late would keep a fresh tile from being saved
      await t.watcher.catchUp();
      return await fn(t);
    } finally {
      // and this instance's background saves land before the next one starts
      await t.cache.flush();
      await t.close();
    }
  }

  test('bucket proxy: saved in the background under the plain key with Cache-Control, then served as bucket_proxy', async () => {
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    await withTilery(bucketConfig('proxy'), async (t) => {
      const first = await get(t, '/tiles/public/tiles/2/1/1.mvt?collections=places');
      assert.equal(first.headers['x-tile-source'], 'postgis');
      await t.cache.flush();
      assert.deepEqual(await objectKeys(), [PLAIN_KEY]);
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'tiles', Key: PLAIN_KEY }));
      assert.equal(head.CacheControl, 'public, max-age=31536000');
      const stored = await s3.client.send(new GetObjectCommand({ Bucket: 'tiles', Key: PLAIN_KEY }));
      assert.deepEqual(Buffer.from(await stored.Body!.transformToByteArray()), first.body);

      t.cache.memory.clear();
      const second = await get(t, '/tiles/public/tiles/2/1/1.mvt?collections=places');
      assert.equal(second.headers['x-tile-cache'], 'hit');
      assert.equal(second.headers['x-tile-source'], 'bucket_proxy');
      assert.deepEqual(second.body, first.body);

      // a request with parameters gets a hashed key; pg holds both
      await get(t, '/tiles/public/tiles/2/1/1.mvt?collections=places&limit=10');
      await get(t, '/public.places,public.countries/2/1/1.pbf');
      await t.cache.flush();
      const keys = await objectKeys();
      assert.equal(keys.length, 3);
      assert.ok(keys.some((k) => /^tiles\/collections\/public\.places~[0-9a-f]{16}\/WebMercatorQuad\/2\/1\/1\.mvt$/.test(k)), keys.join(' '));
      assert.ok(keys.some((k) => k.startsWith('tiles/collections/public.places,public.countries~')), keys.join(' '));
      const [{ n }] = await world.db.query('SELECT count(*)::int AS n FROM tilery.tile_cache');
      assert.equal(n, 3);
    });
  });

  test('bucket redirect: a 307 to a signed URL that serves the same bytes', async () => {
    await withTilery(bucketConfig('redirect'), async (t) => {
      const res = await t.app.inject({ method: 'GET', url: '/tiles/public/tiles/2/1/1.mvt?collections=places' });
      assert.equal(res.statusCode, 307);
      assert.equal(res.headers['x-tile-cache'], 'hit');
      assert.equal(res.headers['x-tile-source'], 'bucket_redirect');
      const location = String(res.headers.location);
      assert.match(location, /X-Amz-Signature=/);
      const fetched = Buffer.from(await (await fetch(location)).arrayBuffer());
      const direct = await get(t, '/tiles/public/tiles/2/1/1.mvt?collections=places&disable_cache=true');
      assert.deepEqual(fetched, direct.body);
    });
  });

  test('caching config disabled: the bucket reads as a miss and saves nothing, deletes still run', async () => {
    await withTilery(bucketConfig('proxy'), async (t) => {
      const put = await t.app.inject({ method: 'PUT', url: '/configs/plugins/tiles_caching_config', headers: ADMIN, payload: { enabled: false } });
      assert.equal(put.statusCode, 200);
      t.cache.memory.clear();
      const res = await get(t, '/tiles/public/tiles/2/1/1.mvt?collections=places');
      assert.equal(res.headers['x-tile-source'], 'pg_table', 'the bucket missed, the table answered');
      await get(t, '/tiles/public/tiles/3/4/3.mvt?collections=places');
      await t.cache.flush();
      assert.ok(!(await objectKeys()).some((k) => k.includes('/3/4/3.')), 'nothing saved while disabled');
      const del = await t.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache?collections=places', headers: ADMIN });
      assert.equal(del.statusCode, 200);
      assert.ok(del.json().deleted.bucket >= 2);
      assert.deepEqual((await objectKeys()).filter((k) => k.includes('public.places')), []);
      await t.app.inject({ method: 'PUT', url: '/configs/plugins/tiles_caching_config', headers: ADMIN, payload: { enabled: true } });
    });
  });

  test('key_prefix applies at once; invalidation by catalog empties every provider', async () => {
    await withTilery(bucketConfig('proxy'), async (t) => {
      await t.app.inject({ method: 'PUT', url: '/configs/plugins/tiles_caching_config', headers: ADMIN, payload: { key_prefix: 'v2/tiles' } });
      await get(t, '/tiles/public/tiles/1/0/0.mvt?collections=countries');
      await t.cache.flush();
      assert.ok((await objectKeys()).includes('v2/tiles/public.countries/WebMercatorQuad/1/0/0.mvt'));
      const del = await t.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache', headers: ADMIN });
      assert.equal(del.statusCode, 200);
      assert.deepEqual(await objectKeys(), []);
      const [{ n }] = await world.db.query('SELECT count(*)::int AS n FROM tilery.tile_cache');
      assert.equal(n, 0);
      await t.app.inject({ method: 'PUT', url: '/configs/plugins/tiles_caching_config', headers: ADMIN, payload: { key_prefix: 'tiles/collections' } });
    });
  });

  test('a local directory bucket', async () => {
    const flags: PartialConfig = {
      cache: { storage_priority: ['bucket'], bucket: { url: `file://${dir}`, endpoint: null, region: 'us-east-1', force_path_style: true, mode: 'proxy', redirect_expires_seconds: 60 } },
    };
    await withTilery(flags, async (t) => {
      const first = await get(t, '/tiles/public/tiles/2/1/1.mvt?collections=places');
      await t.cache.flush();
      assert.deepEqual(await readFile(join(dir, PLAIN_KEY)), first.body);
      t.cache.memory.clear();
      const second = await get(t, '/tiles/public/tiles/2/1/1.mvt?collections=places');
      assert.equal(second.headers['x-tile-source'], 'bucket_proxy');
      assert.deepEqual(second.body, first.body);
    });
  });

  test('a PMTiles archive answers before generation', async () => {
    const archive = join(dir, 'places.pmtiles');
    const tiles: Array<{ z: number; x: number; y: number; data: Uint8Array }> = [];
    await withTilery({ cache: { storage_priority: [] } }, async (t) => {
      for (const [z, x, y] of [[0, 0, 0], [1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]]) {
        tiles.push({ z, x, y, data: (await get(t, `/tiles/public/tiles/${z}/${x}/${y}.mvt?collections=places`)).body });
      }
    });
    await writePmtiles(archive, tiles, { minzoom: 0, maxzoom: 1, bounds: [-180, -85, 180, 85] });
    assert.ok((await stat(archive)).size > 0);
    await withTilery({ cache: { storage_priority: ['pmtiles', 'pg'], pmtiles: { 'public.places': { path: archive, maxzoom: 1 } } } }, async (t) => {
      const hit = await get(t, '/tiles/public/tiles/1/1/0.mvt?collections=places');
      assert.equal(hit.headers['x-tile-cache'], 'hit');
      assert.equal(hit.headers['x-tile-source'], 'pmtiles_archive');
      assert.deepEqual(hit.body, Buffer.from(tiles[2].data));
      const beyond = await get(t, '/tiles/public/tiles/2/1/1.mvt?collections=places');
      assert.notEqual(beyond.headers['x-tile-source'], 'pmtiles_archive', 'beyond the archive zoom range');
      const other = await get(t, '/tiles/public/tiles/1/1/0.mvt?collections=countries');
      assert.notEqual(other.headers['x-tile-source'], 'pmtiles_archive');
    });
  });
});
