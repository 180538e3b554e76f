import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Engine } from '../src/engine/index.ts';
import type { Tilery } from '../src/index.ts';
import { startCluster } from './harness/cluster.ts';
import { createTestDatabase, withUrlDatabase } from './harness/db.ts';
import { bindEngine, get, startTilery, useWorld } from './helpers/tilery.ts';

/** An engine that keeps the text of every statement sent through it (transactions too). */
function recordingEngine(inner: Engine): Engine & { statements: string[] } {
  const statements: string[] = [];
  const record =
    (query: Engine['query']): Engine['query'] =>
    (sql, values, options) => {
      statements.push(sql);
      return query(sql, values, options);
    };
  return {
    ...bindEngine(inner),
    statements,
    query: record(inner.query.bind(inner)),
    transaction: (work) => inner.transaction((query) => work(record(query))),
  };
}

describe('bad requests', () => {
  const world = useWorld();

  const badParameters: Array<[string, string]> = [
    ['/public.places/a/0/0.pbf', 'z'],
    ['/public.places/0/-1/0.pbf', 'x'],
    ['/public.places/0/0/1e3.pbf', 'y'],
    ['/public.places/0/0/0.png', 'format'],
    ['/public.places/0/0/0', 'format'],
    ['/public.places/0/0/0.pbf?limit=-1', 'limit'],
    ['/public.places/0/0/0.pbf?limit=ten', 'limit'],
    ['/public.places/0/0/0.pbf?limit=1&limit=2', 'limit'],
    ['/public.places/0/0/0.pbf?resolution=0', 'resolution'],
    ['/public.places/0/0/0.pbf?resolution=4096.5', 'resolution'],
    ['/public.places/0/0/0.pbf?buffer=-3', 'buffer'],
    ['/public.places/0/0/0.pbf?buffer=99999', 'buffer'],
    ['/public.places/0/0/0.pbf?properties=name,nope', 'properties'],
  ];
  for (const [url, parameter] of badParameters) {
    test(`400 naming "${parameter}": ${url}`, async () => {
      const res = await get(world.tilery, url);
      assert.equal(res.status, 400);
      const body = res.json();
      assert.equal(body.code, 'invalid_parameter');
      assert.equal(body.parameter, parameter);
      assert.match(body.description, new RegExp(parameter));
    });
  }

  const notFound = [
    '/public.nope/0/0/0.pbf',
    '/public.nope.json',
    '/public.places,public.nope/0/0/0.pbf',
    '/public.secret/0/0/0.pbf',
    '/public.places/25/0/0.pbf',
    '/public.places/2/4/0.pbf',
    '/public.places/2/0/4.pbf',
    '/no/such/route/at/all',
  ];
  for (const url of notFound) {
    test(`404: ${url}`, async () => {
      const res = await get(world.tilery, url);
      assert.equal(res.status, 404);
      assert.ok(res.json().code && res.json().description);
    });
  }

  /**
   * Injection attempts: each a URL, and for those that would do damage, the SQL a server that
   * spliced the text into its statement would run (`naive`).
   */
  const attempts: Array<{ url: string; naive?: string }> = [
    {
      url: `/${encodeURIComponent('public.places; DROP TABLE public.places CASCADE; --')}/0/0/0.pbf`,
      naive: 'SELECT id FROM public.places; DROP TABLE public.places CASCADE; --',
    },
    { url: `/${encodeURIComponent('public."places"')}/0/0/0.pbf` },
    { url: `/${encodeURIComponent("public.places' OR '1'='1")}.json` },
    { url: `/public.places/0/0/0.pbf?properties=${encodeURIComponent('name, pg_sleep(5)')}` },
    {
      url: `/public.places/0/0/0.pbf?properties=${encodeURIComponent('name" FROM public.places; DELETE FROM public.places; --')}`,
      naive: 'SELECT "name" FROM public.places; DELETE FROM public.places; --" FROM public.places',
    },
    {
      url: `/public.places/0/0/0.pbf?limit=${encodeURIComponent("1; UPDATE public.places SET name = 'owned'")}`,
      naive: "SELECT id FROM public.places LIMIT 1; UPDATE public.places SET name = 'owned'",
    },
    {
      url: `/tiles/public/tiles/0/0/0.mvt?collections=${encodeURIComponent('places; DROP TABLE public.places CASCADE')}`,
      naive: 'SELECT id FROM public.places; DROP TABLE public.places CASCADE',
    },
    {
      url: `/tiles/${encodeURIComponent('public.places; DELETE FROM public.places; --')}/tiles/0/0/0.mvt?collections=places`,
      naive: 'SELECT id FROM public.places; DELETE FROM public.places; --.places',
    },
  ];

  /** The relations of schema public and a digest of every row of public.places. */
  async function fingerprint(query: Engine['query']): Promise<unknown> {
    const { rows: relations } = await query(
      "SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
    );
    if (!relations.some((r) => r.name === 'places')) return { relations };
    const { rows } = await query("SELECT count(*)::int AS n, md5(string_agg(p::text, ',' ORDER BY p.id)) AS digest FROM public.places p");
    return { relations, places: rows[0] };
  }

  test('the damaging attempts would change the database, were they run as SQL by the superuser', async () => {
    // proves that the fingerprint of the next test sees what they would do
    const engine = await world.db.adminEngine();
    try {
      const before = await fingerprint(engine.query);
      for (const { url, naive } of attempts) {
        if (!naive) continue;
        const rolledBack = new Error('rolled back');
        await assert.rejects(
          engine.transaction(async (query) => {
            await query(naive);
            assert.notDeepEqual(await fingerprint(query), before, `${naive} changed nothing (${url})`);
            throw rolledBack;
          }),
          (err) => err === rolledBack,
        );
      }
      assert.deepEqual(await fingerprint(engine.query), before);
    } finally {
      await engine.close();
    }
  });

  test('injection attempts are refused, reach no SQL and change nothing, even as a superuser', async () => {
    // as the reader, and as a superuser that could do all of the damage were any of it run
    const admin = await world.db.adminEngine();
    try {
      const before = await fingerprint(admin.query);
      for (const engine of [recordingEngine(await world.db.readerEngine()), recordingEngine(await world.db.adminEngine())]) {
        const tilery = await startTilery(world.db, {}, { engine });
        try {
          engine.statements.length = 0;
          for (const { url } of attempts) {
            const res = await get(tilery, url);
            assert.ok([400, 404].includes(res.status), `${url} → ${res.status}`);
          }
          const fragments = ['DROP TABLE', 'DELETE FROM public.places', "'owned'", 'pg_sleep', "'1'='1", 'public."places"'];
          assert.deepEqual(engine.statements.filter((sql) => fragments.some((f) => sql.includes(f))), []);
          // the recorder does see what reaches the database: the query of a tile
          assert.equal((await get(tilery, '/public.places/0/0/0.pbf?properties=name&limit=1')).status, 200);
          assert.ok(engine.statements.some((sql) => sql.includes('"public"."places"')), engine.statements.join('\n'));
        } finally {
          await tilery.close();
        }
      }
      assert.deepEqual(await fingerprint(admin.query), before);
    } finally {
      await admin.close();
    }
  });

  test('tiles.enabled false: tile routes answer 503, metadata routes still work', async () => {
    const off = await startTilery(world.db, { tiles: { enabled: false } });
    try {
      const tile = await get(off, '/public.places/0/0/0.pbf');
      assert.equal(tile.status, 503);
      assert.equal(tile.json().code, 'tiles_disabled');
      assert.equal((await get(off, '/tiles/public/tiles/0/0/0.mvt?collections=places')).status, 503);
      assert.equal((await get(off, '/public.places.json')).status, 200);
    } finally {
      await off.close();
    }
  });
});

