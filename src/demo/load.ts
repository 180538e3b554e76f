// Creates and fills the demo tables in one transaction, unless they already exist.
import { BORDERS_TABLE, borderRows } from './borders.ts';
import { COUNTRIES_TABLE, countryRows } from './countries.ts';
import { COUNTRY_POINTS_TABLE, countryPointRows } from './country-points.ts';
import { joinCountries } from './join.ts';
import { readDemoSources } from './sources.ts';
import {
  commentSql,
  createIndexSql,
  createTableSql,
  insertSql,
  qualifiedName,
  type DemoRow,
  type DemoTable,
} from './table.ts';

/** Runs one statement. All calls of one load must go to the same session (one connection). */
export type DemoQuery = (sql: string, values?: readonly unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const TABLES: readonly DemoTable[] = [COUNTRIES_TABLE, COUNTRY_POINTS_TABLE, BORDERS_TABLE];

/** The demo tables, schema-qualified. */
export const DEMO_TABLES: readonly string[] = Object.freeze(TABLES.map(qualifiedName));

/** Rows per INSERT: keeps each bound JSON document around a megabyte. */
const BATCH_ROWS = 40;

/** Key of the transaction-level advisory lock that serialises concurrent first runs. */
const LOCK_KEY = 7_391_004_211;

async function existingTables(query: DemoQuery): Promise<string[]> {
  const { rows } = await query(
    'SELECT name FROM json_array_elements_text($1::json) AS name WHERE to_regclass(name) IS NOT NULL',
    [JSON.stringify(DEMO_TABLES)],
  );
  return rows.map((row) => String(row.name));
}

async function insertRows(query: DemoQuery, table: DemoTable, rows: readonly DemoRow[]): Promise<void> {
  const sql = insertSql(table);
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    await query(sql, [JSON.stringify(rows.slice(start, start + BATCH_ROWS))]);
  }
}

async function createTable(query: DemoQuery, table: DemoTable): Promise<void> {
  await query(createTableSql(table));
  for (const sql of commentSql(table)) await query(sql);
}

async function fill(query: DemoQuery, progress: (message: string) => void): Promise<void> {
  const sources = await readDemoSources();
  const records = joinCountries(sources);
  const steps: [DemoTable, string, () => DemoRow[]][] = [
    [COUNTRIES_TABLE, 'countries', () => countryRows(sources.topology, records)],
    [COUNTRY_POINTS_TABLE, 'country points', () => countryPointRows(sources.countries)],
    [BORDERS_TABLE, 'borders and coastlines', () => borderRows(sources.topology, records)],
  ];
  for (const [table, label, build] of steps) {
    const rows = build();
    progress(`demo data: ${label} (${rows.length})…`);
    await createTable(query, table);
    await insertRows(query, table, rows);
  }
  progress('demo data: indexes and statistics…');
  for (const table of TABLES) {
    await query(createIndexSql(table));
    await query(`ANALYZE ${qualifiedName(table)}`);
  }
}

/**
 * Create and fill the demo tables when they are absent; returns true when it loaded them.
 * When any of DEMO_TABLES exists already nothing is touched. The load is one transaction,
 * so a failure leaves no table behind. `query` must run every call on one connection.
 */
export async function loadDemoData(query: DemoQuery, progress: (message: string) => void = () => {}): Promise<boolean> {
  if ((await existingTables(query)).length > 0) return false;
  const started = performance.now();
  await query('BEGIN');
  try {
    await query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // Another process may have loaded the demo while this one waited for the lock.
    if ((await existingTables(query)).length > 0) {
      await query('ROLLBACK');
      return false;
    }
    progress('demo data: PostGIS…');
    await query('CREATE EXTENSION IF NOT EXISTS postgis');
    await fill(query, progress);
    await query('COMMIT');
  } catch (error) {
    await query('ROLLBACK').catch(() => {});
    throw error;
  }
  progress(`demo data: loaded ${DEMO_TABLES.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
