// Test databases on the embedded engine (PGlite with PostGIS), shaped like those on PostgreSQL:
// each is a copy of a template data directory, which a run prepares once: `postgis` (PostGIS
// installed, the reader role made), and `world` (that, with the world fixtures). Creating them
// costs ~12 s; opening a copy ~2 s.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { createPgliteEngine } from '../../src/engine/index.ts';
import type { TestDatabase } from './db.ts';
import { shareDatabase } from './shared-engine.ts';

/** The directory of the templates' data directories, made by the runner (`npm test`) for the whole run. */
export const TEMPLATES_ENV = 'TILERY_TEST_PGLITE_TEMPLATES';
/** The non-superuser role the tests read as, like the reader role of a PostgreSQL test database. */
const READER_ROLE = 'tilery_reader';
/** PGlite's own user, a superuser. */
const SUPERUSER = 'postgres';

export type PgliteTemplate = 'postgis' | 'world';

/** The world fixtures for a reader role (also loaded by createWorldDatabase on PostgreSQL). */
export function worldSql(readerRole: string): string {
  return readFileSync(new URL('../fixtures/world.sql', import.meta.url), 'utf8').replaceAll(':reader', `"${readerRole}"`);
}

/** Creates the templates in `root`, one data directory each (see the top of this file). */
export async function createPgliteTemplates(root: string): Promise<void> {
  const base = join(root, 'postgis');
  const db = await PGlite.create({ dataDir: base, extensions: { postgis } });
  try {
    await db.exec(`CREATE EXTENSION postgis;
      CREATE ROLE "${READER_ROLE}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
      GRANT USAGE ON SCHEMA public TO "${READER_ROLE}";`);
  } finally {
    await db.close();
  }
  const world = join(root, 'world');
  cpSync(base, world, { recursive: true });
  const worldDb = await PGlite.create({ dataDir: world, extensions: { postgis } });
  try {
    await worldDb.exec(worldSql(READER_ROLE));
  } finally {
    await worldDb.close();
  }
}

/** Directories to remove when the process ends, should a test not drop its database. */
const leftovers = new Set<string>();
let exitHook = false;
async function tempDir(prefix: string): Promise<string> {
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = await mkdtemp(join(tmpdir(), prefix));
  leftovers.add(dir);
  return dir;
}

let ownTemplates: Promise<string> | undefined;

/** The run's templates; without a runner (a file run by hand), those made by this process. */
async function template(name: PgliteTemplate): Promise<string> {
  const given = process.env[TEMPLATES_ENV];
  const root =
    given ??
    (await (ownTemplates ??= (async () => {
      const dir = await tempDir('tilery-pglite-templates-');
      await createPgliteTemplates(dir);
      return dir;
    })()));
  return join(root, name);
}

function unavailable(member: string): never {
  throw new Error(
    `db.${member}: the embedded database (TILERY_TEST_ENGINE=pglite) is no server to connect to: ` +
      'use startTilery(db), db.readerEngine() or db.adminEngine(), or skip the test on pglite',
  );
}

/**
 * A fresh embedded database with PostGIS and a reader role that is not a superuser (and the
 * world fixtures, from the `world` template). `query` runs as the superuser; `readerEngine()`
 * gives engines over the same database whose statements run as the reader role, so grants
 * decide what they see, as on PostgreSQL.
 */
export async function createPgliteTestDatabase(from: PgliteTemplate = 'postgis'): Promise<TestDatabase> {
  const root = await tempDir('tilery-pglite-db-');
  const dataDir = join(root, 'data');
  // (the synchronous copy takes a tenth of the time of the asynchronous one)
  cpSync(await template(from), dataDir, { recursive: true });
  const admin = await createPgliteEngine({ dataDir });
  const shared = shareDatabase(admin, SUPERUSER);
  const superuser = shared.engine();
  let dropping: Promise<void> | undefined;
  return {
    kind: 'pglite',
    name: 'postgres',
    readerRole: READER_ROLE,
    get adminUrl(): string {
      return unavailable('adminUrl');
    },
    get readerUrl(): string {
      return unavailable('readerUrl');
    },
    get admin(): TestDatabase['admin'] {
      return unavailable('admin');
    },
    async query<T = any>(sql: string, values?: unknown[]): Promise<T[]> {
      return (await superuser.query<T>(sql, values)).rows;
    },
    readerEngine: async () => shared.engine(READER_ROLE),
    adminEngine: async () => shared.engine(),
    drop: () =>
      (dropping ??= (async () => {
        await admin.close();
        await rm(root, { recursive: true, force: true });
        leftovers.delete(root);
      })()),
  };
}
