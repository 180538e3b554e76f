import { Cql2SyntaxError } from './ast.ts';

/**
 * The scanner of cql2-text (OGC 21-065r2, Annex B). It knows words, literals and punctuation,
 * not the grammar: the parser decides whether a word like `DATE` or `POINT` starts a literal.
 *
 * - `ident`: an identifier (`eo:cloud_cover`, `S_INTERSECTS`, `POINT`); `value` as written
 * - `quoted`: a double-quoted identifier (`"date"`); `value` without the quotes, `""` undoubled
 * - `string`: a character literal (`'it''s'`); `value` with the escapes (`''`, `\'`) resolved
 * - `number`: an unsigned number (`12`, `0.5`, `.5`, `1e-3`); `value` as written, signs are
 *   separate `-`/`+` tokens
 * - `keyword`: a reserved word, matched case-insensitively; `value` in upper case:
 *   AND OR NOT LIKE BETWEEN IN IS NULL TRUE FALSE DIV
 * - `punct`: one of `= <> < <= > >= + - * / % ^ ( ) ,`
 * - `end`: the end of the text (always the last token)
 */
export type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'keyword' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** The token as written in the source. */
  readonly text: string;
  /** Offset (0-based, UTF-16 code units) of the token's first character. */
  readonly start: number;
  /** Offset just past the token. */
  readonly end: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'DIV']);

/** `identifierStart` of the BNF (the XML NameStartChar ranges, plus the colon). */
const IDENTIFIER_START =
  /[:_A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFE\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]/u;
/** `identifierPart`: a start character, a period, a digit, a combining mark, `‿` or `⁀`. */
const IDENTIFIER_PART = /[.0-9\u0300-\u036F\u203F-\u2040]/u;
/** `whitespace` of the BNF. */
const WHITESPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/u;
/** `decimalNumericLiteral` with an optional exponent: `12`, `12.`, `12.5`, `.5`, `1e5`, `1.5E-3`. */
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

const PUNCTUATION = new Set(['=', '<', '>', '+', '-', '*', '/', '%', '^', '(', ')', ',']);

/** Split cql2-text into tokens, ending with an `end` token. Throws Cql2SyntaxError. */
export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, start: number): void => {
    tokens.push({ kind, value, text: text.slice(start, i), start, end: i });
  };

  while (i < text.length) {
    const c = charAt(text, i);
    if (WHITESPACE.test(c)) {
      i += c.length;
      continue;
    }
    const start = i;

    if (c === "'") {
      const quoted = readQuoted(text, start);
      if (!quoted) throw new Cql2SyntaxError('unterminated string: no closing quote for the string that starts here', start);
      i = quoted.end;
      push('string', quoted.value, start);
      continue;
    }

    if (c === '"') {
      const quoted = readQuoted(text, start);
      if (!quoted) throw new Cql2SyntaxError('unterminated quoted identifier: no closing double quote', start);
      if (quoted.value === '') throw new Cql2SyntaxError('empty quoted identifier ""', start);
      i = quoted.end;
      push('quoted', quoted.value, start);
      continue;
    }

    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      // The pattern always matches here: a digit, or a period and a digit.
      i += m ? m[0].length : 1;
      push('number', text.slice(start, i), start);
      continue;
    }

    if (IDENTIFIER_START.test(c)) {
      i += c.length;
      while (i < text.length) {
        const d = charAt(text, i);
        if (!IDENTIFIER_START.test(d) && !IDENTIFIER_PART.test(d)) break;
        i += d.length;
      }
      const word = text.slice(start, i);
      const upper = word.toUpperCase();
      if (KEYWORDS.has(upper)) push('keyword', upper, start);
      else push('ident', word, start);
      continue;
    }

    if (PUNCTUATION.has(c)) {
      i++;
      if ((c === '<' && (text[i] === '>' || text[i] === '=')) || (c === '>' && text[i] === '=')) i++;
      push('punct', text.slice(start, i), start);
      continue;
    }

    throw new Cql2SyntaxError(`unexpected character ${JSON.stringify(c)}${hint(c, text[i + 1])}`, start);
  }
  tokens.push({ kind: 'end', value: '', text: '', start: text.length, end: text.length });
  return tokens;
}

/**
 * What stands between the quote at `start` and its closing quote, and the offset past it; undefined
 * when it is not closed. A doubled quote is one quote; a string (single quotes) also takes `\'`,
 * as `escapeQuote = "''" | "\'"` of the BNF says.
 */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const d = text[i];
    if ((d === quote || (d === '\\' && quote === "'")) && text[i + 1] === quote) {
      value += quote;
      i += 2;
    } else if (d === quote) {
      return { value, end: i + 1 };
    } else {
      value += d;
      i++;
    }
  }
  return undefined;
}

/** The character (one or two UTF-16 code units) at offset i. */
function charAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function hint(c: string, next: string | undefined): string {
  if (c === '!' && next === '=') return " (use '<>' for 'not equal')";
  if (c === '[' || c === ']') return " (arrays are written in parentheses: ('a', 'b'))";
  if (c === '{') return ' (is this cql2-json? use filter-lang=cql2-json)';
  if (c === '|' && next === '|') return ' (string concatenation is not part of CQL2)';
  return '';
}

/** How a token is named in error messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'end of input';
    case 'string':
      return `the string ${t.text}`;
    case 'number':
      return `the number ${t.text}`;
    case 'quoted':
      return `the property ${t.text}`;
    default:
      return `'${t.text}'`;
  }
}
