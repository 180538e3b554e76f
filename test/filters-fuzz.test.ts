import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Cql2SyntaxError, parseCql2Json, parseCql2Text } from '../src/cql2/index.ts';
import pino from 'pino';
import type { TestDatabase } from './harness/db.ts';
import type { Tilery } from '../src/index.ts';
import { createWorldDatabase, get, startTilery, useWorld } from './helpers/tilery.ts';
import { rng } from './helpers/rng.ts';
import { typedFilters, typedTableSql } from './helpers/typed-filters.ts';

const pick = <T,>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)];

/** Pieces of cql2-text, valid and not: keywords, operators, properties (real and not), literals, injections. */
const TOKENS = [
  'AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'DIV', 'CASEI', 'ACCENTI',
  '=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '^', '(', ')', ',', '(', ')',
  'rank', 'name', 'score', 'id', 'geom', 'nope', '"name"', '"ra""nk"', 'pg_sleep', 'current_user',
  '1', '0', '-1', '2.5', '1e308', '-0', '99999999999999999999', "'x'", "'place 1%'", "'a''b'", "'\\'", "''",
  "DATE('2020-01-01')", "TIMESTAMP('2020-01-01T00:00:00Z')", "DATE('2020-13-45')", "INTERVAL('..', '2020-01-01')",
  'POINT(1 2)', 'POLYGON((0 0, 1 0, 1 1, 0 0))', 'BBOX(0, 0, 1, 1)', 'LINESTRING(0 0)', 'S_INTERSECTS', 'T_AFTER', 'A_CONTAINS',
  "'; DROP TABLE public.places; --", '); DELETE FROM public.places; --', "' OR '1'='1", '/*', '*/', '--', ';', '$1', '\\', '"',
  'ÿ', '🙂', '\u0000', ' ',
];

/** Templates that parse, with holes filled at random: they reach the database. */
const TEMPLATES = [
  (r: () => number) => `rank ${pick(r, ['=', '<>', '<', '<=', '>', '>='])} ${pick(r, ['1', '-5', '2.5', '1e300', 'score', 'rank * 2', 'rank ^ 0.5', '(-1) ^ 0.5', 'rank / 0', 'rank % 0', 'rank div 0'])}`,
  (r: () => number) => `name ${pick(r, ['LIKE', 'NOT LIKE'])} '${pick(r, ['%', 'place_1', '\\', 'a\\', '%\\%', "'' OR 1=1 --", '[a-z]'])}'`,
  (r: () => number) => `score BETWEEN ${pick(r, ['1', '1e308 * 10', '-1'])} AND ${pick(r, ['2', 'rank', '1e308'])}`,
  (r: () => number) => `rank IN (${Array.from({ length: 1 + Math.floor(r() * 5) }, () => pick(r, ['1', '2', '3.5', '-4'])).join(', ')})`,
  (r: () => number) => `S_${pick(r, ['INTERSECTS', 'WITHIN', 'CONTAINS', 'DISJOINT', 'TOUCHES', 'CROSSES', 'OVERLAPS', 'EQUALS'])}(geom, ${pick(r, [
    'POINT(0 0)', 'BBOX(-10, -10, 10, 10)', 'POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))', 'LINESTRING(0 0, 1e10 1e10)',
    'POLYGON((0 0, 10 0, 0 10, 10 10, 0 0))', 'BBOX(10, 10, -10, -10)', 'POINT(1e308 1e308)', 'MULTIPOINT((0 0), (1 1))',
  ])})`,
  (r: () => number) => `CASEI(name) = CASEI('${pick(r, ['PLACE 1', 'Ä', '\u00df', ''])}') ${pick(r, ['AND', 'OR'])} ACCENTI(name) <> ACCENTI('é')`,
  (r: () => number) => `"${pick(r, ['rank', 'name', 'no"pe', 'geom'])}" IS ${pick(r, ['', 'NOT '])}NULL`,
];

function randomText(r: () => number): string {
  if (r() < 0.5) return pick(r, TEMPLATES)(r);
  return Array.from({ length: 1 + Math.floor(r() * 12) }, () => pick(r, TOKENS)).join(r() < 0.8 ? ' ' : '');
}

function randomJson(r: () => number, depth = 0): unknown {
  const x = r();
  if (depth > 4 || x < 0.25) {
    return pick(r, [1, -2.5, 'x', true, null, { property: pick(r, ['rank', 'name', 'nope', 'geom']) }, { date: '2020-01-01' }, { date: 'soon' }, { bbox: [0, 0, 1] }, { type: 'Point', coordinates: [1] }, [1, 2], {}]);
  }
  return {
    op: pick(r, ['and', 'or', 'not', '=', '<', 'like', 'between', 'in', 'isNull', 'casei', '+', '^', 's_intersects', 't_after', 'a_contains', 'drop', '']),
    args: Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth + 1)),
  };
}

