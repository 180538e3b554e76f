/** Cases of the conformance classes arithmetic (+ - * / % div ^) and functions (calls of functions tilery does not have). */
import { bool, type Case, inClass, num, O, op, P, prop, str } from './case.ts';

/** A predicate and its negation, as the test data set writes both (`… between …`, `… not between …`). */
function withNegation(source: string, [text, negated]: readonly [string, string], json: unknown, sql: string, values: readonly unknown[]): Case[] {
  return [
    { source, text, json, sql, values },
    { source, text: negated, json: O('not', json), sql: `(NOT ${sql})`, values },
  ];
}

export const arithmetic = inClass('arithmetic', [
  {
    source: 'clause6_02c', text: 'balance-150.0 > 0',
    json: O('>', O('-', P('balance'), 150), 0),
    ast: op('>', op('-', prop('balance'), num(150)), num(0)),
    sql: '((t."balance" - $1::float8) > $2::float8)', values: [150, 0],
  },
  {
    source: 'clause7_19', text: 'vehicle_height > (bridge_clearance-1)',
    json: O('>', P('vehicle_height'), O('-', P('bridge_clearance'), 1)),
    sql: '(t."vehicle_height" > (t."bridge_clearance" - $1::float8))', values: [1],
  },
  { source: 'example72', text: '"value" > ("foo" + 10)', json: O('>', P('value'), O('+', P('foo'), 10)), sql: '(t."value" > (t."foo" + $1::float8))', values: [10] },
  { source: 'example73', text: '"value" < ("foo" - 10)', json: O('<', P('value'), O('-', P('foo'), 10)), sql: '(t."value" < (t."foo" - $1::float8))', values: [10] },
  { source: 'example74', text: '"value" <> (22.1 * "foo")', json: O('<>', P('value'), O('*', 22.1, P('foo'))), sql: '(t."value" <> ($1::float8 * t."foo"))', values: [22.1] },
  { source: 'example75', text: '"value" = (2 / "foo")', json: O('=', P('value'), O('/', 2, P('foo'))), sql: '(t."value" = ($1::float8 / NULLIF(t."foo", 0)))', values: [2] },
  { source: 'example76', text: '"value" <= (2 ^ "foo")', json: O('<=', P('value'), O('^', 2, P('foo'))), sql: '(t."value" <= power($1::float8, t."foo"))', values: [2] },
  {
    source: 'example77', text: '0 = ("foo" % 2)',
    json: O('=', 0, O('%', P('foo'), 2)),
    sql: '($1::float8 = mod((t."foo")::numeric, NULLIF($2::float8, 0)::numeric))', values: [0, 2],
  },
  {
    source: 'example78', text: '1 = ("foo" div 2)',
    json: O('=', 1, O('div', P('foo'), 2)),
    ast: op('=', num(1), op('div', prop('foo'), num(2))),
    sql: '($1::float8 = trunc(t."foo" / NULLIF($2::float8, 0)))', values: [1, 2],
  },
  ...[
    ['example85', `"value" = ((((-1 * "foo") * 2.0) + ("bar" / 6.1234)) - ("x" ^ 2.0))`],
    // The standard's JSON for this text (example85.json) writes `- foo` as `-1 * foo`, as the tree does.
    ['example85-alt01', `value = - foo * 2.0 + "bar" / 6.1234 - "x" ^ 2.0`],
  ].map(
    ([source, text]): Case => ({
      source,
      text,
      json: O('=', P('value'), O('-', O('+', O('*', O('*', -1, P('foo')), 2), O('/', P('bar'), 6.1234)), O('^', P('x'), 2))),
      ast: op('=', prop('value'), op('-', op('+', op('*', op('*', num(-1), prop('foo')), num(2)), op('/', prop('bar'), num(6.1234))), op('^', prop('x'), num(2)))),
      sql: '(t."value" = (((($1::float8 * t."foo") * $2::float8) + (t."bar" / NULLIF($3::float8, 0))) - power(t."x", $4::float8)))',
      values: [-1, 2, 6.1234, 2],
    }),
  ),
  // Annex A, arithmetic: the test data set
  {
    source: 'ats/arithmetic/test-data', text: 'pop_other=1038280+8',
    json: O('=', P('pop_other'), O('+', 1038280, 8)),
    sql: '(t."pop_other" = ($1::float8 + $2::float8))', values: [1038280, 8],
  },
  {
    source: 'ats/arithmetic/test-data', text: 'pop_other>=1038290-2*2^0',
    json: O('>=', P('pop_other'), O('-', 1038290, O('*', 2, O('^', 2, 0)))),
    ast: op('>=', prop('pop_other'), op('-', num(1038290), op('*', num(2), op('^', num(2), num(0))))),
    sql: '(t."pop_other" >= ($1::float8 - ($2::float8 * power($3::float8, $4::float8))))', values: [1038290, 2, 2, 0],
  },
  {
    source: 'ats/arithmetic/test-data', text: 'pop_other>1038290-20/10',
    json: O('>', P('pop_other'), O('-', 1038290, O('/', 20, 10))),
    sql: '(t."pop_other" > ($1::float8 - ($2::float8 / NULLIF($3::float8, 0))))', values: [1038290, 20, 10],
  },
  {
    source: 'ats/arithmetic/test-data', text: 'pop_other>1038290-21 div 10',
    json: O('>', P('pop_other'), O('-', 1038290, O('div', 21, 10))),
    sql: '(t."pop_other" > ($1::float8 - trunc($2::float8 / NULLIF($3::float8, 0))))', values: [1038290, 21, 10],
  },
  {
    source: 'ats/arithmetic/test-data', text: 'pop_other>1038290-5%2',
    json: O('>', P('pop_other'), O('-', 1038290, O('%', 5, 2))),
    sql: '(t."pop_other" > ($1::float8 - mod(($2::float8)::numeric, NULLIF($3::float8, 0)::numeric)))', values: [1038290, 5, 2],
  },
  {
    source: 'ats/arithmetic/test-data', text: 'pop_other<=1038200+8*11',
    json: O('<=', P('pop_other'), O('+', 1038200, O('*', 8, 11))),
    sql: '(t."pop_other" <= ($1::float8 + ($2::float8 * $3::float8)))', values: [1038200, 8, 11],
  },
  {
    source: 'ats/arithmetic/test-data', text: 'pop_other<1038280+2^3',
    json: O('<', P('pop_other'), O('+', 1038280, O('^', 2, 3))),
    sql: '(t."pop_other" < ($1::float8 + power($2::float8, $3::float8)))', values: [1038280, 2, 3],
  },
  {
    source: 'ats/arithmetic/test-data', text: 'pop_other<>1038290-2^1',
    json: O('<>', P('pop_other'), O('-', 1038290, O('^', 2, 1))),
    sql: '(t."pop_other" <> ($1::float8 - power($2::float8, $3::float8)))', values: [1038290, 2, 1],
  },
  ...withNegation(
    'ats/arithmetic/test-data',
    ['pop_other between 4000000/4 and (3*(900000+100000))', 'pop_other not between 4000000/4 and (3*(900000+100000))'],
    O('between', P('pop_other'), O('/', 4000000, 4), O('*', 3, O('+', 900000, 100000))),
    '(t."pop_other" BETWEEN ($1::float8 / NULLIF($2::float8, 0)) AND ($3::float8 * ($4::float8 + $5::float8)))',
    [4000000, 4, 3, 900000, 100000],
  ),
  ...withNegation(
    'ats/arithmetic/test-data',
    [
      'pop_other in (1000000+38288,1000000+600000+11692,3*1000000+13258,3*1000000+13257,30*100000+13259)',
      'pop_other not in (1000000+38288,1000000+600000+11692,3*1000000+13258,3*1000000+13257,30*100000+13259)',
    ],
    O('in', P('pop_other'), [
      O('+', 1000000, 38288),
      O('+', O('+', 1000000, 600000), 11692),
      O('+', O('*', 3, 1000000), 13258),
      O('+', O('*', 3, 1000000), 13257),
      O('+', O('*', 30, 100000), 13259),
    ]),
    '(t."pop_other" IN (($1::float8 + $2::float8), (($3::float8 + $4::float8) + $5::float8), (($6::float8 * $7::float8) + $8::float8), (($9::float8 * $10::float8) + $11::float8), (($12::float8 * $13::float8) + $14::float8)))',
    [1000000, 38288, 1000000, 600000, 11692, 3, 1000000, 13258, 3, 1000000, 13257, 30, 100000, 13259],
  ),
  {
    source: 'ats/arithmetic/test-data', text: '1038280+8=pop_other',
    json: O('=', O('+', 1038280, 8), P('pop_other')),
    sql: '(($1::float8 + $2::float8) = t."pop_other")', values: [1038280, 8],
  },
]);

