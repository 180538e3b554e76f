import { isFunctionLayer, type Collection, type TableLayer } from '../catalog/index.ts';
import { Cql2CheckError, Cql2SyntaxError, cql2ToSql, op, parseCql2, property, type FilterTarget, type Instant, type Node, type Open, type Translation } from '../cql2/index.ts';
import { invalidParameter, TileryError } from '../errors.ts';
import { parseCrs } from '../tms/index.ts';
import { single, type Query } from './query.ts';

/** The request's filters, parsed once; lowered per layer by `layerFilter`. */
export interface TileFilters {
  /** The user's CQL2, if any. */
  readonly cql2: Node | null;
  /** SRID of the geometry literals of `cql2` (filter-crs; default CRS84, i.e. 4326). */
  readonly filterSrid: number;
  /** `datetime`: an instant (start = end) or an interval; null ends are open. */
  readonly datetime: { readonly start: string | null; readonly end: string | null } | null;
  /** `subset`: conditions on columns, as CQL2. */
  readonly subset: readonly Node[];
}

export const NO_FILTERS: TileFilters = Object.freeze({ cql2: null, filterSrid: 4326, datetime: null, subset: Object.freeze([]) });

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function parseTileFilters(query: Query): TileFilters {
  const langText = single(query, 'filter-lang') ?? single(query, 'filter_lang') ?? 'cql2-text';
  if (langText !== 'cql2-text' && langText !== 'cql2-json') {
    throw invalidParameter('filter-lang', `unsupported filter language "${langText}"; use cql2-text or cql2-json`);
  }
  const text = single(query, 'filter');
  let cql2: Node | null = null;
  if (text !== undefined && text.trim() !== '') {
    try {
      cql2 = parseCql2(text, langText);
    } catch (err) {
      if (err instanceof Cql2SyntaxError) {
        throw invalidParameter('filter', err.message, err.position >= 0 ? err.position : undefined);
      }
      throw err;
    }
  }
  return Object.freeze({
    cql2,
    filterSrid: parseFilterCrs(single(query, 'filter-crs') ?? single(query, 'filter_crs')),
    datetime: parseDatetime(single(query, 'datetime')),
    subset: Object.freeze(parseSubset(query.subset)),
  });
}

/** A CRS URI (default CRS84), or an SRID number as pg_tileserv clients send it. */
function parseFilterCrs(text: string | undefined): number {
  if (text === undefined || text === '') return 4326;
  if (/^\d{1,6}$/.test(text) && Number(text) > 0) return Number(text);
  const ref = parseCrs(text);
  if (!ref) throw invalidParameter('filter-crs', `expected a CRS URI such as http://www.opengis.net/def/crs/EPSG/0/3857 or an SRID, got "${text}"`);
  return ref.kind === 'crs84' ? 4326 : ref.code;
}

function checkInstant(text: string): string {
  if (!INSTANT.test(text) || Number.isNaN(Date.parse(text))) {
    throw invalidParameter('datetime', `"${text}" is not an RFC 3339 date or date-time`);
  }
  return text;
}

/** `instant`, `start/end`, `../end`, `start/..` (an empty end is open too). */
function parseDatetime(text: string | undefined): TileFilters['datetime'] {
  if (text === undefined || text === '') return null;
  const parts = text.split('/');
  if (parts.length === 1) {
    const t = checkInstant(text);
    return { start: t, end: t };
  }
  if (parts.length !== 2) throw invalidParameter('datetime', 'expected an instant or an interval start/end');
  const [a, b] = parts.map((p) => (p === '..' || p === '' ? null : checkInstant(p)));
  if (a === null && b === null) throw invalidParameter('datetime', 'an interval needs at least one end');
  if (a !== null && b !== null && Date.parse(a) > Date.parse(b)) throw invalidParameter('datetime', 'the interval ends before it starts');
  return { start: a, end: b };
}

/**
 * `subset=name("value")`, `subset=name(low:high)` (either end may be `*`), several separated by
 * commas or given as several parameters. A quoted value may hold any character, `""` standing
 * for a quote; it is bound as a value like any other.
 */
function parseSubset(raw: unknown): Node[] {
  if (raw === undefined) return [];
  const texts = (Array.isArray(raw) ? raw : [raw]).map(String);
  const out: Node[] = [];
  for (const text of texts) {
    let at = 0;
    while (at < text.length) {
      const head = /\s*([A-Za-z_][\w.:-]*)\(/y;
      head.lastIndex = at;
      const m = head.exec(text);
      if (!m) throw invalidParameter('subset', `expected name("value") or name(low:high) at offset ${at}`, at);
      const body = subsetBody(text, head.lastIndex);
      out.push(subsetCondition(m[1], body.text));
      const tail = /\s*(,|$)/y;
      tail.lastIndex = body.end;
      if (!tail.exec(text)) throw invalidParameter('subset', `expected a comma after ${m[1]}(…) at offset ${body.end}`, body.end);
      at = tail.lastIndex;
      if (tail.lastIndex === text.length) break;
    }
  }
  return out;
}

/** The text between the parentheses that open at `start`, quoted strings read whole; `end` is after the `)`. */
function subsetBody(text: string, start: number): { text: string; end: number } {
  let i = start;
  while (i < text.length && text[i] !== ')') {
    if (text[i] === '"') {
      i++;
      while (i < text.length && !(text[i] === '"' && text[i + 1] !== '"')) i += text[i] === '"' ? 2 : 1;
      if (i >= text.length) throw invalidParameter('subset', `a quoted value opened before offset ${start} is not closed`, start);
    } else if (text[i] === '(') {
      throw invalidParameter('subset', `unexpected "(" at offset ${i}; quote a value that holds one`, i);
    }
    i++;
  }
  if (i >= text.length) throw invalidParameter('subset', `expected ")" to close the condition opened at offset ${start - 1}`, start - 1);
  return { text: text.slice(start, i).trim(), end: i + 1 };
}

function subsetValue(text: string): Node {
  if (/^"(?:[^"]|"")*"$/s.test(text)) return { type: 'string', value: text.slice(1, -1).replaceAll('""', '"') };
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return { type: 'number', value: Number(text) };
  if (INSTANT.test(text)) return text.includes('T') ? { type: 'timestamp', value: text } : { type: 'date', value: text };
  throw invalidParameter('subset', `"${text}" is neither a "quoted string", a number nor a date`);
}

