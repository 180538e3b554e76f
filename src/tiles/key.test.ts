import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { functionLayer, tableLayer } from '../../test/helpers/layers.ts';
import { tileEnvelope, WEB_MERCATOR_QUAD, WORLD_CRS84_QUAD, type TileMatrixSet } from '../tms/index.ts';
import { cacheKey } from './key.ts';
import { buildTileRequest, type TileDefaults, type TileRequest } from './request.ts';
import type { Query } from './query.ts';

const T = WEB_MERCATOR_QUAD;
const DEFAULTS: TileDefaults = { defaultLimit: 50000, maxLimit: 1000000, defaultResolution: 4096, defaultBuffer: 256 };
const places = tableLayer('public', 'places', ['name', 'population', 'kind']);
const roads = tableLayer('public', 'roads', ['name', 'ref', 'lanes']);
const other = tableLayer('other', 'roads', ['name']);

interface Variant {
  collections?: TileRequest['collections'];
  tms?: TileMatrixSet;
  z?: number;
  x?: number;
  y?: number;
  layerNaming?: 'id' | 'name';
  query?: Query;
  role?: string | null;
}

/** A request as a route builds it: tile 5/10/12 of places and roads, properties name and population. */
function request(v: Variant = {}): TileRequest {
  return buildTileRequest({
    collections: v.collections ?? [places, roads],
    tms: v.tms ?? T,
    coords: { z: v.z ?? 5, x: v.x ?? 10, y: v.y ?? 12 },
    format: 'mvt',
    layerNaming: v.layerNaming ?? 'id',
    query: v.query ?? { properties: 'name,population' },
    defaults: DEFAULTS,
    role: v.role ?? null,
  });
}

const key = (v: Variant = {}) => cacheKey(request(v), DEFAULTS);

describe('cacheKey', () => {
  test('requests built separately from the same route and query give the same key', () => {
    assert.deepEqual(key(), key());
  });

  test('the key names the collections in order, their schemas, the tile and the role', () => {
    const k = key({ collections: [roads, other, places], role: 'alice' });
    assert.deepEqual(k.collections, ['public.roads', 'other.roads', 'public.places']);
    assert.deepEqual(k.catalogs, ['public', 'other']);
    assert.deepEqual([k.tmsId, k.z, k.x, k.y, k.format, k.srid, k.role], ['WebMercatorQuad', 5, 10, 12, 'mvt', 3857, 'alice']);
  });

  const variants: Array<[string, Variant]> = [
    ['z', { z: 6 }],
    ['x', { x: 11 }],
    ['y', { y: 13 }],
    ['x and y swapped', { x: 12, y: 10 }],
    ['properties: another list', { query: { properties: 'name' } }],
    ['properties: all', { query: {} }],
    ['limit', { query: { properties: 'name,population', limit: '1001' } }],
    ['resolution', { query: { properties: 'name,population', resolution: '512' } }],
    ['buffer', { query: { properties: 'name,population', buffer: '64' } }],
    ['filter', { query: { properties: 'name,population', filter: "name = 'a'" } }],
    ['filter-crs', { query: { properties: 'name,population', filter: "name = 'a'", 'filter-crs': '3857' } }],
    ['subset', { query: { properties: 'name,population', subset: 'name("a")' } }],
    ['simplification', { query: { properties: 'name,population', simplification: '10' } }],
    ['simplification algorithm', { query: { properties: 'name,population', simplification_algorithm: 'douglas_peucker' } }],
    ['layer naming', { layerNaming: 'name' }],
    ['collection order', { collections: [roads, places] }],
    ['fewer collections', { collections: [places] }],
    ['another collection', { collections: [places, other] }],
    ['tms', { tms: WORLD_CRS84_QUAD }],
    ['role', { role: 'alice' }],
  ];
  test('each change of what the bytes depend on changes the key id, all pairwise different', () => {
    const ids = [key().id, ...variants.map(([, v]) => key(v).id)];
    for (const [i, [label]] of variants.entries()) assert.notEqual(ids[i + 1], ids[0], label);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('what changes where the bytes come from does not: disable_cache, refresh_cache, another route parsing the same tile', () => {
    const id = key().id;
    assert.equal(key({ query: { properties: 'name,population', refresh_cache: 'true' } }).id, id);
    assert.equal(key({ query: { properties: 'name,population', disable_cache: '1' } }).id, id);
    assert.equal(key({ query: { properties: 'population,name' } }).id, id, 'the order of properties');
    assert.equal(key({ query: { properties: 'name,population', limit: '50000' } }).id, id, 'a default given explicitly');
  });

  test('ids holding the separators cannot collide: [a.b, c.d] is not the one collection "a.b,c.d"', () => {
    const two = key({ collections: [tableLayer('a', 'b'), tableLayer('c', 'd')], query: {} });
    const one = key({ collections: [tableLayer('a', 'b,c.d')], query: {} });
    assert.notEqual(two.id, one.id);
  });

  test('a plain request (one collection, defaults, catalog naming) has no parameter hash; any other a hash of its variant', () => {
    assert.equal(key({ collections: [places], query: {}, layerNaming: 'name' }).paramHash, null);
    for (const v of [{ collections: [places], query: {} }, { collections: [places, roads], query: {}, layerNaming: 'name' as const }, { collections: [places], query: { limit: '5' }, layerNaming: 'name' as const }]) {
      const k = key(v);
      assert.match(k.paramHash ?? '', /^[0-9a-f]{16}$/);
      // the hash is of the variant: the part of the id after the tile address
      const variant = k.id.slice(k.id.indexOf('"mvt"]') + '"mvt"]'.length);
      assert.equal(k.paramHash, createHash('sha256').update(variant).digest('hex').slice(0, 16));
    }
  });

  test('a role is its own variant: never the plain key of the public tile', () => {
    const pub = key({ collections: [places], query: {}, layerNaming: 'name' });
    const alice = key({ collections: [places], query: {}, layerNaming: 'name', role: 'alice' });
    assert.equal(pub.paramHash, null);
    assert.notEqual(alice.paramHash, null);
    assert.notEqual(alice.id, pub.id);
  });

  test('a function tile does not depend on the route naming: the function names its layer', () => {
    const fn = functionLayer('public', 'fn', { arguments: [], paramsType: null });
    assert.equal(key({ collections: [fn], query: {}, layerNaming: 'id' }).id, key({ collections: [fn], query: {}, layerNaming: 'name' }).id);
  });

  test('the envelope is the tile grown by its buffer (in the TMS CRS)', () => {
    const env = tileEnvelope(T, 5, 10, 12);
    const k = key({ query: { buffer: '512', resolution: '4096' } });
    const grow = ((env.maxx - env.minx) * 512) / 4096;
    const expected = [env.minx - grow, env.miny - grow, env.maxx + grow, env.maxy + grow];
    k.envelope.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${i}: ${v} vs ${expected[i]}`));
  });

  test('on a global matrix the envelope stops at the edge of the world', () => {
    const k = key({ z: 1, x: 0, y: 0, query: { buffer: '256' } });
    const world = 20037508.342789244;
    assert.ok(Math.abs(k.envelope[0] + world) < 1e-6, 'west edge');
    assert.ok(Math.abs(k.envelope[3] - world) < 1e-6, 'north edge');
    assert.ok(k.envelope[2] > 0 && k.envelope[1] < 0, 'grown into the other tiles');
  });
});
