import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Cql2SyntaxError, op } from './ast.ts';
import type { Node } from './ast.ts';
import { geometry as geom, num, prop, str } from '../../test/cql2/case.ts';
import { cases, jsonErrors, label, testEachCase, textErrors } from '../../test/cql2/index.ts';
import { parseCql2, parseCql2Json, parseCql2Text } from './index.ts';
import { MAX_NESTING } from './token-cursor.ts';
import { scan } from './scan.ts';

/** The part of a filter after `x = `, parsed. */
function value(text: string): Node {
  const n = parseCql2Text(`x = ${text}`);
  assert.ok(n.type === 'op' && n.op === '=', `not a comparison: ${JSON.stringify(n)}`);
  return n.args[1];
}

describe('CQL2 examples and conformance tests, both encodings', () => {
  testEachCase((c) => {
    const fromText = parseCql2Text(c.text);
    const fromJson = parseCql2Json(c.json);
    assert.deepEqual(fromJson, fromText, 'cql2-json and cql2-text give different trees');
    assert.deepEqual(parseCql2(JSON.stringify(c.json), 'cql2-json'), fromText, 'parseCql2(…, cql2-json)');
    assert.deepEqual(parseCql2(c.text, 'cql2-text'), fromText, 'parseCql2(…, cql2-text)');
    if (c.ast) assert.deepEqual(fromText, c.ast);
  });

  test('every class has cases, some with an explicit tree', () => {
    const classes = [...new Set(cases.map((c) => c.class))];
    for (const cls of classes) assert.ok(cases.filter((c) => c.class === cls).length >= 2, cls);
    assert.ok(cases.filter((c) => c.ast).length >= 30);
    assert.equal(classes.length, 12);
  });
});

describe('precedence', () => {
  test('AND binds tighter than OR', () => {
    const [a, b, c] = [op('=', prop('a'), num(1)), op('=', prop('b'), num(2)), op('=', prop('c'), num(3))];
    assert.deepEqual(parseCql2Text('a = 1 OR b = 2 AND c = 3'), op('or', a, op('and', b, c)));
    assert.deepEqual(parseCql2Text('a = 1 AND b = 2 OR c = 3'), op('or', op('and', a, b), c));
    assert.deepEqual(parseCql2Text('(a = 1 OR b = 2) AND c = 3'), op('and', op('or', a, b), c));
  });

  test('NOT binds tighter than AND, and applies to a whole predicate', () => {
    const [a, b] = [op('=', prop('a'), num(1)), op('=', prop('b'), num(2))];
    assert.deepEqual(parseCql2Text('NOT a = 1 AND b = 2'), op('and', op('not', a), b));
    assert.deepEqual(parseCql2Text('NOT (a = 1 AND b = 2)'), op('not', op('and', a, b)));
    assert.deepEqual(parseCql2Text('NOT NOT a = 1'), op('not', op('not', a)));
  });

  test('BETWEEN takes its AND before the boolean AND', () => {
    assert.deepEqual(
      parseCql2Text('a BETWEEN 1 AND 2 AND b = 3'),
      op('and', op('between', prop('a'), num(1), num(2)), op('=', prop('b'), num(3))),
    );
    assert.deepEqual(parseCql2Text('a BETWEEN b - 1 AND b + 1'), op('between', prop('a'), op('-', prop('b'), num(1)), op('+', prop('b'), num(1))));
  });

  test('arithmetic: * / % div before + -, ^ before those, left to right', () => {
    assert.deepEqual(value('1 + 2 * 3'), op('+', num(1), op('*', num(2), num(3))));
    assert.deepEqual(value('(1 + 2) * 3'), op('*', op('+', num(1), num(2)), num(3)));
    assert.deepEqual(value('1 - 2 - 3'), op('-', op('-', num(1), num(2)), num(3)));
    assert.deepEqual(value('8 / 4 / 2'), op('/', op('/', num(8), num(4)), num(2)));
    assert.deepEqual(value('7 % 4 div 2'), op('div', op('%', num(7), num(4)), num(2)));
    assert.deepEqual(value('2 * 3 ^ 2'), op('*', num(2), op('^', num(3), num(2))));
    assert.deepEqual(value('2 ^ 3 ^ 2'), op('^', num(2), op('^', num(3), num(2))));
  });

  test('a comparison compares whole arithmetic expressions', () => {
    assert.deepEqual(parseCql2Text('a + 1 > b * 2'), op('>', op('+', prop('a'), num(1)), op('*', prop('b'), num(2))));
    assert.deepEqual(parseCql2Text('(a + 1) * 2 >= 3'), op('>=', op('*', op('+', prop('a'), num(1)), num(2)), num(3)));
  });
});

