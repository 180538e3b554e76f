/** CQL2 (OGC 21-065r2): both encodings parse to one tree (see ast.ts). */
import { Cql2SyntaxError } from './ast.ts';
import type { Node } from './ast.ts';
import { parseCql2Json } from './parse-json.ts';
import { parseCql2Text } from './parse-text.ts';

export { Cql2SyntaxError, op, property } from './ast.ts';
export type { GeoJsonGeometry, Instant, Literal, Node, Open, Operation, Property } from './ast.ts';
export { parseCql2Json } from './parse-json.ts';
export { parseCql2Text } from './parse-text.ts';

export type Cql2Language = 'cql2-text' | 'cql2-json';

/**
 * Parse a filter in either encoding. For cql2-json the text is JSON-parsed first; a JSON syntax
 * error is a Cql2SyntaxError at the offset JSON.parse reports (the end of the text for a truncated
 * document, -1 when it reports none).
 */
export function parseCql2(text: string, lang: Cql2Language): Node {
  if (lang === 'cql2-text') return parseCql2Text(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Cql2SyntaxError(`invalid JSON: ${message}`, jsonErrorPosition(message, text));
  }
  return parseCql2Json(value);
}

function jsonErrorPosition(message: string, text: string): number {
  const at = /\bposition (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/end of JSON input/i.test(message)) return text.length;
  return -1;
}
export { cql2ToSql, Cql2CheckError, type FilterTarget, type Translation } from './to-sql.ts';
