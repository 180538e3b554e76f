/**
 * The shape of the CQL2 cases, the builders they are written with, and the queryables they are
 * translated against. The cases are grouped by conformance class of OGC 21-065r2 (Common Query
 * Language, 1.0.0), one file per concern; each is one expression in both encodings, the tree
 * where it is spelled out, and what `cql2ToSql` makes of it.
 *
 * Sources (`source` of each case):
 * - `exampleNN`, `clauseN_NN`: the examples of the standard, cql2-text and cql2-json side by side,
 *   as published in opengeospatial/ogcapi-features, cql2/standard/schema/examples/{text,json}
 *   (the files behind the examples of clauses 6–8 and Annex C). Both encodings are copied as
 *   published (the JSON written with the builders below), except where a case says "adapted".
 * - `ats/<class>`: the filter expressions of the Abstract Test Suite (Annex A,
 *   cql2/standard/annex_ats_<class>.adoc): the test methods and the "Predicates and expected
 *   results" tables of the test data set, with `{queryable}` filled in. The standard gives these in
 *   cql2-text only; their cql2-json is written here.
 */
import { op, property, type Instant, type Node, type Open, type Property } from '../../src/cql2/ast.ts';
import type { FilterTarget } from '../../src/cql2/to-sql.ts';

export type ConformanceClass =
  | 'basic-cql2'
  | 'advanced-comparison-operators'
  | 'case-insensitive-comparison'
  | 'accent-insensitive-comparison'
  | 'basic-spatial-functions'
  | 'basic-spatial-functions-plus'
  | 'spatial-functions'
  | 'temporal-functions'
  | 'array-functions'
  | 'property-property'
  | 'arithmetic'
  | 'functions';

/**
 * What `cql2ToSql` makes of a case against QUERYABLES, geometry literals in CRS84 and values
 * numbered from $1: the SQL and its values, or the error (its message, and the property it
 * names if it names one).
 */
export type Translation = { readonly sql: string; readonly values: readonly unknown[] } | { readonly error: string; readonly property?: string };

/** A case as a class file writes it. */
export type Case = {
  readonly source: string;
  readonly text: string;
  readonly json: unknown;
  readonly ast?: Node;
} & Translation;

export type Cql2Case = Case & { readonly class: ConformanceClass };

/** The cases of one conformance class. */
export function inClass(cls: ConformanceClass, cases: readonly Case[]): Cql2Case[] {
  return cases.map((c) => ({ class: cls, ...c }));
}

/** A cql2-text input that must fail: a fragment of the message and the offset. */
export interface TextErrorCase {
  readonly text: string;
  readonly message: string;
  readonly position: number;
}

/** A cql2-json input that must fail: a fragment of the message (which starts with the JSON path). */
export interface JsonErrorCase {
  readonly json: unknown;
  readonly message: string;
}

// ---- the queryables

/**
 * The collection the cases are translated against: every property they name, typed as a catalog
 * would read it, geometry column `geom` in Web Mercator. Where two examples of the standard use
 * one name with different types (`value`, `landsat:wrs_path`), the first wins and the other
 * example is a type error.
 */
export const QUERYABLES: FilterTarget = {
  geometryColumn: 'geom',
  srid: 3857,
  columns: new Map(
    Object.entries({
      // the examples of the standard
      'landsat:scene_id': 'text',
      'landsat:wrs_row': 'int4',
      'landsat:wrs_path': 'int4',
      'eo:cloud_cover': 'float8',
      'eo:instrument': 'text',
      'geophys:SURVEY_NAME': 'text',
      'layer:ids': '_text',
      city: 'text',
      cityName: 'text',
      category: 'int2',
      depth: 'float8',
      floors: 'int4',
      taxes: 'numeric',
      swimming_pool: 'bool',
      material: 'text',
      owner: 'text',
      road_class: 'text',
      etat_vol: 'text',
      beamMode: 'text',
      swathDirection: 'text',
      polarization: 'text',
      id: 'uuid',
      value: 'float8',
      values: '_text',
      tags: '_text',
      foo: 'float8',
      bar: 'float8',
      x: 'float8',
      balance: 'numeric',
      vehicle_height: 'float4',
      bridge_clearance: 'float4',
      windSpeed: 'float8',
      geometry: 'geometry',
      footprint: 'geometry',
      road: 'geometry',
      location: 'geometry',
      updated: 'timestamptz',
      event_time: 'timestamptz',
      starts_at: 'timestamptz',
      ends_at: 'timestamptz',
      updated_at: 'timestamp',
      touchdown: 'timestamp',
      liftOff: 'timestamp',
      built: 'date',
      first_day: 'date',
      last_day: 'date',
      // the Abstract Test Suite and its data set (Natural Earth places)
      string_value: 'text',
      boolean_value: 'bool',
      number_value: 'float8',
      integer_value: 'int8',
      timestamp_value: 'timestamptz',
      date_value: 'date',
      NAME: 'varchar',
      POP_EST: 'int8',
      name: 'text',
      nameascii: 'text',
      pop_other: 'int8',
      pop_min: 'int8',
      pop_max: 'int8',
      boolean: 'bool',
      date: 'date',
      start: 'timestamptz',
      end: 'timestamptz',
    }),
  ),
};

