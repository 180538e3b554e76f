// The tests every store of the bucket cache passes (S3, a directory), and what they share: cache
// keys made by hand, and the bucket's index in a real database, where retirements are logged
// and applied.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBucketIndex, type BucketIndex } from '../../src/cache/bucket/db-index.ts';
import { bucketObjectKey, createBucketProvider, type BlobStore, type BucketCacheSettings, type BucketProviderOptions } from '../../src/cache/bucket/index.ts';
import { isRedirect, type CacheKey, type TileCacheProvider } from '../../src/cache/provider.ts';
import { createRetirementLog, type Retirement, type RetirementLog } from '../../src/cache/retirement.ts';
import type { Engine } from '../../src/engine/index.ts';
import { createTestDatabase, testPgEngine, type TestDatabase } from '../harness/db.ts';

export const MVT = 'application/vnd.mapbox-vector-tile';

interface KeySpec {
  collections: string[];
  catalogs?: string[];
  paramHash?: string | null;
  tmsId?: string;
  z?: number;
  x?: number;
  y?: number;
}

/** A CacheKey built by hand; catalogs default to the schemas of the ids. */
export function tileKey(spec: KeySpec): CacheKey {
  const catalogs = spec.catalogs ?? [...new Set(spec.collections.map((id) => id.slice(0, id.indexOf('.'))))];
  const fields = {
    catalogs,
    collections: spec.collections,
    tmsId: spec.tmsId ?? 'WebMercatorQuad',
    z: spec.z ?? 3,
    x: spec.x ?? 4,
    y: spec.y ?? 5,
    format: 'mvt',
    paramHash: spec.paramHash ?? null,
  };
  return { ...fields, id: JSON.stringify(fields), envelope: [-20037508.34, -20037508.34, 20037508.34, 20037508.34], srid: 3857, role: null };
}

export interface BucketDatabase {
  readonly index: BucketIndex;
  readonly retirementLog: RetirementLog;
}

/** A database for the bucket's index, made before the tests of the file and dropped after them. */
export function useBucketDatabase(): BucketDatabase {
  const state = {} as { index: BucketIndex; retirementLog: RetirementLog };
  let db: TestDatabase | undefined;
  let engine: Engine | undefined;
  before(async () => {
    db = await createTestDatabase('bucket');
    engine = testPgEngine(db.adminUrl);
    state.index = createBucketIndex(engine);
    state.retirementLog = createRetirementLog(engine);
  });
  after(async () => {
    await engine?.close();
    await db?.drop();
  });
  return state;
}

export function tile(text: string): { bytes: Buffer } {
  return { bytes: Buffer.from(text) };
}

async function bytesOf(provider: TileCacheProvider, key: CacheKey): Promise<string | null> {
  const got = await provider.get(key);
  if (got === null) return null;
  assert.ok(!isRedirect(got), 'expected bytes, got a redirect');
  return got.bytes.toString();
}

export async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out.sort();
}

/** What the contract needs from each kind of store. */
export interface Backend {
  readonly name: string;
  /** Whether mode 'redirect' answers signed URLs (else it proxies). */
  readonly redirects: boolean;
  /** The URL of the bucket or directory `name` (`{catalog}` allowed). */
  urlOf(name: string): string;
  /** Create the empty bucket or directory `name`. */
  create(name: string): Promise<void>;
  /** Provider options to reach the store (endpoint, credentials, …). */
  readonly connection: Partial<BucketProviderOptions>;
  /** Every object key of bucket or directory `name`, sorted, read around the code under test. */
  rawKeys(name: string): Promise<string[]>;
  /** The Cache-Control header stored with an object; undefined: the store keeps no headers. */
  storedHeaders(name: string, objectKey: string): Promise<{ cacheControl?: string; contentType?: string } | undefined>;
  /** The BlobStore of bucket or directory `name` (listing in pages of 10 keys where there are pages). */
  blobStore(name: string): BlobStore;
  /** Whether a signed URL carries a valid signature of the test credentials and lives `expires` seconds. */
  checkSignedUrl?(url: string, expires: number): boolean;
  /** Provider options (url included) of a store that cannot be reached. */
  unreachable(): Promise<Partial<BucketProviderOptions> & { url: string }>;
}

