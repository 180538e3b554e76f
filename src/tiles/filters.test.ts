import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TileryError } from '../errors.ts';
import { parseTileFilters } from './filters.ts';

const subset = (s: string | string[]) => parseTileFilters({ subset: s }).subset;
const eq = (name: string, value: unknown) => ({ type: 'op', op: '=', args: [{ type: 'property', name }, value] });
const str = (value: string) => ({ type: 'string', value });

describe('subset', () => {
  test('a quoted value holds any character: parentheses, semicolons, commas, colons; "" is a quote', () => {
    assert.deepEqual(subset('kind("a)b")'), [eq('kind', str('a)b'))]);
    assert.deepEqual(subset('kind("a;b"),n("x,y")'), [eq('kind', str('a;b')), eq('n', str('x,y'))]);
    assert.deepEqual(subset('kind("say ""hi"", (x)")'), [eq('kind', str('say "hi", (x)'))]);
    assert.deepEqual(subset('kind("a:b")'), [eq('kind', str('a:b'))]);
    assert.deepEqual(subset('kind("\'; DROP TABLE x; --")'), [eq('kind', str("'; DROP TABLE x; --"))]);
  });

  test('ranges: numbers, dates, quoted ends, open ends; several conditions and parameters', () => {
    assert.deepEqual(subset(['n(1:2)', 'kind("a":"m")', 'd(2020-01-01:*)']), [
      { type: 'op', op: 'between', args: [{ type: 'property', name: 'n' }, { type: 'number', value: 1 }, { type: 'number', value: 2 }] },
      { type: 'op', op: 'between', args: [{ type: 'property', name: 'kind' }, str('a'), str('m')] },
      { type: 'op', op: '>=', args: [{ type: 'property', name: 'd' }, { type: 'date', value: '2020-01-01' }] },
    ]);
  });

  for (const [text, reason] of [
    ['kind("a', /not closed/],
    ['kind(a(b))', /quote a value/],
    ['kind("a")x', /expected a comma/],
    ['kind(1:2:3)', /more than one ":"/],
    ['kind(*:*)', /no bound/],
    ['(x)', /expected name/],
    ['kind(abc)', /neither a "quoted string"/],
    ['kind(1', /expected "\)"/],
  ] as const) {
    test(`${text} is a 400 naming subset`, () => {
      assert.throws(
        () => subset(text),
        (err: unknown) => err instanceof TileryError && err.status === 400 && err.detail.parameter === 'subset' && reason.test(err.message),
      );
    });
  }
});