function subsetCondition(name: string, body: string): Node {
  const column = property(name);
  const colons = [...body.matchAll(/"(?:[^"]|"")*"|:/g)].filter((m) => m[0] === ':');
  if (colons.length === 0) return op('=', column, subsetValue(body));
  if (colons.length > 1) throw invalidParameter('subset', `${name}(${body}) has more than one ":"; quote a value that holds one`);
  const at = colons[0].index;
  const [low, high] = [body.slice(0, at).trim(), body.slice(at + 1).trim()];
  if (low === '*' && high === '*') throw invalidParameter('subset', `${name}(*:*) has no bound`);
  if (low === '*') return op('<=', column, subsetValue(high));
  if (high === '*') return op('>=', column, subsetValue(low));
  return op('between', column, subsetValue(low), subsetValue(high));
}

/** A condition of a layer's filter and the parameter it came from (errors name that one). */
interface Condition {
  readonly parameter: 'filter' | 'datetime' | 'subset';
  readonly node: Node;
}

/** The user's filter, the datetime condition on the layer's temporal columns, and the subset conditions. */
function layerConditions(c: TableLayer, f: TileFilters): Condition[] {
  const parts: Condition[] = [];
  if (f.cql2) parts.push({ parameter: 'filter', node: f.cql2 });
  if (f.datetime && c.temporalColumns.length > 0) parts.push({ parameter: 'datetime', node: datetimeCondition(c, f.datetime) });
  for (const node of f.subset) parts.push({ parameter: 'subset', node });
  return parts;
}

/**
 * The layer's conditions as one SQL boolean over alias `t`, ANDed, with values numbered from
 * `firstParam`; null when the layer is not filtered. A condition that does not fit the layer
 * (unknown property, wrong type) is a 400 naming its parameter and the property.
 */
export function layerFilterSql(c: Collection, f: TileFilters, firstParam: number): Translation | null {
  // a function layer filters nothing: its function decides (see function-params.ts)
  if (isFunctionLayer(c)) return null;
  const conditions = layerConditions(c, f);
  if (conditions.length === 0) return null;
  const target = targetOf(c);
  const sql: string[] = [];
  const values: unknown[] = [];
  for (const { parameter, node } of conditions) {
    try {
      const t = cql2ToSql(node, target, f.filterSrid, firstParam + values.length);
      sql.push(t.sql);
      values.push(...t.values);
    } catch (err) {
      if (err instanceof Cql2CheckError) {
        throw new TileryError('invalid_parameter', {
          parameter,
          reason: `${err.message} in collection "${c.id}"`,
          ...(err.property !== undefined && { property: err.property }),
        });
      }
      throw err;
    }
  }
  return { sql: sql.length === 1 ? sql[0] : sql.map((s) => `(${s})`).join(' AND '), values };
}

/** Each layer's filter checked against it (a 400 naming the parameter and property if it does not fit). */
export function checkLayerFilters(collections: readonly Collection[], f: TileFilters): void {
  for (const c of collections) layerFilterSql(c, f, 1);
}

/** Whether a layer's query is filtered by the request (a function layer never is). */
export function filtersLayer(c: Collection, f: TileFilters): boolean {
  return !isFunctionLayer(c) && layerConditions(c, f).length > 0;
}

const targets = new WeakMap<TableLayer, FilterTarget>();

function targetOf(c: TableLayer): FilterTarget {
  let t = targets.get(c);
  if (!t) {
    t = { columns: new Map(c.properties.map((p) => [p.name, p.type])), geometryColumn: c.geometryColumn, srid: c.srid };
    targets.set(c, t);
  }
  return t;
}

function instant(t: string): Instant {
  return t.includes('T') ? { type: 'timestamp', value: t } : { type: 'date', value: t };
}

function end(t: string | null): Instant | Open {
  return t === null ? { type: 'open' } : instant(t);
}

/** OGC API semantics: the feature's instant or interval intersects the requested one. */
function datetimeCondition(c: TableLayer, dt: NonNullable<TileFilters['datetime']>): Node {
  const query: Node =
    dt.start !== null && dt.start === dt.end ? instant(dt.start) : { type: 'interval', start: end(dt.start), end: end(dt.end) };
  const [first, second] = c.temporalColumns;
  const data: Node = second === undefined ? property(first) : { type: 'interval', start: property(first), end: property(second) };
  return op('t_intersects', data, query);
}

/** `datetime` given, but no requested layer has a temporal column: a 400 naming it. */
export function checkDatetimeApplies(collections: readonly Collection[], f: TileFilters): void {
  if (f.datetime && !collections.some((c) => !isFunctionLayer(c) && c.temporalColumns.length > 0)) {
    throw new TileryError('invalid_parameter', {
      parameter: 'datetime',
      reason: `no requested collection has a date or timestamp column (${collections.map((c) => c.id).join(', ')})`,
    });
  }
}
