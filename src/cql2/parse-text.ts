/**
 * cql2-text → CQL2 tree: a recursive-descent parser after the BNF of OGC 21-065r2 (Annex B,
 * 1.0.0 of July 2024). Precedence, loosest first:
 *
 *   OR
 *   AND
 *   NOT
 *   predicate: = <> < <= > >=, [NOT] LIKE, [NOT] BETWEEN … AND …, [NOT] IN (…), IS [NOT] NULL
 *   + -
 *   * / % DIV
 *   ^                    (right-associative: a ^ b ^ c = a ^ (b ^ c))
 *   unary - +            (binds tighter than ^, as in the BNF's arithmeticFactor: -2 ^ 2 = (-2) ^ 2)
 *   primary: literal, property, function call, CASEI(…), ACCENTI(…), DATE(…), TIMESTAMP(…),
 *            INTERVAL(…), BBOX(…), WKT, ( expression ), ( array, … )
 *
 * Words that open a literal or a built-in (DATE, POINT, CASEI, S_INTERSECTS, …) are only that when
 * an opening parenthesis follows (for WKT, an optional Z first); otherwise they are property names,
 * so a column called `date` can be written bare. The reserved words AND OR NOT LIKE BETWEEN IN IS
 * NULL TRUE FALSE DIV must be double-quoted to be property names.
 *
 * Within an array function (A_…), a parenthesis opens an array, and within an array a parenthesis
 * opens a nested array. Elsewhere `(x)` groups and `(x, y)` or `()` is an array.
 *
 * Beyond the BNF it accepts: `-` before any operand (`-(a + b)`, `-f(x)`), unary `+`, `POINTZ`
 * for `POINT Z`, DATE(…)/TIMESTAMP(…) as INTERVAL bounds, and `(x y)` and `x y` mixed in one
 * MULTIPOINT. Strings take the BNF's two quote escapes, `''` and `\'`; other backslashes stay
 * (they are LIKE's escape character). Nesting is limited to MAX_NESTING levels.
 */
import { Cql2SyntaxError, op, property } from './ast.ts';
import type { GeoJsonGeometry, Instant, Literal, Node, Open, Property } from './ast.ts';
import {
  ARRAY_OPS,
  collection,
  COMPARISON_OPS,
  DATE_EXAMPLE,
  GEOMETRY_TYPES,
  geometry,
  instantOf,
  isDate,
  isTimestamp,
  logical,
  MIN_LINE_POSITIONS,
  MIN_RING_POSITIONS,
  negate,
  noNegativeZero,
  SPATIAL_OPS,
  TEMPORAL_OPS,
  TIMESTAMP_EXAMPLE,
} from './normalize.ts';
import { describeToken, scan } from './scan.ts';
import type { Token } from './scan.ts';

/** Parse a cql2-text filter. Throws Cql2SyntaxError with the offset of the offending token. */
export function parseCql2Text(text: string): Node {
  return new TextParser(scan(text)).parseFilter();
}

type Position = number[];

/** How deep parentheses, NOT, unary minus, ^ and geometry collections may nest. */
export const MAX_NESTING = 200;

