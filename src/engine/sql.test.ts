import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { quoteIdent, quoteQualified } from './sql.ts';

/** Reverse of quoteIdent, written independently: strip the outer quotes, undouble the inner ones. */
function unquote(quoted: string): string {
  assert.ok(quoted.length >= 2 && quoted.startsWith('"') && quoted.endsWith('"'), `not a quoted identifier: ${quoted}`);
  const body = quoted.slice(1, -1);
  // every double quote inside must come in pairs
  assert.doesNotMatch(body.replaceAll('""', ''), /"/, `lone double quote in ${quoted}`);
  return body.replaceAll('""', '"');
}

describe('quoteIdent', () => {
  const cases: Array<[string, string, string]> = [
    ['plain name', 'places', '"places"'],
    ['upper case is kept (no folding)', 'Places', '"Places"'],
    ['reserved word', 'select', '"select"'],
    ['digits first', '1table', '"1table"'],
    ['underscore and dollar', '_a$b', '"_a$b"'],
    ['one double quote', 'a"b', '"a""b"'],
    ['only a double quote', '"', '""""'],
    ['two double quotes', '""', '""""""'],
    ['quotes at both ends', '"x"', '"""x"""'],
    ['a dot stays inside the identifier', 'public.places', '"public.places"'],
    ['spaces', 'my table', '"my table"'],
    ['leading and trailing spaces kept', ' a ', '" a "'],
    ['semicolon', 'a; DROP TABLE x; --', '"a; DROP TABLE x; --"'],
    ['quote-break injection attempt', 'x"; DROP TABLE t; --', '"x""; DROP TABLE t; --"'],
    ['single quotes are not special', "o'brien", `"o'brien"`],
    ['backslash is not special', 'a\\b', '"a\\b"'],
    ['unicode letters', 'città_ñandú', '"città_ñandú"'],
    ['CJK', '道路', '"道路"'],
    ['emoji (astral plane)', 'map🗺️', '"map🗺️"'],
    ['newline and tab', 'a\nb\tc', '"a\nb\tc"'],
    ['empty string', '', '""'],
  ];
  for (const [label, input, expected] of cases) {
    test(label, () => {
      assert.equal(quoteIdent(input), expected);
      assert.equal(unquote(quoteIdent(input)), input);
    });
  }

  test('NUL throws', () => {
    assert.throws(() => quoteIdent('a\u0000b'), /NUL/);
    assert.throws(() => quoteIdent('\u0000'), /NUL/);
    assert.throws(() => quoteIdent('abc\u0000'), /NUL/);
  });

  test('the result never contains an unpaired double quote', () => {
    for (const input of ['"', 'a"', '"a', 'a""b', '"""', 'x"."y', '";--']) {
      const body = quoteIdent(input).slice(1, -1);
      assert.equal(body.replaceAll('""', '').includes('"'), false, input);
    }
  });

  test('quoting is injective: different names give different quoted text', () => {
    const names = ['a', 'A', 'a"', '"a', 'a""', 'a.b', 'a"."b', 'a b', ''];
    const quoted = new Set(names.map(quoteIdent));
    assert.equal(quoted.size, names.length);
  });
});

describe('quoteQualified', () => {
  test('plain schema and name', () => {
    assert.equal(quoteQualified('public', 'places'), '"public"."places"');
  });

  test('dots inside either part stay inside their quotes', () => {
    assert.equal(quoteQualified('a.b', 'c'), '"a.b"."c"');
    assert.equal(quoteQualified('a', 'b.c'), '"a"."b.c"');
    assert.notEqual(quoteQualified('a.b', 'c'), quoteQualified('a', 'b.c'));
  });

  test('double quotes in either part are doubled', () => {
    assert.equal(quoteQualified('my"schema', 'my"table'), '"my""schema"."my""table"');
    assert.equal(quoteQualified('x"."y', 'z'), '"x"".""y"."z"');
    assert.notEqual(quoteQualified('x"."y', 'z'), quoteQualified('x', 'y"."z'));
  });

  test('spaces, semicolons and unicode', () => {
    assert.equal(quoteQualified('my schema', 'a;b'), '"my schema"."a;b"');
    assert.equal(quoteQualified('géo', '道路'), '"géo"."道路"');
  });

  test('NUL in either part throws', () => {
    assert.throws(() => quoteQualified('a\u0000', 'b'), /NUL/);
    assert.throws(() => quoteQualified('a', 'b\u0000'), /NUL/);
  });
});
