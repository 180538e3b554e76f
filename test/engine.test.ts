import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPgEngine, createPgliteEngine, quoteIdent, type Engine } from '../src/engine/index.ts';
import { TileryError } from '../src/errors.ts';
import { installTriggers } from '../src/freshness/index.ts';
import { createTestDatabase } from './harness/db.ts';
import { waitFor } from './helpers/wait.ts';

/** An engine on a database of its own, and how to remove that database afterwards. */
interface EngineUnderTest {
  engine: Engine;
  dispose(): Promise<void>;
}

/** What each engine answered, for the last check: both answer alike. */
const answers = new Map<string, { types: Record<string, unknown>; transforms: Record<string, number>; errors: Record<string, string> }>();

const TABLE = quoteIdent('Engine "contract" Table');
const CHANNEL = 'Engine "channel" Mixed.Case';

/**
 * The contract of `Engine`, run by both engines: what tilery's code relies on, with the types
 * node-postgres returns, so that no caller needs to know which engine it has.
 */
function engineContract(name: string, open: () => Promise<EngineUnderTest>, expected: { asMvt: boolean }): void {
  describe(`engine contract: ${name}`, () => {
    let engine: Engine;
    let dispose: () => Promise<void> = async () => {};
    let closed = false;
    const seen = { types: {} as Record<string, unknown>, transforms: {} as Record<string, number>, errors: {} as Record<string, string> };
    answers.set(name, seen);

    before(async () => {
      ({ engine, dispose } = await open());
      await engine.query(`CREATE TABLE ${TABLE} (id integer PRIMARY KEY, label text)`);
    });
    after(async () => {
      if (!closed) await engine?.close();
      await dispose();
    });

    test('binds each value type and returns the JS types node-postgres returns', async () => {
      const when = new Date('2024-02-29T12:34:56.789Z');
      const bytes = Buffer.from([0, 1, 0x5c, 0xfe, 0xff]);
      const { rows } = await engine.query<Record<string, unknown>>(
        `SELECT $1::bytea AS bytea, $2::bytea AS uint8array, $3::int8 AS int8_string, $4::int8 AS int8_bigint,
                $5::numeric AS numeric, $6::int4 AS int4, $7::float8 AS float8, $8::bool AS bool, $9::text AS text,
                $10::text AS "null", $11::timestamptz AS timestamptz, $12::timestamp AS "timestamp", $13::jsonb AS jsonb,
                $14::json AS json_text, $15::text[] AS text_array, $16::int4[] AS int4_array, $17::int8[] AS int8_array,
                $18::bytea[] AS bytea_array, $19::timestamptz[] AS timestamptz_array,
                count(*) OVER () AS count, 1.5::numeric AS numeric_literal, '{1.5,2}'::numeric[] AS numeric_array,
                '2024-02-29'::date AS date, '1 day 02:03:04'::interval AS interval, '(1,2)'::point AS point,
                '00000000-0000-0000-0000-00000000002a'::uuid AS uuid, 'SRID=4326;POINT(1 2)'::geometry AS geometry,
                json_build_object('a', 1, 'b', ARRAY[1, 2]) AS json_built`,
        [
          bytes,
          new Uint8Array([1, 2, 3]),
          '9007199254740993',
          9007199254740993n,
          '12345678901234567890.000001',
          42,
          0.1,
          true,
          'héllo "wörld"; \\ \'',
          null,
          when,
          when,
          { a: [1, 'x', null], b: { c: true } },
          '{"k": 1}',
          ['a', 'b,c', '"q"', 'back\\slash', null, '', 'NULL'],
          [1, 2, 3],
          ['9007199254740993', 1],
          [Buffer.from([1, 2]), null],
          [when, null],
        ],
      );
      const row = rows[0];
      assert.ok(Buffer.isBuffer(row.bytea), 'bytea is a Buffer');
      assert.deepEqual(row.bytea, bytes);
      assert.ok(Buffer.isBuffer(row.uint8array), 'a Uint8Array binds as bytea, comes back a Buffer');
      assert.deepEqual(row.uint8array, Buffer.from([1, 2, 3]));
      assert.equal(row.int8_string, '9007199254740993', 'int8 is a string');
      assert.equal(row.int8_bigint, '9007199254740993', 'a bigint binds as int8');
      assert.equal(row.numeric, '12345678901234567890.000001', 'numeric is a string');
      assert.equal(row.int4, 42);
      assert.equal(row.float8, 0.1);
      assert.equal(row.bool, true);
      assert.equal(row.text, 'héllo "wörld"; \\ \'');
      assert.equal(row.null, null);
      assert.ok(row.timestamptz instanceof Date && row.timestamptz.getTime() === when.getTime(), 'timestamptz is a Date');
      assert.ok(row.timestamp instanceof Date && row.timestamp.getTime() === when.getTime(), 'timestamp: local time both ways');
      assert.deepEqual(row.jsonb, { a: [1, 'x', null], b: { c: true } });
      assert.deepEqual(row.json_text, { k: 1 });
      assert.deepEqual(row.text_array, ['a', 'b,c', '"q"', 'back\\slash', null, '', 'NULL']);
      assert.deepEqual(row.int4_array, [1, 2, 3]);
      assert.deepEqual(row.int8_array, ['9007199254740993', '1']);
      assert.deepEqual(row.bytea_array, [Buffer.from([1, 2]), null]);
      assert.deepEqual(row.timestamptz_array, [when, null]);
      assert.equal(row.count, '1', 'count(*) is int8: a string');
      assert.equal(row.numeric_literal, '1.5');
      assert.deepEqual(row.numeric_array, [1.5, 2], 'numeric[] is parsed as numbers (as node-postgres does)');
      assert.deepEqual(row.date, new Date(2024, 1, 29), 'date: local midnight');
      assert.deepEqual({ ...(row.interval as object) }, { days: 1, hours: 2, minutes: 3, seconds: 4 });
      assert.deepEqual(row.point, { x: 1, y: 2 });
      assert.equal(row.uuid, '00000000-0000-0000-0000-00000000002a');
      assert.equal(row.geometry, '0101000020E6100000000000000000F03F0000000000000040', 'geometry: hex EWKB text');
      assert.deepEqual(row.json_built, { a: 1, b: [1, 2] });
      seen.types = row;
    });

    test('binds arrays as tilery does: unnest($1::text[]), = ANY ($1::text[])', async () => {
      const names = ['a', 'b "quoted"', 'c,d', 'é'];
      const { rows } = await engine.query<{ t: string; n: number }>('SELECT t, ordinality::int AS n FROM unnest($1::text[]) WITH ORDINALITY AS t', [names]);
      assert.deepEqual(
        rows.map((r) => r.t),
        names,
      );
      const { rows: any } = await engine.query<{ hit: boolean }>('SELECT $1 = ANY ($2::text[]) AS hit', ['c,d', names]);
      assert.equal(any[0].hit, true);
      const { rows: empty } = await engine.query<{ n: number }>('SELECT cardinality($1::text[]) AS n', [[]]);
      assert.equal(empty[0].n, 0);
    });

    test('a value PostgreSQL cannot read is its error: 22P02', async () => {
      await assert.rejects(engine.query('SELECT $1::int4', ['abc']), (err: { code?: string }) => err.code === '22P02');
      await assert.rejects(engine.query('SELECT $1::bool', ['ture']), (err: { code?: string }) => err.code === '22P02');
    });

    test('runs SQL of several statements without values, dollar quotes included, and tilery’s own scripts', async () => {
      await engine.query(`
        CREATE TABLE engine_script (id integer PRIMARY KEY, label text);
        INSERT INTO engine_script VALUES (1, 'one; still one');
        -- a comment; with a semicolon
        CREATE FUNCTION engine_twice(n integer) RETURNS integer LANGUAGE plpgsql AS $$
        BEGIN
          n := n * 2;
          RETURN n;
        END
        $$;
        INSERT INTO engine_script VALUES (2, engine_twice(21)::text);`);
      const { rows } = await engine.query<{ id: number; label: string }>('SELECT id, label FROM engine_script ORDER BY id');
      assert.deepEqual(rows, [
        { id: 1, label: 'one; still one' },
        { id: 2, label: '42' },
      ]);
      // tables.sql and triggers.sql, twice: they are idempotent
      for (let i = 0; i < 2; i++) await installTriggers(engine, []);
      const { rows: made } = await engine.query<{ changes: string | null; fn: string | null }>(
        "SELECT to_regclass('tilery.changes')::text AS changes, to_regprocedure('tilery.record_change()')::text AS fn",
      );
      assert.deepEqual(made[0], { changes: 'tilery.changes', fn: 'tilery.record_change()' });
    });

    test('errors keep their SQLSTATE and message', async () => {
      const check = async (label: string, run: Promise<unknown>, code: string, message: RegExp) => {
        const err = await run.then(
          () => assert.fail(`${label}: no error`),
          (e: unknown) => e as { code?: string; message: string },
        );
        assert.ok(!(err instanceof TileryError), `${label}: the driver's error, not a TileryError`);
        assert.equal(err.code, code, `${label}: ${err.message}`);
        assert.match(err.message, message);
        seen.errors[label] = `${err.code} ${err.message}`;
      };
      await check('syntax', engine.query('SELEKT 1'), '42601', /syntax error at or near "SELEKT"/);
      await check('syntax with values', engine.query('SELEKT $1', [1]), '42601', /syntax error/);
      await check('undefined table', engine.query('SELECT * FROM engine_missing'), '42P01', /relation "engine_missing" does not exist/);
      await check('undefined table with values', engine.query('SELECT * FROM engine_missing WHERE $1', [true]), '42P01', /does not exist/);
      await engine.query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [1, 'one']);
      await check('unique violation', engine.query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [1, 'again']), '23505', /duplicate key value violates unique constraint/);
    });

    test('a transaction commits when its work resolves and passes on the result', async () => {
      const result = await engine.transaction(async (query) => {
        await query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [10, 'ten']);
        await query(`INSERT INTO ${TABLE} VALUES (11, 'eleven')`);
        const { rows } = await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE} WHERE id IN (10, 11)`);
        return rows[0].n;
      });
      assert.equal(result, 2, 'the work sees its own writes');
      const { rows } = await engine.query<{ id: number }>(`SELECT id FROM ${TABLE} WHERE id IN (10, 11) ORDER BY id`);
      assert.deepEqual(rows, [{ id: 10 }, { id: 11 }]);
    });

    test('a transaction rolls back when its work throws, or a statement fails, and rejects with that error', async () => {
      const boom = new Error('boom');
      await assert.rejects(
        engine.transaction(async (query) => {
          await query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [20, 'twenty']);
          throw boom;
        }),
        (err) => err === boom,
      );
      await assert.rejects(
        engine.transaction(async (query) => {
          await query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [21, 'twenty-one']);
          await query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [21, 'again']);
        }),
        (err: { code?: string }) => err.code === '23505',
      );
      const { rows } = await engine.query(`SELECT id FROM ${TABLE} WHERE id IN (20, 21)`);
      assert.deepEqual(rows, []);
      // the engine goes on
      assert.equal(await engine.transaction(async (query) => (await query<{ one: number }>('SELECT 1 AS one')).rows[0].one), 1);
    });

    test("queries while a transaction is open neither see its uncommitted writes nor get lost", async () => {
      let inserted!: () => void;
      const hasInserted = new Promise<void>((r) => (inserted = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const undo = new Error('undo');
      const tx = engine.transaction(async (query) => {
        await query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [30, 'uncommitted']);
        inserted();
        await released;
        throw undo;
      });
      await hasInserted;
      // PostgreSQL answers these on other connections at once; the embedded database after the
      // transaction: either way they must not see row 30, and their own write must stay
      const read = engine.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE} WHERE id = 30`);
      const write = engine.query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [31, 'outside']);
      await new Promise((r) => setTimeout(r, 50));
      release();
      await assert.rejects(tx, (err) => err === undo);
      assert.equal((await read).rows[0].n, 0);
      await write;
      const { rows } = await engine.query<{ id: number }>(`SELECT id FROM ${TABLE} WHERE id IN (30, 31)`);
      assert.deepEqual(rows, [{ id: 31 }]);
    });

    test('concurrent transactions and queries all land', async () => {
      const ids = Array.from({ length: 12 }, (_, i) => 100 + i);
      await Promise.all(
        ids.map((id) =>
          id % 3 === 0
            ? engine.query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [id, 'plain'])
            : engine.transaction(async (query) => {
                await query(`INSERT INTO ${TABLE} VALUES ($1, $2)`, [id, 'tx']);
                await query(`UPDATE ${TABLE} SET label = label || '!' WHERE id = $1`, [id]);
              }),
        ),
      );
      const { rows } = await engine.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE} WHERE id >= 100 AND id < 112`);
      assert.equal(rows[0].n, ids.length);
    });

    test('listen/notify: delivered to this process, after commit, never after rollback', async () => {
      const got: string[] = [];
      const other: string[] = [];
      const listener = await engine.listen(CHANNEL, (payload) => got.push(payload));
      const otherListener = await engine.listen(`${CHANNEL} other`, (payload) => other.push(payload));
      try {
        await engine.notify(CHANNEL, 'plain ✓');
        await engine.transaction(async (query) => {
          await query('SELECT pg_notify($1, $2)', [CHANNEL, 'committed']);
        });
        await engine
          .transaction(async (query) => {
            await query('SELECT pg_notify($1, $2)', [CHANNEL, 'rolled back']);
            throw new Error('undo');
          })
          .catch(() => {});
        await engine.notify(CHANNEL, 'last');
        await waitFor(() => got.includes('last'));
        assert.deepEqual(got, ['plain ✓', 'committed', 'last']);
        assert.deepEqual(other, []);
      } finally {
        await listener.close();
        await otherListener.close();
      }
    });

    test('a closed listener hears nothing more; the channel can be listened to again', async () => {
      const closedOne: string[] = [];
      const open: string[] = [];
      const first = await engine.listen(CHANNEL, (payload) => closedOne.push(payload));
      const second = await engine.listen(CHANNEL, (payload) => open.push(payload));
      await first.close();
      await first.close();
      await engine.notify(CHANNEL, 'after the first closed');
      await waitFor(() => open.includes('after the first closed'));
      assert.deepEqual(closedOne, []);
      await second.close();
      await engine.notify(CHANNEL, 'nobody listens');
      const again: string[] = [];
      const third = await engine.listen(CHANNEL, (payload) => again.push(payload));
      try {
        await engine.notify(CHANNEL, 'listening again');
        await waitFor(() => again.includes('listening again'));
        assert.deepEqual(open, ['after the first closed']);
        assert.deepEqual(again, ['listening again']);
      } finally {
        await third.close();
      }
    });

    test('a statement runs as another role when asked, and the connection keeps its own', async () => {
      const role = `engine_contract_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const { rows: before } = await engine.query<{ u: string }>('SELECT current_user::text AS u');
      await engine.query(`CREATE ROLE ${quoteIdent(role)} NOLOGIN`);
      try {
        await engine.query(`GRANT SELECT ON ${TABLE} TO ${quoteIdent(role)}`);
        const { rows } = await engine.query<{ u: string }>('SELECT current_user::text AS u', [], { role });
        assert.deepEqual(rows, [{ u: role }]);
        // as prepared statements too, and concurrently with statements as the engine's own role
        const both = await Promise.all([
          engine.query<{ u: string }>('SELECT current_user::text AS u, $1::int AS n', [1], { role, prepare: true }),
          engine.query<{ u: string }>('SELECT current_user::text AS u, $1::int AS n', [2], { prepare: true }),
        ]);
        assert.deepEqual(both.map((r) => r.rows[0].u), [role, before[0].u]);
        const { rows: after } = await engine.query<{ u: string }>('SELECT current_user::text AS u');
        assert.deepEqual(after, before);
        const err = await engine.query('SELECT 1', [], { role: `${role}_missing` }).then(
          () => null,
          (e: unknown) => e,
        );
        assert.ok(err instanceof TileryError && err.code === 'role_not_allowed', String(err));
      } finally {
        await engine.query(`REVOKE ALL ON ${TABLE} FROM ${quoteIdent(role)}`);
        await engine.query(`DROP ROLE ${quoteIdent(role)}`);
      }
    });

    test('ping', async () => {
      assert.equal(await engine.ping(), true);
    });

    test(`capabilities: asMvt is ${expected.asMvt}, as found by trying ST_AsMVT`, async () => {
      await engine.query('SELECT 1');
      assert.equal(engine.capabilities.asMvt, expected.asMvt);
    });

    test('PostGIS: ST_Transform from 4326 to 3857 and 3035', async () => {
      const [lon, lat] = [10.5, 51.25];
      const { rows } = await engine.query<Record<string, number>>(
        `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326) AS g)
         SELECT ST_X(ST_Transform(g, 3857)) AS x3857, ST_Y(ST_Transform(g, 3857)) AS y3857,
                ST_X(ST_Transform(g, 3035)) AS x3035, ST_Y(ST_Transform(g, 3035)) AS y3035 FROM p`,
        [lon, lat],
      );
      const r = 6378137;
      assert.ok(Math.abs(rows[0].x3857 - (r * lon * Math.PI) / 180) < 1e-6);
      assert.ok(Math.abs(rows[0].y3857 - r * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) < 1e-6);
      // LAEA Europe: east and north of its false origin (4321000, 3210000) at 10°E 52°N
      assert.ok(Math.abs(rows[0].x3035 - 4321000 - 34_960) < 2000, `x3035 ${rows[0].x3035}`);
      assert.ok(rows[0].y3035 < 3210000 && rows[0].y3035 > 3210000 - 100_000, `y3035 ${rows[0].y3035}`);
      seen.transforms = rows[0];
    });

    test('close waits for a statement under way', async () => {
      const pending = engine.query<{ one: number }>('SELECT 1 AS one FROM pg_sleep(0.3)');
      await new Promise((r) => setTimeout(r, 100));
      await engine.close();
      closed = true;
      assert.equal((await pending).rows[0].one, 1);
    });
  });
}

