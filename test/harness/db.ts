import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPgEngine, type Engine } from '../../src/engine/index.ts';

/** The engine a test run is for: `TILERY_TEST_ENGINE`, PostgreSQL unless it says `pglite`. */
export type TestEngineKind = 'pg' | 'pglite';

export function testEngineKind(): TestEngineKind {
  const kind = process.env.TILERY_TEST_ENGINE ?? 'pg';
  if (kind !== 'pg' && kind !== 'pglite') throw new Error(`TILERY_TEST_ENGINE=${kind}: expected pg or pglite`);
  return kind;
}

export interface TestDatabase {
  /** PostgreSQL, or the embedded database (PGlite), which has no URL, pool or second connection. */
  kind: TestEngineKind;
  name: string;
  /** Superuser, connected to the new database. */
  adminUrl: string;
  /** The non-superuser reader role, connected to the new database. */
  readerUrl: string;
  readerRole: string;
  /** Pool on adminUrl (max 4). */
  admin: pg.Pool;
  /** Runs a query through the admin pool and returns its rows. */
  query<T = any>(sql: string, values?: unknown[]): Promise<T[]>;
  /**
   * A new engine as the reader role, as tilery connects: on PostgreSQL a pool on `readerUrl`; on
   * the embedded database an engine over the same database whose statements run as the role.
   */
  readerEngine(): Promise<Engine>;
  /** A new engine as the superuser. */
  adminEngine(): Promise<Engine>;
  /** Ends the pool, drops the database and the reader role; idempotent. */
  drop(): Promise<void>;
}

/** What a test engine of the harness is given: generous limits, few connections. */
export function testPgEngine(url: string): Engine {
  return createPgEngine({ url, statementTimeoutMs: 10_000, poolSize: 4, connectTimeoutMs: 5000 });
}

/** Replaces the database (path) part of a postgres:// URL. */
export function withUrlDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

function withUrlCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

function serverUrl(): string {
  const url = process.env.TILERY_TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TILERY_TEST_DATABASE_URL is not set: run the tests with npm test ' +
        '(it starts a throwaway PostGIS cluster) or point it at a PostGIS superuser URL',
    );
  }
  return url;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * Creates a fresh database with PostGIS plus a LOGIN role that is not a superuser, so
 * that tilery running as that role is subject to real grants.
 *
 * The role only gets CONNECT on the database and USAGE on schema public: tests grant
 * SELECT on their own tables explicitly (spatial_ref_sys is readable by PUBLIC already).
 */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) {
    throw new Error(`invalid test database prefix ${JSON.stringify(prefix)}: use [a-z0-9_]`);
  }
  const server = serverUrl();
  const name = `${prefix}_${hex(6)}`;
  const readerRole = `${name}_reader`;
  const password = hex(12);

  await withClient(server, async (c) => {
    await c.query(`CREATE DATABASE "${name}"`);
    await c.query(`CREATE ROLE "${readerRole}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
    await c.query(`GRANT CONNECT ON DATABASE "${name}" TO "${readerRole}"`);
  });

  const adminUrl = withUrlDatabase(server, name);
  const readerUrl = withUrlCredentials(adminUrl, readerRole, password);
  const admin = new pg.Pool({ connectionString: adminUrl, max: 4 });
  let dropping: Promise<void> | undefined;

  const drop = (): Promise<void> =>
    (dropping ??= (async () => {
      await admin.end().catch(() => {});
      await withClient(server, async (c) => {
        // pg's Pool.end() resolves before its connections have finished closing: give them a
        // moment, because terminating a connection that is still closing makes its client
        // emit an 'error' nobody listens to any more.
        for (let i = 0; i < 40; i++) {
          const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await c.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS "${readerRole}"`);
      });
    })());

  try {
    await admin.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await admin.query(`GRANT USAGE ON SCHEMA public TO "${readerRole}"`);
  } catch (err) {
    await drop().catch(() => {});
    throw err;
  }

  return {
    kind: 'pg',
    name,
    adminUrl,
    readerUrl,
    readerRole,
    admin,
    async query<T = any>(sql: string, values?: unknown[]): Promise<T[]> {
      const result = await admin.query(sql, values as any[] | undefined);
      return result.rows as T[];
    },
    readerEngine: async () => testPgEngine(readerUrl),
    adminEngine: async () => testPgEngine(adminUrl),
    drop,
  };
}