describe('normal form', () => {
  test('and/or are flattened, also across parentheses, but not across each other', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => op('=', prop(n), num(1)));
    assert.deepEqual(parseCql2Text('a = 1 AND b = 1 AND c = 1 AND d = 1'), op('and', a, b, c, d));
    assert.deepEqual(parseCql2Text('a = 1 AND (b = 1 AND (c = 1 AND d = 1))'), op('and', a, b, c, d));
    assert.deepEqual(parseCql2Text('((a = 1 OR b = 1) OR c = 1) OR d = 1'), op('or', a, b, c, d));
    assert.deepEqual(parseCql2Text('a = 1 AND (b = 1 OR c = 1) AND d = 1'), op('and', a, op('or', b, c), d));
    assert.deepEqual(parseCql2Text('(a = 1)'), a);
  });

  test('cql2-json and/or are flattened the same way', () => {
    const eq = (n: string) => ({ op: '=', args: [{ property: n }, 1] });
    const json = { op: 'and', args: [{ op: 'and', args: [eq('a'), { op: 'and', args: [eq('b'), eq('c')] }] }, { op: 'or', args: [eq('d'), { op: 'or', args: [eq('e'), eq('f')] }] }] };
    assert.deepEqual(parseCql2Json(json), parseCql2Text('a = 1 AND b = 1 AND c = 1 AND (d = 1 OR e = 1 OR f = 1)'));
  });

  test('negated predicates are not of the predicate', () => {
    const like = op('like', prop('a'), str('x%'));
    assert.deepEqual(parseCql2Text("a NOT LIKE 'x%'"), op('not', like));
    assert.deepEqual(parseCql2Text("NOT a LIKE 'x%'"), op('not', like));
    assert.deepEqual(parseCql2Text('a NOT BETWEEN 1 AND 2'), op('not', op('between', prop('a'), num(1), num(2))));
    assert.deepEqual(parseCql2Text('a NOT IN (1, 2)'), op('not', op('in', prop('a'), { type: 'array', items: [num(1), num(2)] })));
    assert.deepEqual(parseCql2Text('a IS NOT NULL'), op('not', op('isnull', prop('a'))));
    assert.deepEqual(parseCql2Text('NOT a IS NULL'), op('not', op('isnull', prop('a'))));
  });

  test('unary minus: a negative number, or - with one argument', () => {
    assert.deepEqual(value('-5'), num(-5));
    assert.deepEqual(value('-2.5e3'), num(-2500));
    assert.deepEqual(value('- 5'), num(-5));
    assert.deepEqual(value('-(5)'), num(-5));
    assert.deepEqual(value('--5'), num(5));
    assert.deepEqual(value('+5'), num(5));
    assert.deepEqual(value('-y'), op('*', num(-1), prop('y')));
    assert.deepEqual(value('-(y + 1)'), op('*', num(-1), op('+', prop('y'), num(1))));
    assert.deepEqual(value('3 - -2'), op('-', num(3), num(-2)));
    assert.deepEqual(value('3--2'), op('-', num(3), num(-2)));
    assert.deepEqual(value('2 ^ -1'), op('^', num(2), num(-1)));
    // as in the BNF (arithmeticFactor = ["-"] operand), the sign belongs to the operand of ^
    assert.deepEqual(value('-y ^ 2'), op('^', op('*', num(-1), prop('y')), num(2)));
    assert.deepEqual(value('-2 ^ 2'), op('^', num(-2), num(2)));
  });

  test('cql2-json unary minus (an extension) meets cql2-text', () => {
    assert.deepEqual(parseCql2Json({ op: '-', args: [5] }), num(-5));
    assert.deepEqual(parseCql2Json({ op: '=', args: [{ property: 'x' }, { op: '-', args: [{ property: 'y' }] }] }), parseCql2Text('x = -y'));
    assert.deepEqual(parseCql2Json({ op: '=', args: [{ property: 'x' }, { op: '*', args: [-1, { property: 'y' }] }] }), parseCql2Text('x = -y'));
  });

  test('operator and function names are lower case, whatever the input', () => {
    assert.deepEqual(parseCql2Text('S_Intersects(g, POINT(1 2))'), op('s_intersects', prop('g'), geom('Point', [1, 2])));
    assert.deepEqual(parseCql2Text('MyFunc(a)'), op('myfunc', prop('a')));
    assert.deepEqual(parseCql2Json({ op: 'MyFunc', args: [{ property: 'a' }] }), op('myfunc', prop('a')));
    assert.deepEqual(parseCql2Json({ op: 'ISNULL', args: [{ property: 'a' }] }), op('isnull', prop('a')));
    assert.deepEqual(parseCql2Json({ op: 'T_FINISHEDBY', args: [{ property: 'a' }, { property: 'b' }] }), op('t_finishedby', prop('a'), prop('b')));
  });
});

