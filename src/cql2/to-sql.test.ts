import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cases, FILTER_SRID, QUERYABLES, testEachCase } from '../../test/cql2/index.ts';
import { parseCql2Text } from './parse-text.ts';
import { Cql2CheckError, cql2ToSql, type FilterTarget } from './to-sql.ts';

/** A Cql2CheckError with this message, naming this property (or none). */
function checkError(message: string, property?: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof Cql2CheckError, `not a Cql2CheckError: ${String(err)}`);
    assert.equal(err.message, message);
    assert.equal(err.property, property);
    return true;
  };
}

describe('every CQL2 case, translated against the queryables of the cases', () => {
  testEachCase((c) => {
    const translate = () => cql2ToSql(parseCql2Text(c.text), QUERYABLES, FILTER_SRID, 1);
    if ('sql' in c) assert.deepEqual(translate(), { sql: c.sql, values: c.values });
    else assert.throws(translate, checkError(c.error, c.property));
  });

  test('most cases translate; the others are refused by name', () => {
    const refused = cases.filter((c) => 'error' in c);
    assert.ok(cases.length - refused.length > 300);
    assert.ok(refused.length >= 10);
  });
});

/** A collection of awkward names: quotes, dots, spaces, mixed case, SQL in a name. */
const AWKWARD: FilterTarget = {
  geometryColumn: 'the "geom"',
  srid: 4326,
  columns: new Map([
    ['Mixed Case', 'int4'],
    ['a"b', 'text'],
    ['dotted.name', 'date'],
    ['$1::text', 'text'],
    ['x); DROP TABLE t; --', 'bool'],
  ]),
};

/** A plain collection: numbers, text, dates, arrays, a JSON column, in Web Mercator. */
const PLACES: FilterTarget = {
  geometryColumn: 'geom',
  srid: 3857,
  columns: new Map([
    ['rank', 'int4'],
    ['name', 'text'],
    ['starts', 'date'],
    ['ends', 'date'],
    ['seen_at', 'timestamptz'],
    ['ranks', '_int4'],
    ['tags', '_text'],
    ['doc', 'jsonb'],
    ['docs', '_jsonb'],
  ]),
};

const sqlOf = (text: string, target = PLACES, firstParam = 1, filterSrid = 4326) => cql2ToSql(parseCql2Text(text), target, filterSrid, firstParam);

/** Each filter is refused on PLACES with this message, naming this property (or none). */
function refuses(filters: ReadonlyArray<readonly [text: string, message: string, property?: string]>): void {
  for (const [text, message, property] of filters) assert.throws(() => sqlOf(text), checkError(message, property), text);
}