export const functions = inClass('functions', [
  { source: 'clause6_01', text: 'avg(windSpeed)', json: O('avg', P('windSpeed')), ast: op('avg', prop('windSpeed')), error: 'unsupported function "avg"' },
  { source: 'clause6_02b', text: 'avg(windSpeed) < 4', json: O('<', O('avg', P('windSpeed')), 4), error: 'unsupported function "avg"' },
  {
    source: 'clause7_18', text: "S_WITHIN(road,Buffer(geometry,10,'m'))",
    json: O('s_within', P('road'), O('Buffer', P('geometry'), 10, 'm')),
    ast: op('s_within', prop('road'), op('buffer', prop('geometry'), num(10), str('m'))),
    error: 'unsupported function "buffer"',
  },
  { source: 'example68', text: 'Foo("geometry") = TRUE', json: O('=', O('Foo', P('geometry')), true), error: 'unsupported function "foo"' },
  {
    source: 'example69', text: `FALSE <> Bar("geometry", 100, 'a', 'b', FALSE)`,
    json: O('<>', false, O('Bar', P('geometry'), 100, 'a', 'b', false)),
    ast: op('<>', bool(false), op('bar', prop('geometry'), num(100), str('a'), str('b'), bool(false))),
    error: 'unsupported function "bar"',
  },
]);
