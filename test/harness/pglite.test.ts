// The embedded engine's test databases: a superuser handle and reader engines over one PGlite
// database, each statement run as its engine's role. Runs in the embedded pass of `npm test`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../../src/engine/index.ts';
import { TileryError } from '../../src/errors.ts';
import { waitFor } from '../helpers/wait.ts';
import { testEngineKind, type TestDatabase } from './db.ts';
import { createPgliteTestDatabase } from './pglite.ts';

const skip = testEngineKind() === 'pglite' ? false : 'embedded engine only: runs in the PGlite pass (TILERY_TEST_ENGINE=pglite)';

describe('embedded test databases: one database, a role per engine', { skip }, () => {
  let db: TestDatabase;
  let reader: Engine;
  before(async () => {
    db = await createPgliteTestDatabase();
    reader = await db.readerEngine();
    await db.query(`CREATE TABLE public.granted (id integer PRIMARY KEY);
      CREATE TABLE public.secret (id integer PRIMARY KEY);
      INSERT INTO public.granted VALUES (1);
      INSERT INTO public.secret VALUES (2);
      GRANT SELECT ON public.granted TO "${db.readerRole}"`);
  });
  after(async () => {
    await reader?.close();
    await db?.drop();
  });

  const whoami = 'SELECT current_user::text AS who, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super';

  test('the reader engine runs as the reader role, the superuser handle as the superuser, interleaved', async () => {
    const answers = await Promise.all([reader.query(whoami), db.query(whoami), reader.query(whoami), db.query(whoami, [])]);
    assert.deepEqual(
      answers.map((a) => ('rows' in a ? a.rows[0] : a[0])),
      [
        { who: db.readerRole, super: false },
        { who: 'postgres', super: true },
        { who: db.readerRole, super: false },
        { who: 'postgres', super: true },
      ],
    );
  });

  test('grants decide what the reader reads; the superuser reads all', async () => {
    assert.deepEqual((await reader.query('SELECT id FROM public.granted')).rows, [{ id: 1 }]);
    await assert.rejects(reader.query('SELECT id FROM public.secret'), (err: { code?: string }) => err.code === '42501');
    await assert.rejects(reader.query('SELECT id FROM public.secret WHERE id = $1', [2]), (err: { code?: string }) => err.code === '42501');
    assert.deepEqual(await db.query('SELECT id FROM public.secret'), [{ id: 2 }]);
  });

  test('a transaction of the reader runs as the reader, and rolls back as one', async () => {
    await db.query(`GRANT INSERT ON public.granted TO "${db.readerRole}"`);
    const who = await reader.transaction(async (query) => {
      await query('INSERT INTO public.granted VALUES ($1)', [10]);
      return (await query<{ who: string }>(whoami)).rows[0].who;
    });
    assert.equal(who, db.readerRole);
    await assert.rejects(
      reader.transaction(async (query) => {
        await query('INSERT INTO public.granted VALUES ($1)', [11]);
        await query('INSERT INTO public.secret VALUES ($1)', [12]);
      }),
      (err: { code?: string }) => err.code === '42501',
    );
    assert.deepEqual(await db.query('SELECT id FROM public.granted ORDER BY id'), [{ id: 1 }, { id: 10 }]);
    assert.deepEqual((await db.query(whoami))[0], { who: 'postgres', super: true });
  });

  test('a reader may take the roles granted to it, and no other, as on a connection that logged in as it', async () => {
    await db.query(`CREATE ROLE granted_role NOLOGIN; CREATE ROLE other_role NOLOGIN; GRANT granted_role TO "${db.readerRole}"`);
    const as = (role: string) => reader.query<{ who: string }>('SELECT current_user::text AS who', [], { role });
    assert.deepEqual((await as('granted_role')).rows, [{ who: 'granted_role' }]);
    await assert.rejects(as('other_role'), (err) => err instanceof TileryError && err.code === 'role_not_allowed');
    assert.deepEqual((await reader.query(whoami)).rows[0], { who: db.readerRole, super: false });
    assert.deepEqual((await db.query<{ who: string }>('SELECT current_user::text AS who', []))[0], { who: 'postgres' });
  });

  test('the engines hear the notifications sent by any of them; closing one keeps the database and the others listening', async () => {
    const other = await db.readerEngine();
    const heard: string[] = [];
    const heardByOther: string[] = [];
    await reader.listen('shared', (p) => heard.push(p));
    await other.listen('shared', (p) => heardByOther.push(p));
    await db.query("SELECT pg_notify('shared', 'from the superuser')");
    await other.notify('shared', 'from a reader');
    await waitFor(() => heard.length === 2 && heardByOther.length === 2);
    assert.deepEqual(heard, ['from the superuser', 'from a reader']);

    await other.close();
    await assert.rejects(other.query('SELECT 1'), (err) => err instanceof TileryError && err.code === 'database_unavailable');
    await db.query("SELECT pg_notify('shared', 'after one closed')");
    await waitFor(() => heard.includes('after one closed'));
    assert.deepEqual(heardByOther, ['from the superuser', 'from a reader']);
    assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
  });

  test('the world template holds the fixtures, with their grants; drop closes the database, once', async () => {
    const world = await createPgliteTestDatabase('world');
    const engine = await world.readerEngine();
    try {
      assert.deepEqual((await engine.query('SELECT count(*)::int AS n FROM public.countries')).rows, [{ n: 6 }]);
      await assert.rejects(engine.query('SELECT * FROM public.secret'), (err: { code?: string }) => err.code === '42501');
      assert.throws(() => world.readerUrl, /no server to connect to/);
    } finally {
      await engine.close();
      await world.drop();
    }
    await world.drop(); // idempotent
    await assert.rejects(world.query('SELECT 1'), (err) => err instanceof TileryError && err.code === 'database_unavailable');
  });
});
