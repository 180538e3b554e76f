import { Cql2SyntaxError } from './ast.ts';
import { noNegativeZero } from './normalize.ts';
import { describeToken } from './scan.ts';
import type { Token } from './scan.ts';

/** How deep parentheses, NOT, unary minus, ^ and geometry collections may nest. */
export const MAX_NESTING = 200;

/**
 * A position in the tokens of a cql2-text filter: lookahead, the errors that name what was found,
 * and the nesting limit. The grammar (parse-text.ts) and the literals with a syntax of their own
 * (text-literals.ts) read through one cursor.
 */
export class TokenCursor {
  private readonly tokens: readonly Token[];
  private i = 0;
  private depth = 0;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  isPunct(symbol: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.value === symbol;
  }

  isKeyword(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'keyword' && t.value === word;
  }

  isWord(upper: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.value.toUpperCase() === upper;
  }

  /** Throw "expected …, found …" (or "unknown keyword …") at the current token. */
  fail(expected: string, t: Token = this.peek()): never {
    if (t.kind === 'ident') throw new Cql2SyntaxError(`unknown keyword '${t.text}': ${expected}`, t.start);
    throw new Cql2SyntaxError(`${expected}, found ${describeToken(t)}`, t.start);
  }

  expectPunct(symbol: string, after: string): Token {
    if (!this.isPunct(symbol)) this.fail(`expected '${symbol}' after ${after}`);
    return this.next();
  }

  /** `item {, item}`: one or more items separated by commas. */
  commaSeparated<T>(item: () => T): T[] {
    const items = [item()];
    while (this.isPunct(',')) {
      this.next();
      items.push(item());
    }
    return items;
  }

  /** A number with an optional sign (coordinates and BBOX take no expressions). */
  signedNumber(what: string): number {
    let sign = 1;
    if (this.isPunct('-') || this.isPunct('+')) sign = this.next().value === '-' ? -1 : 1;
    const t = this.peek();
    if (t.kind !== 'number') this.fail(`expected ${what}`);
    this.next();
    return noNegativeZero(sign * Number(t.value));
  }

  /** Run a parse step one level deeper; refuse nesting beyond MAX_NESTING (the stack is finite). */
  nested<T>(step: () => T): T {
    if (++this.depth > MAX_NESTING) throw new Cql2SyntaxError(`expression nested too deeply (more than ${MAX_NESTING} levels)`, this.peek().start);
    const result = step();
    this.depth--;
    return result;
  }
}