describe('lexical details', () => {
  test('keywords are case-insensitive', () => {
    const expected = parseCql2Text("a = 1 AND b LIKE 'x' OR NOT c BETWEEN 1 AND 2 OR d IS NOT NULL OR e IN (TRUE, FALSE) OR f = 7 DIV 2");
    assert.deepEqual(parseCql2Text("a = 1 and b like 'x' or not c between 1 and 2 or d is not null or e in (true, false) or f = 7 div 2"), expected);
    assert.deepEqual(parseCql2Text("a = 1 And b Like 'x' Or Not c BeTwEeN 1 aNd 2 oR d Is NoT nUlL oR e In (True, fAlSe) Or f = 7 Div 2"), expected);
    assert.deepEqual(
      parseCql2Text("s_intersects(g, point z (1 2 3)) and t_after(t, timestamp('2020-01-01T00:00:00Z')) and casei(n) = Casei('x') and s_within(g, bbox(0, 0, 1, 1))"),
      parseCql2Text("S_INTERSECTS(g, POINT Z (1 2 3)) AND T_AFTER(t, TIMESTAMP('2020-01-01T00:00:00Z')) AND CASEI(n) = CASEI('x') AND S_WITHIN(g, BBOX(0, 0, 1, 1))"),
    );
  });

  test('property names: identifiers, double-quoted identifiers, keywords as names', () => {
    assert.deepEqual(value('eo:cloud_cover'), prop('eo:cloud_cover'));
    assert.deepEqual(value('a.b.c'), prop('a.b.c'));
    assert.deepEqual(value('_x9'), prop('_x9'));
    assert.deepEqual(value('Straße'), prop('Straße'));
    assert.deepEqual(value('道路'), prop('道路'));
    assert.deepEqual(value('"date"'), prop('date'));
    assert.deepEqual(value('"and"'), prop('and'));
    assert.deepEqual(value('"my column"'), prop('my column'));
    assert.deepEqual(value('"say ""hi"""'), prop('say "hi"'));
    // words that open literals are property names when no parenthesis follows
    assert.deepEqual(parseCql2Text("date > DATE('2020-01-01')"), op('>', prop('date'), { type: 'date', value: '2020-01-01' }));
    assert.deepEqual(value('point'), prop('point'));
    assert.deepEqual(value('interval'), prop('interval'));
    assert.deepEqual(parseCql2Text('t_after = 1'), op('=', prop('t_after'), num(1)));
  });

  test('string literals: doubled quote and backslash-quote escapes, anything else verbatim', () => {
    assert.deepEqual(value("'it''s'"), str("it's"));
    assert.deepEqual(value("''''"), str("'"));
    assert.deepEqual(value("''"), str(''));
    assert.deepEqual(value(String.raw`'it\'s'`), str("it's"));
    assert.deepEqual(value(String.raw`'50\%'`), str(String.raw`50\%`));
    assert.deepEqual(value("'a \"quoted\" word'"), str('a "quoted" word'));
    assert.deepEqual(value("'line\nbreak'"), str('line\nbreak'));
    assert.deepEqual(value("'AND OR ( ) 1'"), str('AND OR ( ) 1'));
    assert.deepEqual(value("'🗺️ Οδος'"), str('🗺️ Οδος'));
  });

  test('numbers', () => {
    assert.deepEqual(value('0'), num(0));
    assert.deepEqual(value('12.5'), num(12.5));
    assert.deepEqual(value('12.'), num(12));
    assert.deepEqual(value('.5'), num(0.5));
    assert.deepEqual(value('1e3'), num(1000));
    assert.deepEqual(value('1.5E-3'), num(0.0015));
    assert.deepEqual(value('2e+2'), num(200));
  });

  test('whitespace of all kinds separates tokens', () => {
    assert.deepEqual(parseCql2Text('\ta\u00A0=\u30001\r\n'), op('=', prop('a'), num(1)));
  });

  test('the scanner gives kinds, values and offsets', () => {
    const tokens = scan(`"x" <= -1.5e2 and Foo('it''s') <>`);
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.value, t.start]),
      [
        ['quoted', 'x', 0],
        ['punct', '<=', 4],
        ['punct', '-', 7],
        ['number', '1.5e2', 8],
        ['keyword', 'AND', 14],
        ['ident', 'Foo', 18],
        ['punct', '(', 21],
        ['string', "it's", 22],
        ['punct', ')', 29],
        ['punct', '<>', 31],
        ['end', '', 33],
      ],
    );
  });
});