describe('cql2ToSql', () => {
  test('property names come from the catalog and are quoted as identifiers, whatever they hold', () => {
    assert.deepEqual(sqlOf(`"Mixed Case" = 1 AND "a""b" = 'x' AND "dotted.name" IS NULL AND "$1::text" = 'y' AND "x); DROP TABLE t; --"`, AWKWARD), {
      sql: '((t."Mixed Case" = $1::float8) AND (t."a""b" = $2::text) AND (t."dotted.name" IS NULL) AND (t."$1::text" = $3::text) AND t."x); DROP TABLE t; --")',
      values: [1, 'x', 'y'],
    });
    assert.deepEqual(sqlOf('S_INTERSECTS("the ""geom""", BBOX(0, 0, 1, 1))', AWKWARD), {
      sql: '(ST_Intersects(t."the ""geom""", ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)))',
      values: [0, 0, 1, 1],
    });
  });

  test('values are bind parameters numbered from the first one given', () => {
    assert.deepEqual(sqlOf("rank = 1 AND name LIKE 'a%'", PLACES, 7), { sql: '((t."rank" = $7::float8) AND (t."name" LIKE $8::text))', values: [1, 'a%'] });
    assert.deepEqual(sqlOf("name IN ('a', 'b', 'c')", PLACES, 3), { sql: '(t."name" IN ($3::text, $4::text, $5::text))', values: ['a', 'b', 'c'] });
    assert.deepEqual(sqlOf("name = 'x'' OR ''1''=''1'", PLACES, 2), { sql: '(t."name" = $2::text)', values: ["x' OR '1'='1"] });
  });

  test('the ends of an interval literal are bound in the order the relation uses them, an unused end not at all', () => {
    assert.deepEqual(sqlOf("T_INTERSECTS(seen_at, INTERVAL('2020-01-01T00:00:00Z', '2020-12-31T00:00:00Z'))", PLACES, 3), {
      sql: '(t."seen_at" <= $3::timestamptz AND t."seen_at" >= $4::timestamptz)',
      values: ['2020-12-31T00:00:00Z', '2020-01-01T00:00:00Z'],
    });
    assert.deepEqual(sqlOf("T_AFTER(seen_at, INTERVAL('2020-01-01T00:00:00Z', '2020-12-31T00:00:00Z'))", PLACES, 3), {
      sql: '(t."seen_at" > $3::timestamptz)',
      values: ['2020-12-31T00:00:00Z'],
    });
    assert.deepEqual(sqlOf("T_BEFORE(INTERVAL(starts, ends), INTERVAL('2020-01-01', '..'))"), {
      sql: `((t."ends"::timestamp AT TIME ZONE 'UTC') < ($1::date::timestamp AT TIME ZONE 'UTC'))`,
      values: ['2020-01-01'],
    });
    // an open end is a constant, never a value
    assert.deepEqual(sqlOf("T_INTERSECTS(seen_at, INTERVAL('..', '2020-12-31T00:00:00Z'))"), {
      sql: `(t."seen_at" <= $1::timestamptz AND t."seen_at" >= '-infinity'::timestamptz)`,
      values: ['2020-12-31T00:00:00Z'],
    });
  });

  test("geometry literals stay in the filter's SRID; the collection's geometry is transformed to it", () => {
    assert.deepEqual(sqlOf('S_WITHIN(geom, POINT(1 2))', PLACES, 1, 4326), {
      sql: '(ST_Within(ST_Transform(t."geom", 4326), ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)))',
      values: ['{"type":"Point","coordinates":[1,2]}'],
    });
    assert.deepEqual(sqlOf('S_WITHIN(geom, BBOX(0, 0, 100, 100))', PLACES, 1, 3035), {
      sql: '(ST_Within(ST_Transform(t."geom", 3035), ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 3035)))',
      values: [0, 0, 100, 100],
    });
  });

  test('array literals are one value, cast to the element type of the column they meet', () => {
    assert.deepEqual(sqlOf('A_OVERLAPS(ranks, (1, 2))'), { sql: '(t."ranks" && $1::int4[])', values: [[1, 2]] });
    assert.deepEqual(sqlOf("A_CONTAINEDBY(('a'), tags)"), { sql: '($1::text[] <@ t."tags")', values: [['a']] });
    assert.deepEqual(sqlOf("A_EQUALS(('a'), ('b'))"), { sql: '($1::text[] = $2::text[])', values: [['a'], ['b']] });
  });

  test('a literal on the left of BETWEEN or IN is bound once, and every bound value is used', () => {
    const between = sqlOf("DATE('2020-01-01') BETWEEN starts AND DATE('2021-01-01')");
    assert.equal(between.values.length, 2);
    assert.match(between.sql, /^\(\(\$1::date::timestamp AT TIME ZONE 'UTC'\) BETWEEN .*\$2/);
    const list = sqlOf('3 IN (rank, 4, 5)');
    assert.deepEqual(list, { sql: '($1::float8 IN (t."rank", $2::float8, $3::float8))', values: [3, 4, 5] });
  });

  test('a column of a type tilery does not classify (jsonb here) is compared as its text', () => {
    assert.deepEqual(sqlOf("doc = 'x' AND doc IS NOT NULL"), { sql: '((t."doc"::text = $1::text) AND (NOT (t."doc" IS NULL)))', values: ['x'] });
    assert.deepEqual(sqlOf("CASEI(doc) LIKE '%a%'"), { sql: '(lower(t."doc"::text) LIKE $1::text)', values: ['%a%'] });
    refuses([
      ['doc = 1', '= compares property "doc" (jsonb) with a number (number)', 'doc'],
      ['doc + 1 > 1', '+ needs numbers, got property "doc" (jsonb)', 'doc'],
    ]);
  });

  test('an unknown property is an error naming it, wherever it stands', () => {
    refuses([
      ['nope = 1', 'unknown property "nope"', 'nope'],
      ['rank IN (1, nope)', 'unknown property "nope"', 'nope'],
      ["CASEI(nope) = 'x'", 'unknown property "nope"', 'nope'],
      // T_AFTER compares only the start of the first interval: its end is checked all the same
      ["T_AFTER(INTERVAL(starts, nope), DATE('2020-01-01'))", 'unknown property "nope"', 'nope'],
      // the collection's geometry is known by the catalog's name only
      ['S_INTERSECTS(geometry, POINT(0 0))', 'unknown property "geometry"', 'geometry'],
    ]);
  });

  test('a value of the wrong kind is an error naming the property', () => {
    refuses([
      ["rank = 'seven'", '= compares property "rank" (int4) with a string (text)', 'rank'],
      ["'seven' < rank", '< compares a string (text) with property "rank" (int4)', 'rank'],
      ["rank BETWEEN 1 AND 'z'", 'BETWEEN compares property "rank" (int4) with a string (text)', 'rank'],
      ["starts IN ('2020-01-01')", 'IN compares property "starts" (date) with a string (text)', 'starts'],
      ["rank LIKE '1%'", 'LIKE needs text, got property "rank" (int4)', 'rank'],
      ['name + 1 > 2', '+ needs numbers, got property "name" (text)', 'name'],
      ["CASEI(rank) = 'x'", 'CASEI needs text, got property "rank" (int4)', 'rank'],
      ['S_INTERSECTS(name, POINT(0 0))', 'S_INTERSECTS needs geometries, got property "name" (text)', 'name'],
      ["T_AFTER(name, DATE('2020-01-01'))", 'T_AFTER needs dates, timestamps or intervals, got property "name"', 'name'],
      ["T_AFTER(INTERVAL(name, ends), DATE('2020-01-01'))", 'property "name" is not a date or timestamp', 'name'],
      ["A_CONTAINS(name, ('a'))", 'A_CONTAINS needs arrays, got property "name" (text)', 'name'],
      ['A_OVERLAPS(tags, ranks)', 'A_OVERLAPS compares property "tags" (_text) with property "ranks" (_int4), arrays of different types', 'tags'],
      ["A_CONTAINS(docs, ('a'))", 'A_CONTAINS on arrays of jsonb is not supported', 'docs'],
      ['geom = geom', '= does not compare geometries: use the S_, A_ or T_ functions', 'geom'],
    ]);
  });

  test('what is not a condition, or not a value, is refused', () => {
    refuses([
      ['rank', 'property "rank" is not a condition'],
      ["'yes'", 'a string is not a condition'],
      ["A_CONTAINS(tags, (name))", 'array items must be literals, got property "name"'],
      ["rank = ('a', 'b')", 'an array is only allowed in IN lists and array functions'],
      ["INTERVAL('2020-01-01', '..') IS NULL", 'IS NULL does not apply to an interval'],
      ['sqrt(rank) > 1', 'unsupported function "sqrt"'],
    ]);
  });
});
