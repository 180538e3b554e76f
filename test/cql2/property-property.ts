/** Cases of the conformance class property-property: properties and literals on either side, of every kind. */
import { column, D, GEOM, dateAt, dateColumn, eachComparison, G, geoJsonAt, geoJsonText, I, inClass, numberValue, O, op, P, prop, str, textValue, TS } from './case.ts';

export const propertyProperty = inClass('property-property', [
  // Annex A, property-property: the test data set
  ...eachComparison('ats/property-property/test-data', textValue('København'), column('name')),
  ...eachComparison('ats/property-property/test-data', column('name'), column('nameascii')),
  ...eachComparison('ats/property-property/test-data', numberValue(1038288), column('pop_other')),
  ...eachComparison('ats/property-property/test-data', column('start'), column('end')),
  {
    source: 'ats/property-property/test-data', text: "'København' LIKE 'K_benhavn'",
    json: O('like', 'København', 'K_benhavn'),
    ast: op('like', str('København'), str('K_benhavn')),
    sql: '($1::text LIKE $2::text)', values: ['København', 'K_benhavn'],
  },
  {
    source: 'ats/property-property/test-data', text: "'København' NOT LIKE 'K_benhavn'",
    json: O('not', O('like', 'København', 'K_benhavn')),
    sql: '(NOT ($1::text LIKE $2::text))', values: ['København', 'K_benhavn'],
  },
  {
    source: 'ats/property-property/test-data', text: 'pop_other between pop_min and pop_max',
    json: O('between', P('pop_other'), P('pop_min'), P('pop_max')),
    ast: op('between', prop('pop_other'), prop('pop_min'), prop('pop_max')),
    sql: '(t."pop_other" BETWEEN t."pop_min" AND t."pop_max")', values: [],
  },
  {
    source: 'ats/property-property/test-data', text: 'pop_other not between pop_min and pop_max',
    json: O('not', O('between', P('pop_other'), P('pop_min'), P('pop_max'))),
    sql: '(NOT (t."pop_other" BETWEEN t."pop_min" AND t."pop_max"))', values: [],
  },
  {
    source: 'ats/property-property/test-data', text: 'S_INTERSECTS(POLYGON((0 40,10 40,10 50,0 50,0 40)),geom)',
    json: O('s_intersects', G('Polygon', [[[0, 40], [10, 40], [10, 50], [0, 50], [0, 40]]]), P('geom')),
    sql: `(ST_Intersects(${geoJsonAt(1)}, ${GEOM}))`, values: [geoJsonText(G('Polygon', [[[0, 40], [10, 40], [10, 50], [0, 50], [0, 40]]]))],
  },
  {
    source: 'ats/property-property/test-data', text: 'S_INTERSECTS(LINESTRING(0 40,10 50),geom)',
    json: O('s_intersects', G('LineString', [[0, 40], [10, 50]]), P('geom')),
    sql: `(ST_Intersects(${geoJsonAt(1)}, ${GEOM}))`, values: [geoJsonText(G('LineString', [[0, 40], [10, 50]]))],
  },
  {
    source: 'ats/property-property/test-data', text: 'S_DISJOINT(POINT(7.02 49.92),geom)',
    json: O('s_disjoint', G('Point', [7.02, 49.92]), P('geom')),
    sql: `(ST_Disjoint(${geoJsonAt(1)}, ${GEOM}))`, values: [geoJsonText(G('Point', [7.02, 49.92]))],
  },
  {
    source: 'ats/property-property/test-data', text: 'S_EQUALS(POINT(6.1300028 49.6116604),geom)',
    json: O('s_equals', G('Point', [6.1300028, 49.6116604]), P('geom')),
    sql: `(ST_Equals(${geoJsonAt(1)}, ${GEOM}))`, values: [geoJsonText(G('Point', [6.1300028, 49.6116604]))],
  },
  {
    source: 'ats/property-property/test-data', text: `t_after(date('2022-04-16'),"date")`,
    json: O('t_after', D('2022-04-16'), P('date')),
    sql: `(${dateAt(1)} > ${dateColumn('date')})`, values: ['2022-04-16'],
  },
  {
    source: 'ats/property-property/test-data', text: `t_before(interval('2022-01-01','2022-12-31'),"date")`,
    json: O('t_before', I('2022-01-01', '2022-12-31'), P('date')),
    sql: `(${dateAt(1)} < ${dateColumn('date')})`, values: ['2022-12-31'],
  },
  {
    source: 'ats/property-property/test-data', text: "t_equals(timestamp('2022-04-16T10:13:19Z'),start)",
    json: O('t_equals', TS('2022-04-16T10:13:19Z'), P('start')),
    sql: '($1::timestamptz = t."start" AND $1::timestamptz = t."start")', values: ['2022-04-16T10:13:19Z'],
  },
  {
    source: 'ats/property-property/test-data', text: "t_after(interval('2023-01-01T00:00:00Z','..'),interval(start,end))",
    json: O('t_after', I('2023-01-01T00:00:00Z', '..'), I(P('start'), P('end'))),
    sql: '($1::timestamptz > t."end")', values: ['2023-01-01T00:00:00Z'],
  },
  {
    source: 'ats/property-property/test-data', text: "T_CONTAINS(interval('2021-04-16T10:13:19Z','2023-04-16T10:15:10Z'),interval(start,end))",
    json: O('t_contains', I('2021-04-16T10:13:19Z', '2023-04-16T10:15:10Z'), I(P('start'), P('end'))),
    sql: '($1::timestamptz < t."start" AND $2::timestamptz > t."end")', values: ['2021-04-16T10:13:19Z', '2023-04-16T10:15:10Z'],
  },
  // Annex A, property-property: test "comparison-value-value"
  { source: 'ats/property-property/comparison-value-value', text: "'foo' = 'foo'", json: O('=', 'foo', 'foo'), sql: '($1::text = $2::text)', values: ['foo', 'foo'] },
  { source: 'ats/property-property/comparison-value-value', text: 'true <> true', json: O('<>', true, true), sql: '($1::boolean <> $2::boolean)', values: [true, true] },
  { source: 'ats/property-property/comparison-value-value', text: '3.14 > 3.14', json: O('>', 3.14, 3.14), sql: '($1::float8 > $2::float8)', values: [3.14, 3.14] },
  { source: 'ats/property-property/comparison-value-value', text: '1 < 1', json: O('<', 1, 1), sql: '($1::float8 < $2::float8)', values: [1, 1] },
  {
    source: 'ats/property-property/comparison-value-value', text: "TIMESTAMP('2022-04-14T14:48:46Z') >= TIMESTAMP('2022-04-14T14:48:46Z')",
    json: O('>=', TS('2022-04-14T14:48:46Z'), TS('2022-04-14T14:48:46Z')),
    sql: '($1::timestamptz >= $2::timestamptz)', values: ['2022-04-14T14:48:46Z', '2022-04-14T14:48:46Z'],
  },
  {
    source: 'ats/property-property/comparison-value-value', text: "DATE('2022-04-14') <= DATE('2022-04-14')",
    json: O('<=', D('2022-04-14'), D('2022-04-14')),
    sql: `(${dateAt(1)} <= ${dateAt(2)})`, values: ['2022-04-14', '2022-04-14'],
  },
]);
