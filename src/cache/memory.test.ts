import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byZoom, createMemoryCache, type MemoryTile } from './memory.ts';
import type { CacheKey } from './provider.ts';

function tile(id: string, size: number, z = 3): MemoryTile {
  const key: CacheKey = { catalogs: ['public'], collections: [`public.${id}`], tmsId: 'WebMercatorQuad', z, x: 0, y: 0, format: 'mvt', paramHash: null, id, envelope: [0, 0, 1, 1], srid: 3857, role: id === 'r' ? 'alice' : null };
  return { key, bytes: Buffer.alloc(size), etag: `"${id}"`, generatedAt: id === 'old' ? 1000 : 5000, encodings: new Map() };
}

const base = { maxEntries: 3, maxBytes: 1_000_000, ttlSeconds: 60, jitterSeconds: 5, ttlByZoom: {} };

test('bounded by entries: the least recently used goes first', () => {
  const m = createMemoryCache(base);
  for (const id of ['a', 'b', 'c']) m.set(tile(id, 10));
  m.get('a');
  m.set(tile('d', 10));
  assert.equal(m.size, 3);
  assert.ok(m.get('a') && m.get('c') && m.get('d'));
  assert.equal(m.get('b'), undefined);
});

test('bounded by bytes (a tile counts twice its size, for its compressed copy)', () => {
  const m = createMemoryCache({ ...base, maxEntries: 100, maxBytes: 1000 });
  m.set(tile('a', 300));
  m.set(tile('b', 300));
  assert.equal(m.size, 1, '2 × 300 + 64 each: two do not fit in 1000');
  assert.ok(m.get('b'));
});

test('TTL with jitter, and per-zoom TTLs; 0 keeps nothing', async () => {
  const low = createMemoryCache({ ...base, ttlSeconds: 60, jitterSeconds: 0, ttlByZoom: { 10: 1 } });
  low.set(tile('z3', 1, 3));
  low.set(tile('z12', 1, 12));
  await new Promise((r) => setTimeout(r, 1100));
  assert.ok(low.get('z3'), 'zoom 3 keeps the default 60 s');
  assert.equal(low.get('z12'), undefined, 'zoom 12 uses the entry of zoom 10: 1 s');
  const none = createMemoryCache({ ...base, ttlSeconds: 0 });
  none.set(tile('a', 1));
  assert.equal(none.size, 0);
  // jitter: the lifetime is drawn in [ttl - jitter, ttl + jitter]: 1, 2 and 3 s for these draws
  const drawn = [0, 0.5, 1].map((r) => {
    const m = createMemoryCache({ ...base, ttlSeconds: 2, jitterSeconds: 1, random: () => r });
    m.set(tile('a', 1));
    return m;
  });
  const alive = () => drawn.map((m) => m.get('a') !== undefined);
  await new Promise((res) => setTimeout(res, 1100));
  assert.deepEqual(alive(), [false, true, true], 'after 1.1 s: the 1 s lifetime is over');
  await new Promise((res) => setTimeout(res, 1000));
  assert.deepEqual(alive(), [false, false, true], 'after 2.1 s: the 2 s one too, not the 3 s one');
});

test('retire drops the tiles a retirement names and says how many; tiles() lists them', () => {
  const m = createMemoryCache({ ...base, maxEntries: 10 });
  const ids = () => [...m.tiles()].map((t) => t.key.id).sort();
  for (const id of ['a', 'b', 'c', 'r', 'old']) m.set(tile(id, 1));
  assert.equal(m.retire({ collection: 'public.a', bounds: null }), 1);
  assert.equal(m.retire({ collection: 'public.b', bounds: [170, 80, 171, 81] }), 0, 'elsewhere: kept');
  assert.equal(m.retire({ collection: 'public.b', bounds: [-1, -1, 1, 1] }), 1, 'its area (the key covers a metre by the origin)');
  assert.equal(m.retire({ collection: 'public.c', bounds: null, scope: 'roles' }), 0, 'not read as a role: kept');
  assert.equal(m.retire({ collection: 'public.r', bounds: null, scope: 'roles' }), 1);
  assert.equal(m.retire({ collection: 'public.c', bounds: null, tile: 'other' }), 0, 'another tile: kept');
  assert.equal(m.retire({ collection: 'public.old', bounds: null, generatedBefore: 1000 }), 0, 'generated at the bound: kept');
  assert.equal(m.retire({ collection: 'public.old', bounds: null, generatedBefore: 1001 }), 1);
  assert.deepEqual(ids(), ['c']);
  assert.equal(m.retire({ collection: 'public.c', bounds: null, tile: 'c' }), 1);
  assert.equal(m.size, 0);
});

test('byZoom takes the entry of the greatest zoom at or below z', () => {
  const table = { 0: 100, 8: 50, 14: 10 };
  assert.deepEqual([0, 5, 8, 13, 14, 22].map((z) => byZoom(table, z, -1)), [100, 100, 50, 50, 10, 10]);
  assert.equal(byZoom({ 5: 1 }, 3, 7), 7);
});
