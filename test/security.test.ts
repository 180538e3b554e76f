// Read authentication (API keys, JWT → database role), row-level security through the tile
// pipeline and every cache, rate limits, request limits and security headers.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import pg from 'pg';
import type { PartialConfig } from '../src/config/index.ts';
import type { Tilery } from '../src/index.ts';
import { withUrlDatabase, type TestDatabase } from './harness/db.ts';
import { groundTruth, type LayerSpec } from './helpers/ground-truth.ts';
import { createWorldDatabase, get, startTilery, useWorld, type TileResponse } from './helpers/tilery.ts';
import { createParcels, quoted } from './helpers/parcels.ts';

const SECRET = 'a shared secret of more than thirty-two bytes, for HS256';
const TILE = { z: 3, x: 4, y: 2 };
const TILE_URL = `/public.parcels/${TILE.z}/${TILE.x}/${TILE.y}.pbf`;

/** Roles are the cluster's, not the database's: each run names its own (embedded: the database's own). */
interface Roles {
  alice: string;
  bob: string;
  /** Exists, but tilery's role is not a member: it cannot switch to it. */
  carol: string;
}

/** Parcels owned by alice, bob or nobody, readable by each owner only (row-level security). */
async function createRolesAndParcels(db: TestDatabase): Promise<Roles> {
  const roles: Roles = { alice: `${db.name}_alice`, bob: `${db.name}_bob`, carol: `${db.name}_carol` };
  const q = quoted;
  await db.query(`
    CREATE ROLE ${q(roles.alice)} NOLOGIN; CREATE ROLE ${q(roles.bob)} NOLOGIN; CREATE ROLE ${q(roles.carol)} NOLOGIN;
    GRANT ${q(roles.alice)}, ${q(roles.bob)} TO ${q(db.readerRole)};
    -- alice may read the places, bob may not
    GRANT SELECT ON public.places TO ${q(roles.alice)};
  `);
  await createParcels(db, [roles.alice, roles.bob, 'nobody'], [roles.alice, roles.bob, roles.carol]);
  return roles;
}

async function dropRoles(db: TestDatabase, roles: Roles): Promise<void> {
  // an embedded database's roles are gone with it
  if (db.kind === 'pglite') return;
  const client = new pg.Client({ connectionString: withUrlDatabase(db.adminUrl, 'postgres') });
  await client.connect();
  try {
    for (const role of Object.values(roles)) await client.query(`DROP ROLE IF EXISTS "${role}"`);
  } finally {
    await client.end();
  }
}

function parcelsOf(owner: string): LayerSpec {
  return {
    table: `(SELECT * FROM public.parcels WHERE owner = '${owner}')`,
    geom: 'geom',
    srid: 4326,
    id: 't.id',
    attributes: { id: 't.id', owner: 't.owner', name: 't.name' },
  };
}

function hs256(claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string | number } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function ids(res: TileResponse): number[] {
  return (res.layers['public.parcels']?.features ?? []).map((f) => Number(f.id)).sort((a, b) => a - b);
}

