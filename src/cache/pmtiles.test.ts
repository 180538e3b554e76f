import assert from 'node:assert/strict';
import { copyFile, mkdtemp, open, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writePmtiles, type PmtilesTile } from '../formats/pmtiles/index.ts';
import { createPmtilesProvider } from './pmtiles.ts';
import { isRedirect, type CacheKey, type CachedTile, type RedirectTarget } from './provider.ts';

const enc = new TextEncoder();

function key(collection: string | string[], z: number, x: number, y: number, over: Partial<CacheKey> = {}): CacheKey {
  const collections = Array.isArray(collection) ? collection : [collection];
  return {
    catalogs: [...new Set(collections.map((c) => c.split('.')[0]))],
    collections,
    tmsId: 'WebMercatorQuad',
    z,
    x,
    y,
    format: 'mvt',
    paramHash: null,
    id: JSON.stringify([collections, z, x, y]),
    envelope: [0, 0, 1, 1],
    srid: 3857,
    role: null,
    ...over,
  };
}

/** Tiles of zooms 0–3, each with its own bytes; 3/7/7 is an empty tile. */
function pyramid(label: string): PmtilesTile[] {
  const tiles: PmtilesTile[] = [];
  for (let z = 0; z <= 3; z++) {
    for (let x = 0; x < 2 ** z; x++) {
      for (let y = 0; y < 2 ** z; y++) {
        if (z === 3 && x === 0 && y === 0) continue; // absent
        const data = z === 3 && x === 7 && y === 7 ? new Uint8Array(0) : enc.encode(`${label} ${z}/${x}/${y} `.repeat(3));
        tiles.push({ z, x, y, data });
      }
    }
  }
  return tiles;
}

function bytesOf(v: CachedTile | RedirectTarget | null): string | null {
  if (v === null) return null;
  assert.ok(!isRedirect(v));
  assert.ok(Buffer.isBuffer(v.bytes));
  return v.bytes.toString();
}

/** How many of this process's file descriptors are open on files of `dir` (other descriptors come and go with the runtime). */
async function openFds(dir: string): Promise<number> {
  let n = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(`${dir}/`)) n++;
  }
  return n;
}