describe('literals', () => {
  test('temporal', () => {
    assert.deepEqual(value("DATE('2020-02-29')"), { type: 'date', value: '2020-02-29' });
    assert.deepEqual(value("TIMESTAMP('2020-02-29T23:59:59.999Z')"), { type: 'timestamp', value: '2020-02-29T23:59:59.999Z' });
    assert.deepEqual(value("INTERVAL('..', '..')"), { type: 'interval', start: { type: 'open' }, end: { type: 'open' } });
    assert.deepEqual(value(`INTERVAL("start", DATE('2020-01-01'))`), { type: 'interval', start: prop('start'), end: { type: 'date', value: '2020-01-01' } });
  });

  test('an IN list is an array', () => {
    assert.deepEqual(parseCql2Text("a IN ('x')"), op('in', prop('a'), { type: 'array', items: [str('x')] }));
  });

  test('arrays: in array functions a parenthesis always opens an array, nested too', () => {
    assert.deepEqual(parseCql2Text("A_CONTAINS(tags, ('x'))"), op('a_contains', prop('tags'), { type: 'array', items: [str('x')] }));
    assert.deepEqual(parseCql2Text('A_EQUALS(tags, ())'), op('a_equals', prop('tags'), { type: 'array', items: [] }));
    assert.deepEqual(
      parseCql2Text("A_OVERLAPS(tags, (('a', 'b'), 'c', ()))"),
      op('a_overlaps', prop('tags'), {
        type: 'array',
        items: [{ type: 'array', items: [str('a'), str('b')] }, str('c'), { type: 'array', items: [] }],
      }),
    );
    assert.deepEqual(parseCql2Json({ op: 'a_overlaps', args: [{ property: 'tags' }, [['a', 'b'], 'c', []]] }), parseCql2Text("A_OVERLAPS(tags, (('a', 'b'), 'c', ()))"));
    // in other functions, (x) groups and (x, y) is an array
    assert.deepEqual(parseCql2Text('f((1), (1, 2))'), op('f', num(1), { type: 'array', items: [num(1), num(2)] }));
  });

  test('functions: no arguments, and functions as arguments', () => {
    assert.deepEqual(value('now()'), op('now'));
    assert.deepEqual(value('f(g(1), -h(2))'), op('f', op('g', num(1)), op('*', num(-1), op('h', num(2)))));
  });
});

