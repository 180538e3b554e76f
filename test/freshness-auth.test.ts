// Grants, row-level security policies, roles and DDL changing under cached tiles (the
// freshness of authenticated tiles): without tilery's event triggers a user's tile is served
// at most cache.untracked_max_age_seconds; with them, a REVOKE or a policy change retires it at
// once, in every store; a dropped role is seen by the roles poll; and a table dropped, renamed or
// altered under concurrent requests is a 404 or a 503 to retry, never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import pg from 'pg';
import type { PartialConfig } from '../src/config/index.ts';
import type { Engine } from '../src/engine/index.ts';
import { installTriggers } from '../src/freshness/index.ts';
import type { Tilery } from '../src/index.ts';
import { withUrlDatabase, type TestDatabase } from './harness/db.ts';
import { groundTruth, type LayerSpec } from './helpers/ground-truth.ts';
import { createWorldDatabase, get, postgresOnly, startTilery, type TileResponse } from './helpers/tilery.ts';
import { createParcels, quoted } from './helpers/parcels.ts';
import { waitFor } from './helpers/wait.ts';

const SECRET = 'a shared secret of more than thirty-two bytes, for HS256';
const TILE = { z: 3, x: 4, y: 2 };
const TILE_URL = `/public.parcels/${TILE.z}/${TILE.x}/${TILE.y}.pbf`;
const AUTH: PartialConfig['auth'] = { jwt: { secret: SECRET, jwks_url: null, role_claim: 'role', audience: null, issuer: null } };

/** Roles are the cluster's, not the database's: each database names its own. */
interface Roles {
  /** Reads the parcels by a grant of its own (the REVOKE case). */
  alice: string;
  /** Reads the parcels by a grant of its own (the policy case). */
  bob: string;
  /** Reads the parcels through `staff` only, so that DROP ROLE needs nothing revoked first (the dropped-role case). */
  carol: string;
  staff: string;
}

type User = 'alice' | 'bob' | 'carol';

/** Parcels owned by alice, bob or carol, each readable by its owner only (row-level security). */
async function createRolesAndParcels(db: TestDatabase): Promise<Roles> {
  const roles: Roles = { alice: `${db.name}_alice`, bob: `${db.name}_bob`, carol: `${db.name}_carol`, staff: `${db.name}_staff` };
  const q = quoted;
  await db.query(`
    CREATE ROLE ${q(roles.alice)} NOLOGIN; CREATE ROLE ${q(roles.bob)} NOLOGIN;
    CREATE ROLE ${q(roles.carol)} NOLOGIN; CREATE ROLE ${q(roles.staff)} NOLOGIN;
    GRANT ${q(roles.staff)} TO ${q(roles.carol)};
    GRANT ${q(roles.alice)}, ${q(roles.bob)}, ${q(roles.carol)} TO ${q(db.readerRole)};
  `);
  await createParcels(db, [roles.alice, roles.bob, roles.carol], [roles.alice, roles.bob, roles.staff]);
  return roles;
}

async function dropRoles(db: TestDatabase, roles: Roles): Promise<void> {
  const client = new pg.Client({ connectionString: withUrlDatabase(db.adminUrl, 'postgres') });
  await client.connect();
  try {
    for (const role of [roles.alice, roles.bob, roles.carol, roles.staff]) await client.query(`DROP ROLE IF EXISTS "${role}"`);
  } finally {
    await client.end();
  }
}

