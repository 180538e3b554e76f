/** Cases of the conformance classes basic-cql2 and advanced-comparison-operators: comparisons, LIKE, BETWEEN, IN, IS NULL, AND/OR/NOT. */
import {
  array,
  bool,
  booleanValue,
  column,
  comparison,
  D,
  date,
  dateAt,
  dateValue,
  eachComparison,
  inClass,
  num,
  numberValue,
  O,
  op,
  P,
  prop,
  str,
  textValue,
  timestampValue,
  TS,
} from './case.ts';

export const basicCql2 = inClass('basic-cql2', [
  {
    source: 'example01', text: "landsat:scene_id = 'LC82030282019133LGN00'",
    json: O('=', P('landsat:scene_id'), 'LC82030282019133LGN00'),
    ast: op('=', prop('landsat:scene_id'), str('LC82030282019133LGN00')),
    sql: '(t."landsat:scene_id" = $1::text)', values: ['LC82030282019133LGN00'],
  },
  {
    source: 'clause6_02a', text: "city='Toronto'",
    json: O('=', P('city'), 'Toronto'),
    ast: op('=', prop('city'), str('Toronto')),
    sql: '(t."city" = $1::text)', values: ['Toronto'],
  },
  {
    source: 'clause6_02d', text: "updated >= date('1970-01-01')",
    json: O('>=', P('updated'), D('1970-01-01')),
    ast: op('>=', prop('updated'), date('1970-01-01')),
    sql: `(t."updated" >= ${dateAt(1)})`, values: ['1970-01-01'],
  },
  {
    source: 'clause6_03', text: 'geometry IS NOT NULL',
    json: O('not', O('isNull', P('geometry'))),
    ast: op('not', op('isnull', prop('geometry'))),
    sql: '(NOT (t."geometry" IS NULL))', values: [],
  },
  {
    source: 'example04', text: 'eo:cloud_cover < 0.1 AND landsat:wrs_row=28 AND landsat:wrs_path=203',
    json: O('and', O('<', P('eo:cloud_cover'), 0.1), O('=', P('landsat:wrs_row'), 28), O('=', P('landsat:wrs_path'), 203)),
    ast: op('and', op('<', prop('eo:cloud_cover'), num(0.1)), op('=', prop('landsat:wrs_row'), num(28)), op('=', prop('landsat:wrs_path'), num(203))),
    sql: '((t."eo:cloud_cover" < $1::float8) AND (t."landsat:wrs_row" = $2::float8) AND (t."landsat:wrs_path" = $3::float8))', values: [0.1, 28, 203],
  },
  {
    source: 'example05a', text: 'eo:cloud_cover=0.1 OR eo:cloud_cover=0.2',
    json: O('or', O('=', P('eo:cloud_cover'), 0.1), O('=', P('eo:cloud_cover'), 0.2)),
    sql: '((t."eo:cloud_cover" = $1::float8) OR (t."eo:cloud_cover" = $2::float8))', values: [0.1, 0.2],
  },
  {
    source: 'example06b', text: `    eo:cloud_cover >= 0.1
AND eo:cloud_cover <= 0.2
AND landsat:wrs_row=28
AND landsat:wrs_path=203`,
    json: O('and', O('>=', P('eo:cloud_cover'), 0.1), O('<=', P('eo:cloud_cover'), 0.2), O('=', P('landsat:wrs_row'), 28), O('=', P('landsat:wrs_path'), 203)),
    sql: '((t."eo:cloud_cover" >= $1::float8) AND (t."eo:cloud_cover" <= $2::float8) AND (t."landsat:wrs_row" = $3::float8) AND (t."landsat:wrs_path" = $4::float8))',
    values: [0.1, 0.2, 28, 203],
  },
  { source: 'example09', text: 'floors>5', json: O('>', P('floors'), 5), sql: '(t."floors" > $1::float8)', values: [5] },
  { source: 'example10', text: 'taxes <= 500', json: O('<=', P('taxes'), 500), sql: '(t."taxes" <= $1::float8)', values: [500] },
  {
    source: 'example14', text: 'swimming_pool = true',
    json: O('=', P('swimming_pool'), true),
    ast: op('=', prop('swimming_pool'), bool(true)),
    sql: '(t."swimming_pool" = $1::boolean)', values: [true],
  },
  {
    source: 'example15', text: 'floors>5 AND swimming_pool=true',
    json: O('and', O('>', P('floors'), 5), O('=', P('swimming_pool'), true)),
    sql: '((t."floors" > $1::float8) AND (t."swimming_pool" = $2::boolean))', values: [5, true],
  },
  {
    source: 'example17', text: "(floors>5 AND material='brick') OR swimming_pool=true",
    json: O('or', O('and', O('>', P('floors'), 5), O('=', P('material'), 'brick')), O('=', P('swimming_pool'), true)),
    sql: '(((t."floors" > $1::float8) AND (t."material" = $2::text)) OR (t."swimming_pool" = $3::boolean))', values: [5, 'brick', true],
  },
  {
    source: 'example18', text: 'NOT (floors<5) OR swimming_pool=true',
    json: O('or', O('not', O('<', P('floors'), 5)), O('=', P('swimming_pool'), true)),
    ast: op('or', op('not', op('<', prop('floors'), num(5))), op('=', prop('swimming_pool'), bool(true))),
    sql: '((NOT (t."floors" < $1::float8)) OR (t."swimming_pool" = $2::boolean))', values: [5, true],
  },
  {
    source: 'example29', text: `"id" = 'fa7e1920-9107-422d-a3db-c468cbc5d6df'`,
    json: O('=', P('id'), 'fa7e1920-9107-422d-a3db-c468cbc5d6df'),
    sql: '(t."id"::text = $1::text)', values: ['fa7e1920-9107-422d-a3db-c468cbc5d6df'],
  },
  {
    source: 'example30', text: `"id" <> 'fa7e1920-9107-422d-a3db-c468cbc5d6df'`,
    json: O('<>', P('id'), 'fa7e1920-9107-422d-a3db-c468cbc5d6df'),
    sql: '(t."id"::text <> $1::text)', values: ['fa7e1920-9107-422d-a3db-c468cbc5d6df'],
  },
  { source: 'example31', text: '"value" < 10', json: O('<', P('value'), 10), sql: '(t."value" < $1::float8)', values: [10] },
  { source: 'example32', text: '"value" > 10', json: O('>', P('value'), 10), sql: '(t."value" > $1::float8)', values: [10] },
  { source: 'example33', text: '"value" <= 10', json: O('<=', P('value'), 10), sql: '(t."value" <= $1::float8)', values: [10] },
  { source: 'example34', text: '"value" >= 10', json: O('>=', P('value'), 10), sql: '(t."value" >= $1::float8)', values: [10] },
  { source: 'example41', text: '"value" IS NULL', json: O('isNull', P('value')), ast: op('isnull', prop('value')), sql: '(t."value" IS NULL)', values: [] },
  {
    source: 'example42', text: 'NOT "value" IS NULL',
    json: O('not', O('isNull', P('value'))),
    ast: op('not', op('isnull', prop('value'))),
    sql: '(NOT (t."value" IS NULL))', values: [],
  },
  {
    source: 'example42-alt01', text: '"value" IS NOT NULL',
    json: O('not', O('isNull', P('value'))),
    ast: op('not', op('isnull', prop('value'))),
    sql: '(NOT (t."value" IS NULL))', values: [],
  },
  // Annex A, basic-cql2: test method "comparison" ({queryable} <op> {value} for each data type)
  ...(
    [
      ['string', textValue('foo')],
      ['boolean', booleanValue(true)],
      ['number', numberValue(3.14)],
      ['integer', numberValue(1)],
      ['timestamp', timestampValue('2022-04-14T14:48:46Z')],
      ['date', dateValue('2022-04-14')],
    ] as const
  ).map(([type, value]) => comparison('ats/basic-cql2/comparison', '<=', column(`${type}_value`), value, ' ')),
  // Annex A, basic-cql2: test methods "is-null" and "boolean"
  { source: 'ats/basic-cql2/is-null', text: 'name is not null', json: O('not', O('isNull', P('name'))), sql: '(NOT (t."name" IS NULL))', values: [] },
  { source: 'ats/basic-cql2/boolean', text: 'true', json: true, ast: bool(true), sql: '$1::boolean', values: [true] },
  { source: 'ats/basic-cql2/boolean', text: 'false', json: false, ast: bool(false), sql: '$1::boolean', values: [false] },
  // Annex A, basic-cql2: the test data set
  ...eachComparison('ats/basic-cql2/test-data', column('NAME'), textValue('Luxembourg')),
  ...eachComparison('ats/basic-cql2/test-data', column('POP_EST'), numberValue(37589262)),
  ...eachComparison('ats/basic-cql2/test-data', column('name'), textValue('København')),
  ...eachComparison('ats/basic-cql2/test-data', column('date', '"date"'), dateValue('2022-04-16')),
  ...eachComparison('ats/basic-cql2/test-data', column('start'), timestampValue('2022-04-16T10:13:19Z')),
  { source: 'ats/basic-cql2/test-data', text: 'name IS NOT NULL', json: O('not', O('isNull', P('name'))), sql: '(NOT (t."name" IS NULL))', values: [] },
  { source: 'ats/basic-cql2/test-data', text: 'name IS NULL', json: O('isNull', P('name')), sql: '(t."name" IS NULL)', values: [] },
  { source: 'ats/basic-cql2/test-data', text: 'pop_other IS NOT NULL', json: O('not', O('isNull', P('pop_other'))), sql: '(NOT (t."pop_other" IS NULL))', values: [] },
  { source: 'ats/basic-cql2/test-data', text: '"date" IS NULL', json: O('isNull', P('date')), sql: '(t."date" IS NULL)', values: [] },
  { source: 'ats/basic-cql2/test-data', text: 'boolean IS NULL', json: O('isNull', P('boolean')), sql: '(t."boolean" IS NULL)', values: [] },
  { source: 'ats/basic-cql2/test-data', text: 'boolean=true', json: O('=', P('boolean'), true), sql: '(t."boolean" = $1::boolean)', values: [true] },
  { source: 'ats/basic-cql2/test-data', text: 'boolean=false', json: O('=', P('boolean'), false), sql: '(t."boolean" = $1::boolean)', values: [false] },
  // Annex A, basic-cql2: test "logical", `(NOT ({p2}) AND {p1}) OR ({p3} and {p4}) or not ({p1} OR {p4})` with rows of its table
  {
    source: 'ats/basic-cql2/logical (row 1)',
    text: "(NOT (name<>'København') AND pop_other<>1038288) OR (pop_other IS NULL and name<'København') or not (pop_other<>1038288 OR name<'København')",
    json: O(
      'or',
      O('and', O('not', O('<>', P('name'), 'København')), O('<>', P('pop_other'), 1038288)),
      O('and', O('isNull', P('pop_other')), O('<', P('name'), 'København')),
      O('not', O('or', O('<>', P('pop_other'), 1038288), O('<', P('name'), 'København'))),
    ),
    ast: op(
      'or',
      op('and', op('not', op('<>', prop('name'), str('København'))), op('<>', prop('pop_other'), num(1038288))),
      op('and', op('isnull', prop('pop_other')), op('<', prop('name'), str('København'))),
      op('not', op('or', op('<>', prop('pop_other'), num(1038288)), op('<', prop('name'), str('København')))),
    ),
    sql: '(((NOT (t."name" <> $1::text)) AND (t."pop_other" <> $2::float8)) OR ((t."pop_other" IS NULL) AND (t."name" < $3::text)) OR (NOT ((t."pop_other" <> $4::float8) OR (t."name" < $5::text))))',
    values: ['København', 1038288, 'København', 1038288, 'København'],
  },
  {
    source: 'ats/basic-cql2/logical (row 4)',
    text: "(NOT (pop_other>1038288) AND pop_other<1038288) OR (pop_other IS NULL and start<TIMESTAMP('2022-04-16T10:13:19Z')) or not (pop_other<1038288 OR start<TIMESTAMP('2022-04-16T10:13:19Z'))",
    json: O(
      'or',
      O('and', O('not', O('>', P('pop_other'), 1038288)), O('<', P('pop_other'), 1038288)),
      O('and', O('isNull', P('pop_other')), O('<', P('start'), TS('2022-04-16T10:13:19Z'))),
      O('not', O('or', O('<', P('pop_other'), 1038288), O('<', P('start'), TS('2022-04-16T10:13:19Z')))),
    ),
    sql: '(((NOT (t."pop_other" > $1::float8)) AND (t."pop_other" < $2::float8)) OR ((t."pop_other" IS NULL) AND (t."start" < $3::timestamptz)) OR (NOT ((t."pop_other" < $4::float8) OR (t."start" < $5::timestamptz))))',
    values: [1038288, 1038288, '2022-04-16T10:13:19Z', 1038288, '2022-04-16T10:13:19Z'],
  },
  {
    source: 'ats/basic-cql2/logical (row 7)',
    text: "(NOT (start IS NULL) AND pop_other=1038288) OR (start<>TIMESTAMP('2022-04-16T10:13:19Z') and boolean IS NOT NULL) or not (pop_other=1038288 OR boolean IS NOT NULL)",
    json: O(
      'or',
      O('and', O('not', O('isNull', P('start'))), O('=', P('pop_other'), 1038288)),
      O('and', O('<>', P('start'), TS('2022-04-16T10:13:19Z')), O('not', O('isNull', P('boolean')))),
      O('not', O('or', O('=', P('pop_other'), 1038288), O('not', O('isNull', P('boolean'))))),
    ),
    sql: '(((NOT (t."start" IS NULL)) AND (t."pop_other" = $1::float8)) OR ((t."start" <> $2::timestamptz) AND (NOT (t."boolean" IS NULL))) OR (NOT ((t."pop_other" = $3::float8) OR (NOT (t."boolean" IS NULL)))))',
    values: [1038288, '2022-04-16T10:13:19Z', 1038288],
  },
]);

