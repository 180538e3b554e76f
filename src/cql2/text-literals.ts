/**
 * The literals of cql2-text that have a syntax of their own: DATE(…), TIMESTAMP(…), INTERVAL(…),
 * BBOX(…) and WKT geometries (OGC 06-103r4 tagged text, as in the BNF), the latter converted to
 * GeoJSON. Each function starts at the literal's keyword, which the grammar (parse-text.ts) took
 * for a literal because a parenthesis follows it.
 */
import { Cql2SyntaxError, property } from './ast.ts';
import type { GeoJsonGeometry, Instant, Literal, Open, Property } from './ast.ts';
import { collection, DATE_EXAMPLE, GEOMETRY_TYPES, geometry, instantOf, isDate, isTimestamp, MIN_LINE_POSITIONS, MIN_RING_POSITIONS, TIMESTAMP_EXAMPLE } from './normalize.ts';
import type { TokenCursor } from './token-cursor.ts';

type Position = number[];

// ---- temporal literals

/** `DATE('…')` or `TIMESTAMP('…')`. */
export function parseInstant(c: TokenCursor): Instant {
  const keyword = c.next();
  const upper = keyword.value.toUpperCase();
  c.next(); // (
  const example = upper === 'DATE' ? DATE_EXAMPLE : TIMESTAMP_EXAMPLE;
  const s = c.peek();
  if (s.kind !== 'string') c.fail(`expected a string like ${example} in ${upper}(…)`);
  c.next();
  const valid = upper === 'DATE' ? isDate(s.value) : isTimestamp(s.value);
  if (!valid) throw new Cql2SyntaxError(`invalid ${upper.toLowerCase()} ${s.text}: expected a string like ${example}`, s.start);
  c.expectPunct(')', `the ${upper.toLowerCase()} string`);
  return upper === 'DATE' ? { type: 'date', value: s.value } : { type: 'timestamp', value: s.value };
}

/** `INTERVAL(bound, bound)`. */
export function parseInterval(c: TokenCursor): Literal {
  c.next();
  c.next(); // (
  const start = intervalBound(c);
  c.expectPunct(',', 'the start of the INTERVAL');
  const end = intervalBound(c);
  c.expectPunct(')', 'the end of the INTERVAL');
  return { type: 'interval', start, end };
}

function intervalBound(c: TokenCursor): Instant | Open | Property {
  const t = c.peek();
  const expected = `expected a date (${DATE_EXAMPLE}), a timestamp (${TIMESTAMP_EXAMPLE}), '..' or a property name as a bound of INTERVAL`;
  if (t.kind === 'string') {
    c.next();
    if (t.value === '..') return { type: 'open' };
    const instant = instantOf(t.value);
    if (!instant) throw new Cql2SyntaxError(`invalid INTERVAL bound ${t.text}: ${expected}`, t.start);
    return instant;
  }
  if (t.kind === 'quoted') {
    c.next();
    return property(t.value);
  }
  if (t.kind === 'ident') {
    if (!c.isPunct('(', 1)) {
      c.next();
      return property(t.value);
    }
    const upper = t.value.toUpperCase();
    if (upper === 'DATE' || upper === 'TIMESTAMP') return parseInstant(c);
    throw new Cql2SyntaxError(`a function (${t.text}) as a bound of INTERVAL is not supported: ${expected}`, t.start);
  }
  return c.fail(expected);
}

// ---- spatial literals

/** `BBOX(w, s, e, n)` or `BBOX(w, s, zmin, e, n, zmax)`. */
export function parseBbox(c: TokenCursor): Literal {
  const keyword = c.next();
  c.next(); // (
  const bbox = c.commaSeparated(() => c.signedNumber('a number in BBOX'));
  c.expectPunct(')', 'the numbers of BBOX');
  if (bbox.length !== 4 && bbox.length !== 6) {
    throw new Cql2SyntaxError(`BBOX expects 4 numbers (minx, miny, maxx, maxy) or 6 (with minz and maxz), got ${bbox.length}`, keyword.start);
  }
  return { type: 'bbox', bbox };
}

