import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { discoverCollections } from '../src/catalog/index.ts';
import { createPgliteEngine } from '../src/engine/index.ts';
import { installTriggers } from '../src/freshness/index.ts';
import type { Tilery } from '../src/index.ts';
import { startCluster } from './harness/cluster.ts';
import { createTestDatabase, withUrlDatabase, type TestDatabase } from './harness/db.ts';
import { groundTruth } from './helpers/ground-truth.ts';
import { createWorldDatabase, get, postgresOnly, startTilery, TEST_ENGINE, useWorld } from './helpers/tilery.ts';
import { mercatorTileOf, waitFor } from './helpers/wait.ts';

const BIN = fileURLToPath(new URL('../bin/tilery.js', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Helpers

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition, parsed independently of prom-client. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples of `name` whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

async function scrape(tilery: Tilery): Promise<Sample[]> {
  const res = await tilery.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return parseMetrics(res.body);
}

/** The `route` label fastify's pattern gives the pg_tileserv tile route (found, not assumed). */
function tileRoute(samples: Sample[]): string {
  const routes = new Set(samples.filter((s) => s.name === 'tilery_http_requests_total' && /:z\b/.test(s.labels.route) && /:layer/.test(s.labels.route)).map((s) => s.labels.route));
  assert.equal(routes.size, 1, `one pg_tileserv tile route pattern: ${[...routes].join(', ')}`);
  return [...routes][0];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One GET on a connection of its own, closed after it (with `--workers`, any worker may take
 * it), or on a connection of `agent`.
 */
function fetchOnce(url: string, onSent?: () => void, agent: Agent | false = false): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer in 30 s`)));
    if (onSent) req.on('finish', onSent);
    req.end();
  });
}

function decode(body: Buffer): VectorTile {
  return new VectorTile(new PbfReader(body));
}

/** Environment of a CLI run: none of the caller's TILERY_* or DATABASE_URL settings leak in. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TILERY_') && k !== 'DATABASE_URL'));
  return { ...env, ...extra };
}

interface Served {
  child: ChildProcess;
  address: string;
  output: () => string;
  /** Resolves to the exit code. */
  exited: Promise<number | null>;
}

/** `tilery serve` on a free port, once the line `ready` (a pattern capturing the address) was printed. */
async function serve(env: NodeJS.ProcessEnv, args: string[], ready = /tilery listening on (http:\/\/[^"\s]+)/): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  try {
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const m = ready.exec(output);
        if (m) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`tilery exited with ${code}: ${output}`)));
    });
    return { child, address, output: () => output, exited };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------

describe('operations: /health, /ready, /metrics', () => {
  const world = useWorld({ admin_token: 'sesame', cache: { storage_priority: [] } });

  test('/health answers 200 {"status":"ok"}, /ready 200 while the database answers', async () => {
    const health = await get(world.tilery, '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.json(), { status: 'ok' });
    assert.equal(health.headers['cache-control'], 'no-store');
    const ready = await get(world.tilery, '/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json(), { status: 'ready' });
  });

  test('/metrics: requests by route pattern, a miss then a memory hit, generation time, the pool connections', async () => {
    const t = world.tilery;
    const before = await scrape(t);
    const url = `/public.places/${tileOf(0.41, 0.37, 3)}.pbf`;
    const miss = await get(t, url);
    assert.equal(miss.headers['x-tile-source'], 'postgis');
    const hit = await get(t, url);
    assert.equal(hit.headers['x-tile-source'], 'memory');
    const uncached = await get(t, `${url}?disable_cache=true`);
    assert.equal(uncached.headers['x-tile-source'], 'postgis');
    assert.equal((await get(t, '/a/b/c/d/e/f/g/h')).status, 404);

    const now = await scrape(t);
    const route = tileRoute(now);
    const delta = (name: string, labels: Record<string, string> = {}) => total(now, name, labels) - total(before, name, labels);
    assert.equal(delta('tilery_http_requests_total', { route, method: 'GET', status: '200' }), 3, 'three tile requests on the route pattern');
    assert.equal(delta('tilery_http_request_duration_seconds_count', { route }), 3);
    assert.ok(delta('tilery_http_request_duration_seconds_sum', { route }) > 0);
    assert.equal(delta('tilery_http_requests_total', { route: 'unmatched', status: '404' }), 1, 'no route: "unmatched"');
    for (const s of now.filter((s) => s.name === 'tilery_http_requests_total')) {
      assert.doesNotMatch(s.labels.route, /public\.places|\d+\/\d+/, 'never a raw URL as a label');
    }
    assert.equal(delta('tilery_tile_requests_total', { cache: 'miss', source: 'postgis' }), 2);
    assert.equal(delta('tilery_tile_requests_total', { cache: 'hit', source: 'memory' }), 1);
    assert.equal(delta('tilery_tile_requests_total'), 3);
    assert.equal(delta('tilery_tile_generation_seconds_count'), 2, 'the memory hit generated nothing');
    assert.ok(delta('tilery_tile_generation_seconds_sum') > 0);
    // every series of the tiles exists from the start
    assert.deepEqual(
      now.filter((s) => s.name === 'tilery_tile_requests_total').map((s) => `${s.labels.cache}/${s.labels.source}`).sort(),
      ['hit/bucket_proxy', 'hit/bucket_redirect', 'hit/memory', 'hit/pg_table', 'hit/pmtiles_archive', 'miss/postgis'],
    );
    // process metrics too
    assert.ok(total(now, 'process_cpu_user_seconds_total') > 0);
    assert.ok(total(now, 'nodejs_heap_size_used_bytes') > 0);

    // the pool gauges: connections of the engine, none waiting now
    const gauge = (state: string) => total(now, 'tilery_db_pool_connections', { state });
    assert.ok(gauge('total') >= 1 && gauge('idle') <= gauge('total') && gauge('waiting') === 0, JSON.stringify(now.filter((s) => s.name === 'tilery_db_pool_connections')));
  });

  test('/metrics: the pool gauge is the pool PostgreSQL sees', { skip: postgresOnly('the sessions of a PostgreSQL server (pg_stat_activity)') }, async () => {
    const t = world.tilery;
    // the reader's sessions, less the two listening connections
    let seen = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      const pool = await scrape(t);
      const [{ n }] = await world.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND usename = $2 AND application_name = 'tilery'`,
        [world.db.name, world.db.readerRole],
      );
      const gauge = (state: string) => total(pool, 'tilery_db_pool_connections', { state });
      seen = `pool total=${gauge('total')} idle=${gauge('idle')} waiting=${gauge('waiting')}, sessions=${n}`;
      assert.ok(gauge('idle') <= gauge('total') && gauge('waiting') === 0, seen);
      if (gauge('total') >= 1 && gauge('total') === n - 2) break;
      seen += ' (mismatch)';
    }
    assert.doesNotMatch(seen, /mismatch/, seen);
  });

  test('/metrics counts invalidations: this instance\'s own, and changes from the log with the L1 tiles they retire', async () => {
    const t = world.tilery;
    const url = `/public.places/${tileOf(0.41, 0.37, 4)}.pbf`;
    await get(t, url);
    assert.equal((await get(t, url)).headers['x-tile-source'], 'memory');
    let before = await scrape(t);
    const res = await t.app.inject({ method: 'DELETE', url: '/tiles/public/tiles/cache?collections=places', headers: { authorization: 'Bearer sesame' } });
    assert.ok(res.statusCode < 300, res.body);
    let now = await scrape(t);
    assert.equal(total(now, 'tilery_invalidations_total', { origin: 'local' }) - total(before, 'tilery_invalidations_total', { origin: 'local' }), 1);
    const retiredByDelete = total(now, 'tilery_memory_tiles_retired_total') - total(before, 'tilery_memory_tiles_retired_total');
    assert.ok(retiredByDelete >= 1, 'the cached places tile was retired');
    assert.notEqual((await get(t, url)).headers['x-tile-source'], 'memory');
    // the deletion went through the retirement log: let the watcher read it before counting anew
    await t.watcher.catchUp();

    // a change logged by the triggers (installed by the owner), read by the watcher
    const admin = await world.db.adminEngine();
    try {
      const collections = await discoverCollections(admin, { includeSchemas: ['public'], excludeSchemas: [], defaultMinzoom: 0, defaultMaxzoom: 22 });
      await installTriggers(admin, collections.filter((c) => c.id === 'public.places'));
    } finally {
      await admin.close();
    }
    // tracked now: the catalog notices (and retires what it cached before); warm the tile again
    await t.catalog.refresh();
    await t.watcher.catchUp();
    await get(t, url);
    assert.equal((await get(t, url)).headers['x-tile-source'], 'memory');
    before = await scrape(t);
    const applied = t.watcher.applied;
    const [{ before: logged }] = await world.db.query(`SELECT count(*)::int AS before FROM tilery.changes`);
    await world.db.query(`UPDATE public.places SET name = 'renamed 3300' WHERE id = 3300`);
    const [{ n }] = await world.db.query(`SELECT count(*)::int - $1 AS n FROM tilery.changes`, [logged]);
    assert.ok(n >= 1);
    await waitFor(() => t.watcher.applied >= applied + n);
    now = await scrape(t);
    assert.equal(total(now, 'tilery_invalidations_total', { origin: 'change' }) - total(before, 'tilery_invalidations_total', { origin: 'change' }), n, 'one per logged change');
    assert.equal(total(now, 'tilery_memory_tiles_retired_total') - total(before, 'tilery_memory_tiles_retired_total'), 1, 'the one cached tile it touches');
    assert.notEqual((await get(t, url)).headers['x-tile-source'], 'memory');
  });

  test('each instance has its own registry: a second one in this process starts from zero', async () => {
    const other = await startTilery(world.db, { cache: { storage_priority: [] } });
    try {
      assert.ok(total(await scrape(world.tilery), 'tilery_tile_requests_total') > 0);
      assert.equal(total(await scrape(other), 'tilery_tile_requests_total'), 0);
      await get(other, '/public.places/0/0/0.pbf');
      assert.equal(total(await scrape(other), 'tilery_tile_requests_total'), 1);
    } finally {
      await other.close();
    }
  });
});

