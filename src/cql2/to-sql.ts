import { elementTypeOf, valueKindOf, type ValueKind } from '../engine/pg-types.ts';
import { quoteIdent } from '../engine/sql.ts';
import type { Node, Operation } from './ast.ts';

/** What a filter can refer to: a collection's columns (name → PostgreSQL type) and its geometry. */
export interface FilterTarget {
  readonly columns: ReadonlyMap<string, string>;
  readonly geometryColumn: string;
  readonly srid: number;
}

/** A CQL2 tree that does not fit the collection: names the property, or the operation. */
export class Cql2CheckError extends Error {
  readonly property?: string;
  constructor(message: string, property?: string) {
    super(message);
    this.name = 'Cql2CheckError';
    this.property = property;
  }
}

/** Kinds of values the translator tracks, to pick casts and refuse nonsense: a column's, or an interval. */
type Kind = ValueKind | 'interval';

interface Sql {
  readonly sql: string;
  readonly kind: Kind;
  /** A column's PostgreSQL type, for messages. */
  readonly type?: string;
  /** For temporal values: start and end (the same for an instant). */
  readonly range?: Range;
}

/**
 * The start and end of a temporal value, each written when a relation uses it. The literal end
 * of an interval is bound only then: T_AFTER uses one end of each side, and a bound value that
 * the SQL never mentions is an error in PostgreSQL ("could not determine data type").
 */
type Range = readonly [start: () => string, end: () => string];

export interface Translation {
  readonly sql: string;
  readonly values: readonly unknown[];
}

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const SPATIAL: Record<string, string> = {
  s_intersects: 'ST_Intersects',
  s_equals: 'ST_Equals',
  s_disjoint: 'ST_Disjoint',
  s_touches: 'ST_Touches',
  s_within: 'ST_Within',
  s_overlaps: 'ST_Overlaps',
  s_crosses: 'ST_Crosses',
  s_contains: 'ST_Contains',
};
/** Allen's interval relations over [start, end] (an instant is [t, t]), per CQL2's temporal functions. */
const TEMPORAL: Record<string, (a: Range, b: Range) => string> = {
  t_after: ([as], [, be]) => `${as()} > ${be()}`,
  t_before: ([, ae], [bs]) => `${ae()} < ${bs()}`,
  t_contains: ([as, ae], [bs, be]) => `${as()} < ${bs()} AND ${ae()} > ${be()}`,
  t_disjoint: ([as, ae], [bs, be]) => `(${ae()} < ${bs()} OR ${as()} > ${be()})`,
  t_during: ([as, ae], [bs, be]) => `${as()} > ${bs()} AND ${ae()} < ${be()}`,
  t_equals: ([as, ae], [bs, be]) => `${as()} = ${bs()} AND ${ae()} = ${be()}`,
  t_finishedby: ([as, ae], [bs, be]) => `${as()} < ${bs()} AND ${ae()} = ${be()}`,
  t_finishes: ([as, ae], [bs, be]) => `${as()} > ${bs()} AND ${ae()} = ${be()}`,
  t_intersects: ([as, ae], [bs, be]) => `${as()} <= ${be()} AND ${ae()} >= ${bs()}`,
  t_meets: ([, ae], [bs]) => `${ae()} = ${bs()}`,
  t_metby: ([as], [, be]) => `${as()} = ${be()}`,
  t_overlappedby: ([as, ae], [bs, be]) => `${as()} > ${bs()} AND ${as()} < ${be()} AND ${ae()} > ${be()}`,
  t_overlaps: ([as, ae], [bs, be]) => `${as()} < ${bs()} AND ${ae()} > ${bs()} AND ${ae()} < ${be()}`,
  t_startedby: ([as, ae], [bs, be]) => `${as()} = ${bs()} AND ${ae()} > ${be()}`,
  t_starts: ([as, ae], [bs, be]) => `${as()} = ${bs()} AND ${ae()} < ${be()}`,
};
const ARRAY_OPS: Record<string, string> = { a_equals: '=', a_contains: '@>', a_containedby: '<@', a_overlaps: '&&' };
const ARITHMETIC: Record<string, (a: string, b: string) => string> = {
  '+': (a, b) => `(${a} + ${b})`,
  '-': (a, b) => `(${a} - ${b})`,
  '*': (a, b) => `(${a} * ${b})`,
  '/': (a, b) => `(${a} / NULLIF(${b}, 0))`,
  '%': (a, b) => `mod((${a})::numeric, NULLIF(${b}, 0)::numeric)`,
  div: (a, b) => `trunc(${a} / NULLIF(${b}, 0))`,
  '^': (a, b) => `power(${a}, ${b})`,
};
/** Accent-insensitive comparison without an extension: accented Latin letters to their base. */
const ACCENTED = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŠšŽžĆćČčĐđŁłŃńŚśŹźŻżĘęĄąŐőŰű';
const UNACCENTED = 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyySsZzCcCcDdLlNnSsZzZzEeAaOoUu';