describe('WKT to GeoJSON', () => {
  const g = (wkt: string): unknown => {
    const n = parseCql2Text(`S_INTERSECTS(geom, ${wkt})`);
    assert.ok(n.type === 'op');
    const lit = n.args[1];
    assert.equal(lit.type, 'geometry');
    return lit.type === 'geometry' ? lit.geometry : undefined;
  };

  test('POINT, with and without Z', () => {
    assert.deepEqual(g('POINT(1 2)'), { type: 'Point', coordinates: [1, 2] });
    assert.deepEqual(g('POINT (-1.5 +2)'), { type: 'Point', coordinates: [-1.5, 2] });
    assert.deepEqual(g('POINT Z (1 2 3)'), { type: 'Point', coordinates: [1, 2, 3] });
    assert.deepEqual(g('POINTZ(1 2 3)'), { type: 'Point', coordinates: [1, 2, 3] });
    assert.deepEqual(g('point z(1 2 3)'), { type: 'Point', coordinates: [1, 2, 3] });
  });

  test('LINESTRING and POLYGON with a hole', () => {
    assert.deepEqual(g('LINESTRING(0 0, 1 1, 2 0)'), { type: 'LineString', coordinates: [[0, 0], [1, 1], [2, 0]] });
    assert.deepEqual(g('LINESTRING Z(0 0 1, 1 1 2)'), { type: 'LineString', coordinates: [[0, 0, 1], [1, 1, 2]] });
    assert.deepEqual(g('POLYGON((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))'), {
      type: 'Polygon',
      coordinates: [
        [[0, 0], [4, 0], [4, 4], [0, 0]],
        [[1, 1], [2, 1], [2, 2], [1, 1]],
      ],
    });
  });

  test('MULTIPOINT in both forms, and mixed', () => {
    const expected = { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] };
    assert.deepEqual(g('MULTIPOINT(1 2, 3 4)'), expected);
    assert.deepEqual(g('MULTIPOINT((1 2), (3 4))'), expected);
    assert.deepEqual(g('MULTIPOINT((1 2), 3 4)'), expected);
    assert.deepEqual(g('MULTIPOINT Z ((1 2 3), (4 5 6))'), { type: 'MultiPoint', coordinates: [[1, 2, 3], [4, 5, 6]] });
    assert.deepEqual(g('MULTIPOINT(1 2)'), { type: 'MultiPoint', coordinates: [[1, 2]] });
  });

  test('MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION', () => {
    assert.deepEqual(g('MULTILINESTRING((0 0, 1 1), (2 2, 3 3, 4 4))'), { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3], [4, 4]]] });
    assert.deepEqual(g('MULTIPOLYGON Z (((0 0 0, 1 0 0, 1 1 0, 0 0 0)), ((5 5 1, 6 5 1, 6 6 1, 5 5 1)))'), {
      type: 'MultiPolygon',
      coordinates: [[[[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 0, 0]]], [[[5, 5, 1], [6, 5, 1], [6, 6, 1], [5, 5, 1]]]],
    });
    assert.deepEqual(g('GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1), MULTIPOINT(3 4, 5 6))'), {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        { type: 'LineString', coordinates: [[0, 0], [1, 1]] },
        { type: 'MultiPoint', coordinates: [[3, 4], [5, 6]] },
      ],
    });
  });

  test('GeoJSON input is copied down to type and coordinates', () => {
    const n = parseCql2Json({ op: 's_intersects', args: [{ property: 'g' }, { type: 'Point', coordinates: [1, 2], bbox: [1, 2, 1, 2], crs: 'x' }] });
    assert.deepEqual(n, op('s_intersects', prop('g'), geom('Point', [1, 2])));
  });

  test('BBOX with 4 or 6 numbers', () => {
    assert.deepEqual(value('BBOX(-180, -90, 180, 90)'), { type: 'bbox', bbox: [-180, -90, 180, 90] });
    assert.deepEqual(value('BBOX(0, 0, -10, 1, 1, +10)'), { type: 'bbox', bbox: [0, 0, -10, 1, 1, 10] });
  });
});

