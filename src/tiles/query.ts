import { invalidParameter } from '../errors.ts';

/** A request's query string as fastify parses it (a repeated parameter is an array). */
export type Query = Record<string, unknown>;

/** `a,b,c` → ['a','b','c'] (empty items dropped). */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The value of a query parameter that may appear at most once. */
export function single(query: Query, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw invalidParameter(name, 'given more than once');
  return String(v);
}