describe('pmtiles cache provider', () => {
  let dir: string;
  let gz: string;
  let raw: string;
  const bounds: [number, number, number, number] = [-180, -85.0511, 180, 85.0511];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tilery-pmtiles-provider-'));
    gz = join(dir, 'places.pmtiles');
    raw = join(dir, 'roads.pmtiles');
    await writePmtiles(gz, pyramid('places'), { minzoom: 0, maxzoom: 3, bounds });
    await writePmtiles(raw, pyramid('roads'), { minzoom: 0, maxzoom: 3, bounds }, { tileCompression: 'none' });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('answers plain WebMercatorQuad tiles of its collections, uncompressed, gzip or not', async () => {
    const p = createPmtilesProvider({ 'public.places': { path: gz }, 'public.roads': { path: raw } });
    try {
      assert.equal(p.name, 'pmtiles');
      assert.equal(bytesOf(await p.get(key('public.places', 0, 0, 0))), 'places 0/0/0 '.repeat(3));
      assert.equal(bytesOf(await p.get(key('public.places', 3, 5, 2))), 'places 3/5/2 '.repeat(3));
      assert.equal(bytesOf(await p.get(key('public.roads', 2, 1, 3))), 'roads 2/1/3 '.repeat(3));
      // An empty tile (a tile without features): stored when gzipped, left out when not.
      assert.equal(bytesOf(await p.get(key('public.places', 3, 7, 7))), '');
      assert.equal(await p.get(key('public.roads', 3, 7, 7)), null);
    } finally {
      await p.close?.();
    }
  });

  test('misses: absent tiles, other zooms, collections, parameters, TMS, multi-collection tiles', async () => {
    const p = createPmtilesProvider({ 'public.places': { path: gz }, 'public.roads': { path: raw } });
    try {
      assert.equal(await p.get(key('public.places', 3, 0, 0)), null, 'absent from the archive');
      assert.equal(await p.get(key('public.places', 4, 0, 0)), null, 'beyond the archive maxzoom');
      assert.equal(await p.get(key('public.places', 12, 100, 100)), null);
      assert.equal(await p.get(key('public.other', 0, 0, 0)), null, 'no archive for the collection');
      assert.equal(await p.get(key('toString', 0, 0, 0)), null, 'not an inherited property');
      assert.equal(await p.get(key('public.places', 0, 0, 0, { paramHash: 'abcdef0123456789' })), null, 'parameters');
      assert.equal(await p.get(key('public.places', 0, 0, 0, { tmsId: 'WorldCRS84Quad' })), null, 'another TMS');
      assert.equal(await p.get(key(['public.places', 'public.roads'], 0, 0, 0)), null, 'several collections');
      assert.equal(await p.get(key('public.places', 1, 2, 0)), null, 'outside the matrix');
      assert.equal(await p.get(key('public.places', 30, 0, 0)), null, 'beyond tile ids');
    } finally {
      await p.close?.();
    }
  });

  test('the configured zoom range wins over the archive', async () => {
    const p = createPmtilesProvider({
      'public.places': { path: gz, minzoom: 1, maxzoom: 2 },
      'public.roads': { path: raw, maxzoom: 1 },
    });
    try {
      assert.equal(await p.get(key('public.places', 0, 0, 0)), null);
      assert.equal(bytesOf(await p.get(key('public.places', 1, 1, 0))), 'places 1/1/0 '.repeat(3));
      assert.equal(bytesOf(await p.get(key('public.places', 2, 3, 3))), 'places 2/3/3 '.repeat(3));
      assert.equal(await p.get(key('public.places', 3, 5, 2)), null);
      assert.equal(bytesOf(await p.get(key('public.roads', 0, 0, 0))), 'roads 0/0/0 '.repeat(3), 'minzoom from the archive');
      assert.equal(await p.get(key('public.roads', 2, 1, 3)), null);
    } finally {
      await p.close?.();
    }
  });

  test('is read-only', async () => {
    const p = createPmtilesProvider({ 'public.places': { path: gz } });
    try {
      const k = key('public.places', 0, 0, 0);
      await p.put(k, { bytes: Buffer.from('other') });
      assert.equal(bytesOf(await p.get(k)), 'places 0/0/0 '.repeat(3));
    } finally {
      await p.close?.();
    }
  });

  test('a missing or corrupt archive rejects, naming the file; a later request finds it once it is there', async () => {
    const missing = join(dir, 'later.pmtiles');
    const corrupt = join(dir, 'corrupt.pmtiles');
    await writeFile(corrupt, Buffer.alloc(300, 7));
    const p = createPmtilesProvider({ 'public.later': { path: missing }, 'public.corrupt': { path: corrupt } });
    try {
      await assert.rejects(p.get(key('public.later', 0, 0, 0)), (err: Error) => {
        assert.ok(err.message.includes(missing), err.message);
        assert.match(err.message, /ENOENT/);
        return true;
      });
      await assert.rejects(p.get(key('public.corrupt', 0, 0, 0)), (err: Error) => {
        assert.ok(err.message.includes(corrupt), err.message);
        return true;
      });
      // Outside the request filters, no file is touched: a miss, not an error.
      assert.equal(await p.get(key('public.later', 0, 0, 0, { paramHash: 'x' })), null);

      await copyFile(gz, missing);
      assert.equal(bytesOf(await p.get(key('public.later', 0, 0, 0))), 'places 0/0/0 '.repeat(3));
    } finally {
      await p.close?.();
    }
  });

  test('an archive of another tile type is refused', async () => {
    const png = join(dir, 'png.pmtiles');
    await copyFile(gz, png);
    const fh = await open(png, 'r+');
    await fh.write(Buffer.from([2]), 0, 1, 99); // tile type PNG
    await fh.close();
    const p = createPmtilesProvider({ 'public.png': { path: png } });
    try {
      await assert.rejects(p.get(key('public.png', 0, 0, 0)), /png\.pmtiles.*tile type 2/);
    } finally {
      await p.close?.();
    }
  });

  test('opens each file once, shared by its collections, and closes it', { skip: process.platform !== 'linux' }, async () => {
    const base = await openFds(dir);
    const p = createPmtilesProvider({ 'public.places': { path: gz }, 'public.places_copy': { path: join(dir, '.', 'places.pmtiles') } });
    assert.equal(await openFds(dir), base, 'opened lazily');
    await Promise.all([p.get(key('public.places', 1, 0, 0)), p.get(key('public.places_copy', 1, 1, 1)), p.get(key('public.places', 2, 0, 0))]);
    assert.equal(bytesOf(await p.get(key('public.places_copy', 0, 0, 0))), 'places 0/0/0 '.repeat(3));
    assert.equal(await openFds(dir), base + 1, 'one file handle for both collections');
    await p.close?.();
    assert.equal(await openFds(dir), base, 'closed');
  });
});
