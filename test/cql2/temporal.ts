/**
 * Cases of the conformance class temporal-functions: Allen's relations between instants and
 * intervals. A date column, or a date literal, is compared as the instant its day starts in UTC.
 */
import { type Case, D, date, dateAt, dateColumn, I, inClass, interval, O, op, OPEN, P, prop, timestamp, timestampColumn, TS } from './case.ts';

/**
 * A relation's SQL written with placeholders, made SQL for one kind of column: `C` for the one
 * column of an instant, `S` and `E` for the start and end columns of an interval, `$n` for the
 * literal's bound ends.
 */
function relationSql(relation: string, kind: 'timestamptz' | 'date', columns: Record<string, string>): string {
  const column = (name: string) => (kind === 'date' ? dateColumn(name) : `t."${name}"`);
  const sql = relation.replace(/\b[CSE]\b/g, (placeholder) => column(columns[placeholder])).replace(/\$(\d)/g, (_, n) => (kind === 'date' ? dateAt(Number(n)) : `$${n}::timestamptz`));
  return `(${sql})`;
}

/**
 * The literals of the ATS temporal tests, for timestamp queryables and for date queryables: an
 * instant, an interval, and the columns they are compared with (one, or a start and an end).
 */
const ATS_LITERALS = [
  { kind: 'timestamptz', keyword: 'TIMESTAMP', instant: '2022-04-24T07:59:57Z', start: '2021-01-01T00:00:00Z', end: '2021-12-31T23:59:59Z', column: 'updated', interval: ['start', 'end'] },
  { kind: 'date', keyword: 'DATE', instant: '2022-04-24', start: '2021-01-01', end: '2021-12-31', column: 'built', interval: ['first_day', 'last_day'] },
] as const;