/** The SRID of the cases' geometry literals: CRS84, the default filter-crs. */
export const FILTER_SRID = 4326;

// ---- builders of cql2-json

export const P = (name: string) => ({ property: name });
export const O = (name: string, ...args: unknown[]) => ({ op: name, args });
export const D = (date: string) => ({ date });
export const TS = (timestamp: string) => ({ timestamp });
export const I = (start: unknown, end: unknown) => ({ interval: [start, end] });
export const BB = (...bbox: number[]) => ({ bbox });
export const G = <C,>(type: string, coordinates: C) => ({ type, coordinates });

// ---- builders of expected trees

export const str = (value: string): Node => ({ type: 'string', value });
export const num = (value: number): Node => ({ type: 'number', value });
export const bool = (value: boolean): Node => ({ type: 'boolean', value });
export const date = (value: string): Instant => ({ type: 'date', value });
export const timestamp = (value: string): Instant => ({ type: 'timestamp', value });
export const interval = (start: Instant | Open | Property, end: Instant | Open | Property): Node => ({ type: 'interval', start, end });
export const OPEN: Open = { type: 'open' };
export const array = (...items: Node[]): Node => ({ type: 'array', items });
export const geometry = (type: string, coordinates: unknown): Node => ({ type: 'geometry', geometry: { type, coordinates } });
export const bbox = (...numbers: number[]): Node => ({ type: 'bbox', bbox: numbers });
export const prop = property;
export { op };

// ---- pieces of expected SQL (QUERYABLES is in SRID 3857, the literals in 4326: the geometry is transformed to them)

/** A geometry literal at parameter n, bound as GeoJSON text (geoJsonText). */
export const geoJsonAt = (n: number): string => `ST_SetSRID(ST_GeomFromGeoJSON($${n}::text), 4326)`;
export const geoJsonText = (geometry: unknown): string => JSON.stringify(geometry);
/** A BBOX literal, its four numbers bound from parameter n. */
export const envelopeAt = (n: number): string => `ST_MakeEnvelope($${n}::float8, $${n + 1}::float8, $${n + 2}::float8, $${n + 3}::float8, 4326)`;
/** The collection's geometry (3857) in the literals' CRS. */
export const GEOM = 'ST_Transform(t."geom", 4326)';
/** A DATE literal at parameter n, as the instant it starts: midnight UTC. */
export const dateAt = (n: number): string => `($${n}::date::timestamp AT TIME ZONE 'UTC')`;
/** A date or timestamp column as an instant in a temporal function: read as UTC. */
export const dateColumn = (name: string): string => `(t."${name}"::timestamp AT TIME ZONE 'UTC')`;
export const timestampColumn = (name: string): string => `(t."${name}" AT TIME ZONE 'UTC')`;
/** The two arguments after the text in ACCENTI's `translate(text, from, to)`: accented letters and their base letters. */
export const ACCENTS =
  "'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŠšŽžĆćČčĐđŁłŃńŚśŹźŻżĘęĄąŐőŰű', 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyySsZzCcCcDdLlNnSsZzZzEeAaOoUu'";

/** The comparison operators, for the families of cases that try each. */
export const COMPARISONS = ['=', '>=', '>', '<=', '<', '<>'] as const;

// ---- families of comparisons

/** One side of a comparison: as cql2-text writes it, as cql2-json, as SQL, and the values it binds. */
export interface Operand {
  readonly text: string;
  readonly json: unknown;
  readonly sql: string;
  readonly values: readonly unknown[];
}

/** A column, written bare or (`"date"`) quoted. */
export const column = (name: string, written = name): Operand => ({ text: written, json: P(name), sql: `t."${name}"`, values: [] });
/** Literals, each bound as $1: a family compares one literal with a column. */
export const textValue = (s: string): Operand => ({ text: `'${s}'`, json: s, sql: '$1::text', values: [s] });
export const numberValue = (n: number): Operand => ({ text: String(n), json: n, sql: '$1::float8', values: [n] });
export const booleanValue = (b: boolean): Operand => ({ text: String(b), json: b, sql: '$1::boolean', values: [b] });
export const dateValue = (d: string): Operand => ({ text: `DATE('${d}')`, json: D(d), sql: dateAt(1), values: [d] });
export const timestampValue = (t: string): Operand => ({ text: `TIMESTAMP('${t}')`, json: TS(t), sql: '$1::timestamptz', values: [t] });

/** `left <op> right`, the operator written without spaces around it (as the test data set writes it) unless `space` is given. */
export function comparison(source: string, operator: string, left: Operand, right: Operand, space = ''): Case {
  return {
    source,
    text: `${left.text}${space}${operator}${space}${right.text}`,
    json: O(operator, left.json, right.json),
    sql: `(${left.sql} ${operator} ${right.sql})`,
    values: [...left.values, ...right.values],
  };
}

/** `left <op> right` for each comparison operator. */
export function eachComparison(source: string, left: Operand, right: Operand): Case[] {
  return COMPARISONS.map((operator) => comparison(source, operator, left, right));
}
