// `tilery seed` and `tilery export`, run as a user runs them (bin/tilery.js in a child process),
// checked against what a running tilery serves: the seeded tiles are cache hits with the bytes a
// fresh generation gives, and the files, read back by GDAL, SQLite and the pmtiles package, hold
// the server's tiles.
import assert from 'node:assert/strict';
import { discoverCollections } from '../src/catalog/index.ts';
import { installTriggers } from '../src/freshness/index.ts';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, SharedPromiseCache } from 'pmtiles';
import { LocalFileSource, nodeDecompress } from '../src/formats/pmtiles/index.ts';
import type { Tilery } from '../src/index.ts';
import { testEngineKind, type TestDatabase } from './harness/db.ts';
import { ogrinfo } from './helpers/gdal.ts';
import { createWorldDatabase, get, startTilery } from './helpers/tilery.ts';

const BIN = fileURLToPath(new URL('../bin/tilery.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment of a CLI run: none of the caller's TILERY_* or DATABASE_URL settings leak in. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TILERY_') && k !== 'DATABASE_URL'));
  return { ...env, ...extra };
}

/** `tilery …` to its end, whatever its exit code. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number | null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

/** The counters of a summary line: `seed: done: 170 tiles in 1.2s (…); generated 150, empty 20, skipped 0, failed 0`. */
function summary(stdout: string, label: string): { done: number; total?: number; interrupted: boolean; counts: Record<string, number> } {
  const line = stdout.split('\n').find((l) => new RegExp(`^${label}: (done|interrupted)`).test(l));
  assert.ok(line, `no summary line in:\n${stdout}`);
  const m = /^\w+: (?:done: (\d+) tiles|interrupted after (\d+) of (\d+) tiles) in [\d.hms]+ \([\d.]+ tiles\/s\); (.*)$/.exec(line.replace(/; no file written$/, ''));
  assert.ok(m, `unexpected summary: ${line}`);
  const counts = Object.fromEntries(m[4].split(', ').map((kv) => [kv.split(' ')[0], Number(kv.split(' ')[1])]));
  return { done: Number(m[1] ?? m[2]), total: m[3] === undefined ? undefined : Number(m[3]), interrupted: m[2] !== undefined, counts };
}

/** Feature ids, types and attributes of every layer of an MVT, for comparing tiles. */
function decode(bytes: Uint8Array): Record<string, Array<{ id: number | undefined; type: number; properties: Record<string, unknown> }>> {
  const tile = new VectorTile(new PbfReader(bytes));
  return Object.fromEntries(
    Object.entries(tile.layers).map(([name, layer]) => [
      name,
      Array.from({ length: layer.length }, (_, i) => {
        const f = layer.feature(i);
        return { id: f.id, type: f.type, properties: { ...f.properties } };
      }),
    ]),
  );
}

/**
 * Two tiles hold the same layers and features (ids, types, attributes), and the same bytes. A
 * difference is reported at its first feature: assert's diff of whole tiles would take ages.
 */
function assertSameTile(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const a = decode(actual);
  const e = decode(expected);
  assert.deepEqual(Object.keys(a), Object.keys(e), `${what}: layers`);
  for (const layer of Object.keys(e)) {
    assert.equal(a[layer].length, e[layer].length, `${what}: features of ${layer}`);
    const i = e[layer].findIndex((f, j) => JSON.stringify(f) !== JSON.stringify(a[layer][j]));
    if (i >= 0) assert.deepEqual(a[layer][i], e[layer][i], `${what}: feature ${i} of ${layer}`);
  }
  assert.ok(Buffer.from(actual).equals(Buffer.from(expected)), `${what}: same features, but not the same bytes`);
}

/** Web Mercator tile column and row of a point (the usual slippy-map formulas, not tilery's TMS code). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const clampedLat = Math.max(-85.0511287798066, Math.min(85.0511287798066, lat));
  const r = (clampedLat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

const skip = testEngineKind() === 'pglite' ? 'the command line connects by URL: PostgreSQL only' : false;

describe('tilery seed and export', { skip }, () => {
  let db: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  /** The WGS84 bounds of a table, straight from SQL. */
  let boundsOf: (table: string) => Promise<[number, number, number, number]>;
  /** The Web Mercator tiles of zooms `from`–`to` that a table's bounds meet: what seeding it must fill. */
  const expectedTiles = async (table: string, from: number, to: number): Promise<Array<[number, number, number]>> => {
    const [w, s, e, n] = await boundsOf(table);
    const out: Array<[number, number, number]> = [];
    for (let z = from; z <= to; z++) {
      const [x0, y0] = tileOf(w, n, z);
      const [x1, y1] = tileOf(e, s, z);
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push([z, x, y]);
    }
    return out;
  };

  before(async () => {
    db = await createWorldDatabase();
    // the pg provider creates tilery's tables
    await db.query(`GRANT CREATE ON DATABASE "${db.name}" TO "${db.readerRole}"`);
    // what is seeded is tracked, as it should be (an untracked collection's tiles would live a bounded time)
    const admin = await db.adminEngine();
    try {
      await installTriggers(admin, await discoverCollections(admin, { includeSchemas: ['public'], excludeSchemas: [], defaultMinzoom: 0, defaultMaxzoom: 22 }));
    } finally {
      await admin.close();
    }
    dir = await mkdtemp(join(tmpdir(), 'tilery-seed-export-'));
    env = cleanEnv({ DATABASE_URL: db.readerUrl, TILERY_CACHE_PRIORITY: 'pg' });
    boundsOf = async (table) => {
      const [b] = await db.query(`SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) AS e FROM ${table}) q`);
      return [b.w, b.s, b.e, b.n];
    };
  });
  after(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('seed', () => {
    let places: Array<[number, number, number]>;
    let rivers: Array<[number, number, number]>;
    let firstRun: Run;

    before(async () => {
      places = await expectedTiles('public.places', 0, 3);
      rivers = await expectedTiles('public.rivers', 0, 3);
      firstRun = await cli(['seed', '--dataset', 'public', '--collections', 'places,rivers', '--zoom', '0-3', '--progress-interval', '0.02', '--concurrency', '3'], env);
    });

    test('fills the pg provider with exactly the tiles of the collections\' bounds within the zooms', async () => {
      assert.equal(firstRun.code, 0, firstRun.stderr);
      // the fixtures reach neither the top row of zoom 3 (places stop at 77.6°N) nor most of the world (rivers: Europe)
      assert.ok(places.length > 60 && places.length < 85, `${places.length}`);
      assert.ok(rivers.length < 12, `${rivers.length}`);
      const rows = await db.query<{ collections: string[]; tms: string; z: number; x: number; y: number; param_hash: string | null }>(
        'SELECT collections, tms, z, x, y, param_hash FROM tilery.tile_cache',
      );
      const stored = rows.map((r) => `${r.collections.join('+')} ${r.tms} ${r.z}/${r.x}/${r.y} ${r.param_hash}`).sort();
      const expected = [
        ...places.map(([z, x, y]) => `public.places WebMercatorQuad ${z}/${x}/${y} null`),
        ...rivers.map(([z, x, y]) => `public.rivers WebMercatorQuad ${z}/${x}/${y} null`),
      ].sort();
      assert.deepEqual(stored, expected);
      const s = summary(firstRun.stdout, 'seed');
      assert.equal(s.done, expected.length);
      assert.equal(s.counts.skipped, 0);
      assert.equal(s.counts.failed, 0);
      assert.equal(s.counts.generated + s.counts.empty, expected.length);
      assert.match(firstRun.stdout, new RegExp(`^seed: ${expected.length} tiles of places, rivers in public .*into pg`, 'm'));
    });

    test('a tilery on the pg provider then answers every one of them from it, with the bytes a fresh generation gives', { timeout: 60_000 }, async () => {
      const running = await startTilery(db.readerUrl, { cache: { storage_priority: ['pg'] } });
      try {
        let empty = 0;
        for (const [name, tiles] of [['places', places], ['rivers', rivers]] as const) {
          for (const [z, x, y] of tiles) {
            const url = `/tiles/public/tiles/${z}/${x}/${y}.mvt?collections=${name}`;
            const cached = await get(running, url);
            assert.equal(cached.headers['x-tile-cache'], 'hit', url);
            assert.equal(cached.headers['x-tile-source'], 'pg_table', url);
            const fresh = await get(running, `${url}&disable_cache=true`);
            assert.equal(fresh.headers['x-tile-source'], 'postgis');
            assert.equal(cached.status, fresh.status, url);
            assertSameTile(cached.body, fresh.body, url);
            if (fresh.status === 204) empty++;
          }
        }
        assert.equal(empty, summary(firstRun.stdout, 'seed').counts.empty, 'the empty tiles counted are the 204s');
        // outside the seeded range: generated
        assert.equal((await get(running, '/tiles/public/tiles/3/4/0.mvt?collections=places')).headers['x-tile-source'], 'postgis');
        assert.equal((await get(running, '/tiles/public/tiles/4/8/5.mvt?collections=places')).headers['x-tile-source'], 'postgis');
      } finally {
        await running.close();
      }
    });

    test('progress: plain lines on a pipe, counting up to the total', () => {
      const total = places.length + rivers.length;
      assert.doesNotMatch(firstRun.stderr, /\r|\x1b\[/, 'no terminal control characters when stderr is not a terminal');
      const lines = firstRun.stderr.split('\n').filter((l) => l.startsWith('seed: '));
      assert.ok(lines.length >= 2, firstRun.stderr);
      let previous = -1;
      for (const line of lines) {
        const m = /^seed: (\d+)\/(\d+) tiles \(\d+\.\d%\), [\d.]+ tiles\/s, ETA \S+; generated (\d+), empty (\d+), skipped (\d+), failed (\d+)$/.exec(line);
        assert.ok(m, `unexpected progress line: ${line}`);
        assert.equal(Number(m[2]), total);
        const done = Number(m[1]);
        assert.ok(done >= previous && done <= total);
        assert.equal(Number(m[3]) + Number(m[4]) + Number(m[5]) + Number(m[6]), done);
        previous = done;
      }
      assert.match(lines[0], new RegExp(`^seed: 0/${total} tiles \\(0\\.0%\\)`));
    });

    test('a second run skips every tile; --force makes them again', async () => {
      const total = places.length + rivers.length;
      const args = ['seed', '--dataset', 'public', '--collections', 'places,rivers', '--zoom', '0-3'];
      // the rows of the seeded tiles, by when they were written
      const seeded = [...places.map((t) => `public.places ${t.join('/')}`), ...rivers.map((t) => `public.rivers ${t.join('/')}`)];
      const written = async (op: '<=' | '>', at: Date) =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM tilery.tile_cache WHERE created_at ${op} $1 AND array_to_string(collections, '+') || ' ' || z || '/' || x || '/' || y = ANY ($2)`,
            [at, seeded],
          )
        )[0].n as number;
      const [{ before: createdBefore }] = await db.query('SELECT max(created_at) AS before FROM tilery.tile_cache');
      const again = await cli(args, env);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(summary(again.stdout, 'seed').counts, { generated: 0, empty: 0, skipped: total, failed: 0 });
      assert.equal(await written('<=', createdBefore), total, 'nothing was written again');

      const forced = await cli([...args, '--force'], env);
      assert.equal(forced.code, 0, forced.stderr);
      const s = summary(forced.stdout, 'seed');
      assert.equal(s.counts.skipped, 0);
      assert.equal(s.counts.generated + s.counts.empty, total);
      assert.equal(await written('>', createdBefore), total, 'every tile was written again');
    });

    test('--combined fills the multi-layer keys, and OGC route keys with --routes ogc', async () => {
      const run = await cli(['seed', '-d', 'public', '--collections', 'rivers,places', '--zoom', '1', '--combined', '--routes', 'ogc'], env);
      assert.equal(run.code, 0, run.stderr);
      const rows = await db.query<{ z: number; param_hash: string | null }>(
        `SELECT z, param_hash FROM tilery.tile_cache WHERE collections = ARRAY['public.rivers', 'public.places']`,
      );
      const union = new Set([...places, ...rivers].filter(([z]) => z === 1).map((t) => t.join('/')));
      assert.equal(rows.length, union.size);
      assert.ok(rows.every((r) => r.param_hash !== null), 'layers named schema.name: not the plain key');
      const running = await startTilery(db.readerUrl, { cache: { storage_priority: ['pg'] } });
      try {
        for (const t of union) {
          const [z, x, y] = t.split('/');
          const res = await get(running, `/public.rivers,public.places/${z}/${x}/${y}.pbf`);
          assert.equal(res.headers['x-tile-source'], 'pg_table', t);
        }
      } finally {
        await running.close();
      }
    });

    test('another tile matrix set: WorldCRS84Quad keys, served from the cache on the route with its id', async () => {
      const run = await cli(['seed', '-d', 'public', '--collections', 'rivers', '--tms', 'WorldCRS84Quad', '--zoom', '0-2'], env);
      assert.equal(run.code, 0, run.stderr);
      // CRS84 tiles: 2x1 at zoom 0, each 180° / 2^z square, counted from the north-west corner
      const [w, s, e, n] = await boundsOf('public.rivers');
      const expected: string[] = [];
      for (let z = 0; z <= 2; z++) {
        const size = 180 / 2 ** z;
        for (let y = Math.floor((90 - n) / size); y <= Math.floor((90 - s) / size); y++) {
          for (let x = Math.floor((w + 180) / size); x <= Math.floor((e + 180) / size); x++) expected.push(`${z}/${x}/${y}`);
        }
      }
      const rows = await db.query<{ t: string }>(`SELECT z || '/' || x || '/' || y AS t FROM tilery.tile_cache WHERE tms = 'WorldCRS84Quad'`);
      assert.deepEqual(rows.map((r) => r.t).sort(), expected.sort());
      const running = await startTilery(db.readerUrl, { cache: { storage_priority: ['pg'] } });
      try {
        for (const t of expected) {
          const res = await get(running, `/tiles/public/tiles/WorldCRS84Quad/${t}.mvt?collections=rivers`);
          assert.equal(res.headers['x-tile-source'], 'pg_table', t);
        }
      } finally {
        await running.close();
      }
    });

    test('a tile that cannot be stored is a failure: counted, named, and the exit code says so', async () => {
      // the table refuses the rows of zooms 0 and 1
      await db.query(`CREATE FUNCTION public.refuse_tile() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no room for zoom %', NEW.z; END $$`);
      await db.query('CREATE TRIGGER refuse_low_zooms BEFORE INSERT OR UPDATE ON tilery.tile_cache FOR EACH ROW WHEN (NEW.z <= 1) EXECUTE FUNCTION public.refuse_tile()');
      try {
        const run = await cli(['seed', '-d', 'public', '--collections', 'rivers', '--zoom', '0-2', '--force'], env);
        assert.equal(run.code, 1, run.stdout);
        const s = summary(run.stdout, 'seed');
        assert.equal(s.counts.failed, rivers.filter(([z]) => z <= 1).length);
        assert.equal(s.counts.generated + s.counts.empty, rivers.filter(([z]) => z === 2).length);
        assert.match(run.stderr, /tile 0\/0\/0 of rivers failed: not stored in pg/);
        assert.match(run.stderr, /no room for zoom 0/, 'the log says why');
      } finally {
        await db.query('DROP TRIGGER refuse_low_zooms ON tilery.tile_cache');
        await db.query('DROP FUNCTION public.refuse_tile()');
      }
    });

    test('Ctrl-C stops after the tiles under way: every tile counted as made is stored', { timeout: 120_000 }, async () => {
      const count = async () => (await db.query(`SELECT count(*)::int AS n FROM tilery.tile_cache WHERE collections = '{public.places}'`))[0].n as number;
      const rowsBefore = await count();
      const child = spawn(process.execPath, [BIN, 'seed', '-d', 'public', '--collections', 'places', '--zoom', '0-8', '--concurrency', '4', '--progress-interval', '0.05'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stderr.on('data', (c) => {
            stderr += c;
            const done = [...stderr.matchAll(/^seed: (\d+)\//gm)].map((m) => Number(m[1]));
            if (done.some((d) => d > 150)) resolve();
          });
          child.once('exit', (code) => reject(new Error(`seed exited (${code}) before it was interrupted:\n${stdout}\n${stderr}`)));
        });
        child.kill('SIGINT');
        const [code] = await once(child, 'exit');
        assert.equal(code, 130, stdout + stderr);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      assert.match(stderr, /stopping after the tiles under way/);
      const s = summary(stdout, 'seed');
      assert.ok(s.interrupted);
      assert.ok(s.total! > s.done, `${s.done} of ${s.total}`);
      assert.equal(s.counts.failed, 0);
      assert.equal(await count(), rowsBefore + s.counts.generated + s.counts.empty);
    });
  });

  describe('export', () => {
    /** The server's tile for a z/x/y of some collections (catalog routes), freshly generated. */
    let server: Tilery;
    const serverTile = async (collections: string, z: number, x: number, y: number) => {
      const res = await get(server, `/tiles/public/tiles/${z}/${x}/${y}.mvt?collections=${collections}&disable_cache=true`);
      assert.ok(res.status === 200 || res.status === 204, `${res.status} ${res.body}`);
      return res.status === 204 ? Buffer.alloc(0) : res.body;
    };
    before(async () => {
      server = await startTilery(db.readerUrl, { cache: { storage_priority: [] } });
    });
    after(async () => {
      await server?.close();
    });

    test('MBTiles: GDAL reads it, and its tiles are the server\'s', { timeout: 120_000 }, async () => {
      const file = join(dir, 'world.mbtiles');
      const run = await cli(['export', '-d', 'public', '--collections', 'places,countries', '--zoom', '0-2', '-o', file, '--concurrency', '4'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^export: wrote \d+ tiles to .*world\.mbtiles \(mbtiles, \d+ bytes\)$/m);

      // every tile of the pyramid: in the file when the server has features there, absent when not
      const sqlite = new DatabaseSync(file, { readOnly: true });
      let inFile: Map<string, Buffer>;
      let meta: Record<string, string>;
      try {
        const rows = sqlite.prepare('SELECT zoom_level AS z, tile_column AS x, tile_row AS row, tile_data AS data FROM tiles').all() as Array<{ z: number; x: number; row: number; data: Uint8Array }>;
        inFile = new Map(rows.map((r) => [`${r.z}/${r.x}/${2 ** r.z - 1 - r.row}`, gunzipSync(r.data)]));
        meta = Object.fromEntries((sqlite.prepare('SELECT name, value FROM metadata').all() as Array<{ name: string; value: string }>).map((r) => [r.name, r.value]));
        const index = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'tile_index'`).get() as { sql: string } | undefined;
        assert.match(index?.sql ?? '', /UNIQUE INDEX tile_index ON tiles \(zoom_level, tile_column, tile_row\)/);
      } finally {
        sqlite.close();
      }
      let empty = 0;
      const counts = { places: 0, countries: 0 };
      for (let z = 0; z <= 2; z++) {
        for (let x = 0; x < 2 ** z; x++) {
          for (let y = 0; y < 2 ** z; y++) {
            const expected = await serverTile('places,countries', z, x, y);
            const got = inFile.get(`${z}/${x}/${y}`);
            if (expected.length === 0) {
              assert.equal(got, undefined, `empty tile ${z}/${x}/${y} left out`);
              empty++;
              continue;
            }
            assert.ok(got, `tile ${z}/${x}/${y} in the file`);
            assertSameTile(got, expected, `tile ${z}/${x}/${y}`);
            if (z === 2) for (const [layer, features] of Object.entries(decode(got))) counts[layer as keyof typeof counts] += features.length;
          }
        }
      }
      assert.equal(inFile.size + empty, 21);
      assert.deepEqual(summary(run.stdout, 'export').counts, { written: inFile.size, empty });
      assert.ok(counts.places > 1000 && counts.countries >= 6, JSON.stringify(counts));

      assert.equal(meta.format, 'pbf');
      assert.equal(meta.minzoom, '0');
      assert.equal(meta.maxzoom, '2');
      assert.equal(meta.name, 'public: places, countries');
      const bounds = meta.bounds.split(',').map(Number);
      const [pw, ps, pe, pn] = await boundsOf('public.places');
      const [cw, , ce, cn] = await boundsOf('public.countries');
      assert.deepEqual(bounds.map((v) => v.toFixed(6)), [Math.min(pw, cw), -85.0511287798066, Math.max(pe, ce), Math.max(pn, cn)].map((v) => v.toFixed(6)));
      assert.ok(ps > -85);
      assert.equal(meta.center.split(',').length, 3);
      const { vector_layers } = JSON.parse(meta.json);
      assert.deepEqual(
        vector_layers.map((l: { id: string; minzoom: number; maxzoom: number }) => [l.id, l.minzoom, l.maxzoom]),
        [['places', 0, 2], ['countries', 0, 2]],
      );
      assert.deepEqual(vector_layers[0].fields, { id: 'Number', name: 'String', rank: 'Number', score: 'Number' });
      assert.equal(vector_layers[0].description, 'Grid of places');
      assert.deepEqual(vector_layers[1].fields, { id: 'Number', name: 'String', pop: 'Number', area: 'Number', founded: 'String', tags: 'String', landlocked: 'Boolean' });
      // and they say what the tiles hold: every attribute seen is listed, with the type of its values
      for (const bytes of inFile.values()) {
        for (const [layer, features] of Object.entries(decode(bytes))) {
          const fields = vector_layers.find((l: { id: string }) => l.id === layer).fields;
          for (const f of features) {
            for (const [k, v] of Object.entries(f.properties)) {
              assert.equal(fields[k], { number: 'Number', string: 'String', boolean: 'Boolean' }[typeof v as string], `${layer}.${k}`);
            }
          }
        }
      }

      // GDAL's MBTiles driver: both layers, from the json metadata, with their fields
      const info = await ogrinfo(['-ro', '-so', file]);
      assert.match(info, /^\s*format=pbf$/m, info);
      assert.match(info, /^1: places$/m, info);
      assert.match(info, /^2: countries$/m, info);
      // per-layer feature counts at the deepest zoom: the sum over the file's zoom 2 tiles (GDAL
      // de-duplicates nothing across tiles for points and reports one feature per tile piece)
      for (const layer of ['places', 'countries'] as const) {
        const out = await ogrinfo(['-ro', '-so', file, layer]);
        assert.match(out, /^Feature Count: (\d+)$/m, out);
        const n = Number(/^Feature Count: (\d+)$/m.exec(out)![1]);
        assert.equal(n, counts[layer], `${layer}: ${out}`);
      }
      const names = await ogrinfo(['-ro', '-q', file, '-sql', `SELECT name FROM places WHERE name = 'place 0'`]);
      assert.match(names, /name \(String\) = place 0/);
    });

    test('PMTiles: the pmtiles reader finds the header, metadata and the server\'s tiles; as the pmtiles provider it serves them', { timeout: 120_000 }, async () => {
      const file = join(dir, 'places.pmtiles');
      const run = await cli(['export', '-d', 'public', '--collections', 'places', '--zoom', '0-3', '-o', file, '--name', 'Places'], env);
      assert.equal(run.code, 0, run.stderr);
      const source = new LocalFileSource(file);
      const written: Array<[number, number, number]> = [];
      try {
        const archive = new PMTiles(source, new SharedPromiseCache(16, false, nodeDecompress), nodeDecompress);
        const h = await archive.getHeader();
        assert.equal(h.specVersion, 3);
        assert.equal(h.tileType, 1, 'MVT');
        assert.equal(h.tileCompression, 2, 'gzip');
        assert.equal(h.clustered, true);
        assert.deepEqual([h.minZoom, h.maxZoom], [0, 3]);
        const [w, s, e, n] = await boundsOf('public.places');
        assert.deepEqual([h.minLon, h.minLat, h.maxLon, h.maxLat].map((v) => v.toFixed(5)), [w, s, e, n].map((v) => v.toFixed(5)));
        const metadata = (await archive.getMetadata()) as { name: string; vector_layers: Array<{ id: string; fields: Record<string, string> }> };
        assert.equal(metadata.name, 'Places');
        assert.deepEqual(metadata.vector_layers.map((l) => [l.id, l.fields]), [['places', { id: 'Number', name: 'String', rank: 'Number', score: 'Number' }]]);
        for (let z = 0; z <= 3; z++) {
          for (let x = 0; x < 2 ** z; x++) {
            for (let y = 0; y < 2 ** z; y++) {
              const expected = await serverTile('places', z, x, y);
              const got = await archive.getZxy(z, x, y);
              if (expected.length === 0) {
                assert.equal(got, undefined, `empty tile ${z}/${x}/${y} left out`);
                continue;
              }
              assert.ok(got, `tile ${z}/${x}/${y}`);
              assertSameTile(Buffer.from(got.data), expected, `tile ${z}/${x}/${y}`);
              written.push([z, x, y]);
            }
          }
        }
        assert.equal(h.numAddressedTiles, written.length);
      } finally {
        await source.close();
      }
      assert.ok(written.length > 40);

      const fromArchive = await startTilery(db.readerUrl, { cache: { storage_priority: ['pmtiles'], pmtiles: { 'public.places': { path: file } } } });
      try {
        for (const [z, x, y] of written) {
          const res = await get(fromArchive, `/tiles/public/tiles/${z}/${x}/${y}.mvt?collections=places`);
          assert.equal(res.headers['x-tile-source'], 'pmtiles_archive', `${z}/${x}/${y}`);
          assert.equal(res.headers['x-tile-cache'], 'hit');
          assertSameTile(res.body, await serverTile('places', z, x, y), `${z}/${x}/${y}`);
        }
        // a tile the archive does not hold is generated
        assert.equal((await get(fromArchive, '/tiles/public/tiles/4/3/3.mvt?collections=places')).headers['x-tile-source'], 'postgis');
      } finally {
        await fromArchive.close();
      }
    });

    test('Ctrl-C: no file, no temporary file left', { timeout: 120_000 }, async () => {
      const file = join(dir, 'interrupted.pmtiles');
      const child = spawn(process.execPath, [BIN, 'export', '-d', 'public', '--collections', 'places', '--zoom', '0-8', '-o', file, '--concurrency', '2', '--progress-interval', '0.05'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stderr.on('data', (c) => {
            stderr += c;
            if (/^export: [1-9]\d*\//m.test(stderr)) resolve();
          });
          child.once('exit', (code) => reject(new Error(`export exited (${code}) before it was interrupted:\n${stdout}\n${stderr}`)));
        });
        child.kill('SIGINT');
        const [code] = await once(child, 'exit');
        assert.equal(code, 130, stdout + stderr);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      assert.match(stdout, /^export: interrupted after \d+ of \d+ tiles .*; no file written$/m);
      assert.equal(existsSync(file), false);
      assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('interrupted')), []);
    });
  });

  describe('bad input: a non-zero exit and a message naming the problem', () => {
    const cases: Array<{ name: string; args: string[]; message: RegExp }> = [
      { name: 'unknown collection', args: ['seed', '-d', 'public', '--collections', 'places,nope', '--zoom', '0-1'], message: /--collections: unknown collection "nope" in dataset "public"/ },
      { name: 'unknown dataset', args: ['seed', '-d', 'nowhere', '--zoom', '0-1'], message: /Unknown dataset "nowhere"/ },
      { name: 'zoom range backwards', args: ['seed', '-d', 'public', '--zoom', '3-1'], message: /--zoom <range>' argument '3-1' is invalid\. the range 3-1 ends before it starts/ },
      { name: 'zoom not a range', args: ['export', '-d', 'public', '--zoom', 'all', '-o', 'x.mbtiles'], message: /argument 'all' is invalid\. expected a zoom or a range of zooms/ },
      { name: 'zoom beyond the TMS', args: ['seed', '-d', 'public', '--collections', 'places', '--zoom', '20-25'], message: /--zoom: WebMercatorQuad has zooms 0-24, not 20-25/ },
      { name: 'bbox with three numbers', args: ['seed', '-d', 'public', '--zoom', '0-1', '--bbox', '1,2,3'], message: /--bbox .* is invalid\. expected minlon,minlat,maxlon,maxlat/ },
      { name: 'bbox upside down', args: ['seed', '-d', 'public', '--zoom', '0-1', '--bbox', '0,50,10,40'], message: /minlat 50 is north of maxlat 40/ },
      { name: 'bbox out of range', args: ['seed', '-d', 'public', '--zoom', '0-1', '--bbox', '0,0,200,10'], message: /maxlon 200 is outside -180 … 180/ },
      { name: 'bbox away from the data', args: ['seed', '-d', 'public', '--collections', 'rivers', '--zoom', '0-5', '--bbox', '100,-40,110,-30'], message: /--bbox: 100,-40,110,-30 does not meet the bounds of the collections/ },
      { name: 'unknown TMS', args: ['seed', '-d', 'public', '--zoom', '0-1', '--tms', 'NoSuchTms'], message: /--tms: unknown tile matrix set "NoSuchTms"/ },
      { name: 'export in another TMS', args: ['export', '-d', 'public', '--zoom', '0-1', '--tms', 'WorldCRS84Quad', '-o', 'PLACEHOLDER.mbtiles'], message: /--tms: mbtiles files hold WebMercatorQuad tiles only .*not WorldCRS84Quad/ },
      { name: 'export to an unknown format', args: ['export', '-d', 'public', '--zoom', '0-1', '-o', 'tiles.zip'], message: /--output: cannot tell the format of "tiles\.zip"/ },
      { name: 'export over an existing file', args: ['export', '-d', 'public', '--zoom', '0', '-o', 'EXISTING'], message: /--output: .*existing\.pmtiles exists; give --force to replace it/ },
      { name: 'seed without an L2 provider', args: ['seed', '-d', 'public', '--zoom', '0-1'], message: /no L2 cache provider to fill/ },
    ];
    before(async () => {
      await writeFile(join(dir, 'existing.pmtiles'), 'not mine to replace');
    });
    for (const c of cases) {
      test(c.name, async () => {
        const args = c.args.map((a) => a.replace('PLACEHOLDER', join(dir, 'other-tms')).replace('EXISTING', join(dir, 'existing.pmtiles')));
        const run = await cli(args, c.name === 'seed without an L2 provider' ? { ...env, TILERY_CACHE_PRIORITY: '' } : env);
        assert.notEqual(run.code, 0, run.stdout);
        assert.match(run.stderr, c.message);
        assert.doesNotMatch(run.stdout, /done:/);
      });
    }
    test('no file is left or replaced by a refused export', async () => {
      assert.equal(existsSync(join(dir, 'other-tms.mbtiles')), false);
      assert.equal(await readFile(join(dir, 'existing.pmtiles'), 'utf8'), 'not mine to replace');
    });
  });
});