/** Types whose values compare with a text value as they are. */
const PLAIN_TEXT_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'bpchar', 'name']);
/** The array type two arrays of one kind of elements are compared as when their element types differ. */
const COMMON_ARRAY_TYPE: Partial<Record<Kind, string>> = { text: 'text[]', number: 'float8[]', boolean: 'bool[]', temporal: 'timestamptz[]' };

/** Kinds of elements an array literal may be cast to (to the column's element type, from the catalog). */
const ARRAY_LITERAL_KINDS: ReadonlySet<Kind> = new Set(['text', 'number', 'boolean', 'temporal']);

/** A timestamptz expression of a temporal column, dates and local timestamps read as UTC. */
function asTimestamptz(column: string, pgType: string): string {
  if (pgType === 'date') return `(${column}::timestamp AT TIME ZONE 'UTC')`;
  if (pgType === 'timestamp') return `(${column} AT TIME ZONE 'UTC')`;
  return column;
}

/**
 * Translate a CQL2 tree to a SQL boolean expression over table alias `t`, with every literal a
 * bind parameter numbered from `firstParam`; geometry literals are in SRID `filterSrid` and
 * transformed to the collection's. Throws Cql2CheckError when the tree does not fit.
 */
export function cql2ToSql(node: Node, target: FilterTarget, filterSrid: number, firstParam: number): Translation {
  const values: unknown[] = [];
  const param = (value: unknown, cast: string): string => {
    values.push(value);
    return `$${firstParam + values.length - 1}::${cast}`;
  };

  function column(name: string): { sql: string; type: string } {
    if (name === target.geometryColumn) return { sql: `t.${quoteIdent(name)}`, type: 'geometry' };
    const type = target.columns.get(name);
    if (type === undefined) throw new Cql2CheckError(`unknown property "${name}"`, name);
    return { sql: `t.${quoteIdent(name)}`, type };
  }

  function instant(n: Node): string {
    if (n.type === 'date') return `(${param(n.value, 'date')}::timestamp AT TIME ZONE 'UTC')`;
    if (n.type === 'timestamp') return param(n.value, 'timestamptz');
    throw new Cql2CheckError(`expected a date or timestamp, got ${describe(n)}`);
  }

  function expr(n: Node): Sql {
    switch (n.type) {
      case 'property': {
        const c = column(n.name);
        const kind = valueKindOf(c.type);
        if (kind === 'geometry') return { sql: target.srid === filterSrid ? c.sql : `ST_Transform(${c.sql}, ${filterSrid})`, kind, type: c.type };
        if (kind === 'temporal') {
          const ts = asTimestamptz(c.sql, c.type);
          return { sql: c.sql, kind, range: [() => ts, () => ts], type: c.type };
        }
        // a column of another type (uuid, json, ranges, time, inet…) is compared as its text
        if ((kind === 'text' || kind === 'unknown') && !PLAIN_TEXT_TYPES.has(c.type)) return { sql: `${c.sql}::text`, kind: 'text', type: c.type };
        return { sql: c.sql, kind, type: c.type };
      }
      case 'string':
        return { sql: param(n.value, 'text'), kind: 'text' };
      case 'number':
        return { sql: param(n.value, 'float8'), kind: 'number' };
      case 'boolean':
        return { sql: param(n.value, 'boolean'), kind: 'boolean' };
      case 'date':
      case 'timestamp': {
        const t = instant(n);
        return { sql: t, kind: 'temporal', range: [() => t, () => t] };
      }
      case 'interval': {
        const end = (e: typeof n.start, open: string): (() => string) => {
          if (e.type === 'open') return () => open;
          // a property is checked now, used or not
          if (e.type === 'property') return (expr(e).range ?? notTemporal(e.name))[0];
          let bound: string | undefined;
          return () => (bound ??= instant(e));
        };
        return { sql: '', kind: 'interval', range: [end(n.start, "'-infinity'::timestamptz"), end(n.end, "'infinity'::timestamptz")] };
      }
      // Geometry literals stay in their CRS and the collection's geometry comes to it: a literal
      // reaching where the collection's CRS cannot go (the whole world, for a UTM layer) would
      // transform to nonsense, while the features transform to longitude/latitude (or the
      // filter-crs) exactly. The tile's own spatial filter still uses the index.
      case 'geometry':
        return { sql: `ST_SetSRID(ST_GeomFromGeoJSON(${param(JSON.stringify(n.geometry), 'text')}), ${filterSrid})`, kind: 'geometry' };
      case 'bbox': {
        const b = n.bbox.length === 6 ? [n.bbox[0], n.bbox[1], n.bbox[3], n.bbox[4]] : n.bbox;
        const args = b.map((v) => param(v, 'float8')).join(', ');
        return { sql: `ST_MakeEnvelope(${args}, ${filterSrid})`, kind: 'geometry' };
      }
      case 'array':
        throw new Cql2CheckError('an array is only allowed in IN lists and array functions');
      case 'op':
        return operation(n);
    }
  }

  function notTemporal(name: string): never {
    throw new Cql2CheckError(`property "${name}" is not a date or timestamp`, name);
  }

  function predicate(n: Node): string {
    const e = expr(n);
    if (e.kind !== 'boolean' && e.kind !== 'unknown') throw new Cql2CheckError(`${describe(n)} is not a condition`);
    return e.sql;
  }

  function operation(n: Operation): Sql {
    const { op, args } = n;
    const bool = (sql: string): Sql => ({ sql: `(${sql})`, kind: 'boolean' });
    if (op === 'and' || op === 'or') return bool(args.map(predicate).join(` ${op.toUpperCase()} `));
    if (op === 'not') return bool(`NOT ${predicate(args[0])}`);
    if (COMPARISONS.has(op)) {
      const [a, b] = comparable(args[0], args[1], op);
      return bool(`${a.sql} ${op} ${b.sql}`);
    }
    if (op === 'like') {
      const a = expr(args[0]);
      const p = expr(args[1]);
      requireKind(args[0], a, 'text', 'LIKE');
      requireKind(args[1], p, 'text', 'LIKE');
      return bool(`${a.sql} LIKE ${p.sql}`);
    }
    if (op === 'between') {
      // the value is translated once: a literal's bind parameter must be used where it is bound
      const a = expr(args[0]);
      const [, lo] = comparable(args[0], args[1], 'BETWEEN', a);
      const [, hi] = comparable(args[0], args[2], 'BETWEEN', a);
      return bool(`${a.sql} BETWEEN ${lo.sql} AND ${hi.sql}`);
    }
    if (op === 'in') {
      const list = args[1];
      if (list.type !== 'array') throw new Cql2CheckError('IN needs a list');
      const a = expr(args[0]);
      const items = list.items.map((item) => comparable(args[0], item, 'IN', a)[1].sql);
      return bool(`${a.sql} IN (${items.join(', ')})`);
    }
    if (op === 'isnull') {
      const a = args[0];
      if (a.type === 'property') return bool(`${column(a.name).sql} IS NULL`);
      const e = expr(a);
      if (e.kind === 'interval') throw new Cql2CheckError('IS NULL does not apply to an interval');
      return bool(`${e.sql} IS NULL`);
    }
    if (op === 'casei') return text(args[0], (s) => `lower(${s})`, 'CASEI');
    if (op === 'accenti') return text(args[0], (s) => `translate(${s}, '${ACCENTED}', '${UNACCENTED}')`, 'ACCENTI');
    if (op in ARITHMETIC) {
      const a = expr(args[0]);
      const b = expr(args[1]);
      requireKind(args[0], a, 'number', op);
      requireKind(args[1], b, 'number', op);
      return { sql: ARITHMETIC[op](a.sql, b.sql), kind: 'number' };
    }
    if (op in SPATIAL) {
      const a = expr(args[0]);
      const b = expr(args[1]);
      requireKind(args[0], a, 'geometry', op.toUpperCase());
      requireKind(args[1], b, 'geometry', op.toUpperCase());
      return bool(`${SPATIAL[op]}(${a.sql}, ${b.sql})`);
    }
    if (op in TEMPORAL) {
      const a = temporal(args[0], op);
      const b = temporal(args[1], op);
      return bool(TEMPORAL[op](a, b));
    }
    if (op in ARRAY_OPS) {
      const [a, b] = arrays(args[0], args[1], op);
      return bool(`${a} ${ARRAY_OPS[op]} ${b}`);
    }
    throw new Cql2CheckError(`unsupported function "${op}"`);
  }

  function text(n: Node, wrap: (sql: string) => string, name: string): Sql {
    const e = expr(n);
    requireKind(n, e, 'text', name);
    return { sql: wrap(e.sql), kind: 'text' };
  }

  function temporal(n: Node, op: string): Range {
    const e = expr(n);
    if (!e.range) throw new Cql2CheckError(`${op.toUpperCase()} needs dates, timestamps or intervals, got ${describe(n)}`, propertyName(n));
    return e.range;
  }

  /** Both sides of a comparison, of one kind (`a`: the left one, translated already). */
  function comparable(left: Node, right: Node, op: string, a: Sql = expr(left)): [Sql, Sql] {
    const b = expr(right);
    if (a.kind === 'unknown' || b.kind === 'unknown' || a.kind === b.kind) {
      for (const [side, e] of [[left, a], [right, b]] as const) {
        if (e.kind === 'geometry' || e.kind === 'array' || e.kind === 'interval') {
          throw new Cql2CheckError(`${op} does not compare ${e.kind === 'geometry' ? 'geometries' : e.kind === 'array' ? 'arrays' : 'intervals'}: use the S_, A_ or T_ functions`, propertyName(side));
        }
      }
      return [a, b];
    }
    const prop = propertyName(left) ?? propertyName(right);
    throw new Cql2CheckError(`${op} compares ${describe(left)} (${typeOf(a)}) with ${describe(right)} (${typeOf(b)})`, prop);
  }

  function arrays(left: Node, right: Node, op: string): [string, string] {
    const side = (n: Node, other: Node): string => {
      if (n.type === 'array') {
        const otherType = other.type === 'property' ? column(other.name).type : '_text';
        const element = elementTypeOf(otherType) ?? 'text';
        if (!ARRAY_LITERAL_KINDS.has(valueKindOf(element))) throw new Cql2CheckError(`${op.toUpperCase()} on arrays of ${element} is not supported`, propertyName(other));
        const items = n.items.map((item) => {
          if (item.type === 'string' || item.type === 'number' || item.type === 'boolean' || item.type === 'date' || item.type === 'timestamp') return item.value;
          throw new Cql2CheckError(`array items must be literals, got ${describe(item)}`);
        });
        return param(items, `${element}[]`);
      }
      const e = expr(n);
      requireKind(n, e, 'array', op.toUpperCase());
      return e.sql;
    };
    if (left.type !== 'array' && right.type !== 'array') {
      const [a, b] = [expr(left), expr(right)];
      requireKind(left, a, 'array', op.toUpperCase());
      requireKind(right, b, 'array', op.toUpperCase());
      if (a.type !== undefined && b.type !== undefined && a.type !== b.type) {
        // arrays of different element types: compared as arrays of their common kind, if they have one
        const [ka, kb] = [valueKindOf(elementTypeOf(a.type) ?? ''), valueKindOf(elementTypeOf(b.type) ?? '')];
        const common = ka === kb ? COMMON_ARRAY_TYPE[ka] : undefined;
        if (common === undefined) {
          throw new Cql2CheckError(`${op.toUpperCase()} compares ${describe(left)} (${a.type}) with ${describe(right)} (${b.type}), arrays of different types`, propertyName(left) ?? propertyName(right));
        }
        return [`${a.sql}::${common}`, `${b.sql}::${common}`];
      }
    }
    return [side(left, right), side(right, left)];
  }

  const sql = predicate(node);
  return { sql, values };
}

function requireKind(n: Node, e: Sql, kind: Kind, op: string): void {
  if (e.kind !== kind && e.kind !== 'unknown') {
    throw new Cql2CheckError(`${op} needs ${kind === 'text' ? 'text' : kind === 'number' ? 'numbers' : kind === 'geometry' ? 'geometries' : 'arrays'}, got ${describe(n)} (${typeOf(e)})`, propertyName(n));
  }
}

/** A column's PostgreSQL type; a literal's or an expression's kind. */
function typeOf(e: Sql): string {
  return e.type ?? e.kind;
}

function propertyName(n: Node): string | undefined {
  return n.type === 'property' ? n.name : undefined;
}

function describe(n: Node): string {
  if (n.type === 'property') return `property "${n.name}"`;
  if (n.type === 'op') return `${n.op}(…)`;
  return `a ${n.type}`;
}
