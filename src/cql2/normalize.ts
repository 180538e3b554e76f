/**
 * What both parsers share so that they meet in one normal form (see ast.ts): operator names and
 * arities, n-ary and/or, negative numbers, typed instants, geometry shapes.
 */
import { op } from './ast.ts';
import type { GeoJsonGeometry, Instant, Node } from './ast.ts';

export const COMPARISON_OPS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>=']);
export const ARITHMETIC_OPS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', 'div', '^']);
export const SPATIAL_OPS: ReadonlySet<string> = new Set([
  's_intersects',
  's_equals',
  's_disjoint',
  's_touches',
  's_within',
  's_overlaps',
  's_crosses',
  's_contains',
]);
export const TEMPORAL_OPS: ReadonlySet<string> = new Set([
  't_after',
  't_before',
  't_contains',
  't_disjoint',
  't_during',
  't_equals',
  't_finishedby',
  't_finishes',
  't_intersects',
  't_meets',
  't_metby',
  't_overlappedby',
  't_overlaps',
  't_startedby',
  't_starts',
]);
export const ARRAY_OPS: ReadonlySet<string> = new Set(['a_equals', 'a_contains', 'a_containedby', 'a_overlaps']);

/** `and`/`or` over args, taking the args of any direct child of the same operator (n-ary, never nested in itself). */
export function logical(name: 'and' | 'or', args: readonly Node[]): Node {
  const flat: Node[] = [];
  for (const a of args) {
    if (a.type === 'op' && a.op === name) flat.push(...a.args);
    else flat.push(a);
  }
  return op(name, ...flat);
}

/** A number with negative zero made zero, so that `-0.0` and `0` (and JSON.stringify of -0) meet. */
export function noNegativeZero(n: number): number {
  return n === 0 ? 0 : n;
}

/** Unary minus: a number becomes a negative number, anything else `-1 * x`, as the standard's JSON writes it. */
export function negate(n: Node): Node {
  if (n.type === 'number') return { type: 'number', value: noNegativeZero(-n.value) };
  return op('*', { type: 'number', value: -1 }, n);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** `fullDate` of the BNF (`2020-01-31`), a real day of the calendar. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `fullDate "T" utcTime` of the BNF (`2020-01-31T23:59:59Z`, `…59.123Z`), UTC only. */
export function isTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) <= 60;
}

/** A date or timestamp typed by its form, or undefined. */
export function instantOf(s: string): Instant | undefined {
  if (isDate(s)) return { type: 'date', value: s };
  if (isTimestamp(s)) return { type: 'timestamp', value: s };
  return undefined;
}

export const DATE_EXAMPLE = "'2020-01-31'";
export const TIMESTAMP_EXAMPLE = "'2020-01-31T12:00:00Z'";

/** GeoJSON geometry types, with their WKT keywords. */
export const GEOMETRY_TYPES: Readonly<Record<string, string>> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
  GEOMETRYCOLLECTION: 'GeometryCollection',
};

/** A GeoJSON geometry of only `type` and `coordinates` (or `geometries`), the form both parsers build. */
export function geometry(type: string, coordinates: unknown): GeoJsonGeometry {
  return { type, coordinates };
}
export function collection(geometries: readonly GeoJsonGeometry[]): GeoJsonGeometry {
  return { type: 'GeometryCollection', geometries };
}

/** Minimum positions of a line string and of a polygon ring (the BNF's lineStringText and linearRingText). */
export const MIN_LINE_POSITIONS = 2;
export const MIN_RING_POSITIONS = 4;
