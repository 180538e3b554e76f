/** Cases of the conformance class array-functions: A_EQUALS, A_CONTAINS, A_CONTAINEDBY, A_OVERLAPS. */
import { array, bool, type Case, D, inClass, num, O, op, P, prop, str, TS } from './case.ts';

export const arrayFunctions = inClass('array-functions', [
  {
    source: 'clause7_15', text: "A_CONTAINS(layer:ids, ('layers-ca','layers-us'))",
    json: O('a_contains', P('layer:ids'), ['layers-ca', 'layers-us']),
    ast: op('a_contains', prop('layer:ids'), array(str('layers-ca'), str('layers-us'))),
    sql: '(t."layer:ids" @> $1::text[])', values: [['layers-ca', 'layers-us']],
  },
  {
    source: 'example79', text: `A_CONTAINEDBY("values", ('a', 'b', 'c'))`,
    json: O('a_containedBy', P('values'), ['a', 'b', 'c']),
    sql: '(t."values" <@ $1::text[])', values: [['a', 'b', 'c']],
  },
  {
    source: 'example80', text: `A_CONTAINS("values", ('a', 'b', 'c'))`,
    json: O('a_contains', P('values'), ['a', 'b', 'c']),
    sql: '(t."values" @> $1::text[])', values: [['a', 'b', 'c']],
  },
  {
    source: 'example81', text: `A_EQUALS(('a', TRUE, 1.0, 8), "values")`,
    json: O('a_equals', ['a', true, 1, 8], P('values')),
    ast: op('a_equals', array(str('a'), bool(true), num(1), num(8)), prop('values')),
    sql: '($1::text[] = t."values")', values: [['a', true, 1, 8]],
  },
  {
    // example82.txt writes TIMESTAMP('2012-08-10T05:30:00.000000Z'); the published JSON has '…00Z' (adapted: JSON as the text)
    source: 'example82 (adapted)', text: `A_OVERLAPS("values", (TIMESTAMP('2012-08-10T05:30:00.000000Z'), DATE('2010-02-10'), FALSE))`,
    json: O('a_overlaps', P('values'), [TS('2012-08-10T05:30:00.000000Z'), D('2010-02-10'), false]),
    sql: '(t."values" && $1::text[])', values: [['2012-08-10T05:30:00.000000Z', '2010-02-10', false]],
  },
  // Annex A, array-functions: ("foo","bar") are double-quoted, so by the grammar an array of two properties
  ...[
    ['A_CONTAINS', 'a_contains'],
    ['A_CONTAINEDBY', 'a_containedBy'],
    ['A_EQUALS', 'a_equals'],
    ['A_OVERLAPS', 'a_overlaps'],
  ].map(
    ([f, name]): Case => ({
      source: 'ats/array-functions/array-predicates',
      text: `${f}(tags,("foo","bar"))`,
      json: O(name, P('tags'), [P('foo'), P('bar')]),
      error: 'array items must be literals, got property "foo"',
    }),
  ),
]);
