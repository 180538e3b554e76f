// A demo table described once as data; its DDL, comments and INSERT are derived from that.
import { quoteIdent, quoteLiteral } from '../engine/index.ts';

export const DEMO_SCHEMA = 'public';
export const DEMO_SRID = 4326;

export interface DemoColumn {
  name: string;
  /** SQL type, e.g. 'text', 'double precision'. */
  type: string;
  comment: string;
  notNull?: boolean;
  /** SQL expression over the stored geometry `g.geom`, computed while inserting instead of bound. */
  computed?: string;
}

export interface DemoTable {
  name: string;
  comment: string;
  geometryType: 'MultiPolygon' | 'MultiLineString' | 'Point';
  geometryComment: string;
  /** SQL expression turning the bound GeoJSON `r.geom` (json) into the stored geometry. */
  geometrySql: string;
  /** Every column but `id` (integer primary key, bound) and `geom` (last). */
  columns: readonly DemoColumn[];
  idComment: string;
}

/** A row to insert: `id`, a value per bound column, and `geom` as a GeoJSON geometry object. */
export type DemoRow = Record<string, unknown> & { id: number; geom: unknown };

export function qualifiedName(table: DemoTable): string {
  return `${DEMO_SCHEMA}.${table.name}`;
}

function tableSql(table: DemoTable): string {
  return `${quoteIdent(DEMO_SCHEMA)}.${quoteIdent(table.name)}`;
}

export function createTableSql(table: DemoTable): string {
  const columns = [
    'id integer PRIMARY KEY',
    ...table.columns.map((c) => `${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}`),
    `geom geometry(${table.geometryType}, ${DEMO_SRID}) NOT NULL`,
  ];
  return `CREATE TABLE ${tableSql(table)} (\n  ${columns.join(',\n  ')}\n)`;
}

export function createIndexSql(table: DemoTable): string {
  return `CREATE INDEX ${quoteIdent(`${table.name}_geom_idx`)} ON ${tableSql(table)} USING gist (geom)`;
}

/** COMMENT takes no bind parameters: the (constant) texts are quoted as literals. */
export function commentSql(table: DemoTable): string[] {
  const column = (name: string, comment: string): string =>
    `COMMENT ON COLUMN ${tableSql(table)}.${quoteIdent(name)} IS ${quoteLiteral(comment)}`;
  return [
    `COMMENT ON TABLE ${tableSql(table)} IS ${quoteLiteral(table.comment)}`,
    column('id', table.idComment),
    ...table.columns.map((c) => column(c.name, c.comment)),
    column('geom', table.geometryComment),
  ];
}

/** One INSERT of many rows: $1 is a JSON array of DemoRow. */
export function insertSql(table: DemoTable): string {
  const bound = table.columns.filter((c) => c.computed === undefined);
  const computed = table.columns.filter((c) => c.computed !== undefined);
  const targets = ['id', ...bound.map((c) => quoteIdent(c.name)), 'geom', ...computed.map((c) => quoteIdent(c.name))];
  const values = ['r.id', ...bound.map((c) => `r.${quoteIdent(c.name)}`), 'g.geom', ...computed.map((c) => c.computed)];
  const record = ['id integer', ...bound.map((c) => `${quoteIdent(c.name)} ${c.type}`), 'geom json'];
  return [
    `INSERT INTO ${tableSql(table)} (${targets.join(', ')})`,
    `SELECT ${values.join(', ')}`,
    `FROM json_to_recordset($1::json) AS r(${record.join(', ')})`,
    `CROSS JOIN LATERAL (SELECT ${table.geometrySql} AS geom) AS g`,
  ].join('\n');
}

/** The bound GeoJSON as a geometry in SRID 4326. */
export const GEOJSON_SQL = `ST_SetSRID(ST_GeomFromGeoJSON(r.geom), ${DEMO_SRID})`;

/** Cuts at ±180° whatever an unwrapped geometry has beyond it and moves it back by 360°. */
export function wrapAntimeridianSql(geometry: string): string {
  return `ST_WrapX(ST_WrapX(${geometry}, 180, -360), -180, 360)`;
}
