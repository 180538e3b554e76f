// Every CQL2 temporal function on date, timestamp and timestamptz columns, instants and
// intervals (closed, open at either end), against the relations computed here in JavaScript
// from CQL2's definitions (Allen's interval algebra; dates and timestamps without zone as UTC).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tilery } from '../src/index.ts';
import type { TestDatabase } from './harness/db.ts';
import { createWorldDatabase, get, startTilery } from './helpers/tilery.ts';

type Span = readonly [number, number];

/** CQL2's temporal relations of a (the data) and b (the literal), as start/end pairs. */
const RELATIONS: Record<string, (a: Span, b: Span) => boolean> = {
  T_AFTER: ([as], [, be]) => as > be,
  T_BEFORE: ([, ae], [bs]) => ae < bs,
  T_CONTAINS: ([as, ae], [bs, be]) => as < bs && ae > be,
  T_DISJOINT: ([as, ae], [bs, be]) => ae < bs || as > be,
  T_DURING: ([as, ae], [bs, be]) => as > bs && ae < be,
  T_EQUALS: ([as, ae], [bs, be]) => as === bs && ae === be,
  T_FINISHEDBY: ([as, ae], [bs, be]) => as < bs && ae === be,
  T_FINISHES: ([as, ae], [bs, be]) => as > bs && ae === be,
  T_INTERSECTS: ([as, ae], [bs, be]) => as <= be && ae >= bs,
  T_MEETS: ([, ae], [bs]) => ae === bs,
  T_METBY: ([as], [, be]) => as === be,
  T_OVERLAPPEDBY: ([as, ae], [bs, be]) => as > bs && as < be && ae > be,
  T_OVERLAPS: ([as, ae], [bs, be]) => as < bs && ae > bs && ae < be,
  T_STARTEDBY: ([as, ae], [bs, be]) => as === bs && ae > be,
  T_STARTS: ([as, ae], [bs, be]) => as === bs && ae < be,
};

/** Literals: their CQL2 text and their span. */
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const LITERALS: Array<[string, Span]> = [
  ["DATE('2020-01-05')", [day('2020-01-05'), day('2020-01-05')]],
  ["TIMESTAMP('2020-01-05T12:00:00Z')", [Date.parse('2020-01-05T12:00:00Z'), Date.parse('2020-01-05T12:00:00Z')]],
  ["INTERVAL('2020-01-03', '2020-01-08')", [day('2020-01-03'), day('2020-01-08')]],
  ["INTERVAL('2020-01-03T06:00:00Z', '2020-01-08T18:00:00Z')", [Date.parse('2020-01-03T06:00:00Z'), Date.parse('2020-01-08T18:00:00Z')]],
  ["INTERVAL('..', '2020-01-06')", [-Infinity, day('2020-01-06')]],
  ["INTERVAL('2020-01-06', '..')", [day('2020-01-06'), Infinity]],
  ["INTERVAL('..', '..')", [-Infinity, Infinity]],
];

interface Row {
  id: number;
  d: string | null;
  ts: string | null;
  tz: string | null;
  d2: string | null;
}

describe('temporal functions against their definitions', () => {
  let db: TestDatabase;
  let tilery: Tilery;
  let rows: Row[];

  before(async () => {
    db = await createWorldDatabase();
    await db.query(`CREATE TABLE public.moments (id integer PRIMARY KEY, d date, ts timestamp, tz timestamptz, d2 date, geom geometry(Point, 4326))`);
    // days 1-10 of January 2020, at midnight and at noon, intervals of 0-4 days, and a NULL row
    await db.query(`INSERT INTO public.moments
      SELECT i, DATE '2020-01-01' + (i / 2), TIMESTAMP '2020-01-01' + (i / 2) * INTERVAL '1 day' + (i % 2) * INTERVAL '12 hours',
             TIMESTAMPTZ '2020-01-01T00:00:00Z' + (i / 2) * INTERVAL '1 day' + (i % 2) * INTERVAL '12 hours',
             DATE '2020-01-01' + (i / 2) + (i % 5), ST_SetSRID(ST_MakePoint(i, i), 4326)
      FROM generate_series(0, 19) AS i`);
    await db.query(`INSERT INTO public.moments (id, geom) VALUES (99, ST_SetSRID(ST_MakePoint(1, 1), 4326))`);
    await db.query(`GRANT SELECT ON public.moments TO "${db.readerRole}"`);
    tilery = await startTilery(db);
    rows = await db.query<Row>(`SELECT id, d::text AS d, to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ts,
      to_char(tz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS tz, d2::text AS d2 FROM public.moments`);
  });
  after(async () => {
    await tilery?.close();
    await db?.drop();
  });

  /** The data side: a column as an instant, or the interval of d and d2. */
  const SUBJECTS: Array<[string, (r: Row) => Span | null]> = [
    ['d', (r) => (r.d === null ? null : [day(r.d), day(r.d)])],
    ['ts', (r) => (r.ts === null ? null : [Date.parse(r.ts), Date.parse(r.ts)])],
    ['tz', (r) => (r.tz === null ? null : [Date.parse(r.tz), Date.parse(r.tz)])],
    ['INTERVAL(d, d2)', (r) => (r.d === null || r.d2 === null ? null : [day(r.d), day(r.d2)])],
  ];

  for (const [op, relation] of Object.entries(RELATIONS)) {
    test(`${op} on date, timestamp, timestamptz and an interval of columns, with instants and closed or open intervals`, async () => {
      let selected = 0;
      for (const [subject, spanOf] of SUBJECTS) {
        for (const [literal, span] of LITERALS) {
          const expected = rows.filter((r) => {
            const s = spanOf(r);
            return s !== null && relation(s, span);
          }).map((r) => r.id).sort((a, b) => a - b);
          const filter = `${op}(${subject}, ${literal})`;
          const res = await get(tilery, `/public.moments/0/0/0.pbf?filter=${encodeURIComponent(filter)}`);
          assert.equal(res.status, expected.length === 0 ? 204 : 200, `${filter}: ${res.body.toString()}`);
          const got = (res.layers['public.moments']?.features ?? []).map((f) => Number(f.id)).sort((a, b) => a - b);
          assert.deepEqual(got, expected, filter);
          selected += expected.length;
        }
      }
      if (!['T_EQUALS', 'T_FINISHES', 'T_FINISHEDBY', 'T_STARTEDBY', 'T_STARTS', 'T_MEETS', 'T_METBY'].includes(op)) assert.ok(selected > 0, `${op} selects something somewhere`);
    });
  }
});
