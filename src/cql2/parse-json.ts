/**
 * cql2-json → CQL2 tree (OGC 21-065r2, clause 8.2 and schema/cql2.json), in the normal form of
 * ast.ts, so that it deep-equals what parseCql2Text gives for the same expression.
 *
 * Beyond the schema, it accepts: operator names in any case (`isNull`, `ISNULL`); `-` with one
 * argument (unary minus, which cql2-text has and the schema does not); `{"date"}` and
 * `{"timestamp"}` objects as interval bounds; nested geometry collections.
 */
import { Cql2SyntaxError, op, property } from './ast.ts';
import type { GeoJsonGeometry, Instant, Node, Open, Property } from './ast.ts';
import {
  ARITHMETIC_OPS,
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

/**
 * Parse a cql2-json filter that is already JSON-parsed. Throws Cql2SyntaxError with position -1
 * and a message that starts with the JSON path of the offending value (`args[1].args[0]: …`).
 */
export function parseCql2Json(input: unknown): Node {
  try {
    return expression(input, '');
  } catch (e) {
    // JSON.parse nests deeper than a recursive walk can: refuse instead of crashing
    if (e instanceof RangeError) throw new Cql2SyntaxError('filter: expression nested too deeply', -1);
    throw e;
  }
}

const GEOJSON_TYPES = new Set(Object.values(GEOMETRY_TYPES));

function fail(path: string, message: string): never {
  throw new Cql2SyntaxError(`${path === '' ? 'filter' : path}: ${message}`, -1);
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a JSON value is, for messages. */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an object with keys ${Object.keys(v).map((k) => JSON.stringify(k)).join(', ') || '(none)'}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function expression(v: unknown, path: string): Node {
  switch (typeof v) {
    case 'string':
      return { type: 'string', value: v };
    case 'number':
      if (!Number.isFinite(v)) fail(path, `expected a finite number, got ${v}`);
      return { type: 'number', value: noNegativeZero(v) };
    case 'boolean':
      return { type: 'boolean', value: v };
  }
  if (Array.isArray(v)) return { type: 'array', items: v.map((item, i) => expression(item, `${path}[${i}]`)) };
  if (!isObject(v)) {
    fail(path, `expected a CQL2 expression, got ${kindOf(v)}`);
  }
  if ('op' in v) return operation(v, path);
  if ('property' in v) return propertyRef(v, path);
  if ('date' in v || 'timestamp' in v) return instant(v, path);
  if ('interval' in v) return interval(v, path);
  if ('type' in v) return { type: 'geometry', geometry: geoJson(v, path) };
  if ('bbox' in v) return bbox(v, path);
  return fail(
    path,
    `expected a CQL2 expression ({"op", "args"}, {"property"}, {"date"}, {"timestamp"}, {"interval"}, {"bbox"}, a GeoJSON geometry, an array, a string, a number or a boolean), got ${kindOf(v)}`,
  );
}

function operation(v: Record<string, unknown>, path: string): Node {
  const name = v.op;
  if (typeof name !== 'string' || name === '') fail(child(path, 'op'), `expected an operator or function name, got ${kindOf(name)}`);
  const rawArgs = v.args;
  if (!Array.isArray(rawArgs)) fail(child(path, 'args'), `expected an array of arguments of "${name}", got ${kindOf(rawArgs)}`);
  const lower = name.toLowerCase();
  const argPath = (i: number): string => `${child(path, 'args')}[${i}]`;
  const arity = (...counts: number[]): void => {
    if (!counts.includes(rawArgs.length)) {
      const expected = counts.length === 1 ? `${counts[0]}` : `${counts.slice(0, -1).join(', ')} or ${counts[counts.length - 1]}`;
      fail(path, `"${name}" expects ${expected} argument${counts.length === 1 && counts[0] === 1 ? '' : 's'}, got ${rawArgs.length}`);
    }
  };
  const args = (): Node[] => rawArgs.map((a, i) => expression(a, argPath(i)));

  if (lower === 'and' || lower === 'or') {
    if (rawArgs.length < 2) fail(path, `"${name}" expects at least 2 arguments, got ${rawArgs.length}`);
    return logical(lower, args());
  }
  if (lower === 'not' || lower === 'isnull' || lower === 'casei' || lower === 'accenti') {
    arity(1);
    return op(lower, ...args());
  }
  if (COMPARISON_OPS.has(lower) || lower === 'like' || SPATIAL_OPS.has(lower) || TEMPORAL_OPS.has(lower) || ARRAY_OPS.has(lower)) {
    arity(2);
    return op(lower, ...args());
  }
  if (lower === 'between') {
    arity(3);
    return op(lower, ...args());
  }
  if (lower === 'in') {
    arity(2);
    if (!Array.isArray(rawArgs[1])) fail(argPath(1), `expected an array (the list of IN), got ${kindOf(rawArgs[1])}`);
    return op(lower, ...args());
  }
  if (ARITHMETIC_OPS.has(lower)) {
    if (lower === '-') {
      arity(1, 2);
      if (rawArgs.length === 1) return negate(expression(rawArgs[0], argPath(0)));
    } else arity(2);
    return op(lower, ...args());
  }
  // any other name is a function
  return op(lower, ...args());
}

function propertyRef(v: Record<string, unknown>, path: string): Property {
  const name = v.property;
  if (typeof name !== 'string' || name === '') fail(child(path, 'property'), `expected a property name, got ${kindOf(name)}`);
  return property(name);
}

function instant(v: Record<string, unknown>, path: string): Instant {
  if ('date' in v) {
    const s = v.date;
    if (typeof s !== 'string' || !isDate(s)) fail(child(path, 'date'), `expected a date like ${DATE_EXAMPLE}, got ${kindOf(s)}`);
    return { type: 'date', value: s };
  }
  const s = v.timestamp;
  if (typeof s !== 'string' || !isTimestamp(s)) fail(child(path, 'timestamp'), `expected a timestamp like ${TIMESTAMP_EXAMPLE}, got ${kindOf(s)}`);
  return { type: 'timestamp', value: s };
}

function interval(v: Record<string, unknown>, path: string): Node {
  const ends = v.interval;
  const p = child(path, 'interval');
  if (!Array.isArray(ends) || ends.length !== 2) fail(p, `expected an array of 2 bounds (start, end), got ${Array.isArray(ends) ? `${ends.length}` : kindOf(ends)}`);
  return { type: 'interval', start: intervalBound(ends[0], `${p}[0]`), end: intervalBound(ends[1], `${p}[1]`) };
}

function intervalBound(v: unknown, path: string): Instant | Open | Property {
  const expected = `expected a date (${DATE_EXAMPLE}), a timestamp (${TIMESTAMP_EXAMPLE}), ".." or {"property"}`;
  if (typeof v === 'string') {
    if (v === '..') return { type: 'open' };
    return instantOf(v) ?? fail(path, `${expected}, got ${kindOf(v)}`);
  }
  if (isObject(v)) {
    if ('property' in v) return propertyRef(v, path);
    if ('date' in v || 'timestamp' in v) return instant(v, path);
    if ('op' in v) fail(path, `a function as a bound of an interval is not supported: ${expected}`);
  }
  return fail(path, `${expected}, got ${kindOf(v)}`);
}

function bbox(v: Record<string, unknown>, path: string): Node {
  const b = v.bbox;
  const p = child(path, 'bbox');
  if (!Array.isArray(b)) fail(p, `expected an array of 4 or 6 numbers, got ${kindOf(b)}`);
  if (b.length !== 4 && b.length !== 6) fail(p, `expected 4 numbers (minx, miny, maxx, maxy) or 6 (with minz and maxz), got ${b.length}`);
  b.forEach((n, i) => {
    if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${p}[${i}]`, `expected a number, got ${kindOf(n)}`);
  });
  return { type: 'bbox', bbox: (b as number[]).map(noNegativeZero) };
}

// ---- GeoJSON

type Position = number[];

/** A GeoJSON geometry object, checked and copied down to `type` and `coordinates`/`geometries`. */
function geoJson(v: Record<string, unknown>, path: string): GeoJsonGeometry {
  const type = v.type;
  if (typeof type !== 'string' || !GEOJSON_TYPES.has(type)) {
    fail(child(path, 'type'), `expected a GeoJSON geometry type (${[...GEOJSON_TYPES].join(', ')}), got ${kindOf(type)}`);
  }
  if (type === 'GeometryCollection') {
    const gs = v.geometries;
    const p = child(path, 'geometries');
    if (!Array.isArray(gs) || gs.length === 0) fail(p, `expected a non-empty array of geometries, got ${kindOf(gs)}`);
    return collection(
      gs.map((g, i) => {
        if (!isObject(g)) fail(`${p}[${i}]`, `expected a GeoJSON geometry, got ${kindOf(g)}`);
        return geoJson(g, `${p}[${i}]`);
      }),
    );
  }
  const c = v.coordinates;
  const p = child(path, 'coordinates');
  switch (type) {
    case 'Point':
      return geometry(type, position(c, p));
    case 'LineString':
      return geometry(type, positions(c, p, MIN_LINE_POSITIONS, 'a LineString'));
    case 'Polygon':
      return geometry(type, rings(c, p));
    case 'MultiPoint':
      return geometry(type, positions(c, p, 1, 'a MultiPoint'));
    case 'MultiLineString':
      return geometry(type, nonEmpty(c, p, 'line strings').map((l, i) => positions(l, `${p}[${i}]`, MIN_LINE_POSITIONS, 'a line string')));
    default:
      return geometry(type, nonEmpty(c, p, 'polygons').map((r, i) => rings(r, `${p}[${i}]`)));
  }
}

function nonEmpty(v: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(v) || v.length === 0) fail(path, `expected a non-empty array of ${what}, got ${kindOf(v)}`);
  return v;
}

function position(v: unknown, path: string): Position {
  if (!Array.isArray(v) || v.length < 2 || v.length > 3 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    fail(path, `expected a position (an array of 2 or 3 numbers), got ${Array.isArray(v) ? JSON.stringify(v) : kindOf(v)}`);
  }
  return (v as number[]).map(noNegativeZero);
}

function positions(v: unknown, path: string, min: number, what: string): Position[] {
  const ps = nonEmpty(v, path, 'positions').map((q, i) => position(q, `${path}[${i}]`));
  if (ps.length < min) fail(path, `${what} needs at least ${min} positions, got ${ps.length}`);
  return ps;
}

function rings(v: unknown, path: string): Position[][] {
  return nonEmpty(v, path, 'rings').map((r, i) => positions(r, `${path}[${i}]`, MIN_RING_POSITIONS, 'a ring'));
}