describe('operations: cache provider failures are counted', () => {
  // the reader may not create tilery.tile_cache here: the PostGIS table provider fails, tiles do not
  const world = useWorld({ cache: { storage_priority: ['pg'] } });

  test('tilery_cache_errors_total{provider="pg"} is the count of the failures, and the tiles are served', async () => {
    const t = world.tilery;
    for (const z of [1, 2]) assert.equal((await get(t, `/public.places/${z}/0/0.pbf`)).status, 200);
    await t.cache.flush();
    const failures = t.cache.errors.pg ?? 0;
    assert.ok(failures >= 2, `the provider failed (${failures})`);
    assert.equal(total(await scrape(t), 'tilery_cache_errors_total', { provider: 'pg' }), failures);
  });
});

describe('operations: /ready without a database', { skip: postgresOnly('a URL nobody listens on') }, () => {
  test('/ready is 503 with the JSON error body; /health and /metrics stay 200', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const t = await startTilery(`postgres://nobody@127.0.0.1:${port}/nowhere`, { database: { connect_timeout_ms: 1000 } });
    try {
      const ready = await get(t, '/ready');
      assert.equal(ready.status, 503);
      assert.equal(ready.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(ready.json().code, 'database_unavailable');
      assert.match(ready.json().description, /The database cannot be reached/);
      assert.equal((await get(t, '/health')).status, 200);
      const metrics = await scrape(t);
      assert.equal(total(metrics, 'tilery_http_requests_total', { route: '/ready', status: '503' }), 1);
    } finally {
      await t.close();
    }
  });
});