describe('malformed and hostile filters', () => {
  const world = useWorld();

  test('the parsers only ever throw Cql2SyntaxError (20,000 generated inputs)', () => {
    const r = rng(Number(process.env.TILERY_FUZZ_SEED ?? 20261122));
    for (let i = 0; i < 10_000; i++) {
      const text = randomText(r);
      try {
        parseCql2Text(text);
      } catch (err) {
        assert.ok(err instanceof Cql2SyntaxError, `text #${i} ${JSON.stringify(text)}: ${err}`);
        assert.ok(Number.isInteger(err.position) && err.position >= 0 && err.position <= text.length, `position of #${i}`);
      }
      const json = randomJson(r);
      try {
        parseCql2Json(json);
      } catch (err) {
        assert.ok(err instanceof Cql2SyntaxError, `json #${i} ${JSON.stringify(json)}: ${err}`);
      }
    }
  });

  test('through HTTP: 2,000 generated filters answer 200, 204 or 400, never a 500, and change nothing', { timeout: 300_000 }, async () => {
    const before = await world.db.query(
      `SELECT (SELECT count(*) FROM public.places)::int AS places, (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)::int AS relations`,
    );
    const r = rng(Number(process.env.TILERY_FUZZ_SEED ?? 7));
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const json = r() < 0.3;
      const filter = json ? JSON.stringify(randomJson(r)) : randomText(r);
      const url = `/tiles/public/tiles/1/${Math.floor(r() * 2)}/${Math.floor(r() * 2)}.mvt?collections=places&filter-lang=${json ? 'cql2-json' : 'cql2-text'}&filter=${encodeURIComponent(filter)}`;
      const res = await get(world.tilery, url);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      assert.ok([200, 204, 400].includes(res.status), `#${i} ${filter} → ${res.status} ${res.body.toString().slice(0, 300)}`);
      if (res.status === 400) assert.ok(['filter', 'filter-lang'].includes(res.json().parameter), `#${i}: names the parameter`);
    }
    // the generator reaches the database often, and is refused often
    assert.ok((statuses.get(200) ?? 0) + (statuses.get(204) ?? 0) > 300, JSON.stringify([...statuses]));
    assert.ok((statuses.get(400) ?? 0) > 300, JSON.stringify([...statuses]));
    const after = await world.db.query(
      `SELECT (SELECT count(*) FROM public.places)::int AS places, (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)::int AS relations`,
    );
    assert.deepEqual(after, before);
  });
});

describe('filters over a column of every type', () => {
  let db: TestDatabase;
  let tilery: Tilery;
  /** What tilery logs at error level or above: a 500's stack trace would be there. */
  const errors: string[] = [];

  before(async () => {
    db = await createWorldDatabase();
    for (const sql of typedTableSql(db.readerRole)) await db.query(sql);
    const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
    // no L2: the filters are what is under test, and each is asked once
    tilery = await startTilery(db, { cache: { storage_priority: [] } }, { logger });
  });
  after(async () => {
    await tilery?.close();
    await db?.drop();
  });

  const count = Number(process.env.TILERY_FUZZ_COUNT ?? 20_000);
  const seed = Number(process.env.TILERY_FUZZ_SEED ?? 20261208);
  test(`${count} generated filters, cql2-text and cql2-json, every operator on every type: a tile or a 400 naming the filter, never a 5xx`, { timeout: 3_600_000 }, async () => {
    const statuses = new Map<number, number>();
    const started = performance.now();
    let i = 0;
    for (const { lang, filter } of typedFilters(seed, count)) {
      const res = await tilery.app.inject({ url: `/public.typed/0/0/0.pbf?filter-lang=${lang}&filter=${encodeURIComponent(filter)}` });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      assert.ok([200, 204, 400].includes(res.statusCode), `#${i} (seed ${seed}) ${lang} ${filter} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (res.statusCode === 400) assert.equal(res.json().parameter, 'filter', `#${i} ${filter}: ${res.body}`);
      i++;
    }
    const seconds = (performance.now() - started) / 1000;
    // the figures the README reports for the long run (npm run fuzz)
    console.log(`typed filter fuzz: ${count} filters in ${seconds.toFixed(0)} s (seed ${seed}): ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.deepEqual(errors, [], 'nothing logged at error level');
    // not vacuous: many reach the database and select rows, many are refused
    assert.ok((statuses.get(200) ?? 0) > count / 20, JSON.stringify([...statuses]));
    assert.ok((statuses.get(400) ?? 0) > count / 10, JSON.stringify([...statuses]));
  });
});