describe('statement timeout', () => {
  test('a query slower than the statement timeout is a 504, and the pool serves the next request', async () => {
    const db = await createTestDatabase('slow');
    await db.query(`
      CREATE TABLE public.pts (id integer PRIMARY KEY, geom geometry(Point, 4326));
      INSERT INTO public.pts VALUES (1, 'SRID=4326;POINT(1 1)'), (2, 'SRID=4326;POINT(2 2)');
      CREATE VIEW public.slow AS SELECT id, geom FROM public.pts WHERE pg_sleep(0.5) IS NOT NULL;
      GRANT SELECT ON public.pts, public.slow TO "${db.readerRole}"`);
    const tilery = await startTilery(db.readerUrl, { database: { statement_timeout_ms: 300 } });
    try {
      const started = Date.now();
      const res = await get(tilery, '/public.slow/0/0/0.pbf');
      assert.equal(res.status, 504);
      assert.equal(res.json().code, 'query_timeout');
      assert.match(res.json().description, /300 ms/);
      assert.ok(Date.now() - started < 5000);
      const fine = await get(tilery, '/public.pts/0/0/0.pbf');
      assert.equal(fine.status, 200);
    } finally {
      await tilery.close();
      await db.drop();
    }
  });
});

describe('database away', () => {
  test('503 while the database is down, recovery when it returns', { timeout: 120_000 }, async () => {
    const cluster = await startCluster();
    let tilery: Tilery | undefined;
    try {
      const url = withUrlDatabase(cluster.url, 'postgres');
      const setup = await import('pg');
      const client = new setup.default.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE TABLE public.pts (id integer PRIMARY KEY, geom geometry(Point, 4326));
        INSERT INTO public.pts VALUES (1, 'SRID=4326;POINT(1 1)')`);
      await client.end();

      tilery = await startTilery(url, { database: { connect_timeout_ms: 1000 } });
      assert.equal((await get(tilery, '/public.pts/0/0/0.pbf')).status, 200);

      await cluster.stop();
      const down = await get(tilery, '/public.pts/1/1/0.pbf');
      assert.equal(down.status, 503);
      assert.equal(down.json().code, 'database_unavailable');

      await cluster.start();
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await get(tilery, '/public.pts/1/1/0.pbf')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(status, 200, 'tiles are served again once the database is back');
    } finally {
      await tilery?.close();
      await cluster.destroy();
    }
  });

  test('tilery starts while the database is away and serves once it is reachable', { timeout: 120_000 }, async () => {
    const cluster = await startCluster();
    let tilery: Tilery | undefined;
    try {
      await cluster.stop();
      tilery = await startTilery(cluster.url, { database: { connect_timeout_ms: 1000 } });
      const res = await get(tilery, '/public.pts/0/0/0.pbf');
      assert.equal(res.status, 503);
      assert.equal((await get(tilery, '/index.json')).status, 503);
      await cluster.start();
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: cluster.url });
      await client.connect();
      await client.query(`CREATE TABLE public.pts (id integer PRIMARY KEY, geom geometry(Point, 4326));
        INSERT INTO public.pts VALUES (1, 'SRID=4326;POINT(1 1)')`);
      await client.end();
      assert.equal((await get(tilery, '/public.pts/0/0/0.pbf')).status, 200);
    } finally {
      await tilery?.close();
      await cluster.destroy();
    }
  });
});
