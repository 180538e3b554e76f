// Random CQL2 filters over a table with a column of every type tilery publishes: well-formed
// filters of every operator with operands of right and wrong types, written as cql2-json and as
// cql2-text. What they must get is an answer: a tile, or a 400 naming the filter.
import { rng } from './rng.ts';

/** The table's columns: name → SQL type. */
export const TYPED_COLUMNS: Record<string, string> = {
  i2: 'int2',
  i4: 'int4',
  i8: 'int8',
  num: 'numeric',
  f4: 'float4',
  f8: 'float8',
  t: 'text',
  vc: 'varchar(20)',
  ch: 'char(3)',
  b: 'boolean',
  d: 'date',
  ts: 'timestamp',
  tz: 'timestamptz',
  tm: 'time',
  u: 'uuid',
  js: 'jsonb',
  jn: 'json',
  tags: 'text[]',
  nums: 'int4[]',
  bigs: 'int8[]',
  days: 'date[]',
  r: 'int4range',
  tr: 'tstzrange',
  iv: 'interval',
  ip: 'inet',
  by: 'bytea',
};

/** The statements that make `public.typed` (20 rows, one NULL row) readable by `reader`. */
export function typedTableSql(reader: string): string[] {
  const cols = Object.entries(TYPED_COLUMNS).map(([n, t]) => `${n} ${t}`).join(', ');
  return [
    `CREATE TABLE public.typed (id integer PRIMARY KEY, ${cols}, geom geometry(Point, 4326))`,
    `INSERT INTO public.typed SELECT i, i, i * 1000, i * 1000000000::int8, i * 1.5, i / 3.0, i / 7.0, 'name ' || i, 'v' || i, 'c' || (i % 10),
       i % 2 = 0, DATE '2020-01-01' + i, TIMESTAMP '2020-01-01' + i * INTERVAL '1 day', TIMESTAMPTZ '2020-01-01Z' + i * INTERVAL '1 day',
       TIME '10:00' + i * INTERVAL '1 minute', md5(i::text)::uuid, jsonb_build_object('k', i), json_build_object('k', i),
       ARRAY['a' || i, 'b'], ARRAY[i, i + 1], ARRAY[i::int8], ARRAY[DATE '2020-01-01' + i], int4range(i, i + 5),
       tstzrange(TIMESTAMPTZ '2020-01-01Z' + i * INTERVAL '1 day', NULL), i * INTERVAL '1 hour', ('10.0.0.' || i)::inet, decode(lpad(to_hex(i), 2, '0'), 'hex'),
       ST_SetSRID(ST_MakePoint(i * 8 - 80, i * 4 - 40), 4326)
     FROM generate_series(1, 20) AS i`,
    `INSERT INTO public.typed (id, geom) VALUES (21, ST_SetSRID(ST_MakePoint(1, 1), 4326))`,
    `GRANT SELECT ON public.typed TO "${reader}"`,
  ];
}

type R = () => number;
const pick = <T,>(r: R, items: readonly T[]): T => items[Math.floor(r() * items.length)];

const PROPERTIES = [...Object.keys(TYPED_COLUMNS), 'geom', 'id', 'nope'];
const STRINGS = ['', 'x', 'name 3', 'v1', 'c1 ', '%', '_', 'a\\', "it's", '{"k": 1}', '[1,2]', '10.0.0.1', '(1,6)', '01:00:00', '10:03',
  'c4ca4238-a0b9-3382-8dcc-509a6f75849b', 'not-a-uuid', '2020-01-05', '\\x01', 'true', '1e5', 'ÄÖÜ', '🙂', "'; DROP TABLE public.typed; --"];