function hs256(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function ids(res: TileResponse): number[] {
  return (res.layers['public.parcels']?.features ?? []).map((f) => Number(f.id)).sort((a, b) => a - b);
}

/**
 * The parcels of the tile as `role` reads them, by plain SQL run as that role (its grants and
 * the policies apply): shares nothing with tilery but the database.
 */
async function truthAs(db: TestDatabase, role: string): Promise<number[]> {
  const asRole = {
    async query(sql: string, values?: unknown[]) {
      const client = await db.admin.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL ROLE "${role}"`);
        const { rows } = await client.query(sql, values as any[]);
        await client.query('COMMIT');
        return rows;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  } as unknown as TestDatabase;
  const spec: LayerSpec = { table: 'public.parcels', geom: 'geom', srid: 4326, id: 't.id', attributes: {} };
  return [...(await groundTruth(asRole, spec, TILE)).keys()].sort((a, b) => a - b);
}

interface Fixture {
  db: TestDatabase;
  roles: Roles;
  tilery: Tilery;
  tokens: Record<User, string>;
}

/** A world database with the parcels and their roles, and a tilery on it as the reader role. */
function useParcels(flags: PartialConfig): Fixture {
  const f = {} as Fixture;
  before(async () => {
    f.db = await createWorldDatabase();
    f.roles = await createRolesAndParcels(f.db);
    f.tilery = await startTilery(f.db, { auth: AUTH, ...flags });
    f.tokens = {
      alice: await hs256({ sub: 'alice', role: f.roles.alice }),
      bob: await hs256({ sub: 'bob', role: f.roles.bob }),
      carol: await hs256({ sub: 'carol', role: f.roles.carol }),
    };
  });
  after(async () => {
    await f.tilery?.close();
    if (f.db) {
      await f.db.drop();
      if (f.roles) await dropRoles(f.db, f.roles);
    }
  });
  return f;
}

/** The rows of the tile table holding the parcels as read by `role`. */
async function storedFor(db: TestDatabase, role: string): Promise<Buffer[]> {
  const rows = await db.query<{ tile: Buffer }>(`SELECT tile FROM tilery.tile_cache WHERE role = $1 AND collections @> ARRAY['public.parcels']`, [role]);
  return rows.map((r) => r.tile);
}

/**
 * Warm a user's tile on `t`: it is theirs (the ground truth as their role), the next request is
 * a memory hit, and once the saves are done the tile table holds it, as their role's.
 */
async function warm(f: Fixture, t: Tilery, who: User): Promise<TileResponse> {
  const first = await get(t, TILE_URL, bearer(f.tokens[who]));
  assert.equal(first.status, 200, first.body.toString());
  assert.deepEqual(ids(first), await truthAs(f.db, f.roles[who]), `${who}: the tile holds what the role may read`);
  assert.ok(ids(first).length > 5, `${who} has features in the tile`);
  // (a tile made while an earlier retirement was being applied is served but kept nowhere: ask again)
  let again = first;
  await waitFor(async () => (again = await get(t, TILE_URL, bearer(f.tokens[who]))).headers['x-tile-source'] === 'memory', 2000);
  assert.deepEqual(again.body, first.body);
  await t.cache.flush();
  const stored = await storedFor(f.db, f.roles[who]);
  assert.equal(stored.length, 1, `${who}: one row in the tile table`);
  assert.deepEqual(stored[0], first.body);
  return first;
}

/** A changed policy: bob reads half of his parcels (and alice and carol half of theirs). */
const HALF_POLICY = `ALTER POLICY own_parcels ON public.parcels USING (owner = current_user AND id % 2 = 0)`;

/** What a user's answer must be after a change: a 403 of the given code, or the truth as the role. */
type Expected = { status: 403; code: string } | { status: 200; ids: number[] };

/**
 * When (ms since the epoch) the request for `who`'s tile was sent, if its answer is `expected`;
 * else null. (The time it was asked, not answered: a tile generated again on a busy machine is
 * not late for being slow to make.)
 */
async function answers(f: Fixture, t: Tilery, who: User, expected: Expected, options: { memoryCleared?: boolean } = {}): Promise<number | null> {
  if (options.memoryCleared) t.cache.memory.clear();
  const at = Date.now();
  const res = await get(t, TILE_URL, bearer(f.tokens[who]));
  if (res.status !== expected.status) return null;
  if (expected.status === 403) return res.json().code === expected.code ? at : null;
  if (ids(res).join() !== expected.ids.join()) return null;
  // and the same bytes as generated now, bypassing every cache
  const truth = await get(t, `${TILE_URL}?disable_cache=true`, bearer(f.tokens[who]));
  return truth.status === 200 && truth.body.equals(res.body) ? at : null;
}

/**
 * Poll `who`'s tile until it answers `expected`; resolves to when the first right answer was
 * asked for, which must be within `ms` of `since`.
 */
async function until(f: Fixture, t: Tilery, who: User, expected: Expected, since: number, ms: number): Promise<number> {
  let at: number | null = null;
  await waitFor(async () => (at = await answers(f, t, who, expected)) !== null, ms + 3000);
  const delay = at! - since;
  assert.ok(delay <= ms, `${who}: asked ${delay} ms after the change, the tile was still the old one`);
  return delay;
}

/**
 * A change made by `change`, after which `who`'s tile, warmed on each instance, must answer
 * `expected` on each within `ms`, from memory and from the tile table (memory cleared).
 * Resolves to the delay seen on the first instance (ms).
 */
async function expectWithin(f: Fixture, instances: Tilery[], who: User, change: () => Promise<unknown>, expected: () => Promise<Expected>, ms: number): Promise<number> {
  const warmed: TileResponse[] = [];
  for (const t of instances) warmed.push(await warm(f, t, who));
  const stale = warmed[0];
  const started = Date.now();
  await change();
  const want = await expected();
  if (want.status === 200) assert.notDeepEqual(want.ids, ids(stale), 'the change changes what the role reads in the tile');
  const delays: number[] = [];
  for (const t of instances) delays.push(await until(f, t, who, want, started, ms));
  for (const t of instances) {
    assert.notEqual(await answers(f, t, who, want, { memoryCleared: true }), null, `${who}: the tile table does not serve the stale tile either`);
  }
  return delays[0];
}

describe('authenticated tiles without the event triggers: served at most the age bound', { skip: postgresOnly('roles of a PostgreSQL cluster') }, () => {
  // the roles poll slowed down: the bound is what must make these pass
  const f = useParcels({ cache: { untracked_max_age_seconds: 2, storage_priority: ['pg'] }, freshness: { install_triggers: false, poll_ms: 60_000 } });

  test('no event triggers: the snapshot says so', () => {
    assert.equal(f.tilery.catalog.current().authorizationTracked, false);
  });

  test('REVOKE SELECT from the user’s role: a 403 within the bound, from every store', async (t) => {
    const ms = await expectWithin(
      f, [f.tilery], 'alice',
      () => f.db.query(`REVOKE SELECT ON public.parcels FROM "${f.roles.alice}"`),
      async () => ({ status: 403, code: 'database_permission_denied' }),
      2500,
    );
    t.diagnostic(`revoked → 403 after ${ms} ms`);
  });

  test('a changed policy: the rows it shows now, within the bound, from every store', async (t) => {
    const ms = await expectWithin(
      f, [f.tilery], 'bob',
      () => f.db.query(HALF_POLICY),
      async () => ({ status: 200, ids: await truthAs(f.db, f.roles.bob) }),
      2500,
    );
    t.diagnostic(`policy changed → new rows after ${ms} ms`);
  });

  test('DROP ROLE of a user: a 403 within the bound, from every store', async (t) => {
    const ms = await expectWithin(
      f, [f.tilery], 'carol',
      () => f.db.query(`DROP ROLE "${f.roles.carol}"`),
      async () => ({ status: 403, code: 'role_not_allowed' }),
      2500,
    );
    t.diagnostic(`role dropped → 403 after ${ms} ms`);
  });

  test('DROP, RENAME and ALTER under concurrent requests: never a 500; then the new id serves and the old one is a 404', { timeout: 30_000 }, async (t) => {
    await ddlUnderLoad(f, { eventTriggers: false }, (m) => t.diagnostic(m));
  });
});

/**
 * How soon a told change must show with the event triggers: a reading of the catalog (each
 * instance's), a retirement and its notification. Typically 100–500 ms on a loaded machine; far
 * below the age bound of these tests (600 s), which so cannot be what makes them pass.
 */
const TOLD_MS = 1500;

describe('authenticated tiles with the event triggers: retired at once', { skip: postgresOnly('roles and event triggers of a PostgreSQL cluster') }, () => {
  // a bound far past the test: only a retirement can make these pass; the roles poll is quick
  const flags: PartialConfig = { cache: { untracked_max_age_seconds: 600, storage_priority: ['pg'] }, freshness: { install_triggers: false, poll_ms: 200 } };
  let admin: Engine;
  /** A second instance on the same database: its memory must be retired too. */
  let other: Tilery;
  // (registered before the fixture's: `after` hooks run in order, and these need the database)
  after(async () => {
    await other?.close();
    await admin?.close();
  });
  const f = useParcels(flags);

  before(async () => {
    admin = await f.db.adminEngine();
    const report = await installTriggers(admin, await f.tilery.catalog.discover());
    assert.equal(report.events, 'installed');
    await f.tilery.catalog.refresh();
    other = await startTilery(f.db, { auth: AUTH, ...flags });
  });

  test('the event triggers are seen', () => {
    assert.equal(f.tilery.catalog.current().authorizationTracked, true);
    assert.equal(other.catalog.current().authorizationTracked, true);
  });

  /** As expectWithin, on both instances; and the bound is 600 s: only a retirement can have removed the stale rows. */
  async function expectOnBoth(who: User, change: () => Promise<unknown>, expected: () => Promise<Expected>, ms: number): Promise<number> {
    const delay = await expectWithin(f, [f.tilery, other], who, change, expected, ms);
    for (const tile of await storedFor(f.db, f.roles[who])) {
      assert.deepEqual(tile, (await get(f.tilery, `${TILE_URL}?disable_cache=true`, bearer(f.tokens[who]))).body, 'a row left in the tile table is a fresh one');
    }
    return delay;
  }

  test('REVOKE SELECT from the user’s role: a 403 within a moment, on every instance and store', async (t) => {
    const ms = await expectOnBoth(
      'alice',
      () => f.db.query(`REVOKE SELECT ON public.parcels FROM "${f.roles.alice}"`),
      async () => ({ status: 403, code: 'database_permission_denied' }),
      TOLD_MS,
    );
    assert.deepEqual(await storedFor(f.db, f.roles.alice), [], 'the tile table holds no tile of hers any more');
    t.diagnostic(`revoked → 403 after ${ms} ms`);
  });

  test('a changed policy: the rows it shows now within a moment, on every instance and store', async (t) => {
    const ms = await expectOnBoth(
      'bob',
      () => f.db.query(HALF_POLICY),
      async () => ({ status: 200, ids: await truthAs(f.db, f.roles.bob) }),
      TOLD_MS,
    );
    t.diagnostic(`policy changed → new rows after ${ms} ms`);
  });

  test('a policy dropped and created again, other rows: the same', async () => {
    await expectOnBoth(
      'bob',
      () => f.db.query(`DROP POLICY own_parcels ON public.parcels;
        CREATE POLICY own_parcels ON public.parcels FOR SELECT USING (owner = current_user AND id % 2 = 1)`),
      async () => ({ status: 200, ids: await truthAs(f.db, f.roles.bob) }),
      TOLD_MS,
    );
  });

  test('DROP ROLE of a user (no event trigger sees it): the roles poll retires its tiles within a moment', async (t) => {
    const ms = await expectOnBoth(
      'carol',
      () => f.db.query(`DROP ROLE "${f.roles.carol}"`),
      async () => ({ status: 403, code: 'role_not_allowed' }),
      TOLD_MS,
    );
    assert.deepEqual(await storedFor(f.db, f.roles.carol), [], 'the tile table holds no tile of hers any more');
    t.diagnostic(`role dropped → 403 after ${ms} ms`);
  });

  test('DROP, RENAME and ALTER under concurrent requests: never a 500; the new id serves and the old one is a 404 without a refresh', { timeout: 30_000 }, async (t) => {
    await ddlUnderLoad(f, { eventTriggers: true }, (m) => t.diagnostic(m));
  });
});

describe('a change told while the catalog is being read', { skip: postgresOnly('roles and event triggers of a PostgreSQL cluster') }, () => {
  // one instance: no other one can read the catalog again and retire the tiles in its stead
  const f = useParcels({ cache: { untracked_max_age_seconds: 600, storage_priority: ['pg'] }, freshness: { install_triggers: false, poll_ms: 200 } });

  before(async () => {
    const admin = await f.db.adminEngine();
    try {
      assert.equal((await installTriggers(admin, await f.tilery.catalog.discover())).events, 'installed');
    } finally {
      await admin.close();
    }
    await f.tilery.catalog.refresh();
    assert.equal(f.tilery.catalog.current().authorizationTracked, true);
  });

  test('is not lost in the reading under way, which started before it', { timeout: 20_000 }, async () => {
    await warm(f, f.tilery, 'alice');
    // who asks the catalog to be read again (the notifications' listener calls the registry's refresh)
    const registry = f.tilery.catalog as { refresh: () => Promise<unknown> };
    const refresh = registry.refresh;
    let asked = 0;
    registry.refresh = () => {
      asked++;
      return refresh();
    };
    // a reading of the catalog that has taken its snapshot and then waits (on a lock of the places)
    const locker = await f.db.admin.connect();
    let refreshing: Promise<unknown> | undefined;
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE public.places IN ACCESS EXCLUSIVE MODE');
      refreshing = f.tilery.catalog.refresh();
      await waitFor(async () => (await f.db.query(`SELECT 1 FROM pg_locks WHERE relation = 'public.places'::regclass AND NOT granted`)).length > 0);
      // meanwhile the grant goes, and the event trigger tells the instance, which asks for a reading
      await f.db.query(`REVOKE SELECT ON public.parcels FROM "${f.roles.alice}"`);
      await waitFor(() => asked >= 2);
    } finally {
      await locker.query('COMMIT').catch(() => {});
      locker.release();
      registry.refresh = refresh;
    }
    await refreshing;
    // (had the notification been lost in the reading under way, the tile would stay: no age bound applies)
    await until(f, f.tilery, 'alice', { status: 403, code: 'database_permission_denied' }, Date.now(), TOLD_MS);
  });
});

/**
 * Two scratch copies of the places, served while concurrent requests run: one loses a column the
 * tile selects, gains another and is renamed; the other is dropped. Every answer meanwhile is a
 * 200, 204, 404 or 503; then the renamed table serves under its new id, with its new columns,
 * and both old ids are 404s.
 */
async function ddlUnderLoad(f: Fixture, options: { eventTriggers: boolean }, diagnostic: (message: string) => void): Promise<void> {
  const { db, tilery } = f;
  await db.query(`
    CREATE TABLE public.ddl_a AS SELECT id, name AS label, rank, geom FROM public.places WHERE id % 7 = 0;
    ALTER TABLE public.ddl_a ADD PRIMARY KEY (id);
    CREATE TABLE public.ddl_b AS SELECT id, name AS label, geom FROM public.places WHERE id % 11 = 0;
    ALTER TABLE public.ddl_b ADD PRIMARY KEY (id);
    -- tilery's role and the users' (bob's, below)
    GRANT SELECT ON public.ddl_a, public.ddl_b TO PUBLIC`);
  await tilery.catalog.refresh();
  const anon = await startTilery(db, { cache: { untracked_max_age_seconds: 2, storage_priority: ['pg'] }, freshness: { install_triggers: false, poll_ms: 200 } });
  try {
    for (const id of ['public.ddl_a', 'public.ddl_b']) assert.ok(anon.catalog.current().collections.has(id), id);
    const urls = [
      '/public.ddl_a/0/0/0.pbf',
      '/public.ddl_a/1/1/0.pbf?disable_cache=true',
      '/public.ddl_a/2/2/1.pbf',
      '/public.ddl_a,public.ddl_b/1/0/0.pbf',
      '/public.ddl_b/0/0/0.pbf',
      '/public.ddl_b/1/1/1.pbf?disable_cache=true',
      '/public.ddl_renamed/0/0/0.pbf',
      '/tiles/public/tiles/1/1/0.mvt?collections=ddl_a,ddl_b',
    ];
    for (const url of urls.slice(0, 6)) assert.equal((await get(anon, url)).status, 200, url);
    const seen = new Map<number, number>();
    const bad: string[] = [];
    let running = true;
    const loop = async (i: number) => {
      for (let n = i; running; n++) {
        const url = urls[n % urls.length];
        const res = await get(anon, url);
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        // the OGC route names its layers in a parameter: one it no longer knows is a 400 on that parameter
        const gone = url.includes('?collections=') && res.status === 400 && res.json().parameter === 'collections';
        if (![200, 204, 404, 503].includes(res.status) && !gone) bad.push(`${url}: ${res.status} ${res.body.toString().slice(0, 300)}`);
      }
    };
    const loops = Array.from({ length: 8 }, (_, i) => loop(i));
    const pause = () => new Promise((r) => setTimeout(r, 250));
    try {
      await pause();
      await db.query('ALTER TABLE public.ddl_a DROP COLUMN label');
      await pause();
      await db.query(`ALTER TABLE public.ddl_a ADD COLUMN extra text NOT NULL DEFAULT 'added'`);
      await pause();
      await db.query('ALTER TABLE public.ddl_a RENAME TO ddl_renamed');
      await pause();
      await db.query('DROP TABLE public.ddl_b');
      await pause();
      await pause();
    } finally {
      running = false;
      await Promise.all(loops);
    }
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} unexpected answers; statuses seen: ${JSON.stringify([...seen])}`);
    assert.ok((seen.get(200) ?? 0) > 20, `statuses seen: ${JSON.stringify([...seen])}`);
    diagnostic(`answers under DDL, by status: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);

    if (!options.eventTriggers) {
      // nothing told of the DDL: the queries that failed on it had the catalog read again
      const now = anon.catalog.current().collections;
      assert.ok(!now.has('public.ddl_a') && !now.has('public.ddl_b') && now.has('public.ddl_renamed'), [...now.keys()].join());
    }
    // settled: with the event triggers every instance read its catalog again by itself
    const settled = async (t: Tilery) => {
      if (!options.eventTriggers) await t.catalog.refresh();
      else await waitFor(() => t.catalog.current().collections.has('public.ddl_renamed') && !t.catalog.current().collections.has('public.ddl_b'), 2000);
    };
    for (const [t, headers] of [[anon, {}], [tilery, bearer(f.tokens.bob)]] as const) {
      await settled(t);
      const renamed = await get(t, '/public.ddl_renamed/0/0/0.pbf', headers);
      assert.equal(renamed.status, 200, renamed.body.toString());
      const features = renamed.layers['public.ddl_renamed'].features;
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM public.ddl_renamed`);
      assert.equal(features.length, n, 'every row of the renamed table, at zoom 0');
      assert.ok(features.every((x) => x.properties.extra === 'added' && !('label' in x.properties)), 'its columns as they are now');
      assert.deepEqual(renamed.body, (await get(t, '/public.ddl_renamed/0/0/0.pbf?disable_cache=true', headers)).body);
      for (const url of ['/public.ddl_a/0/0/0.pbf', '/public.ddl_a/2/2/1.pbf', '/public.ddl_b/0/0/0.pbf', '/public.ddl_a,public.ddl_b/1/0/0.pbf']) {
        const gone = await get(t, url, headers);
        assert.equal(gone.status, 404, `${url}: ${gone.status} ${gone.body.toString().slice(0, 200)}`);
        assert.equal(gone.json().code, 'unknown_collection', url);
      }
    }
  } finally {
    await anon.close();
    await db.query('DROP TABLE IF EXISTS public.ddl_a, public.ddl_b, public.ddl_renamed');
  }
}
