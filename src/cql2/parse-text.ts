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
 *
 * The literals with a syntax of their own (DATE, TIMESTAMP, INTERVAL, BBOX, WKT) are read by
 * text-literals.ts, through the same TokenCursor.
 */
import { Cql2SyntaxError, op, property } from './ast.ts';
import type { Node } from './ast.ts';
import { ARRAY_OPS, COMPARISON_OPS, logical, negate, noNegativeZero, SPATIAL_OPS, TEMPORAL_OPS } from './normalize.ts';
import { describeToken, scan } from './scan.ts';
import type { Token } from './scan.ts';
import { parseBbox, parseGeometry, parseInstant, parseInterval, wktTag } from './text-literals.ts';
import { TokenCursor } from './token-cursor.ts';

/** Parse a cql2-text filter. Throws Cql2SyntaxError with the offset of the offending token. */
export function parseCql2Text(text: string): Node {
  return new TextParser(scan(text)).parseFilter();
}

class TextParser extends TokenCursor {
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

  // ---- boolean expressions

  private parseOr(): Node {
    return this.nested(() => this.parseLogical('OR', () => this.parseAnd()));
  }

  private parseAnd(): Node {
    return this.parseLogical('AND', () => this.parseNot());
  }

  /** `operand {AND operand}` or `operand {OR operand}`. */
  private parseLogical(word: 'AND' | 'OR', operand: () => Node): Node {
    const args = [operand()];
    while (this.isKeyword(word)) {
      this.next();
      args.push(operand());
    }
    return args.length === 1 ? args[0] : logical(word === 'AND' ? 'and' : 'or', args);
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
    const items = this.commaSeparated(() => this.parseAdditive());
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
      if (this.isPunct('(', 1) || (!wkt.z && this.isWord('Z', 1) && this.isPunct('(', 2))) return { type: 'geometry', geometry: parseGeometry(this) };
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
        return parseInstant(this);
      case 'INTERVAL':
        return parseInterval(this);
      case 'BBOX':
        return parseBbox(this);
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
    if (this.isPunct(')')) {
      this.next();
      return [];
    }
    const args = this.commaSeparated(argument);
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
    this.next();
    const items = [first, ...this.commaSeparated(() => this.parseOr())];
    this.expectPunct(')', `the array opened at ${open.start}`);
    return { type: 'array', items };
  }

  /** An array in an array function: `( [element {, element}] )`, where `(` opens a nested array. */
  private parseArray(): Node {
    const open = this.next();
    const element = () => (this.isPunct('(') ? this.nested(() => this.parseArray()) : this.parseOr());
    const items = this.isPunct(')') ? [] : this.commaSeparated(element);
    this.expectPunct(')', `the array opened at ${open.start}`);
    return { type: 'array', items };
  }
}