/** A WKT keyword, `POINT` or `POINT` with a Z written against it (`POINTZ`), or undefined. */
export function wktTag(upper: string): { tag: string; z: boolean } | undefined {
  if (Object.hasOwn(GEOMETRY_TYPES, upper)) return { tag: upper, z: false };
  const tag = upper.slice(0, -1);
  if (upper.endsWith('Z') && Object.hasOwn(GEOMETRY_TYPES, tag)) return { tag, z: true };
  return undefined;
}

/** A WKT geometry, as GeoJSON. */
export function parseGeometry(c: TokenCursor): GeoJsonGeometry {
  const keyword = c.next();
  const wkt = wktTag(keyword.value.toUpperCase());
  if (!wkt) return c.fail('expected a WKT geometry', keyword);
  const tag = wkt.tag;
  const type = GEOMETRY_TYPES[tag];
  let z = wkt.z;
  if (!z && c.isWord('Z')) {
    c.next();
    z = true;
  }
  const name = z ? `${tag} Z` : tag;
  if (!c.isPunct('(')) c.fail(`expected '(' after ${name}`);
  switch (tag) {
    case 'POINT': {
      c.next();
      const p = position(c, name, z);
      c.expectPunct(')', `the coordinates of ${name}`);
      return geometry(type, p);
    }
    case 'LINESTRING':
      return geometry(type, positions(c, name, z, MIN_LINE_POSITIONS, 'a LINESTRING'));
    case 'POLYGON':
      return geometry(type, rings(c, name, z));
    case 'MULTIPOINT': {
      // both `MULTIPOINT (1 2, 3 4)` and `MULTIPOINT ((1 2), (3 4))`
      const points = list(c, name, () => {
        if (!c.isPunct('(')) return position(c, name, z);
        c.next();
        const p = position(c, name, z);
        c.expectPunct(')', `a point of ${name}`);
        return p;
      });
      return geometry(type, points);
    }
    case 'MULTILINESTRING':
      return geometry(type, list(c, name, () => positions(c, name, z, MIN_LINE_POSITIONS, `a line string of ${name}`)));
    case 'MULTIPOLYGON':
      return geometry(type, list(c, name, () => rings(c, name, z)));
    default: {
      const members = list(c, name, () => {
        const t = c.peek();
        if (t.kind !== 'ident' || !wktTag(t.value.toUpperCase())) c.fail(`expected a WKT geometry in ${name}`);
        return c.nested(() => parseGeometry(c));
      });
      return collection(members);
    }
  }
}

/** `( item {, item} )`. */
function list<T>(c: TokenCursor, name: string, item: () => T): T[] {
  if (!c.isPunct('(')) c.fail(`expected '(' in ${name}`);
  c.next();
  const items = c.commaSeparated(item);
  c.expectPunct(')', `the last item of ${name}`);
  return items;
}

/** `( position {, position} )` with at least `min` positions. */
function positions(c: TokenCursor, name: string, z: boolean, min: number, what: string): Position[] {
  const open = c.peek();
  const ps = list(c, name, () => position(c, name, z));
  if (ps.length < min) throw new Cql2SyntaxError(`${what} needs at least ${min} positions, got ${ps.length}`, open.start);
  return ps;
}

/** `( ring {, ring} )`, each ring at least 4 positions. */
function rings(c: TokenCursor, name: string, z: boolean): Position[][] {
  return list(c, name, () => positions(c, name, z, MIN_RING_POSITIONS, `a ring of ${name}`));
}

/** `x y [z]`; with Z, exactly three. */
function position(c: TokenCursor, name: string, z: boolean): Position {
  const p = [c.signedNumber(`an x coordinate in ${name}`), c.signedNumber(`a y coordinate in ${name}`)];
  const t = c.peek();
  if (t.kind === 'number' || c.isPunct('-') || c.isPunct('+')) p.push(c.signedNumber(`a z coordinate in ${name}`));
  else if (z) c.fail(`expected a z coordinate in ${name}`);
  if (c.peek().kind === 'number') c.fail(`expected ',' or ')' after a position of ${name} (at most 3 coordinates)`);
  return p;
}