const NUMBERS = [0, 1, -1, 2.5, 1e308, -1e308, 5e-324, 2147483648, 9007199254740993, 1000, 3];
const DATES = ['2020-01-05', '2019-12-31', '0001-01-01', '9999-12-31', '2020-02-29'];
const TIMESTAMPS = ['2020-01-05T00:00:00Z', '2020-01-05T12:30:00.5+02:00', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z'];
const GEOMETRIES = [
  { type: 'Point', coordinates: [0, 0] },
  { type: 'Point', coordinates: [1e308, 1e308] },
  { type: 'Polygon', coordinates: [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]] },
  { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [0, 10], [10, 10], [0, 0]]] },
  { type: 'LineString', coordinates: [[0, 0], [1e10, 1e10]] },
  { type: 'MultiPoint', coordinates: [[0, 0], [8, 4]] },
];

function literal(r: R): unknown {
  switch (Math.floor(r() * 8)) {
    case 0:
    case 1:
      return pick(r, STRINGS);
    case 2:
    case 3:
      return pick(r, NUMBERS);
    case 4:
      return r() < 0.5;
    case 5:
      return { date: pick(r, DATES) };
    case 6:
      return { timestamp: pick(r, TIMESTAMPS) };
    default:
      return { interval: [instantOrOpen(r), instantOrOpen(r)] };
  }
}

function instantOrOpen(r: R): string | { property: string } {
  const x = r();
  if (x < 0.25) return '..';
  if (x < 0.4) return { property: pick(r, ['d', 'ts', 'tz', 't', 'nope']) };
  return x < 0.7 ? pick(r, DATES) : pick(r, TIMESTAMPS);
}

const property = (r: R) => ({ property: pick(r, PROPERTIES) });
const operand = (r: R, depth: number): unknown => {
  const x = r();
  if (x < 0.5) return property(r);
  if (x < 0.85 || depth > 2) return literal(r);
  return { op: pick(r, ['+', '-', '*', '/', '%', 'div', '^', 'casei', 'accenti']), args: [operand(r, depth + 1), ...(r() < 0.8 ? [operand(r, depth + 1)] : [])] };
};

const COMPARISON = ['=', '<>', '<', '<=', '>', '>='];
const SPATIAL = ['s_intersects', 's_equals', 's_disjoint', 's_touches', 's_within', 's_overlaps', 's_crosses', 's_contains'];
const TEMPORAL = ['t_after', 't_before', 't_contains', 't_disjoint', 't_during', 't_equals', 't_finishedby', 't_finishes', 't_intersects', 't_meets', 't_metby', 't_overlappedby', 't_overlaps', 't_startedby', 't_starts'];
const ARRAY = ['a_equals', 'a_contains', 'a_containedby', 'a_overlaps'];

function arrayOperand(r: R): unknown {
  if (r() < 0.5) return { property: pick(r, ['tags', 'nums', 'bigs', 'days', 't', 'js', 'nope']) };
  return Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.5 ? pick(r, STRINGS.slice(0, 6)) : r() < 0.7 ? pick(r, NUMBERS) : { date: pick(r, DATES) }));
}

/** One random condition as cql2-json. */
export function randomCondition(r: R, depth = 0): unknown {
  const x = r();
  if (depth < 2 && x < 0.15) return { op: pick(r, ['and', 'or']), args: [randomCondition(r, depth + 1), randomCondition(r, depth + 1)] };
  if (depth < 2 && x < 0.2) return { op: 'not', args: [randomCondition(r, depth + 1)] };
  const kind = Math.floor(r() * 9);
  if (kind <= 2) return { op: pick(r, COMPARISON), args: [operand(r, 0), operand(r, 0)] };
  if (kind === 3) return { op: 'like', args: [operand(r, 0), pick(r, ['%', 'name%', 'a\\%', '_', '%\\'])] };
  if (kind === 4) return { op: 'between', args: [operand(r, 0), literal(r), literal(r)] };
  if (kind === 5) return { op: 'in', args: [property(r), Array.from({ length: 1 + Math.floor(r() * 3) }, () => literal(r))] };
  if (kind === 6) return { op: 'isNull', args: [property(r)] };
  if (kind === 7) {
    const op = pick(r, [...SPATIAL, ...TEMPORAL]);
    if (op.startsWith('s_')) return { op, args: [r() < 0.8 ? { property: 'geom' } : property(r), r() < 0.8 ? pick(r, GEOMETRIES) : { bbox: [-10, -10, 10, 10] }] };
    const temporal = (): unknown => (r() < 0.6 ? { property: pick(r, ['d', 'ts', 'tz', 'tm', 'tr', 't', 'nope']) } : literal(r));
    return { op, args: [temporal(), temporal()] };
  }
  return { op: pick(r, ARRAY), args: [arrayOperand(r), arrayOperand(r)] };
}