describe('errors', () => {
  describe('cql2-text: message and offset of the offending token', () => {
    for (const e of textErrors) {
      test(`${JSON.stringify(e.text)} → ${e.message} @${e.position}`, () => {
        assert.throws(
          () => parseCql2Text(e.text),
          (err: unknown) => {
            assert.ok(err instanceof Cql2SyntaxError, `not a Cql2SyntaxError: ${String(err)}`);
            assert.ok(err.message.includes(e.message), `message ${JSON.stringify(err.message)} lacks ${JSON.stringify(e.message)}`);
            assert.equal(err.position, e.position, `position of ${JSON.stringify(err.message)}`);
            return true;
          },
        );
      });
    }
  });

  describe('cql2-json: message with the JSON path, position -1', () => {
    for (const e of jsonErrors) {
      test(`${label(JSON.stringify(e.json))} → ${e.message}`, () => {
        assert.throws(
          () => parseCql2Json(e.json),
          (err: unknown) => {
            assert.ok(err instanceof Cql2SyntaxError, `not a Cql2SyntaxError: ${String(err)}`);
            assert.ok(err.message.startsWith(e.message) || err.message.includes(e.message), `message ${JSON.stringify(err.message)} lacks ${JSON.stringify(e.message)}`);
            assert.equal(err.position, -1);
            return true;
          },
        );
      });
    }
  });

  test('parseCql2: a JSON syntax error is a Cql2SyntaxError at the offset JSON.parse reports', () => {
    const check = (text: string, position: number): void => {
      assert.throws(
        () => parseCql2(text, 'cql2-json'),
        (err: unknown) => err instanceof Cql2SyntaxError && err.message.startsWith('invalid JSON') && err.position === position,
        text,
      );
    };
    check('{"op" "="}', 6);
    check('{"op": "=", "args": [', 21);
    check('', 0);
  });

  test('nesting too deep is a syntax error, not a stack overflow', () => {
    const deep = (open: string, close: string, n: number): string => `${open.repeat(n)}a = 1${close.repeat(n)}`;
    assert.deepEqual(parseCql2Text(deep('(', ')', 150)), op('=', prop('a'), num(1)));
    assert.throws(() => parseCql2Text(deep('(', ')', 100_000)), (e: unknown) => e instanceof Cql2SyntaxError && /nested too deeply/.test(e.message) && e.position === MAX_NESTING);
    assert.throws(() => parseCql2Text(deep('NOT ', '', 100_000)), /nested too deeply/);
    assert.throws(() => parseCql2Text(`x = ${'-'.repeat(100_000)}1`), /nested too deeply/);
    assert.throws(() => parseCql2Text(`x = ${'2 ^ '.repeat(100_000)}1`), /nested too deeply/);
    assert.throws(() => parseCql2Text(`A_CONTAINS(t, ${'('.repeat(100_000)})`), /nested too deeply/);
    let json: unknown = { property: 'a' };
    for (let i = 0; i < 100_000; i++) json = { op: 'not', args: [json] };
    assert.throws(() => parseCql2Json(json), (e: unknown) => e instanceof Cql2SyntaxError && /nested too deeply/.test(e.message));
  });

  test('parseCql2: cql2-json that is not CQL2 is refused with a path', () => {
    assert.throws(() => parseCql2('{"op": "=", "args": [1]}', 'cql2-json'), /filter: "=" expects 2 arguments, got 1/);
    assert.throws(() => parseCql2('"a" = 1', 'cql2-json'), Cql2SyntaxError);
  });
});