engineContract(
  'pg',
  async () => {
    const db = await createTestDatabase('engine');
    const engine = createPgEngine({ url: db.adminUrl, statementTimeoutMs: 10_000, poolSize: 4, connectTimeoutMs: 5000 });
    return { engine, dispose: () => db.drop() };
  },
  { asMvt: true },
);

engineContract('pglite', async () => ({ engine: await createPgliteEngine({}), dispose: async () => {} }), { asMvt: false });

describe('both engines answer alike', () => {
  test('the same JS values and types, the same errors, the same coordinates within 1e-6', () => {
    const pg = answers.get('pg');
    const pglite = answers.get('pglite');
    assert.ok(pg && pglite);
    assert.deepStrictEqual(pglite.types, pg.types);
    for (const key of Object.keys(pg.types)) {
      const kind = (v: unknown) => (v === null ? 'null' : typeof v === 'object' ? (v as object).constructor.name : typeof v);
      assert.equal(kind(pglite.types[key]), kind(pg.types[key]), key);
    }
    assert.deepEqual(pglite.errors, pg.errors);
    assert.deepEqual(Object.keys(pglite.transforms).sort(), ['x3035', 'x3857', 'y3035', 'y3857']);
    for (const [key, value] of Object.entries(pg.transforms)) {
      assert.ok(Math.abs(pglite.transforms[key] - value) < 1e-6, `${key}: ${pglite.transforms[key]} vs ${value}`);
    }
  });
});

