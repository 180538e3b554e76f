import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { TestDatabase } from './harness/db.ts';
import { createWorldDatabase, get, startTilery } from './helpers/tilery.ts';

const BIN = fileURLToPath(new URL('../bin/tilery.js', import.meta.url));
const run = promisify(execFile);

/** Environment of a CLI run: none of the caller's TILERY_* or DATABASE_URL settings leak in. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TILERY_') && k !== 'DATABASE_URL'));
  return { ...env, ...extra };
}

describe('tilery command line', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createWorldDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  test('--help explains the commands and serve --help its flags and variables', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help'], { env: cleanEnv() });
    assert.match(stdout, /serve/);
    const serve = await run(process.execPath, [BIN, 'serve', '--help'], { env: cleanEnv() });
    for (const flag of ['--database-url', '--host', '--port', '--include-schemas', '--exclude-schemas', '--config', '--print-config']) {
      assert.match(serve.stdout, new RegExp(flag));
    }
    for (const env of ['DATABASE_URL', 'TILERY_HOST', 'TILERY_PORT', 'TILERY_INCLUDE_SCHEMAS']) assert.match(serve.stdout, new RegExp(env));
  });

  test('serve --print-config: flags win over the environment, secrets are masked', async () => {
    const { stdout } = await run(
      process.execPath,
      [BIN, 'serve', '--print-config', '--port', '9123', '--exclude-schemas', 'a,b'],
      { env: cleanEnv({ TILERY_PORT: '9000', TILERY_HOST: '0.0.0.0', DATABASE_URL: 'postgres://u:pw@h/db', TILERY_ADMIN_TOKEN: 'tok' }) },
    );
    assert.match(stdout, /^port: 9123$/m);
    assert.match(stdout, /^host: 0\.0\.0\.0$/m);
    assert.match(stdout, /postgres:\/\/u:\*\*\*@h\/db/);
    assert.match(stdout, /admin_token: "\*\*\*"/);
    assert.match(stdout, /exclude_schemas:\n\s+- a\n\s+- b/);
    assert.doesNotMatch(stdout, /pw|tok\b/);
  });

  test('a bad setting stops tilery with a message naming it', async () => {
    const err = await run(process.execPath, [BIN, 'serve', '--print-config'], { env: cleanEnv({ TILERY_PORT: 'eighty' }) }).catch((e) => e);
    assert.equal(err.code, 1);
    assert.match(err.stderr, /port/);
  });

  test('serve listens, serves tiles, and stops cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const running = await serve(cleanEnv({ DATABASE_URL: db.readerUrl, TILERY_LOG_LEVEL: 'info' }), ['--include-schemas', 'public']);
    try {
      const index = await (await fetch(`${running.address}/index.json`)).json();
      assert.ok('public.places' in index);
      assert.ok(!('My Schema.Odd.Table Name' in index), '--include-schemas applies');
      const tile = await fetch(`${running.address}/public.places/0/0/0.pbf`);
      assert.equal(tile.status, 200);
      assert.equal(tile.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
      assert.ok((await tile.arrayBuffer()).byteLength > 1000);
    } finally {
      await running.stop();
    }
  });

  test('invalidate deletes from the L2 providers and running instances drop their memory copies', { timeout: 60_000 }, async () => {
    await db.query(`GRANT CREATE ON DATABASE "${db.name}" TO "${db.readerRole}"`);
    const running = await startTilery(db.readerUrl, { cache: { storage_priority: ['pg'] } });
    try {
      await get(running, '/public.places/1/0/0.pbf');
      await get(running, '/public.countries/1/0/0.pbf');
      await running.cache.flush();
      const { stdout } = await run(process.execPath, [BIN, 'invalidate', '--dataset', 'public', '--collections', 'places'], {
        env: cleanEnv({ DATABASE_URL: db.readerUrl, TILERY_CACHE_PRIORITY: 'pg' }),
      });
      assert.match(stdout, /invalidated public\.places: pg=1/);
      const rows = await db.query('SELECT collections FROM tilery.tile_cache');
      assert.deepEqual(rows.map((r) => r.collections), [['public.countries']]);
      let source = '';
      for (let i = 0; i < 100 && source !== 'postgis'; i++) {
        source = String((await get(running, '/public.places/1/0/0.pbf')).headers['x-tile-source']);
        if (source !== 'postgis') await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(source, 'postgis');
      assert.equal((await get(running, '/public.countries/1/0/0.pbf')).headers['x-tile-source'], 'memory');
      const bad = await run(process.execPath, [BIN, 'invalidate', '--dataset', 'nowhere'], { env: cleanEnv({ DATABASE_URL: db.readerUrl }) }).catch((e) => e);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /nowhere/);
    } finally {
      await running.close();
    }
  });

  test('install-triggers as a superuser tracks the tables and installs the event triggers; uninstall-triggers removes both', { timeout: 60_000 }, async () => {
    const tracked = async () =>
      (await db.query(`SELECT count(DISTINCT tgrelid)::int AS n FROM pg_trigger WHERE tgname LIKE 'tilery\\_changes\\_%'`))[0].n as number;
    const events = async () => (await db.query(`SELECT evtname FROM pg_event_trigger WHERE evtname LIKE 'tilery\\_%' ORDER BY 1`)).map((r) => r.evtname);
    const install = await run(process.execPath, [BIN, 'install-triggers'], { env: cleanEnv({ DATABASE_URL: db.adminUrl }) });
    assert.match(install.stdout, /installed on: .*public\.places/);
    assert.match(install.stdout, /skipped public\.top_places: a view has no row triggers/);
    assert.match(install.stdout, /event triggers: installed/);
    assert.deepEqual(await events(), ['tilery_ddl', 'tilery_drop']);
    assert.ok((await tracked()) >= 5);
    // tilery, as the reader, sees them: its collections are tracked, grants and policies told at once
    const t = await startTilery(db);
    try {
      const snapshot = t.catalog.current();
      assert.equal(snapshot.authorizationTracked, true);
      assert.equal(snapshot.collections.get('public.places')?.tracked, true);
      assert.equal(snapshot.collections.get('public.top_places')?.tracked, false);
      assert.equal((await get(t, '/public.places.json')).json().freshness, 'tracked');
    } finally {
      await t.close();
    }
    // as a role that is not a superuser (nor owns the tables): nothing installed, and it says why
    const refused = await run(process.execPath, [BIN, 'install-triggers', 'public.places'], { env: cleanEnv({ DATABASE_URL: db.readerUrl }) }).catch((e) => e);
    assert.notEqual(refused.code ?? 0, 0);
    assert.match(refused.stderr, /(permission denied|must be owner).*run install-triggers as the owner of the tables/s);
    const uninstall = await run(process.execPath, [BIN, 'uninstall-triggers'], { env: cleanEnv({ DATABASE_URL: db.adminUrl }) });
    assert.match(uninstall.stdout, /event triggers: removed/);
    assert.deepEqual(await events(), []);
    assert.equal(await tracked(), 0);
  });

  test('without a database URL, serve runs the embedded database with the demo data, and keeps it', { timeout: 300_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tilery-embedded-'));
    try {
      const first = await serve(cleanEnv({ TILERY_DATA_DIR: dataDir, TILERY_LOG_LEVEL: 'info' }));
      try {
        assert.match(first.output(), /embedded database: initialising/);
        assert.match(first.output(), /demo data: countries/);
        const index = await (await fetch(`${first.address}/index.json`)).json();
        assert.deepEqual(Object.keys(index).sort(), ['public.borders', 'public.countries', 'public.country_points']);
        // the tile of the whole world holds every country of 50,000 km² or more (smaller islands
        // may vanish at 10 km a pixel), each with its name
        const json = (module: string) => JSON.parse(readFileSync(fileURLToPath(import.meta.resolve(module)), 'utf8'));
        const countries = json('world-countries/countries.json') as Array<{ name: { common: string }; area: number; ccn3: string }>;
        const shapes = new Set((json('world-atlas/countries-50m.json') as { objects: { countries: { geometries: Array<{ id?: string }> } } }).objects.countries.geometries.map((g) => g.id));
        const large = countries.filter((c) => c.area >= 50_000 && shapes.has(c.ccn3)).map((c) => c.name.common);
        const tile = await fetch(`${first.address}/public.countries/0/0/0.pbf`);
        assert.equal(tile.status, 200);
        const layer = new VectorTile(new PbfReader(Buffer.from(await tile.arrayBuffer()))).layers['public.countries'];
        const names = new Set(Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.name));
        assert.ok(large.length > 100);
        assert.deepEqual(large.filter((n) => !names.has(n)), []);
      } finally {
        await first.stop();
      }
      // the second start finds its database as it was left: no initialising, no loading
      const second = await serve(cleanEnv({ TILERY_DATA_DIR: dataDir, TILERY_LOG_LEVEL: 'info' }));
      try {
        assert.doesNotMatch(second.output(), /initialising|demo data: countries/);
        assert.equal((await fetch(`${second.address}/public.borders/1/1/0.pbf`)).status, 200);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** `tilery serve` on a free port, once it listens; `stop()` sends SIGTERM and expects exit code 0. */
async function serve(env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ address: string; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const m = /tilery listening on (http:\/\/[^"\s]+)/.exec(output);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`tilery exited with ${code}: ${output}`)));
    });
    return {
      address,
      output: () => output,
      async stop() {
        const exited = child.exitCode !== null ? [child.exitCode] : (child.kill('SIGTERM'), await once(child, 'exit'));
        assert.equal(exited[0], 0, output);
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