export const advancedComparisonOperators = inClass('advanced-comparison-operators', [
  {
    source: 'clause7_01', text: "name LIKE 'Smith%'",
    json: O('like', P('name'), 'Smith%'),
    ast: op('like', prop('name'), str('Smith%')),
    sql: '(t."name" LIKE $1::text)', values: ['Smith%'],
  },
  {
    source: 'clause7_02', text: 'depth BETWEEN 100.0 and 150.0',
    json: O('between', P('depth'), 100, 150),
    ast: op('between', prop('depth'), num(100), num(150)),
    sql: '(t."depth" BETWEEN $1::float8 AND $2::float8)', values: [100, 150],
  },
  {
    source: 'clause7_03a', text: "cityName IN ('Toronto','Frankfurt','Tokyo','New York')",
    json: O('in', P('cityName'), ['Toronto', 'Frankfurt', 'Tokyo', 'New York']),
    ast: op('in', prop('cityName'), array(str('Toronto'), str('Frankfurt'), str('Tokyo'), str('New York'))),
    sql: '(t."cityName" IN ($1::text, $2::text, $3::text, $4::text))', values: ['Toronto', 'Frankfurt', 'Tokyo', 'New York'],
  },
  {
    source: 'clause7_03b', text: 'category NOT IN (1,2,3,4)',
    json: O('not', O('in', P('category'), [1, 2, 3, 4])),
    ast: op('not', op('in', prop('category'), array(num(1), num(2), num(3), num(4)))),
    sql: '(NOT (t."category" IN ($1::float8, $2::float8, $3::float8, $4::float8)))', values: [1, 2, 3, 4],
  },
  { source: 'example02', text: "eo:instrument LIKE 'OLI%'", json: O('like', P('eo:instrument'), 'OLI%'), sql: '(t."eo:instrument" LIKE $1::text)', values: ['OLI%'] },
  {
    source: 'example03', text: "landsat:wrs_path IN ('153','154','15X')",
    json: O('in', P('landsat:wrs_path'), ['153', '154', '15X']),
    error: 'IN compares property "landsat:wrs_path" (int4) with a string (text)', property: 'landsat:wrs_path',
  },
  {
    source: 'example05b', text: 'eo:cloud_cover IN (0.1,0.2)',
    json: O('in', P('eo:cloud_cover'), [0.1, 0.2]),
    sql: '(t."eo:cloud_cover" IN ($1::float8, $2::float8))', values: [0.1, 0.2],
  },
  {
    source: 'example06a', text: `    eo:cloud_cover BETWEEN 0.1 AND 0.2
AND landsat:wrs_row=28
AND landsat:wrs_path=203`,
    json: O('and', O('between', P('eo:cloud_cover'), 0.1, 0.2), O('=', P('landsat:wrs_row'), 28), O('=', P('landsat:wrs_path'), 203)),
    ast: op('and', op('between', prop('eo:cloud_cover'), num(0.1), num(0.2)), op('=', prop('landsat:wrs_row'), num(28)), op('=', prop('landsat:wrs_path'), num(203))),
    sql: '((t."eo:cloud_cover" BETWEEN $1::float8 AND $2::float8) AND (t."landsat:wrs_row" = $3::float8) AND (t."landsat:wrs_path" = $4::float8))', values: [0.1, 0.2, 28, 203],
  },
  { source: 'example11', text: "owner LIKE '%Jones%'", json: O('like', P('owner'), '%Jones%'), sql: '(t."owner" LIKE $1::text)', values: ['%Jones%'] },
  { source: 'example12', text: "owner LIKE 'Mike%'", json: O('like', P('owner'), 'Mike%'), sql: '(t."owner" LIKE $1::text)', values: ['Mike%'] },
  {
    source: 'example13', text: "owner NOT LIKE '%Mike%'",
    json: O('not', O('like', P('owner'), '%Mike%')),
    ast: op('not', op('like', prop('owner'), str('%Mike%'))),
    sql: '(NOT (t."owner" LIKE $1::text))', values: ['%Mike%'],
  },
  {
    source: 'example16', text: `swimming_pool=true AND (floors>5
                    OR  material LIKE 'brick%'
                    OR  material LIKE '%brick')`,
    json: O('and', O('=', P('swimming_pool'), true), O('or', O('>', P('floors'), 5), O('like', P('material'), 'brick%'), O('like', P('material'), '%brick'))),
    sql: '((t."swimming_pool" = $1::boolean) AND ((t."floors" > $2::float8) OR (t."material" LIKE $3::text) OR (t."material" LIKE $4::text)))',
    values: [true, 5, 'brick%', '%brick'],
  },
  {
    source: 'example19', text: "(owner LIKE 'mike%' OR owner LIKE 'Mike%') AND floors<4",
    json: O('and', O('or', O('like', P('owner'), 'mike%'), O('like', P('owner'), 'Mike%')), O('<', P('floors'), 4)),
    sql: '(((t."owner" LIKE $1::text) OR (t."owner" LIKE $2::text)) AND (t."floors" < $3::float8))', values: ['mike%', 'Mike%', 4],
  },
  { source: 'example35', text: `"name" LIKE 'foo%'`, json: O('like', P('name'), 'foo%'), sql: '(t."name" LIKE $1::text)', values: ['foo%'] },
  {
    source: 'example36', text: `NOT "name" LIKE 'foo%'`,
    json: O('not', O('like', P('name'), 'foo%')),
    ast: op('not', op('like', prop('name'), str('foo%'))),
    sql: '(NOT (t."name" LIKE $1::text))', values: ['foo%'],
  },
  {
    source: 'example36-alt01', text: `"name" NOT LIKE 'foo%'`,
    json: O('not', O('like', P('name'), 'foo%')),
    ast: op('not', op('like', prop('name'), str('foo%'))),
    sql: '(NOT (t."name" LIKE $1::text))', values: ['foo%'],
  },
  { source: 'example37', text: '"value" BETWEEN 10 AND 20', json: O('between', P('value'), 10, 20), sql: '(t."value" BETWEEN $1::float8 AND $2::float8)', values: [10, 20] },
  {
    source: 'example38', text: 'NOT "value" BETWEEN 10 AND 20',
    json: O('not', O('between', P('value'), 10, 20)),
    sql: '(NOT (t."value" BETWEEN $1::float8 AND $2::float8))', values: [10, 20],
  },
  {
    source: 'example38-alt01', text: '"value" NOT BETWEEN 10 AND 20',
    json: O('not', O('between', P('value'), 10, 20)),
    ast: op('not', op('between', prop('value'), num(10), num(20))),
    sql: '(NOT (t."value" BETWEEN $1::float8 AND $2::float8))', values: [10, 20],
  },
  { source: 'example39', text: '"value" IN (1.0, 2.0, 3.0)', json: O('in', P('value'), [1, 2, 3]), sql: '(t."value" IN ($1::float8, $2::float8, $3::float8))', values: [1, 2, 3] },
  {
    source: 'example40', text: `NOT "value" IN ('a', 'b', 'c')`,
    json: O('not', O('in', P('value'), ['a', 'b', 'c'])),
    error: 'IN compares property "value" (float8) with a string (text)', property: 'value',
  },
  {
    source: 'example40-alt01', text: `"value" NOT IN ('a', 'b', 'c')`,
    json: O('not', O('in', P('value'), ['a', 'b', 'c'])),
    error: 'IN compares property "value" (float8) with a string (text)', property: 'value',
  },
  {
    source: 'example43', text: `(NOT "name" LIKE 'foo%' AND "value" > 10)`,
    json: O('and', O('not', O('like', P('name'), 'foo%')), O('>', P('value'), 10)),
    sql: '((NOT (t."name" LIKE $1::text)) AND (t."value" > $2::float8))', values: ['foo%', 10],
  },
  {
    source: 'example43-alt01', text: `"name" NOT LIKE 'foo%' AND "value" > 10`,
    json: O('and', O('not', O('like', P('name'), 'foo%')), O('>', P('value'), 10)),
    sql: '((NOT (t."name" LIKE $1::text)) AND (t."value" > $2::float8))', values: ['foo%', 10],
  },
  {
    source: 'example44', text: '("value" IS NULL OR "value" BETWEEN 10 AND 20)',
    json: O('or', O('isNull', P('value')), O('between', P('value'), 10, 20)),
    sql: '((t."value" IS NULL) OR (t."value" BETWEEN $1::float8 AND $2::float8))', values: [10, 20],
  },
  {
    source: 'example44-alt01', text: '"value" IS NULL OR "value" BETWEEN 10 AND 20',
    json: O('or', O('isNull', P('value')), O('between', P('value'), 10, 20)),
    sql: '((t."value" IS NULL) OR (t."value" BETWEEN $1::float8 AND $2::float8))', values: [10, 20],
  },
  // Annex A, advanced-comparison-operators: test methods
  { source: 'ats/advanced-comparison-operators/like', text: "name LIKE '%'", json: O('like', P('name'), '%'), sql: '(t."name" LIKE $1::text)', values: ['%'] },
  { source: 'ats/advanced-comparison-operators/like', text: "name like '_%'", json: O('like', P('name'), '_%'), sql: '(t."name" LIKE $1::text)', values: ['_%'] },
  { source: 'ats/advanced-comparison-operators/like', text: "name like ''", json: O('like', P('name'), ''), sql: '(t."name" LIKE $1::text)', values: [''] },
  { source: 'ats/advanced-comparison-operators/like', text: "name like '%%'", json: O('like', P('name'), '%%'), sql: '(t."name" LIKE $1::text)', values: ['%%'] },
  {
    source: 'ats/advanced-comparison-operators/like', text: String.raw`name like '\%\_'`,
    json: O('like', P('name'), String.raw`\%\_`),
    ast: op('like', prop('name'), str(String.raw`\%\_`)),
    sql: '(t."name" LIKE $1::text)', values: [String.raw`\%\_`],
  },
  {
    source: 'ats/advanced-comparison-operators/between', text: 'pop_other BETWEEN 0 AND 100',
    json: O('between', P('pop_other'), 0, 100),
    sql: '(t."pop_other" BETWEEN $1::float8 AND $2::float8)', values: [0, 100],
  },
  {
    source: 'ats/advanced-comparison-operators/between', text: 'pop_other between 100.0 and 1.0',
    json: O('between', P('pop_other'), 100, 1),
    sql: '(t."pop_other" BETWEEN $1::float8 AND $2::float8)', values: [100, 1],
  },
  {
    source: 'ats/advanced-comparison-operators/in', text: 'pop_other IN (1, 2, 3)',
    json: O('in', P('pop_other'), [1, 2, 3]),
    sql: '(t."pop_other" IN ($1::float8, $2::float8, $3::float8))', values: [1, 2, 3],
  },
  {
    source: 'ats/advanced-comparison-operators/in', text: "name in ('foo', 'bar')",
    json: O('in', P('name'), ['foo', 'bar']),
    sql: '(t."name" IN ($1::text, $2::text))', values: ['foo', 'bar'],
  },
  { source: 'ats/advanced-comparison-operators/in', text: 'boolean in (true)', json: O('in', P('boolean'), [true]), sql: '(t."boolean" IN ($1::boolean))', values: [true] },
  {
    source: 'ats/advanced-comparison-operators/in', text: "start in ('2022-04-14T14:52:56Z', '2022-04-14T15:52:56Z')",
    json: O('in', P('start'), ['2022-04-14T14:52:56Z', '2022-04-14T15:52:56Z']),
    error: 'IN compares property "start" (timestamptz) with a string (text)', property: 'start',
  },
  {
    source: 'ats/advanced-comparison-operators/in', text: `"date" in ('2022-04-14', '2022-04-15')`,
    json: O('in', P('date'), ['2022-04-14', '2022-04-15']),
    error: 'IN compares property "date" (date) with a string (text)', property: 'date',
  },
  // Annex A, advanced-comparison-operators: the test data set
  { source: 'ats/advanced-comparison-operators/test-data', text: "name LIKE 'B_r%'", json: O('like', P('name'), 'B_r%'), sql: '(t."name" LIKE $1::text)', values: ['B_r%'] },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: "name NOT LIKE 'B_r%'",
    json: O('not', O('like', P('name'), 'B_r%')),
    sql: '(NOT (t."name" LIKE $1::text))', values: ['B_r%'],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: 'pop_other between 1000000 and 3000000',
    json: O('between', P('pop_other'), 1000000, 3000000),
    sql: '(t."pop_other" BETWEEN $1::float8 AND $2::float8)', values: [1000000, 3000000],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: 'pop_other not between 1000000 and 3000000',
    json: O('not', O('between', P('pop_other'), 1000000, 3000000)),
    sql: '(NOT (t."pop_other" BETWEEN $1::float8 AND $2::float8))', values: [1000000, 3000000],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: "name IN ('Kiev','kobenhavn','Berlin','athens','foo')",
    json: O('in', P('name'), ['Kiev', 'kobenhavn', 'Berlin', 'athens', 'foo']),
    sql: '(t."name" IN ($1::text, $2::text, $3::text, $4::text, $5::text))', values: ['Kiev', 'kobenhavn', 'Berlin', 'athens', 'foo'],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: "name NOT IN ('Kiev','kobenhavn','Berlin','athens','foo')",
    json: O('not', O('in', P('name'), ['Kiev', 'kobenhavn', 'Berlin', 'athens', 'foo'])),
    sql: '(NOT (t."name" IN ($1::text, $2::text, $3::text, $4::text, $5::text)))', values: ['Kiev', 'kobenhavn', 'Berlin', 'athens', 'foo'],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: 'pop_other not in (1038288,1611692,3013258,3013257,3013259)',
    json: O('not', O('in', P('pop_other'), [1038288, 1611692, 3013258, 3013257, 3013259])),
    sql: '(NOT (t."pop_other" IN ($1::float8, $2::float8, $3::float8, $4::float8, $5::float8)))', values: [1038288, 1611692, 3013258, 3013257, 3013259],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: `"date" in (DATE('2021-04-16'),DATE('2022-04-16'),DATE('2022-04-18'))`,
    json: O('in', P('date'), [D('2021-04-16'), D('2022-04-16'), D('2022-04-18')]),
    sql: `(t."date" IN (${dateAt(1)}, ${dateAt(2)}, ${dateAt(3)}))`, values: ['2021-04-16', '2022-04-16', '2022-04-18'],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: `"date" not in (DATE('2021-04-16'),DATE('2022-04-16'),DATE('2022-04-18'))`,
    json: O('not', O('in', P('date'), [D('2021-04-16'), D('2022-04-16'), D('2022-04-18')])),
    sql: `(NOT (t."date" IN (${dateAt(1)}, ${dateAt(2)}, ${dateAt(3)})))`, values: ['2021-04-16', '2022-04-16', '2022-04-18'],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: "start in (TIMESTAMP('2022-04-16T10:13:19Z'))",
    json: O('in', P('start'), [TS('2022-04-16T10:13:19Z')]),
    sql: '(t."start" IN ($1::timestamptz))', values: ['2022-04-16T10:13:19Z'],
  },
  {
    source: 'ats/advanced-comparison-operators/test-data', text: 'boolean not in (false)',
    json: O('not', O('in', P('boolean'), [false])),
    sql: '(NOT (t."boolean" IN ($1::boolean)))', values: [false],
  },
  // Annex A, advanced-comparison-operators: test "logical", `((NOT {p1} AND {p2}) OR ({p3} and NOT {p4}) or not ({p1} AND {p4}))`
  {
    source: 'ats/advanced-comparison-operators/logical',
    text: `((NOT name LIKE 'B_r%' AND pop_other between 1000000 and 3000000) OR (boolean in (true) and NOT "date" IS NULL) or not (name LIKE 'B_r%' AND "date" IS NULL))`,
    json: O(
      'or',
      O('and', O('not', O('like', P('name'), 'B_r%')), O('between', P('pop_other'), 1000000, 3000000)),
      O('and', O('in', P('boolean'), [true]), O('not', O('isNull', P('date')))),
      O('not', O('and', O('like', P('name'), 'B_r%'), O('isNull', P('date')))),
    ),
    sql: '(((NOT (t."name" LIKE $1::text)) AND (t."pop_other" BETWEEN $2::float8 AND $3::float8)) OR ((t."boolean" IN ($4::boolean)) AND (NOT (t."date" IS NULL))) OR (NOT ((t."name" LIKE $5::text) AND (t."date" IS NULL))))',
    values: ['B_r%', 1000000, 3000000, true, 'B_r%'],
  },
]);