/** The same tests for every store. */
export function contract(backend: () => Backend, db: BucketDatabase): void {
  let b: Backend;
  let counter = 0;
  let opened: TileCacheProvider[] = [];
  let settings: BucketCacheSettings;
  let settingsCalls = 0;

  before(() => {
    b = backend();
  });

  /** Retire as DELETE …/cache and the freshness triggers do: logged, applied to the index; the sweep deletes the objects. */
  async function retire(provider: TileCacheProvider, ...retirements: Retirement[]): Promise<number> {
    await db.retirementLog.write(retirements);
    return (provider as TileCacheProvider & { sweep(): Promise<number> }).sweep();
  }
  afterEach(async () => {
    await Promise.all(opened.map((p) => p.close?.()));
    opened = [];
  });

  /** A fresh, empty bucket or directory. */
  async function fresh(): Promise<string> {
    const name = `t${++counter}-${process.pid}`;
    await b.create(name);
    return name;
  }

  function open(url: string, extra: Partial<BucketProviderOptions> = {}): TileCacheProvider {
    settings = { enabled: true, keyPrefix: 'tiles/collections', ttlSeconds: 3600 };
    settingsCalls = 0;
    const provider = createBucketProvider({
      ...b.connection,
      url,
      index: db.index,
      mode: 'proxy',
      redirectExpiresSeconds: 60,
      settings: () => {
        settingsCalls++;
        return settings;
      },
      ...extra,
    });
    opened.push(provider);
    return provider;
  }

  it('puts and gets the same bytes: a small, an empty and a 300 KB tile', async () => {
    const name = await fresh();
    const provider = open(b.urlOf(name));
    assert.equal(provider.name, 'bucket');
    const cases = [Buffer.from([0x1a, 0x02, 0x78, 0x02]), Buffer.alloc(0), randomBytes(300 * 1024)];
    for (const [i, bytes] of cases.entries()) {
      const key = tileKey({ collections: ['public.places'], z: 10, x: i, y: 7 });
      assert.equal(await provider.get(key), null, 'a miss before the put');
      await provider.put(key, { bytes });
      const got = await provider.get(key);
      assert.ok(got && !isRedirect(got));
      assert.equal(got.bytes.length, bytes.length);
      assert.ok(got.bytes.equals(bytes), `tile ${i} comes back unchanged`);
    }
    // Replacing.
    const key = tileKey({ collections: ['public.places'], z: 10, x: 0, y: 7 });
    await provider.put(key, tile('second'));
    assert.equal(await bytesOf(provider, key), 'second');
  });

  it('names objects {prefix}/{keyPrefix}/{collection segment}/{tmsId}/{z}/{x}/{y}.{format}', async () => {
    const name = await fresh();
    const provider = open(`${b.urlOf(name)}/some/prefix`);
    const keys = [
      tileKey({ collections: ['public.places'], tmsId: 'WebMercatorQuad', z: 3, x: 4, y: 5 }),
      tileKey({ collections: ['public.places'], paramHash: 'a1b2c3', tmsId: 'WorldCRS84Quad', z: 0, x: 1, y: 0 }),
      tileKey({ collections: ['public.places', 'public.roads'], paramHash: 'ff00', z: 12, x: 2047, y: 1361 }),
      tileKey({ collections: ['my schema.a/b~c,d'] }),
    ];
    const expected = [
      'tiles/collections/public.places/WebMercatorQuad/3/4/5.mvt',
      'tiles/collections/public.places~a1b2c3/WorldCRS84Quad/0/1/0.mvt',
      'tiles/collections/public.places,public.roads~ff00/WebMercatorQuad/12/2047/1361.mvt',
      'tiles/collections/my%20schema.a%2Fb%7Ec%2Cd/WebMercatorQuad/3/4/5.mvt',
    ];
    assert.deepEqual(keys.map((k) => bucketObjectKey('tiles/collections', k)), expected);
    for (const key of keys) await provider.put(key, tile(key.id));
    assert.deepEqual(await b.rawKeys(name), expected.map((k) => `some/prefix/${k}`).sort());
    for (const key of keys) assert.equal(await bytesOf(provider, key), key.id);

    // A new key prefix applies at once; the old objects stay (left to the bucket's lifecycle).
    settings = { ...settings, keyPrefix: '/v2/' };
    assert.equal(await provider.get(keys[0]), null);
    await provider.put(keys[0], tile('v2'));
    assert.equal(await bytesOf(provider, keys[0]), 'v2');
    assert.ok((await b.rawKeys(name)).includes('some/prefix/v2/public.places/WebMercatorQuad/3/4/5.mvt'));
    assert.equal((await b.rawKeys(name)).length, expected.length + 1);
  });

  it('stores Cache-Control: public, max-age=<ttlSeconds> and the MVT content type', async (t: TestContext) => {
    const name = await fresh();
    const provider = open(b.urlOf(name));
    settings = { ...settings, ttlSeconds: 1234 };
    const key = tileKey({ collections: ['public.places'] });
    await provider.put(key, tile('x'));
    const headers = await b.storedHeaders(name, bucketObjectKey('tiles/collections', key));
    if (headers === undefined) {
      t.skip(`${b.name} keeps no headers`);
      return;
    }
    assert.deepEqual(headers, { cacheControl: 'public, max-age=1234', contentType: MVT });
  });

  it('when disabled: get misses, put is a no-op, retirements still run', async () => {
    const name = await fresh();
    const provider = open(b.urlOf(name));
    const a = tileKey({ collections: ['public.a'] });
    const a2 = tileKey({ collections: ['public.a'], z: 4 });
    const c = tileKey({ collections: ['public.c'] });
    await provider.put(a, tile('a'));
    await provider.put(a2, tile('a2'));
    await provider.put(c, tile('c'));
    const calls = settingsCalls;

    settings = { ...settings, enabled: false };
    assert.equal(await provider.get(a), null);
    await provider.put(tileKey({ collections: ['public.b'] }), tile('b'));
    assert.equal((await b.rawKeys(name)).length, 3, 'put stored nothing');
    assert.ok(settingsCalls >= calls + 2, 'settings are read on every operation');
    await retire(provider, { collection: 'public.c', bounds: null }, { collection: 'public.a', bounds: null, tile: a.id });

    settings = { ...settings, enabled: true };
    assert.equal(await provider.get(a), null, 'a retirement ran while disabled');
    assert.equal(await provider.get(c), null, 'a retirement ran while disabled');
    assert.equal(await bytesOf(provider, a2), 'a2');
    assert.deepEqual(await b.rawKeys(name), [bucketObjectKey('tiles/collections', a2)]);
  });

  it('a tile older than ttlSeconds is a miss', async () => {
    const name = await fresh();
    const provider = open(b.urlOf(name));
    const key = tileKey({ collections: ['public.places'] });
    await provider.put(key, tile('old'));
    assert.equal(await bytesOf(provider, key), 'old');
    settings = { ...settings, ttlSeconds: 1 };
    await sleep(1100);
    assert.equal(await provider.get(key), null);
    settings = { ...settings, ttlSeconds: 3600 };
    assert.equal(await bytesOf(provider, key), 'old', 'freshness is judged with the settings of the read');
  });

  it('a retired tile is never served again and the sweep deletes its object; others stay', async () => {
    const name = await fresh();
    const provider = open(b.urlOf(name));
    const keys = {
      a: tileKey({ collections: ['public.a'] }),
      aOtherZoom: tileKey({ collections: ['public.a'], z: 9, x: 1, y: 2, tmsId: 'WorldCRS84Quad' }),
      aHash: tileKey({ collections: ['public.a'], paramHash: 'beef' }),
      ba: tileKey({ collections: ['public.b', 'public.a'], paramHash: 'cafe' }),
      b: tileKey({ collections: ['public.b'] }),
      ab2: tileKey({ collections: ['public.ab'] }),
      c: tileKey({ collections: ['public.c'] }),
      weird: tileKey({ collections: ['public.a/b,c'] }),
    };
    for (const [label, key] of Object.entries(keys)) await provider.put(key, tile(label));
    // A foreign object that merely looks alike is never touched.
    const foreign = b.blobStore(name);
    await foreign.put('tiles/collections/public.a/readme.txt', Buffer.from('not a tile'), { contentType: 'text/plain', cacheControl: 'no-cache' });

    // one tile: that tile only
    await retire(provider, { collection: 'public.c', bounds: null, tile: keys.c.id });
    assert.equal(await provider.get(keys.c), null);
    assert.equal(await bytesOf(provider, keys.ab2), 'ab2');

    // a collection: every tile holding it, single and multi-collection, in every TMS and variant
    await db.retirementLog.write([{ collection: 'public.a', bounds: null }]);
    for (const label of ['a', 'aOtherZoom', 'aHash', 'ba'] as const) assert.equal(await provider.get(keys[label]), null, `${label}: not served once retired, before the sweep`);
    // (the index is shared by the tests of this file: earlier tests' objects of public.a count too)
    assert.ok((await (provider as TileCacheProvider & { sweep(): Promise<number> }).sweep()) >= 4);
    for (const label of ['b', 'ab2', 'weird'] as const) assert.equal(await bytesOf(provider, keys[label]), label);
    assert.ok((await b.rawKeys(name)).includes('tiles/collections/public.a/readme.txt'));
    assert.deepEqual(
      (await b.rawKeys(name)).filter((k) => k.endsWith('.mvt')),
      [bucketObjectKey('tiles/collections', keys.ab2), bucketObjectKey('tiles/collections', keys.b), bucketObjectKey('tiles/collections', keys.weird)].sort(),
    );

    // an area: the tiles whose bounds meet it (these keys cover the world)
    await retire(provider, { collection: 'public.b', bounds: [1, 1, 2, 2] });
    assert.equal(await provider.get(keys.b), null);
    assert.equal(await bytesOf(provider, keys.weird), 'weird');
  });

  it('"{catalog}" gives each catalog its own bucket or directory', async () => {
    const base = `c${++counter}-${process.pid}`;
    await b.create(`${base}-pub`);
    await b.create(`${base}-public`);
    const provider = open(b.urlOf(`${base}-{catalog}`));
    const pubX = tileKey({ collections: ['pub.x'] });
    const publicY = tileKey({ collections: ['public.y'] });
    await provider.put(pubX, tile('x'));
    await provider.put(publicY, tile('y'));
    assert.deepEqual(await b.rawKeys(`${base}-pub`), [bucketObjectKey('tiles/collections', pubX)]);
    assert.deepEqual(await b.rawKeys(`${base}-public`), [bucketObjectKey('tiles/collections', publicY)]);
    assert.equal(await bytesOf(provider, pubX), 'x');
    assert.equal(await bytesOf(provider, publicY), 'y');

    // A tile mixing catalogs would escape one catalog's deletions: it is not cached.
    const mixed = tileKey({ collections: ['pub.x', 'public.y'], paramHash: '1' });
    await provider.put(mixed, tile('mixed'));
    assert.equal(await provider.get(mixed), null);

    // the sweep deletes each retired object from its catalog's store
    await retire(provider, { collection: 'pub.x', bounds: null });
    assert.deepEqual(await b.rawKeys(`${base}-pub`), []);
    assert.deepEqual(await b.rawKeys(`${base}-public`), [bucketObjectKey('tiles/collections', publicY)]);
    await retire(provider, { collection: 'public.y', bounds: null });
    assert.deepEqual(await b.rawKeys(`${base}-public`), []);
  });

  it('redirect mode answers a signed URL that downloads the bytes (S3), or the bytes (directory)', async () => {
    const name = await fresh();
    const provider = open(b.urlOf(name), { mode: 'redirect', redirectExpiresSeconds: 120 });
    const key = tileKey({ collections: ['public.places'], paramHash: 'abc' });
    const bytes = randomBytes(20_000);
    assert.equal(await provider.get(key), null, 'absent: a miss, not a redirect');
    await provider.put(key, { bytes });
    const got = await provider.get(key);
    assert.ok(got);
    if (!b.redirects) {
      assert.ok(!isRedirect(got));
      assert.ok(got.bytes.equals(bytes));
      return;
    }
    assert.ok(isRedirect(got), 'a redirect');
    const response = await fetch(got.redirect);
    assert.equal(response.status, 200);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes));
    assert.equal(b.checkSignedUrl?.(got.redirect, 120), true, 'signed with the credentials, valid for redirectExpiresSeconds');
    const tampered = new URL(got.redirect);
    tampered.pathname = tampered.pathname.replace('/5.mvt', '/6.mvt');
    assert.equal(b.checkSignedUrl?.(tampered.href, 120), false, 'the check is no rubber stamp');

    settings = { ...settings, ttlSeconds: 1 };
    await sleep(1100);
    assert.equal(await provider.get(key), null, 'a stale tile is a miss, not a redirect');
  });

  it('a store that cannot be reached rejects', async () => {
    const provider = open('', await b.unreachable());
    const key = tileKey({ collections: ['public.unreachable'] });
    await assert.rejects(provider.put(key, tile('x')));
    // listed in the index, so that the read goes to the store
    await db.index.add('public', bucketObjectKey('tiles/collections', key), key, undefined, Date.now());
    await assert.rejects(provider.get(key));
  });

  it('object keys cannot leave the store', async () => {
    const name = await fresh();
    const store = b.blobStore(name);
    const options = { contentType: MVT, cacheControl: 'no-cache' };
    for (const bad of ['../x', 'a/../../x', './x', 'a//b', '/abs', '', 'a/..', 'a\\..\\b']) {
      await assert.rejects(store.put(bad, Buffer.from('x'), options), /object key/, bad);
      await assert.rejects(store.get(bad), /object key/, bad);
    }
    await assert.rejects(collect(store.list('../')), /object key/);
    const provider = open(b.urlOf(name));
    settings = { ...settings, keyPrefix: 'a/../../..' };
    await assert.rejects(provider.put(tileKey({ collections: ['public.x'] }), tile('x')), /object key/);
    assert.deepEqual(await b.rawKeys(name), []);
  });

  it('the blob store puts, heads, lists by prefix (over several pages) and deletes', async () => {
    const name = await fresh();
    const store = b.blobStore(name);
    const options = { contentType: MVT, cacheControl: 'no-cache' };
    const keys = Array.from({ length: 35 }, (_, i) => `p/${i % 3}/k${i}`);
    await Promise.all(keys.map((k) => store.put(k, Buffer.from(k), options)));
    await store.put('pa/other', Buffer.from('o'), options);
    assert.equal((await store.head('p/0/k0'))?.lastModified instanceof Date, true);
    assert.equal(await store.head('p/0/nothing'), null);
    assert.deepEqual(await collect(store.list('p/')), [...keys].sort());
    assert.deepEqual(await collect(store.list('p/1/k1')), keys.filter((k) => k.startsWith('p/1/k1')).sort());
    assert.deepEqual(await collect(store.list('nothing/')), []);
    await store.delete(keys);
    await store.delete([]);
    assert.deepEqual(await collect(store.list('')), ['pa/other']);
    await store.close?.();
  });
}