describe('operations: a database restart under load', { skip: postgresOnly('stops and starts a PostgreSQL server') }, () => {
  test('503 with the JSON error body while it is down (never a 500), 200 again once it is back, without restarting tilery', { timeout: 180_000 }, async (ctx) => {
    // a cluster of its own: the one of the run is shared by the test files running meanwhile
    const cluster = await startCluster();
    let tilery: Tilery | undefined;
    let streaming = true;
    const answers: Array<{ at: number; status: number; code?: string; type?: string }> = [];
    let stream: Promise<void> = Promise.resolve();
    try {
      const url = withUrlDatabase(cluster.url, 'postgres');
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE TABLE public.pts (id integer PRIMARY KEY, geom geometry(Point, 4326));
        INSERT INTO public.pts SELECT i, ST_SetSRID(ST_MakePoint(-170 + (i % 34) * 10, -80 + (i / 34) * 10), 4326) FROM generate_series(0, 543) i`);
      await client.end();
      tilery = await startTilery(url, { database: { connect_timeout_ms: 1000 }, cache: { storage_priority: [] } });
      const t = tilery;

      // a steady stream: four clients, each a tile at a time, never from a cache
      let n = 0;
      const client1 = async () => {
        while (streaming) {
          const i = n++;
          const res = await get(t, `/public.pts/3/${i % 8}/${(i >> 3) % 8}.pbf?disable_cache=true`);
          answers.push({ at: Date.now(), status: res.status, ...(res.status >= 400 && { code: res.json().code, type: String(res.headers['content-type']) }) });
          if (res.status !== 200) await new Promise((r) => setTimeout(r, 20));
        }
      };
      stream = Promise.all([client1(), client1(), client1(), client1()]).then(() => {});
      const ok = (status: number) => status === 200 || status === 204;
      const count = (since: number, status: number) => answers.filter((a) => a.at >= since && (status === 200 ? ok(a.status) : a.status === status)).length;

      const start = Date.now();
      await waitFor(() => count(start, 200) >= 20, 20_000);
      const stopped = Date.now();
      await cluster.stop();
      await waitFor(() => count(stopped, 503) >= 20, 30_000);
      const ready = await get(t, '/ready');
      assert.equal(ready.status, 503);
      assert.equal(ready.json().code, 'database_unavailable');
      const restarted = Date.now();
      await cluster.start();
      await waitFor(() => count(restarted, 200) >= 20, 60_000);
      streaming = false;
      await stream;

      const statuses = new Map<number, number>();
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      ctx.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
      assert.deepEqual([...statuses.keys()].filter((s) => !ok(s) && s !== 503), [], `only tiles (200, 204) and 503: ${JSON.stringify([...statuses])}`);
      for (const a of answers.filter((a) => a.status === 503)) {
        assert.equal(a.code, 'database_unavailable');
        assert.equal(a.type, 'application/json; charset=utf-8');
      }
      // once it answered again, it kept answering
      const firstBack = answers.findIndex((a) => a.at >= restarted && ok(a.status));
      const flapped = answers.slice(firstBack).filter((a) => !ok(a.status)).length;
      assert.ok(flapped <= 4, `at most one late failure per client after recovery, got ${flapped}`);
      assert.equal((await get(t, '/ready')).status, 200);
      const metrics = await scrape(t);
      assert.equal(total(metrics, 'tilery_http_requests_total', { route: tileRoute(metrics), status: '503' }), statuses.get(503));
    } finally {
      streaming = false;
      await stream.catch(() => {});
      await tilery?.close();
      await cluster.destroy();
    }
  });
});

/** A database `tilery serve` opens, holding `public.heavy`: many detailed polygons, slow tiles. */
interface HeavyDatabase {
  /** The environment that points `tilery serve` at it (as its reader, on PostgreSQL). */
  env: Record<string, string>;
  /** Plain SQL over it, once the server has exited (the embedded database is one process's). */
  open(): Promise<Pick<TestDatabase, 'query'> & { close(): Promise<void> }>;
  drop(): Promise<void>;
}

/**
 * Segments per quarter circle. PostgreSQL runs four tile queries at once, each long. The embedded
 * database runs one at a time, so most requests wait anyway; it computes in tilery's thread, which
 * reads requests only between two statements: short ones let it read them all soon.
 */
const HEAVY_QUAD_SEGS = TEST_ENGINE === 'pg' ? 1500 : 100;

const HEAVY_SQL = `CREATE TABLE public.heavy (id integer PRIMARY KEY, geom geometry(Polygon, 4326));
  INSERT INTO public.heavy SELECT i, ST_Buffer(ST_SetSRID(ST_MakePoint(-170 + (i % 35) * 10, -80 + (i / 35) * 9), 4326), 4, 'quad_segs=${HEAVY_QUAD_SEGS}')
    FROM generate_series(0, 629) i;
  CREATE INDEX ON public.heavy USING gist (geom)`;

async function createHeavyDatabase(): Promise<HeavyDatabase> {
  if (TEST_ENGINE === 'pg') {
    const db = await createTestDatabase('heavy');
    await db.query(`${HEAVY_SQL}; GRANT SELECT ON public.heavy TO "${db.readerRole}"`);
    return { env: { DATABASE_URL: db.readerUrl }, open: async () => ({ query: db.query, close: async () => {} }), drop: () => db.drop() };
  }
  // the embedded database of tilery serve (which runs on it as its superuser): a data directory,
  // made here and closed again
  const dir = await mkdtemp(join(tmpdir(), 'tilery-serve-'));
  const dataDir = join(dir, 'data');
  const open = async () => {
    const engine = await createPgliteEngine({ dataDir });
    return { query: async <T,>(sql: string, values?: unknown[]) => (await engine.query<T>(sql, values)).rows, close: () => engine.close() };
  };
  const setup = await open();
  try {
    await setup.query(HEAVY_SQL);
  } finally {
    await setup.close();
  }
  return { env: { TILERY_DATA_DIR: dataDir, TILERY_DEMO_DATA: 'false' }, open, drop: () => rm(dir, { recursive: true, force: true }) };
}

describe('operations: tilery serve', () => {
  test('SIGTERM during load: every request sent before it gets its whole tile, new connections are refused, exit 0', { timeout: 180_000 }, async (t) => {
    // slow tiles, generated each time (no cache)
    const heavy = await createHeavyDatabase();
    t.after(() => heavy.drop());
    const running = await serve(cleanEnv({ ...heavy.env, TILERY_LOG_LEVEL: 'info', TILERY_CACHE_PRIORITY: '', TILERY_POOL_SIZE: '4' }), ['--include-schemas', 'public']);
    try {
      const tiles = [
        ...Array.from({ length: 16 }, (_, i) => `2/${i % 4}/${i >> 2}`),
        ...Array.from({ length: 48 }, (_, i) => `3/${i % 8}/${i >> 3}`),
      ];
      let sent = 0;
      let done = 0;
      let lastAnswer = 0;
      // keep-alive connections, one a request: closing must not wait for them to idle out. They
      // are open before the load (a server whose thread computes, as with the embedded database,
      // accepts connections only now and then), and the first, slower, tile query is made.
      const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
      await Promise.all(tiles.map(() => fetchOnce(`${running.address}/health`, undefined, agent)));
      assert.equal((await fetchOnce(`${running.address}/public.heavy/3/0/0.pbf`, undefined, agent)).status, 204);
      const requests = tiles.map((zxy) =>
        fetchOnce(`${running.address}/public.heavy/${zxy}.pbf`, () => sent++, agent).then(
          (answer) => {
            done++;
            lastAnswer = Date.now();
            return { zxy, answer, at: lastAnswer };
          },
          (err: Error) => {
            done++;
            return { zxy, error: err.message };
          },
        ),
      );
      await waitFor(() => sent === tiles.length, 10_000);
      // the server has read them all by now
      await new Promise((r) => setTimeout(r, 300));
      const inFlight = tiles.length - done;
      assert.ok(inFlight >= tiles.length / 2, `most requests are still in flight at the signal (${inFlight} of ${tiles.length})`);
      t.diagnostic(`${inFlight} of ${tiles.length} requests in flight at SIGTERM`);
      running.child.kill('SIGTERM');
      const killedAt = Date.now();
      // (the embedded database computes in tilery's thread: the signal is handled between two statements)
      await waitFor(() => /shutting down/.test(running.output()), 20_000);
      const signalAt = Number(/"time":(\d+)[^\n]*shutting down/.exec(running.output())![1]);
      t.diagnostic(`SIGTERM handled ${signalAt - killedAt} ms after it was sent`);
      await new Promise((r) => setTimeout(r, 200));
      const late = await fetchOnce(`${running.address}/health`).then(
        (a) => `answered ${a.status}`,
        (err: NodeJS.ErrnoException) => err.code,
      );
      assert.equal(late, 'ECONNREFUSED', 'no new connections once shutting down');

      const results = await Promise.all(requests);
      assert.equal(await running.exited, 0, running.output());
      const exitedAt = Date.now();
      agent.destroy();
      assert.ok(exitedAt - lastAnswer < 5000, `exit soon after the last answer, not once idle connections time out (${exitedAt - lastAnswer} ms)`);
      assert.match(running.output(), /shutting down/);
      assert.match(running.output(), /"msg":"stopped"/);

      const db = await heavy.open();
      try {
        for (const r of results) {
          assert.ok('answer' in r && r.answer, `${r.zxy}: ${'error' in r ? r.error : ''}`);
          const { status, headers, body } = r.answer;
          assert.ok(status === 200 || status === 204, `${r.zxy}: ${status} ${body.toString().slice(0, 200)}`);
          // the features of the tile, by plain SQL
          const [z, x, y] = r.zxy.split('/').map(Number);
          const truth = await groundTruth(db, { table: 'public.heavy', geom: 'geom', srid: 4326, id: 't.id', attributes: {} }, { z, x, y });
          if (status === 204) {
            assert.equal(truth.size, 0, `${r.zxy}: empty`);
            continue;
          }
          assert.equal(body.length, Number(headers['content-length']), `${r.zxy}: the whole body`);
          const layer = decode(body).layers['public.heavy'];
          const ids = Array.from({ length: layer?.length ?? 0 }, (_, i) => layer.feature(i).id as number).sort((a, b) => a - b);
          assert.deepEqual(ids, [...truth.keys()].sort((a, b) => a - b), `${r.zxy}: every feature of the tile`);
        }
      } finally {
        await db.close();
      }
      assert.ok(results.filter((r) => 'answer' in r && r.answer?.status === 200).length >= tiles.length / 2);
      // the signal came during the load (by the server's clock: when it logged it)
      const answeredAfter = results.filter((r) => 'at' in r && r.at! > signalAt).length;
      assert.ok(answeredAfter >= tiles.length / 4, `many answers finish after the signal (${answeredAfter} of ${tiles.length})`);
      // an answer may still leave in the moment before the server closes; every one finished
      // clearly after the signal closes its connection
      const afterSignal = results.filter((r) => 'at' in r && r.at! > signalAt + 100);
      const open = afterSignal.filter((r) => 'answer' in r && r.answer?.headers.connection !== 'close').map((r) => r.zxy);
      assert.deepEqual(open, [], 'the answers finished after the signal close their connection');
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  test('more than one worker without DATABASE_URL is refused, with a message saying why', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--workers', '2'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(stderr, /workers: 2 needs a PostgreSQL database \(DATABASE_URL/);
    assert.match(stderr, /embedded database can only be open in one process/);
  });
});

describe('operations: tilery serve --workers', { skip: postgresOnly('several processes on one PostgreSQL database') }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await createWorldDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  test('--workers 2: both answer on one port, an invalidation retires the L1 tiles of both, /metrics sums them, a dead worker is replaced', { timeout: 180_000 }, async () => {
    const admin = await db.adminEngine();
    try {
      const collections = await discoverCollections(admin, { includeSchemas: ['public'], excludeSchemas: [], defaultMinzoom: 0, defaultMaxzoom: 22 });
      await installTriggers(admin, collections.filter((c) => c.id === 'public.places'));
    } finally {
      await admin.close();
    }
    const dir = await mkdtemp(join(tmpdir(), 'tilery-workers-'));
    // notifications only: the log is not polled, so only LISTEN/NOTIFY can retire the tiles
    const configFile = join(dir, 'tilery.yaml');
    writeFileSync(configFile, 'freshness:\n  poll_ms: 600000\ncache:\n  storage_priority: []\n');
    const running = await serve(
      cleanEnv({ DATABASE_URL: db.readerUrl, TILERY_LOG_LEVEL: 'info' }),
      ['--workers', '2', '--config', configFile],
      /tilery listening on (http:\/\/[^"\s]+) \(2 workers\)/,
    );
    try {
      const worker = (a: HttpAnswer) => String(a.headers['x-tilery-worker']);
      let tileRequests = 0;
      const tile = (url: string) => {
        tileRequests++;
        return fetchOnce(`${running.address}${url}`);
      };

      // both workers answer
      const pids = new Set<string>();
      for (let i = 0; i < 100 && pids.size < 2; i++) {
        const a = await fetchOnce(`${running.address}/health`);
        assert.equal(a.status, 200);
        pids.add(worker(a));
      }
      assert.equal(pids.size, 2, `two workers answered: ${[...pids].join(', ')}`);
      for (const pid of pids) assert.match(pid, /^\d+$/);

      // each holds the tile of place 3300 in its L1
      const url = `/public.places/${tileOf(0.41, 0.37, 5)}.pbf`;
      const cachedBy = new Set<string>();
      let old: Buffer | undefined;
      for (let i = 0; i < 200 && cachedBy.size < 2; i++) {
        const a = await tile(url);
        assert.equal(a.status, 200);
        old ??= a.body;
        assert.deepEqual(a.body, old);
        if (a.headers['x-tile-source'] === 'memory') cachedBy.add(worker(a));
      }
      assert.equal(cachedBy.size, 2, 'both workers hold the tile in memory');
      assert.ok(decode(old!).layers['public.places'].length > 0);

      const [{ before: logged }] = await db.query(`SELECT count(*)::int AS before FROM tilery.changes`);
      await db.query(`UPDATE public.places SET name = 'renamed by a test' WHERE id = 3300`);
      const [{ n: changes }] = await db.query(`SELECT count(*)::int - $1 AS n FROM tilery.changes`, [logged]);
      const truth = await tile(`${url}?disable_cache=true`);
      assert.notDeepEqual(truth.body, old, 'the change is in the tile');
      const names = (body: Buffer) => {
        const layer = decode(body).layers['public.places'];
        return Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.name);
      };
      assert.ok(names(truth.body).includes('renamed by a test'));

      // within the notification delay every worker serves the new tile, and never the old one again
      const fresh = new Set<string>();
      const deadline = Date.now() + 5000;
      while (fresh.size < 2) {
        assert.ok(Date.now() < deadline, `both workers dropped the old tile within 5 s (fresh: ${[...fresh].join(', ')})`);
        const a = await tile(url);
        if (!a.body.equals(old!)) {
          assert.deepEqual(a.body, truth.body);
          fresh.add(worker(a));
        }
      }
      for (let i = 0; i < 20; i++) {
        const a = await tile(url);
        assert.deepEqual(a.body, truth.body, `request ${i} after the change, worker ${worker(a)}`);
      }

      // /metrics, from whichever worker, is the sum over both
      const metrics = parseMetrics((await fetchOnce(`${running.address}/metrics`)).body.toString());
      assert.equal(total(metrics, 'tilery_tile_requests_total'), tileRequests, 'every tile request, whichever worker answered it');
      assert.equal(total(metrics, 'tilery_invalidations_total', { origin: 'change' }), 2 * changes, 'each worker applied each change');
      assert.ok(total(metrics, 'tilery_memory_tiles_retired_total') >= 2, 'each worker retired its copy');

      // a worker that dies is replaced
      const [victim] = [...pids];
      process.kill(Number(victim), 'SIGKILL');
      // (a connection the primary hands to the worker in the instant it dies, before the primary
      // knows, is lost with it: the requests start once the primary has noticed)
      await waitFor(() => /worker died; starting another/.test(running.output()), 10_000);
      const after = new Set<string>();
      const until = Date.now() + 60_000;
      while (after.size < 2) {
        assert.ok(Date.now() < until, `a new worker took the dead one's place (seen: ${[...after].join(', ')})`);
        const a = await fetchOnce(`${running.address}/health`).catch(() => null);
        if (a?.status === 200) after.add(worker(a));
        else await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(!after.has(victim), 'the dead worker answers no more');

      running.child.kill('SIGTERM');
      assert.equal(await running.exited, 0, running.output());
      assert.equal(running.output().match(/"msg":"stopped"/g)?.length, 2, 'both workers stopped gracefully');
    } finally {
      running.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** `z/x/y` of the Web Mercator tile of a WGS84 point. */
function tileOf(lon: number, lat: number, z: number): string {
  const t = mercatorTileOf(lon, lat, z);
  return `${t.z}/${t.x}/${t.y}`;
}
