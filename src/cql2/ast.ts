/**
 * The one CQL2 tree both encodings parse to (OGC 21-065r2, Common Query Language). It follows cql2-json closely: an operation is
 * `{ op, args }` with the lower-case operator name; literals are typed nodes, so a checker and a
 * translator never have to guess what a bare JSON value meant. `parseCql2Text` and
 * `parseCql2Json` of the same expression give deep-equal trees.
 */
export type Node = Operation | Property | Literal;

/**
 * `op` is lower-case: and, or, not, =, <>, <, <=, >, >=, like, between, in, isnull, casei,
 * accenti, +, -, *, /, %, div, ^, s_intersects…, t_after…, a_equals…, or a function name.
 * Normal form, so that both encodings meet: `and`/`or` are n-ary and never directly nest in
 * themselves; negated predicates (NOT LIKE, NOT BETWEEN, NOT IN, IS NOT NULL) are `not` of the
 * predicate; `in` is [value, array]; `between` is [value, low, high]; a unary minus on a number
 * is a negative number, on anything else `-1 * x` (as the standard's cql2-json writes it).
 */
export interface Operation {
  readonly type: 'op';
  readonly op: string;
  readonly args: readonly Node[];
}

export interface Property {
  readonly type: 'property';
  readonly name: string;
}

export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  /** `DATE('2020-01-01')` / `{"date": "2020-01-01"}` */
  | { readonly type: 'date'; readonly value: string }
  /** `TIMESTAMP('2020-01-01T00:00:00Z')` / `{"timestamp": …}` */
  | { readonly type: 'timestamp'; readonly value: string }
  /** `INTERVAL(a, b)`: each end a date or timestamp (typed by its form), `..` (open), or a property */
  | { readonly type: 'interval'; readonly start: Instant | Open | Property; readonly end: Instant | Open | Property }
  /** A GeoJSON geometry object (WKT literals are converted to GeoJSON). */
  | { readonly type: 'geometry'; readonly geometry: GeoJsonGeometry }
  /** `BBOX(minx, miny, maxx, maxy)` (4 or 6 numbers) */
  | { readonly type: 'bbox'; readonly bbox: readonly number[] }
  /** `(a, b, c)` / `[a, b, c]` in array functions and IN lists */
  | { readonly type: 'array'; readonly items: readonly Node[] };

export type Instant = { readonly type: 'date'; readonly value: string } | { readonly type: 'timestamp'; readonly value: string };
export type Open = { readonly type: 'open' };

export interface GeoJsonGeometry {
  readonly type: string;
  readonly coordinates?: unknown;
  readonly geometries?: readonly GeoJsonGeometry[];
}

/** A parse error with the offset (0-based, in characters) where it was found. */
export class Cql2SyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'Cql2SyntaxError';
    this.position = position;
  }
}

export const op = (name: string, ...args: Node[]): Operation => ({ type: 'op', op: name, args });
export const property = (name: string): Property => ({ type: 'property', name });
