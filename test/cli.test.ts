import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
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
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--include-schemas', 'public'], {
      env: cleanEnv({ DATABASE_URL: db.readerUrl, TILERY_LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          output += chunk;
          const m = /tilery listening on (http:\/\/[^"\s]+)/.exec(output);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`tilery exited with ${code}: ${output}`)));
      });
      const index = await (await fetch(`${address}/index.json`)).json();
      assert.ok('public.places' in index);
      assert.ok(!('My Schema.Odd.Table Name' in index), '--include-schemas applies');
      const tile = await fetch(`${address}/public.places/0/0/0.pbf`);
      assert.equal(tile.status, 200);
      assert.equal(tile.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
      assert.ok((await tile.arrayBuffer()).byteLength > 1000);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
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

  test('without a database URL, serve says what to set', async () => {
    const err = await run(process.execPath, [BIN, 'serve', '--port', '0'], { env: cleanEnv() }).catch((e) => e);
    assert.equal(err.code, 1);
    assert.match(err.stderr, /DATABASE_URL/);
  });
});
