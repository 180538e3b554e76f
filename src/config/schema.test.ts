import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULTS, RELATIONS, SETTINGS } from './schema.ts';
import { choice, defaultsOf, list, listOf, NOT_NEGATIVE, number, optionalText, POSITIVE_INTEGER, problemOf, settingsOf } from './setting.ts';

describe('the settings table', () => {
  const settings = [...settingsOf(SETTINGS)];

  test('each environment variable sets one setting and is TILERY_* (or DATABASE_URL)', () => {
    const names = settings.flatMap(([, s]) => (s.env ? [s.env] : []));
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^(TILERY_[A-Z0-9_]+|DATABASE_URL)$/);
  });

  test('every setting says what it means', () => {
    for (const [path, s] of settings) assert.ok(s.doc.length > 0, path);
  });

  test('the defaults pass their own checks', () => {
    for (const [path, s] of settings) assert.equal(problemOf(path, s, s.default), undefined, path);
    for (const relation of RELATIONS) assert.equal(relation(DEFAULTS), undefined);
  });

  test('defaults are made afresh: lists and mappings are not shared', () => {
    const a = defaultsOf(SETTINGS);
    const b = defaultsOf(SETTINGS);
    assert.deepEqual(a, b);
    assert.notEqual(a.cors_origins, b.cors_origins);
    assert.notEqual(a.catalog.layers, b.catalog.layers);
    assert.notEqual(a.cors_origins, SETTINGS.cors_origins.default);
  });
});

describe('what a setting says of a value', () => {
  const cases: Array<[string, Parameters<typeof problemOf>[1], unknown, string | undefined]> = [
    ['a positive integer, 0', number(1, { doc: '-', rules: [POSITIVE_INTEGER] }), 0, '"k" must be a positive integer, got 0'],
    ['a positive integer, 1.5', number(1, { doc: '-', rules: [POSITIVE_INTEGER] }), 1.5, '"k" must be a positive integer, got 1.5'],
    ['not negative, 0.5', number(1, { doc: '-', rules: [NOT_NEGATIVE] }), 0.5, undefined],
    ['the first rule broken speaks', number(1, { doc: '-', rules: [NOT_NEGATIVE, { max: 9, says: 'must be at most 9' }] }), 10, '"k" must be at most 9, got 10'],
    ['one of two', choice(['a', 'b'], 'a', { doc: '-' }), 'c', '"k" must be a or b'],
    ['one of three', choice(['a', 'b', 'c'], 'a', { doc: '-' }), 'd', '"k" must be one of a, b, c'],
    ['a pattern', optionalText({ doc: '-', rules: [{ pattern: /^x/, says: 'must start with x' }] }), 'y', '"k" must start with x'],
    ['null is none, not checked', optionalText({ doc: '-', rules: [{ pattern: /^x/, says: 'must start with x' }] }), null, undefined],
    ['an unknown item', listOf(['a', 'b'], [], { doc: '-', noun: 'letter' }), ['a', 'z'], '"k": unknown letter "z" (use a, b)'],
    ['an item twice', listOf(['a', 'b'], [], { doc: '-', noun: 'letter', unique: true }), ['a', 'a'], '"k" names a letter twice'],
    ['a free list', list([], { doc: '-' }), ['anything'], undefined],
  ];
  for (const [name, setting, value, expected] of cases) {
    test(name, () => {
      assert.equal(problemOf('k', setting, value), expected);
    });
  }
});