export const temporalFunctions = inClass('temporal-functions', [
  {
    source: 'clause7_12', text: "T_INTERSECTS(event_time, INTERVAL('1969-07-16T05:32:00Z', '1969-07-24T16:50:35Z'))",
    json: O('t_intersects', P('event_time'), I('1969-07-16T05:32:00Z', '1969-07-24T16:50:35Z')),
    ast: op('t_intersects', prop('event_time'), interval(timestamp('1969-07-16T05:32:00Z'), timestamp('1969-07-24T16:50:35Z'))),
    sql: '(t."event_time" <= $1::timestamptz AND t."event_time" >= $2::timestamptz)', values: ['1969-07-24T16:50:35Z', '1969-07-16T05:32:00Z'],
  },
  {
    source: 'clause7_13', text: "T_DURING(INTERVAL(touchdown, liftOff), INTERVAL('1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z'))",
    json: O('t_during', I(P('touchdown'), P('liftOff')), I('1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z')),
    ast: op('t_during', interval(prop('touchdown'), prop('liftOff')), interval(timestamp('1969-07-16T13:32:00Z'), timestamp('1969-07-24T16:50:35Z'))),
    sql: `(${timestampColumn('touchdown')} > $1::timestamptz AND ${timestampColumn('liftOff')} < $2::timestamptz)`, values: ['1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z'],
  },
  {
    source: 'clause7_17', text: "T_DURING(INTERVAL('1969-07-20T20:17:40Z', '1969-07-21T17:54:00Z'), INTERVAL('1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z'))",
    json: O('t_during', I('1969-07-20T20:17:40Z', '1969-07-21T17:54:00Z'), I('1969-07-16T13:32:00Z', '1969-07-24T16:50:35Z')),
    sql: '($1::timestamptz > $2::timestamptz AND $3::timestamptz < $4::timestamptz)',
    values: ['1969-07-20T20:17:40Z', '1969-07-16T13:32:00Z', '1969-07-21T17:54:00Z', '1969-07-24T16:50:35Z'],
  },
  {
    source: 'example20', text: "T_BEFORE(built, DATE('2015-01-01'))",
    json: O('t_before', P('built'), D('2015-01-01')),
    ast: op('t_before', prop('built'), date('2015-01-01')),
    sql: `(${dateColumn('built')} < ${dateAt(1)})`, values: ['2015-01-01'],
  },
  {
    source: 'example21', text: "T_AFTER(built,DATE('2012-06-05'))",
    json: O('t_after', P('built'), D('2012-06-05')),
    sql: `(${dateColumn('built')} > ${dateAt(1)})`, values: ['2012-06-05'],
  },
  {
    source: 'example22', text: "T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z'))",
    json: O('t_during', I(P('starts_at'), P('ends_at')), I('2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z')),
    sql: '(t."starts_at" > $1::timestamptz AND t."ends_at" < $2::timestamptz)', values: ['2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z'],
  },
  {
    source: 'example53', text: `T_AFTER("updated_at", DATE('2010-02-10'))`,
    json: O('t_after', P('updated_at'), D('2010-02-10')),
    sql: `(${timestampColumn('updated_at')} > ${dateAt(1)})`, values: ['2010-02-10'],
  },
  {
    source: 'example54-alt01', text: "T_BEFORE(updated_at, TIMESTAMP('2012-08-10T05:30:00Z'))",
    json: O('t_before', P('updated_at'), TS('2012-08-10T05:30:00Z')),
    ast: op('t_before', prop('updated_at'), timestamp('2012-08-10T05:30:00Z')),
    sql: `(${timestampColumn('updated_at')} < $1::timestamptz)`, values: ['2012-08-10T05:30:00Z'],
  },
  {
    // example54.txt writes '2012-08-10T05:30:00.000000Z'; the published JSON has '…00Z' (adapted: JSON as the text)
    source: 'example54 (adapted)', text: `T_BEFORE("updated_at", TIMESTAMP('2012-08-10T05:30:00.000000Z'))`,
    json: O('t_before', P('updated_at'), TS('2012-08-10T05:30:00.000000Z')),
    sql: `(${timestampColumn('updated_at')} < $1::timestamptz)`, values: ['2012-08-10T05:30:00.000000Z'],
  },
  {
    source: 'example55-alt01', text: "T_CONTAINS(INTERVAL('2000-01-01T00:00:00Z', '2005-01-10T01:01:01.393216Z'), INTERVAL(starts_at, ends_at))",
    json: O('t_contains', I('2000-01-01T00:00:00Z', '2005-01-10T01:01:01.393216Z'), I(P('starts_at'), P('ends_at'))),
    sql: '($1::timestamptz < t."starts_at" AND $2::timestamptz > t."ends_at")', values: ['2000-01-01T00:00:00Z', '2005-01-10T01:01:01.393216Z'],
  },
  {
    source: 'example56', text: "T_DISJOINT(INTERVAL('..', '2005-01-10T01:01:01.393216Z'), INTERVAL(starts_at, ends_at))",
    json: O('t_disjoint', I('..', '2005-01-10T01:01:01.393216Z'), I(P('starts_at'), P('ends_at'))),
    ast: op('t_disjoint', interval(OPEN, timestamp('2005-01-10T01:01:01.393216Z')), interval(prop('starts_at'), prop('ends_at'))),
    sql: `(($1::timestamptz < t."starts_at" OR '-infinity'::timestamptz > t."ends_at"))`, values: ['2005-01-10T01:01:01.393216Z'],
  },
  {
    source: 'example57', text: "T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2005-01-10', '2010-02-10'))",
    json: O('t_during', I(P('starts_at'), P('ends_at')), I('2005-01-10', '2010-02-10')),
    ast: op('t_during', interval(prop('starts_at'), prop('ends_at')), interval(date('2005-01-10'), date('2010-02-10'))),
    sql: `(t."starts_at" > ${dateAt(1)} AND t."ends_at" < ${dateAt(2)})`, values: ['2005-01-10', '2010-02-10'],
  },
  {
    source: 'example58', text: `T_EQUALS("updated_at", DATE('1851-04-29'))`,
    json: O('t_equals', P('updated_at'), D('1851-04-29')),
    sql: `(${timestampColumn('updated_at')} = ${dateAt(1)} AND ${timestampColumn('updated_at')} = ${dateAt(1)})`, values: ['1851-04-29'],
  },
  {
    source: 'example59', text: "T_FINISHEDBY(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'))",
    json: O('t_finishedBy', I(P('starts_at'), P('ends_at')), I('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z')),
    sql: '(t."starts_at" < $1::timestamptz AND t."ends_at" = $2::timestamptz)', values: ['1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'],
  },
  {
    source: 'example60', text: "T_FINISHES(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07', '2010-02-10T05:29:20.073225Z'))",
    json: O('t_finishes', I(P('starts_at'), P('ends_at')), I('1991-10-07', '2010-02-10T05:29:20.073225Z')),
    ast: op('t_finishes', interval(prop('starts_at'), prop('ends_at')), interval(date('1991-10-07'), timestamp('2010-02-10T05:29:20.073225Z'))),
    sql: `(t."starts_at" > ${dateAt(1)} AND t."ends_at" = $2::timestamptz)`, values: ['1991-10-07', '2010-02-10T05:29:20.073225Z'],
  },
  {
    source: 'example61', text: "T_INTERSECTS(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'))",
    json: O('t_intersects', I(P('starts_at'), P('ends_at')), I('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z')),
    sql: '(t."starts_at" <= $1::timestamptz AND t."ends_at" >= $2::timestamptz)', values: ['2010-02-10T05:29:20.073225Z', '1991-10-07T08:21:06.393262Z'],
  },
  {
    source: 'example62', text: "T_MEETS(INTERVAL('2005-01-10', '2010-02-10'), INTERVAL(starts_at, ends_at))",
    json: O('t_meets', I('2005-01-10', '2010-02-10'), I(P('starts_at'), P('ends_at'))),
    sql: `(${dateAt(1)} = t."starts_at")`, values: ['2010-02-10'],
  },
  {
    source: 'example63', text: "T_METBY(INTERVAL('2010-02-10T05:29:20.073225Z', '2010-10-07'), INTERVAL(starts_at, ends_at))",
    json: O('t_metBy', I('2010-02-10T05:29:20.073225Z', '2010-10-07'), I(P('starts_at'), P('ends_at'))),
    sql: '($1::timestamptz = t."ends_at")', values: ['2010-02-10T05:29:20.073225Z'],
  },
  {
    source: 'example64', text: "T_OVERLAPPEDBY(INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'), INTERVAL(starts_at, ends_at))",
    json: O('t_overlappedBy', I('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'), I(P('starts_at'), P('ends_at'))),
    sql: '($1::timestamptz > t."starts_at" AND $1::timestamptz < t."ends_at" AND $2::timestamptz > t."ends_at")',
    values: ['1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'],
  },
  {
    source: 'example65', text: "T_OVERLAPS(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '1992-10-09T08:08:08.393473Z'))",
    json: O('t_overlaps', I(P('starts_at'), P('ends_at')), I('1991-10-07T08:21:06.393262Z', '1992-10-09T08:08:08.393473Z')),
    sql: '(t."starts_at" < $1::timestamptz AND t."ends_at" > $1::timestamptz AND t."ends_at" < $2::timestamptz)',
    values: ['1991-10-07T08:21:06.393262Z', '1992-10-09T08:08:08.393473Z'],
  },
  {
    source: 'example66', text: "T_STARTEDBY(INTERVAL('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'), INTERVAL(starts_at, ends_at))",
    json: O('t_startedBy', I('1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'), I(P('starts_at'), P('ends_at'))),
    sql: '($1::timestamptz = t."starts_at" AND $2::timestamptz > t."ends_at")', values: ['1991-10-07T08:21:06.393262Z', '2010-02-10T05:29:20.073225Z'],
  },
  {
    source: 'example67', text: "T_STARTS(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '..'))",
    json: O('t_starts', I(P('starts_at'), P('ends_at')), I('1991-10-07T08:21:06.393262Z', '..')),
    sql: `(t."starts_at" = $1::timestamptz AND t."ends_at" < 'infinity'::timestamptz)`, values: ['1991-10-07T08:21:06.393262Z'],
  },
  // Annex A, temporal-functions: test "temporal-functions-1", for a Timestamp and a Date queryable: the relation
  // of the column C to an instant, and to an interval whose ends are bound as the relation uses them
  ...(
    [
      ['T_AFTER', 'C > $1', ['end']],
      ['T_BEFORE', 'C < $1', ['start']],
      ['T_DISJOINT', '(C < $1 OR C > $2)', ['start', 'end']],
      ['T_EQUALS', 'C = $1 AND C = $2', ['start', 'end']],
      ['T_INTERSECTS', 'C <= $1 AND C >= $2', ['end', 'start']],
    ] as const
  ).flatMap(([f, relation, bound]) =>
    ATS_LITERALS.flatMap((l): Case[] => [
      {
        source: 'ats/temporal-functions/temporal-functions-1',
        text: `${f}(${l.column},${l.keyword}('${l.instant}'))`,
        json: O(f.toLowerCase(), P(l.column), l.kind === 'date' ? D(l.instant) : TS(l.instant)),
        // the instant is bound once, both its ends
        sql: relationSql(relation.replace('$2', '$1'), l.kind, { C: l.column }),
        values: [l.instant],
      },
      {
        source: 'ats/temporal-functions/temporal-functions-1',
        text: `${f}(${l.column},INTERVAL('${l.start}','${l.end}'))`,
        json: O(f.toLowerCase(), P(l.column), I(l.start, l.end)),
        sql: relationSql(relation, l.kind, { C: l.column }),
        values: bound.map((end) => l[end]),
      },
    ]),
  ),
  // Annex A, temporal-functions: test "temporal-functions-2", all fifteen functions on intervals (JSON names as in the
  // schema): the relation of the interval [S, E] of two columns to an interval literal whose ends are bound as the relation uses them
  ...(
    [
      ['T_AFTER', 't_after', 'S > $1', ['end']],
      ['T_BEFORE', 't_before', 'E < $1', ['start']],
      ['T_DISJOINT', 't_disjoint', '(E < $1 OR S > $2)', ['start', 'end']],
      ['T_EQUALS', 't_equals', 'S = $1 AND E = $2', ['start', 'end']],
      ['T_INTERSECTS', 't_intersects', 'S <= $1 AND E >= $2', ['end', 'start']],
      ['T_CONTAINS', 't_contains', 'S < $1 AND E > $2', ['start', 'end']],
      ['T_DURING', 't_during', 'S > $1 AND E < $2', ['start', 'end']],
      ['T_FINISHEDBY', 't_finishedBy', 'S < $1 AND E = $2', ['start', 'end']],
      ['T_FINISHES', 't_finishes', 'S > $1 AND E = $2', ['start', 'end']],
      ['T_MEETS', 't_meets', 'E = $1', ['start']],
      ['T_METBY', 't_metBy', 'S = $1', ['end']],
      ['T_OVERLAPPEDBY', 't_overlappedBy', 'S > $1 AND S < $2 AND E > $2', ['start', 'end']],
      ['T_OVERLAPS', 't_overlaps', 'S < $1 AND E > $1 AND E < $2', ['start', 'end']],
      ['T_STARTEDBY', 't_startedBy', 'S = $1 AND E > $2', ['start', 'end']],
      ['T_STARTS', 't_starts', 'S = $1 AND E < $2', ['start', 'end']],
    ] as const
  ).flatMap(([f, name, relation, bound]) =>
    ATS_LITERALS.map(
      (l): Case => ({
        source: 'ats/temporal-functions/temporal-functions-2',
        text: `${f}(INTERVAL(${l.interval.join(',')}),INTERVAL('${l.start}','${l.end}'))`,
        json: O(name, I(P(l.interval[0]), P(l.interval[1])), I(l.start, l.end)),
        sql: relationSql(relation, l.kind, { S: l.interval[0], E: l.interval[1] }),
        values: bound.map((end) => l[end]),
      }),
    ),
  ),
  // Annex A, temporal-functions: the test data set (in lower case)
  {
    source: 'ats/temporal-functions/test-data', text: `t_after("date",date('2022-04-16'))`,
    json: O('t_after', P('date'), D('2022-04-16')),
    sql: `(${dateColumn('date')} > ${dateAt(1)})`, values: ['2022-04-16'],
  },
  {
    source: 'ats/temporal-functions/test-data', text: `t_equals("date",interval('2022-04-16','2022-04-16'))`,
    json: O('t_equals', P('date'), I('2022-04-16', '2022-04-16')),
    sql: `(${dateColumn('date')} = ${dateAt(1)} AND ${dateColumn('date')} = ${dateAt(2)})`, values: ['2022-04-16', '2022-04-16'],
  },
  {
    source: 'ats/temporal-functions/test-data', text: "t_intersects(start,timestamp('2022-04-16T10:13:19Z'))",
    json: O('t_intersects', P('start'), TS('2022-04-16T10:13:19Z')),
    sql: '(t."start" <= $1::timestamptz AND t."start" >= $1::timestamptz)', values: ['2022-04-16T10:13:19Z'],
  },
  {
    source: 'ats/temporal-functions/test-data', text: "t_after(interval(start,end),interval('..','2022-04-16T10:13:19Z'))",
    json: O('t_after', I(P('start'), P('end')), I('..', '2022-04-16T10:13:19Z')),
    sql: '(t."start" > $1::timestamptz)', values: ['2022-04-16T10:13:19Z'],
  },
  {
    source: 'ats/temporal-functions/test-data', text: "t_before(interval(start,end),interval('2023-01-01T00:00:00Z','..'))",
    json: O('t_before', I(P('start'), P('end')), I('2023-01-01T00:00:00Z', '..')),
    ast: op('t_before', interval(prop('start'), prop('end')), interval(timestamp('2023-01-01T00:00:00Z'), OPEN)),
    sql: '(t."end" < $1::timestamptz)', values: ['2023-01-01T00:00:00Z'],
  },
  {
    source: 'ats/temporal-functions/test-data', text: "T_OVERLAPPEDBY(interval(start,end),interval('2020-04-16T10:13:19Z','2022-04-16T10:15:10Z'))",
    json: O('t_overlappedBy', I(P('start'), P('end')), I('2020-04-16T10:13:19Z', '2022-04-16T10:15:10Z')),
    sql: '(t."start" > $1::timestamptz AND t."start" < $2::timestamptz AND t."end" > $2::timestamptz)', values: ['2020-04-16T10:13:19Z', '2022-04-16T10:15:10Z'],
  },
]);