/** cql2-text of what randomCondition makes. */
export function toText(n: unknown): string {
  if (n === null) return 'NULL';
  if (typeof n === 'string') return `'${n.replaceAll("'", "''")}'`;
  if (typeof n === 'number') return Number.isFinite(n) ? String(n) : '0';
  if (typeof n === 'boolean') return n ? 'TRUE' : 'FALSE';
  if (Array.isArray(n)) return `(${n.map(toText).join(', ')})`;
  const o = n as Record<string, any>;
  if ('property' in o) return `"${String(o.property).replaceAll('"', '""')}"`;
  if ('date' in o) return `DATE('${o.date}')`;
  if ('timestamp' in o) return `TIMESTAMP('${o.timestamp}')`;
  if ('interval' in o) return `INTERVAL(${o.interval.map((e: unknown) => (e === '..' ? "'..'" : toText(e))).join(', ')})`;
  if ('bbox' in o) return `BBOX(${o.bbox.join(', ')})`;
  if ('type' in o) return geometryText(o as { type: string; coordinates: any });
  const { op, args } = o as { op: string; args: unknown[] };
  const a = args.map(toText);
  if (op === 'and' || op === 'or') return `(${a.join(` ${op.toUpperCase()} `)})`;
  if (op === 'not') return `NOT (${a[0]})`;
  if (COMPARISON.includes(op) || ['+', '-', '*', '/', '%', '^'].includes(op)) return `(${a[0]} ${op} ${a[1] ?? '1'})`;
  if (op === 'div') return `(${a[0]} DIV ${a[1] ?? '1'})`;
  if (op === 'like') return `${a[0]} LIKE ${a[1]}`;
  if (op === 'between') return `${a[0]} BETWEEN ${a[1]} AND ${a[2]}`;
  if (op === 'in') return `${a[0]} IN ${a[1]}`;
  if (op === 'isNull') return `${a[0]} IS NULL`;
  if (op === 'casei' || op === 'accenti') return `${op.toUpperCase()}(${a[0]})`;
  return `${op.toUpperCase()}(${a.join(', ')})`;
}

function geometryText(g: { type: string; coordinates: any }): string {
  const pt = (c: number[]) => c.join(' ');
  if (g.type === 'Point') return `POINT(${pt(g.coordinates)})`;
  if (g.type === 'MultiPoint') return `MULTIPOINT(${g.coordinates.map((c: number[]) => `(${pt(c)})`).join(', ')})`;
  if (g.type === 'LineString') return `LINESTRING(${g.coordinates.map(pt).join(', ')})`;
  return `POLYGON(${g.coordinates.map((ring: number[][]) => `(${ring.map(pt).join(', ')})`).join(', ')})`;
}

/** `count` filters from `seed`, alternately as cql2-text and cql2-json. */
export function* typedFilters(seed: number, count: number): Generator<{ lang: 'cql2-text' | 'cql2-json'; filter: string }> {
  const r = rng(seed);
  for (let i = 0; i < count; i++) {
    const condition = randomCondition(r);
    yield i % 2 === 0 ? { lang: 'cql2-text', filter: toText(condition) } : { lang: 'cql2-json', filter: JSON.stringify(condition) };
  }
}