describe('embedded engine: on a data directory, and what only it needs', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tilery-pglite-'));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the first start initialises the directory and PostGIS; the second is fast and finds the data', async () => {
    const dataDir = join(dir, 'nested', 'pgdata');
    const first: string[] = [];
    let startedAt = Date.now();
    const a = await createPgliteEngine({ dataDir, progress: (m) => first.push(m) });
    const firstMs = Date.now() - startedAt;
    try {
      await a.query(`CREATE TABLE kept (id integer PRIMARY KEY, geom geometry(Point, 3035));
        INSERT INTO kept VALUES (1, ST_Transform('SRID=4326;POINT(10 52)'::geometry, 3035))`);
    } finally {
      await a.close();
    }
    assert.equal(first.length, 3, first.join('\n'));
    assert.match(first[0], /^embedded database: initialising .*pgdata \(first start, ~10 s\)…$/);
    assert.match(first[1], /PostGIS/);
    assert.match(first[2], /^embedded database: ready in \d+ s$/);

    const second: string[] = [];
    startedAt = Date.now();
    const b = await createPgliteEngine({ dataDir, progress: (m) => second.push(m) });
    const secondMs = Date.now() - startedAt;
    try {
      const { rows } = await b.query<{ id: number; x: number; y: number }>('SELECT id, round(ST_X(geom)::numeric, 3)::float8 AS x, round(ST_Y(geom)::numeric, 3)::float8 AS y FROM kept');
      assert.deepEqual(rows, [{ id: 1, x: 4321000, y: 3210000 }]);
      assert.equal(b.capabilities.asMvt, false);
    } finally {
      await b.close();
    }
    assert.deepEqual(second, [], 'nothing to report on a later start');
    assert.ok(secondMs < firstMs / 2, `second start ${secondMs} ms, first ${firstMs} ms`);
  });

  test('one process at a time: a directory another live process holds is refused; a dead one’s lock is taken over', async () => {
    const dataDir = join(dir, 'nested', 'pgdata');
    const lock = join(dataDir, 'tilery.lock');
    // a live process holds it (the test runner that started this one)
    await writeFile(lock, String(process.ppid));
    await assert.rejects(createPgliteEngine({ dataDir }), new RegExp(`in use by process ${process.ppid}`));
    // a process that has ended held it
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(lock, gone);
    const engine = await createPgliteEngine({ dataDir });
    assert.equal(await readFile(lock, 'utf8'), String(process.pid));
    await engine.close();
    assert.equal(existsSync(lock), false, 'the lock goes with the engine');
  });

  test('the engine’s own methods inside a transaction’s work reject instead of waiting forever', async () => {
    const engine = await createPgliteEngine({ dataDir: join(dir, 'nested', 'pgdata') });
    try {
      const inside = await engine.transaction(async (query) => {
        const outcomes = await Promise.all([
          engine.query('SELECT 1').then(() => 'ran', (err: Error) => err.message),
          engine.transaction(async () => 1).then(() => 'ran', (err: Error) => err.message),
          engine.notify('x', 'y').then(() => 'ran', (err: Error) => err.message),
        ]);
        await query('SELECT 1');
        return outcomes;
      });
      for (const outcome of inside) assert.match(outcome, /inside a transaction's work would wait for that transaction forever/);
      // after the work, the same calls run
      assert.equal(await engine.ping(), true);
    } finally {
      await engine.close();
    }
  });

  test('close waits for queued work and is idempotent; afterwards the database is unavailable (503)', async () => {
    const engine = await createPgliteEngine({ dataDir: join(dir, 'nested', 'pgdata') });
    const listener = await engine.listen(CHANNEL, () => {});
    const queued = [
      engine.query<{ n: number }>('SELECT 1 AS n').then(({ rows }) => rows[0].n),
      engine.transaction(async (query) => (await query<{ n: number }>('SELECT 2 AS n FROM pg_sleep(0.1)')).rows[0].n),
      engine.query<{ n: number }>('SELECT $1::int AS n', [3]).then(({ rows }) => rows[0].n),
    ];
    await Promise.all([engine.close(), engine.close()]);
    assert.deepEqual(await Promise.all(queued), [1, 2, 3]);
    await engine.close();
    await listener.close();
    await assert.rejects(engine.query('SELECT 1'), (err) => err instanceof TileryError && err.code === 'database_unavailable' && err.status === 503);
    assert.equal(await engine.ping(), false);
  });
});
