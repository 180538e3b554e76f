import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { startCluster } from './cluster.ts';
import { createTestDatabase, withUrlDatabase } from './db.ts';

async function queryOnce<T = any>(url: string, sql: string, values?: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values as any[] | undefined)).rows as T[];
  } finally {
    await client.end();
  }
}

function connectionRefused(err: unknown): boolean {
  const e = err as { code?: string; errors?: { code?: string }[] };
  return e.code === 'ECONNREFUSED' || (e.errors ?? []).some((x) => x.code === 'ECONNREFUSED');
}

test('withUrlDatabase replaces only the database', () => {
  assert.equal(
    withUrlDatabase('postgres://u:p@127.0.0.1:5432/postgres?sslmode=disable', 'other'),
    'postgres://u:p@127.0.0.1:5432/other?sslmode=disable',
  );
});

test('createTestDatabase gives a PostGIS database, a non-superuser reader, and drops cleanly', async () => {
  const db = await createTestDatabase('harness');
  try {
    const [row] = await db.query<{ v: string }>('SELECT postgis_full_version() AS v');
    assert.match(row!.v, /POSTGIS=/);

    const [me] = await queryOnce<{ user: string; rolsuper: boolean; db: string }>(
      db.readerUrl,
      'SELECT current_user AS user, current_database() AS db, rolsuper FROM pg_roles WHERE rolname = current_user',
    );
    assert.equal(me!.user, db.readerRole);
    assert.equal(me!.db, db.name);
    assert.equal(me!.rolsuper, false);
  } finally {
    await db.drop();
    await db.drop(); // idempotent
  }

  const server = process.env.TILERY_TEST_DATABASE_URL!;
  const left = await queryOnce(server, 'SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
  assert.equal(left.length, 0);
  const roles = await queryOnce(server, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [db.readerRole]);
  assert.equal(roles.length, 0);
});

test('a second cluster stops, starts again and is destroyed', { timeout: 60_000 }, async () => {
  const cluster = await startCluster();
  try {
    const [v] = await queryOnce<{ v: string }>(cluster.url, 'SELECT postgis_lib_version() AS v');
    assert.ok(v!.v);

    await cluster.stop();
    await assert.rejects(queryOnce(cluster.url, 'SELECT 1'), connectionRefused);
    assert.ok(existsSync(cluster.dataDir), 'stop keeps the data');

    await cluster.start();
    const [one] = await queryOnce<{ n: number }>(cluster.url, 'SELECT 1 AS n');
    assert.equal(one!.n, 1);
  } finally {
    await cluster.destroy();
  }
  assert.equal(existsSync(cluster.dataDir), false);
  await cluster.destroy(); // idempotent
});