describe('JWT users mapped to database roles under row-level security', () => {
  let db: TestDatabase;
  let roles: Roles;
  let bucketDir: string;
  /** bucket first, then the PostGIS table */
  let tilery: Tilery;
  /** the PostGIS table only, on the same database */
  let other: Tilery;
  let tokens: { alice: string; bob: string; carol: string; nobody: string };
  const expected: Record<'alice' | 'bob', number[]> = { alice: [], bob: [] };

  before(async () => {
    db = await createWorldDatabase();
    roles = await createRolesAndParcels(db);
    bucketDir = await mkdtemp(join(tmpdir(), 'tilery-security-'));
    const auth: PartialConfig['auth'] = { jwt: { secret: SECRET, jwks_url: null, role_claim: 'role', audience: null, issuer: null } };
    // one connection: the roles take turns on it, with the same prepared statements
    const database = { pool_size: 1, statement_timeout_ms: 10_000, connect_timeout_ms: 5000 };
    tilery = await startTilery(db, { auth, database, cache: { storage_priority: ['bucket', 'pg'], bucket: { url: pathToFileURL(bucketDir).href } } as PartialConfig['cache'] });
    other = await startTilery(db, { auth, database, cache: { storage_priority: ['pg'] } });
    tokens = {
      alice: await hs256({ sub: 'alice', role: roles.alice }),
      bob: await hs256({ sub: 'bob', role: roles.bob }),
      carol: await hs256({ sub: 'carol', role: roles.carol }),
      nobody: await hs256({ sub: 'nobody' }),
    };
    for (const who of ['alice', 'bob'] as const) {
      expected[who] = [...(await groundTruth(db, parcelsOf(roles[who]), TILE)).keys()].sort((a, b) => a - b);
    }
  });
  after(async () => {
    await tilery?.close();
    await other?.close();
    if (db) {
      await db.drop();
      if (roles) await dropRoles(db, roles);
    }
    if (bucketDir) await rm(bucketDir, { recursive: true, force: true });
  });

  test('the fixture gives each user features of their own in the tile', () => {
    assert.ok(expected.alice.length > 5 && expected.bob.length > 5, JSON.stringify(expected));
    assert.equal(expected.alice.filter((id) => expected.bob.includes(id)).length, 0);
  });

  test('each user sees their own features in the same tile, with their attributes', async () => {
    for (const who of ['alice', 'bob'] as const) {
      const res = await get(tilery, TILE_URL, bearer(tokens[who]));
      assert.equal(res.status, 200, res.body.toString());
      assert.deepEqual(ids(res), expected[who], who);
      for (const f of res.layers['public.parcels'].features) assert.equal(f.properties.owner, roles[who]);
      assert.match(String(res.headers['cache-control']), /^private, max-age=\d+$/);
    }
  });

  test('neither gets the other one’s tile from memory, the bucket or the PostGIS table', async () => {
    const seen = (res: TileResponse) => `${res.headers['x-tile-cache']}/${res.headers['x-tile-source']}`;
    for (const who of ['alice', 'bob'] as const) {
      const res = await get(tilery, TILE_URL, bearer(tokens[who]));
      assert.equal(seen(res), 'hit/memory');
      assert.deepEqual(ids(res), expected[who]);
    }
    // the saves run in the background
    await tilery.cache.flush();
    const [row] = await db.query(
      `SELECT (SELECT count(*) FROM tilery.tile_cache WHERE collections = ARRAY['public.parcels'])::int AS t,
              (SELECT count(*) FROM tilery.bucket_index WHERE collections = ARRAY['public.parcels'])::int AS b`,
    );
    assert.deepEqual(row, { t: 2, b: 2 }, 'one tile per role in each store');
    tilery.cache.memory.clear();
    for (const who of ['bob', 'alice'] as const) {
      const res = await get(tilery, TILE_URL, bearer(tokens[who]));
      assert.equal(seen(res), 'hit/bucket_proxy', who);
      assert.deepEqual(ids(res), expected[who], who);
    }
    for (const who of ['bob', 'alice'] as const) {
      const res = await get(other, TILE_URL, bearer(tokens[who]));
      assert.equal(seen(res), 'hit/pg_table', who);
      assert.deepEqual(ids(res), expected[who], who);
    }
  });

  test('tilery’s own role, which owns no parcel, gets an empty tile and none of theirs', async () => {
    const admin = await startTilery(db, { admin_token: 'operator', cache: { storage_priority: ['pg'] } });
    try {
      // the operator's token opens the read routes, as tilery's own role
      const res = await get(admin, TILE_URL, bearer('operator'));
      assert.equal(res.status, 204);
      assert.equal(res.headers['x-tile-cache'], 'miss');
    } finally {
      await admin.close();
    }
  });

  test('a role the user lacks SELECT on is a 403 naming the privilege, and the other user still reads it', async () => {
    const places = '/public.places/0/0/0.pbf';
    const bob = await get(tilery, places, bearer(tokens.bob));
    assert.equal(bob.status, 403);
    assert.equal(bob.json().code, 'database_permission_denied');
    assert.match(bob.json().description, /permission denied/);
    const alice = await get(tilery, places, bearer(tokens.alice));
    assert.equal(alice.status, 200);
  });

  test('a token naming a role tilery cannot switch to, or no role, is a 403', async () => {
    const carol = await get(tilery, TILE_URL, bearer(tokens.carol));
    assert.equal(carol.status, 403);
    assert.equal(carol.json().code, 'role_not_allowed');
    assert.equal(carol.json().role, roles.carol);
    const nobody = await get(tilery, TILE_URL, bearer(tokens.nobody));
    assert.equal(nobody.status, 403);
    assert.equal(nobody.json().code, 'role_not_allowed');
    assert.match(nobody.json().description, /"role" claim/);
    const unknown = await get(tilery, TILE_URL, bearer(await hs256({ role: `${db.name}_nobody_at_all` })));
    assert.equal(unknown.status, 403);
    assert.equal(unknown.json().code, 'role_not_allowed');
  });

  test('the connection goes back to the pool with tilery’s own role', async () => {
    await get(tilery, '/public.parcels/0/0/0.pbf?disable_cache=true', bearer(tokens.alice));
    const { rows } = await tilery.engine.query<{ u: string }>('SELECT current_user::text AS u');
    assert.equal(rows[0].u, db.readerRole);
  });

  test('without a token, or with a wrong one, reads are refused with 401', async () => {
    const none = await get(tilery, TILE_URL);
    assert.equal(none.status, 401);
    assert.equal(none.json().code, 'unauthorized');
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="tilery"');
    for (const [token, reason] of [
      [await hs256({ role: roles.alice }, { secret: 'another secret, also long enough to be accepted by HS256' }), /invalid/],
      [await hs256({ role: roles.alice }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
      ['not.a.token', /invalid/],
    ] as const) {
      const res = await get(tilery, TILE_URL, bearer(token));
      assert.equal(res.status, 401, token);
      assert.equal(res.json().code, 'unauthorized');
      assert.match(res.json().description, reason, token);
    }
    // metadata routes are read routes too
    assert.equal((await get(tilery, '/index.json')).status, 401);
    assert.equal((await get(tilery, '/index.json', bearer(tokens.alice))).status, 200);
  });
});

describe('RS256 tokens verified with a JWKS', () => {
  let db: TestDatabase;
  let roles: Roles;
  let jwks: Server;
  let tilery: Tilery;
  let key: { privateKey: CryptoKey; jwk: JWK };
  let requests = 0;

  const rs256 = (claims: Record<string, unknown>, privateKey = key.privateKey, kid = 'k1') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuer('https://issuer.example').setAudience('tilery').setExpirationTime('5m').sign(privateKey);

  before(async () => {
    db = await createWorldDatabase();
    roles = await createRolesAndParcels(db);
    const pair = await generateKeyPair('RS256');
    key = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' } };
    jwks = createServer((_req, res) => {
      requests++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [key.jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    tilery = await startTilery(db, {
      auth: { jwt: { secret: null, jwks_url: url, role_claim: 'db_role', audience: 'tilery', issuer: 'https://issuer.example' } },
      cache: { storage_priority: [] },
    });
  });
  after(async () => {
    await tilery?.close();
    jwks?.close();
    if (db) {
      await db.drop();
      if (roles) await dropRoles(db, roles);
    }
  });

  test('a token signed by a key of the set runs as the role its claim names', async () => {
    const res = await get(tilery, TILE_URL, bearer(await rs256({ db_role: roles.bob })));
    assert.equal(res.status, 200, res.body.toString());
    const truth = [...(await groundTruth(db, parcelsOf(roles.bob), TILE)).keys()].sort((a, b) => a - b);
    assert.deepEqual(ids(res), truth);
    assert.ok(requests >= 1, 'the key set was fetched');
  });

  test('other keys, algorithms, audiences and issuers are refused', async () => {
    const stranger = await generateKeyPair('RS256');
    const cases = {
      'another key with the same kid': await rs256({ db_role: roles.bob }, stranger.privateKey),
      'an unknown kid': await rs256({ db_role: roles.bob }, key.privateKey, 'k2'),
      'HS256 (no secret configured)': await hs256({ db_role: roles.bob }),
      'another audience': await new SignJWT({ db_role: roles.bob }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://issuer.example').setAudience('other').setExpirationTime('5m').sign(key.privateKey),
      'another issuer': await new SignJWT({ db_role: roles.bob }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://evil.example').setAudience('tilery').setExpirationTime('5m').sign(key.privateKey),
    };
    for (const [what, token] of Object.entries(cases)) {
      const res = await get(tilery, TILE_URL, bearer(token));
      assert.equal(res.status, 401, what);
      assert.equal(res.json().code, 'unauthorized', what);
    }
  });

  test('when the key set cannot be read, tokens get a 503, not a 401', async () => {
    const closed = await startTilery(db, {
      auth: { jwt: { secret: null, jwks_url: 'http://127.0.0.1:1/jwks.json', role_claim: 'db_role', audience: null, issuer: null } },
      cache: { storage_priority: [] },
    });
    try {
      const res = await get(closed, TILE_URL, bearer(await rs256({ db_role: roles.bob })));
      assert.equal(res.status, 503);
      assert.equal(res.json().code, 'auth_unavailable');
    } finally {
      await closed.close();
    }
  });
});

describe('API keys', () => {
  const world = useWorld({ auth: { api_keys: ['key-one', 'key-two'] }, admin_token: 'operator', cache: { storage_priority: [] } });

  test('a read without a key is a 401 saying how to authenticate', async () => {
    const res = await get(world.tilery, '/public.places/0/0/0.pbf');
    assert.equal(res.status, 401);
    assert.equal(res.json().code, 'unauthorized');
    assert.match(res.json().description, /X-API-Key/);
    assert.equal((await get(world.tilery, '/collections')).status, 401);
  });

  test('a key in the header or the query string opens the read routes; a wrong one does not', async () => {
    const header = await get(world.tilery, '/public.places/0/0/0.pbf', { 'x-api-key': 'key-one' });
    assert.equal(header.status, 200);
    assert.ok(header.layers['public.places'].features.length > 0);
    assert.match(String(header.headers['cache-control']), /^private, /);
    assert.equal((await get(world.tilery, '/public.places/0/0/0.pbf?api_key=key-two')).status, 200);
    assert.equal((await get(world.tilery, '/collections?api_key=key-two')).status, 200);
    const wrong = await get(world.tilery, '/public.places/0/0/0.pbf', { 'x-api-key': 'key-three' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.json().description, /API key is not valid/);
  });

  test('the api_key parameter is not part of the cache key: every key shares the tile', async () => {
    const url = '/public.places/1/1/0.pbf';
    assert.equal((await get(world.tilery, `${url}?api_key=key-one`)).headers['x-tile-cache'], 'miss');
    assert.equal((await get(world.tilery, `${url}?api_key=key-two`)).headers['x-tile-cache'], 'hit');
  });

  test('the admin token opens the read routes too', async () => {
    assert.equal((await get(world.tilery, '/index.json', bearer('operator'))).status, 200);
  });

  test('the viewer’s files stay open, the page itself needs a key', async () => {
    assert.equal((await get(world.tilery, '/viewer/viewer.css')).status, 200);
    assert.equal((await get(world.tilery, '/', { accept: 'text/html' })).status, 401);
    assert.equal((await get(world.tilery, '/?api_key=key-one', { accept: 'text/html' })).status, 200);
  });

  test('with private_tiles off, authenticated tiles are public', async () => {
    const open = await startTilery(world.db, { auth: { api_keys: ['k'], private_tiles: false }, cache: { storage_priority: [] } });
    try {
      const res = await get(open, '/public.places/0/0/0.pbf', { 'x-api-key': 'k' });
      assert.match(String(res.headers['cache-control']), /^public, /);
    } finally {
      await open.close();
    }
  });
});

describe('rate limits, request limits and security headers', () => {
  const world = useWorld({
    auth: { api_keys: ['first', 'second'] },
    rate_limit: { per_minute: 5 },
    limits: { max_url_length: 600, max_body_bytes: 1024 },
    admin_token: 'operator',
    cache: { storage_priority: [] },
  });

  test('past the limit a client gets 429 with Retry-After; another client is not affected', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await get(world.tilery, '/index.json', { 'x-api-key': 'first' })).status, 200, `request ${i + 1}`);
    const limited = await get(world.tilery, '/public.places/0/0/0.pbf', { 'x-api-key': 'first' });
    assert.equal(limited.status, 429);
    assert.equal(limited.json().code, 'rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 60, String(limited.headers['retry-after']));
    assert.equal((await get(world.tilery, '/index.json', { 'x-api-key': 'second' })).status, 200);
  });

  test('requests with wrong credentials are counted too (by address)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await get(world.tilery, '/index.json', { 'x-api-key': `guess-${i}` })).status);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.deepEqual(statuses.slice(5), [429, 429]);
  });

  test('a URL past limits.max_url_length is a 414', async () => {
    const res = await get(world.tilery, `/public.places/0/0/0.pbf?filter=${'a'.repeat(700)}`, { 'x-api-key': 'second' });
    assert.equal(res.status, 414);
    assert.equal(res.json().code, 'uri_too_long');
  });

  test('a body past limits.max_body_bytes is a 413', async () => {
    const res = await world.tilery.app.inject({
      method: 'POST',
      url: '/tiles/public/tileMatrixSets',
      headers: { authorization: 'Bearer operator', 'content-type': 'application/json' },
      payload: JSON.stringify({ id: 'x', padding: 'p'.repeat(4096) }),
    });
    assert.equal(res.statusCode, 413);
  });

  test('HTML pages carry a content security policy, every answer nosniff', async () => {
    const html = await get(world.tilery, '/collections?f=html', { 'x-api-key': 'second' });
    assert.equal(html.status, 200);
    assert.match(String(html.headers['content-security-policy']), /default-src 'none'/);
    assert.match(String(html.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(html.headers['x-frame-options'], 'DENY');
    assert.equal(html.headers['x-content-type-options'], 'nosniff');
    const json = await get(world.tilery, '/index.json', { 'x-api-key': 'second' });
    assert.equal(json.headers['x-content-type-options'], 'nosniff');
    assert.equal(json.headers['content-security-policy'], undefined);
  });
});