class TextParser {
  private readonly tokens: readonly Token[];
  private i = 0;
  private depth = 0;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  parseFilter(): Node {
    const first = this.peek();
    if (first.kind === 'end') throw new Cql2SyntaxError('empty filter: expected a CQL2 expression', first.start);
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') {
      if (t.kind === 'ident') throw new Cql2SyntaxError(`unknown keyword '${t.text}': expected AND, OR or the end of the filter`, t.start);
      throw new Cql2SyntaxError(`unexpected ${describeToken(t)} after a complete expression: expected AND, OR or the end of the filter`, t.start);
    }
    return node;
  }

  // ---- tokens

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private isPunct(symbol: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.value === symbol;
  }

  private isKeyword(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'keyword' && t.value === word;
  }

  private isWord(upper: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.value.toUpperCase() === upper;
  }

  /** Throw "expected …, found …" (or "unknown keyword …") at the current token. */
  private fail(expected: string, t: Token = this.peek()): never {
    if (t.kind === 'ident') throw new Cql2SyntaxError(`unknown keyword '${t.text}': ${expected}`, t.start);
    throw new Cql2SyntaxError(`${expected}, found ${describeToken(t)}`, t.start);
  }

  private expectPunct(symbol: string, after: string): Token {
    if (!this.isPunct(symbol)) this.fail(`expected '${symbol}' after ${after}`);
    return this.next();
  }

  /** Run a parse step one level deeper; refuse nesting beyond MAX_NESTING (the stack is finite). */
  private nested<T>(step: () => T): T {
    if (++this.depth > MAX_NESTING) throw new Cql2SyntaxError(`expression nested too deeply (more than ${MAX_NESTING} levels)`, this.peek().start);
    const result = step();
    this.depth--;
    return result;
  }

  // ---- boolean expressions

  private parseOr(): Node {
    return this.nested(() => this.parseOrList());
  }

  private parseOrList(): Node {
    const args = [this.parseAnd()];
    while (this.isKeyword('OR')) {
      this.next();
      args.push(this.parseAnd());
    }
    return args.length === 1 ? args[0] : logical('or', args);
  }

  private parseAnd(): Node {
    const args = [this.parseNot()];
    while (this.isKeyword('AND')) {
      this.next();
      args.push(this.parseNot());
    }
    return args.length === 1 ? args[0] : logical('and', args);
  }

  private parseNot(): Node {
    if (this.isKeyword('NOT')) {
      this.next();
      return op('not', this.nested(() => this.parseNot()));
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Node {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.kind === 'punct' && COMPARISON_OPS.has(t.value)) {
      this.next();
      return op(t.value, left, this.parseAdditive());
    }
    if (t.kind !== 'keyword') return left;
    if (t.value === 'IS') {
      this.next();
      const negated = this.isKeyword('NOT');
      if (negated) this.next();
      if (!this.isKeyword('NULL')) this.fail(`expected NULL after IS${negated ? ' NOT' : ''}`);
      this.next();
      const isNull = op('isnull', left);
      return negated ? op('not', isNull) : isNull;
    }
    if (t.value === 'NOT') {
      const after = this.peek(1);
      if (after.kind !== 'keyword' || (after.value !== 'LIKE' && after.value !== 'BETWEEN' && after.value !== 'IN')) {
        this.fail('expected LIKE, BETWEEN or IN after NOT', after);
      }
      this.next();
      return op('not', this.parseRangePredicate(left));
    }
    if (t.value === 'LIKE' || t.value === 'BETWEEN' || t.value === 'IN') return this.parseRangePredicate(left);
    return left;
  }

  /** LIKE, BETWEEN or IN, at its keyword. */
  private parseRangePredicate(left: Node): Node {
    const t = this.next();
    if (t.value === 'LIKE') return op('like', left, this.parseAdditive());
    if (t.value === 'BETWEEN') {
      const low = this.parseAdditive();
      if (!this.isKeyword('AND')) this.fail('expected AND after the lower bound of BETWEEN');
      this.next();
      return op('between', left, low, this.parseAdditive());
    }
    // IN
    this.expectPunct('(', 'IN');
    if (this.isPunct(')')) this.fail('expected a value in the IN list');
    const items = [this.parseAdditive()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.parseAdditive());
    }
    this.expectPunct(')', 'the IN list');
    return op('in', left, { type: 'array', items });
  }

  // ---- arithmetic

  private parseAdditive(): Node {
    let left = this.parseMultiplicative();
    while (this.isPunct('+') || this.isPunct('-')) {
      const symbol = this.next().value;
      left = op(symbol, left, this.parseMultiplicative());
    }
    return left;
  }

  private parseMultiplicative(): Node {
    let left = this.parsePower();
    for (;;) {
      let name: string;
      if (this.isPunct('*') || this.isPunct('/') || this.isPunct('%')) name = this.peek().value;
      else if (this.isKeyword('DIV')) name = 'div';
      else return left;
      this.next();
      left = op(name, left, this.parsePower());
    }
  }

  private parsePower(): Node {
    const base = this.parseUnary();
    if (!this.isPunct('^')) return base;
    this.next();
    return op('^', base, this.nested(() => this.parsePower()));
  }

  private parseUnary(): Node {
    if (this.isPunct('-')) {
      this.next();
      return negate(this.nested(() => this.parseUnary()));
    }
    if (this.isPunct('+')) {
      this.next();
      return this.nested(() => this.parseUnary());
    }
    return this.parsePrimary();
  }

  // ---- primaries

  private parsePrimary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { type: 'number', value: noNegativeZero(Number(t.value)) };
      case 'string':
        this.next();
        return { type: 'string', value: t.value };
      case 'quoted':
        this.next();
        return property(t.value);
      case 'keyword':
        if (t.value === 'TRUE' || t.value === 'FALSE') {
          this.next();
          return { type: 'boolean', value: t.value === 'TRUE' };
        }
        if (t.value === 'NULL') throw new Cql2SyntaxError('NULL is not a value: test for it with IS NULL or IS NOT NULL', t.start);
        return this.fail('expected an expression');
      case 'punct':
        if (t.value === '(') return this.parseParenthesized();
        return this.fail('expected an expression');
      case 'end':
        return this.fail('expected an expression');
      case 'ident':
        return this.parseWord();
    }
  }

  /** An identifier: a built-in, a literal, a function call or a property name. */
  private parseWord(): Node {
    const t = this.peek();
    const upper = t.value.toUpperCase();
    const wkt = wktTag(upper);
    if (wkt) {
      if (this.isPunct('(', 1) || (!wkt.z && this.isWord('Z', 1) && this.isPunct('(', 2))) return this.geometryNode();
      if (this.isWord('EMPTY', 1)) throw new Cql2SyntaxError(`empty geometries (${upper} EMPTY) are not supported`, this.peek(1).start);
    }
    if (!this.isPunct('(', 1)) {
      this.next();
      return property(t.value);
    }
    switch (upper) {
      case 'CASEI':
      case 'ACCENTI': {
        const args = this.parseArguments(t, () => this.parseOr());
        this.arity(t, args, 1);
        return op(upper.toLowerCase(), args[0]);
      }
      case 'DATE':
      case 'TIMESTAMP':
        return this.parseInstant();
      case 'INTERVAL':
        return this.parseInterval();
      case 'BBOX':
        return this.parseBbox();
    }
    const name = t.value.toLowerCase();
    if (ARRAY_OPS.has(name)) {
      const args = this.parseArguments(t, () => (this.isPunct('(') ? this.parseArray() : this.parseOr()));
      this.arity(t, args, 2);
      return op(name, ...args);
    }
    const args = this.parseArguments(t, () => this.parseOr());
    if (SPATIAL_OPS.has(name) || TEMPORAL_OPS.has(name)) this.arity(t, args, 2);
    return op(name, ...args);
  }

  private arity(name: Token, args: readonly Node[], count: number): void {
    if (args.length !== count) {
      const s = count === 1 ? '' : 's';
      throw new Cql2SyntaxError(`${name.text.toUpperCase()} expects ${count} argument${s}, got ${args.length}`, name.start);
    }
  }

  /** `name ( [arg {, arg}] )`, at the name. */
  private parseArguments(name: Token, argument: () => Node): Node[] {
    this.next();
    this.next(); // (
    const args: Node[] = [];
    if (this.isPunct(')')) {
      this.next();
      return args;
    }
    args.push(argument());
    while (this.isPunct(',')) {
      this.next();
      args.push(argument());
    }
    this.expectPunct(')', `the arguments of ${name.text}`);
    return args;
  }

  /** `( expr )` groups; `()` and `( expr, expr … )` are arrays. */
  private parseParenthesized(): Node {
    const open = this.next();
    if (this.isPunct(')')) {
      this.next();
      return { type: 'array', items: [] };
    }
    const first = this.parseOr();
    if (this.isPunct(')')) {
      this.next();
      return first;
    }
    if (!this.isPunct(',')) this.fail(`expected ')' after the expression in parentheses opened at ${open.start}`);
    const items = [first];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.parseOr());
    }
    this.expectPunct(')', `the array opened at ${open.start}`);
    return { type: 'array', items };
  }

  /** An array in an array function: `( [element {, element}] )`, where `(` opens a nested array. */
  private parseArray(): Node {
    const open = this.next();
    const items: Node[] = [];
    if (!this.isPunct(')')) {
      items.push(this.isPunct('(') ? this.nested(() => this.parseArray()) : this.parseOr());
      while (this.isPunct(',')) {
        this.next();
        items.push(this.isPunct('(') ? this.nested(() => this.parseArray()) : this.parseOr());
      }
    }
    this.expectPunct(')', `the array opened at ${open.start}`);
    return { type: 'array', items };
  }

  // ---- temporal literals

  /** `DATE('…')` or `TIMESTAMP('…')`, at the keyword. */
  private parseInstant(): Instant {
    const keyword = this.next();
    const upper = keyword.value.toUpperCase();
    this.next(); // (
    const example = upper === 'DATE' ? DATE_EXAMPLE : TIMESTAMP_EXAMPLE;
    const s = this.peek();
    if (s.kind !== 'string') this.fail(`expected a string like ${example} in ${upper}(…)`);
    this.next();
    const valid = upper === 'DATE' ? isDate(s.value) : isTimestamp(s.value);
    if (!valid) throw new Cql2SyntaxError(`invalid ${upper.toLowerCase()} ${s.text}: expected a string like ${example}`, s.start);
    this.expectPunct(')', `the ${upper.toLowerCase()} string`);
    return upper === 'DATE' ? { type: 'date', value: s.value } : { type: 'timestamp', value: s.value };
  }

  /** `INTERVAL(bound, bound)`, at the keyword. */
  private parseInterval(): Literal {
    this.next();
    this.next(); // (
    const start = this.parseIntervalBound();
    this.expectPunct(',', 'the start of the INTERVAL');
    const end = this.parseIntervalBound();
    this.expectPunct(')', 'the end of the INTERVAL');
    return { type: 'interval', start, end };
  }

  private parseIntervalBound(): Instant | Open | Property {
    const t = this.peek();
    const expected = `expected a date (${DATE_EXAMPLE}), a timestamp (${TIMESTAMP_EXAMPLE}), '..' or a property name as a bound of INTERVAL`;
    if (t.kind === 'string') {
      this.next();
      if (t.value === '..') return { type: 'open' };
      const instant = instantOf(t.value);
      if (!instant) throw new Cql2SyntaxError(`invalid INTERVAL bound ${t.text}: ${expected}`, t.start);
      return instant;
    }
    if (t.kind === 'quoted') {
      this.next();
      return property(t.value);
    }
    if (t.kind === 'ident') {
      if (!this.isPunct('(', 1)) {
        this.next();
        return property(t.value);
      }
      const upper = t.value.toUpperCase();
      if (upper === 'DATE' || upper === 'TIMESTAMP') return this.parseInstant();
      throw new Cql2SyntaxError(`a function (${t.text}) as a bound of INTERVAL is not supported: ${expected}`, t.start);
    }
    return this.fail(expected);
  }

  // ---- spatial literals

  /** `BBOX(w, s, e, n)` or `BBOX(w, s, zmin, e, n, zmax)`, at the keyword. */
  private parseBbox(): Literal {
    const keyword = this.next();
    this.next(); // (
    const bbox = [this.signedNumber('a number in BBOX')];
    while (this.isPunct(',')) {
      this.next();
      bbox.push(this.signedNumber('a number in BBOX'));
    }
    this.expectPunct(')', 'the numbers of BBOX');
    if (bbox.length !== 4 && bbox.length !== 6) {
      throw new Cql2SyntaxError(`BBOX expects 4 numbers (minx, miny, maxx, maxy) or 6 (with minz and maxz), got ${bbox.length}`, keyword.start);
    }
    return { type: 'bbox', bbox };
  }

  private signedNumber(what: string): number {
    let sign = 1;
    if (this.isPunct('-') || this.isPunct('+')) sign = this.next().value === '-' ? -1 : 1;
    const t = this.peek();
    if (t.kind !== 'number') this.fail(`expected ${what}`);
    this.next();
    return noNegativeZero(sign * Number(t.value));
  }

  private geometryNode(): Literal {
    return { type: 'geometry', geometry: this.parseGeometry() };
  }

  /** A WKT geometry (OGC 06-103r4 tagged text, as in the BNF), at its keyword, converted to GeoJSON. */
  private parseGeometry(): GeoJsonGeometry {
    const keyword = this.next();
    const wkt = wktTag(keyword.value.toUpperCase());
    if (!wkt) return this.fail('expected a WKT geometry', keyword);
    const tag = wkt.tag;
    const type = GEOMETRY_TYPES[tag];
    let z = wkt.z;
    if (!z && this.isWord('Z')) {
      this.next();
      z = true;
    }
    const name = z ? `${tag} Z` : tag;
    if (!this.isPunct('(')) this.fail(`expected '(' after ${name}`);
    switch (tag) {
      case 'POINT': {
        this.next();
        const p = this.position(name, z);
        this.expectPunct(')', `the coordinates of ${name}`);
        return geometry(type, p);
      }
      case 'LINESTRING':
        return geometry(type, this.positions(name, z, MIN_LINE_POSITIONS, 'a LINESTRING'));
      case 'POLYGON':
        return geometry(type, this.rings(name, z));
      case 'MULTIPOINT': {
        // both `MULTIPOINT (1 2, 3 4)` and `MULTIPOINT ((1 2), (3 4))`
        const points = this.list(name, () => {
          if (!this.isPunct('(')) return this.position(name, z);
          this.next();
          const p = this.position(name, z);
          this.expectPunct(')', `a point of ${name}`);
          return p;
        });
        return geometry(type, points);
      }
      case 'MULTILINESTRING':
        return geometry(type, this.list(name, () => this.positions(name, z, MIN_LINE_POSITIONS, `a line string of ${name}`)));
      case 'MULTIPOLYGON':
        return geometry(type, this.list(name, () => this.rings(name, z)));
      default: {
        const members = this.list(name, () => {
          const t = this.peek();
          if (t.kind !== 'ident' || !wktTag(t.value.toUpperCase())) this.fail(`expected a WKT geometry in ${name}`);
          return this.nested(() => this.parseGeometry());
        });
        return collection(members);
      }
    }
  }

  /** `( item {, item} )`. */
  private list<T>(name: string, item: () => T): T[] {
    if (!this.isPunct('(')) this.fail(`expected '(' in ${name}`);
    this.next();
    const items = [item()];
    while (this.isPunct(',')) {
      this.next();
      items.push(item());
    }
    this.expectPunct(')', `the last item of ${name}`);
    return items;
  }

  /** `( position {, position} )` with at least `min` positions. */
  private positions(name: string, z: boolean, min: number, what: string): Position[] {
    const open = this.peek();
    const ps = this.list(name, () => this.position(name, z));
    if (ps.length < min) throw new Cql2SyntaxError(`${what} needs at least ${min} positions, got ${ps.length}`, open.start);
    return ps;
  }

  /** `( ring {, ring} )`, each ring at least 4 positions. */
  private rings(name: string, z: boolean): Position[][] {
    return this.list(name, () => this.positions(name, z, MIN_RING_POSITIONS, `a ring of ${name}`));
  }

  /** `x y [z]`; with Z, exactly three. */
  private position(name: string, z: boolean): Position {
    const p = [this.signedNumber(`an x coordinate in ${name}`), this.signedNumber(`a y coordinate in ${name}`)];
    const t = this.peek();
    if (t.kind === 'number' || this.isPunct('-') || this.isPunct('+')) p.push(this.signedNumber(`a z coordinate in ${name}`));
    else if (z) this.fail(`expected a z coordinate in ${name}`);
    if (this.peek().kind === 'number') this.fail(`expected ',' or ')' after a position of ${name} (at most 3 coordinates)`);
    return p;
  }
}

/** A WKT keyword, `POINT` or `POINT` with a Z written against it (`POINTZ`), or undefined. */
function wktTag(upper: string): { tag: string; z: boolean } | undefined {
  if (Object.hasOwn(GEOMETRY_TYPES, upper)) return { tag: upper, z: false };
  const tag = upper.slice(0, -1);
  if (upper.endsWith('Z') && Object.hasOwn(GEOMETRY_TYPES, tag)) return { tag, z: true };
  return undefined;
}
