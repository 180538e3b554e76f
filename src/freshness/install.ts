import { readFileSync } from 'node:fs';
import { ensureCacheTables } from '../cache/index.ts';
import { isFunctionLayer, type Collection } from '../catalog/index.ts';
import { createMissing, quoteLiteral, quoteQualified, type Engine } from '../engine/index.ts';

const TRIGGERS_SQL = readFileSync(new URL('./triggers.sql', import.meta.url), 'utf8');
const EVENTS_SQL = readFileSync(new URL('./events.sql', import.meta.url), 'utf8');
export const STATE_SQL = readFileSync(new URL('./state.sql', import.meta.url), 'utf8');

/** The triggers on one table: statement-level, with the changed rows as transition tables. */
const TRIGGERS = [
  { name: 'tilery_changes_insert', when: 'AFTER INSERT', referencing: 'REFERENCING NEW TABLE AS new_rows', each: 'STATEMENT' },
  { name: 'tilery_changes_update', when: 'AFTER UPDATE', referencing: 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows', each: 'STATEMENT' },
  { name: 'tilery_changes_delete', when: 'AFTER DELETE', referencing: 'REFERENCING OLD TABLE AS old_rows', each: 'STATEMENT' },
  { name: 'tilery_changes_truncate', when: 'AFTER TRUNCATE', referencing: '', each: 'STATEMENT' },
];

export interface InstallReport {
  readonly installed: string[];
  /** Collections left out, and why (views have no triggers; not the table's owner; …). */
  readonly skipped: Array<{ collection: string; reason: string }>;
  /**
   * The event triggers (grant, policy and schema changes): `installed`, or why not (they need a
   * superuser). Absent from an uninstall.
   */
  events?: string;
}

/** The relations a statement on a collection may target: the table, and each of its partitions. */
async function relationsOf(engine: Engine, c: Collection): Promise<string[]> {
  const { rows } = await engine.query<{ schema: string; name: string }>(
    `SELECT n.nspname::text AS schema, r.relname::text AS name
       FROM (SELECT $1::regclass AS relid UNION SELECT pt.relid FROM pg_partition_tree($1::regclass) AS pt) AS t
       JOIN pg_class r ON r.oid = t.relid JOIN pg_namespace n ON n.oid = r.relnamespace
      WHERE r.relkind IN ('r', 'p')`,
    [quoteQualified(c.schema, c.name)],
  );
  return rows.map((r) => quoteQualified(r.schema, r.name));
}

/**
 * Install (again: it is idempotent) the freshness triggers on the tables of `collections`, and
 * the event triggers when the role is a superuser. The connecting role must own the tables.
 * Views, materialized views, foreign tables and function layers are skipped: what changes them
 * cannot be seen, so their tiles live `cache.untracked_max_age_seconds` at most.
 */
export async function installTriggers(engine: Engine, collections: readonly Collection[]): Promise<InstallReport> {
  await ensureCacheTables(engine);
  await createMissing(engine, STATE_SQL);
  await engine.query(TRIGGERS_SQL);
  const report: InstallReport = { installed: [], skipped: [] };
  for (const c of collections) {
    if (isFunctionLayer(c)) {
      report.skipped.push({ collection: c.id, reason: 'a function layer has no table to watch: its tiles live a bounded time' });
      continue;
    }
    if (c.kind !== 'table') {
      report.skipped.push({ collection: c.id, reason: `a ${c.kind.replace('_', ' ')} has no row triggers of its own: its tiles live a bounded time` });
      continue;
    }
    const args = `${quoteLiteral(c.id)}, ${quoteLiteral(c.geometryColumn)}`;
    try {
      const tables = await relationsOf(engine, c);
      await engine.transaction(async (query) => {
        for (const table of tables) {
          for (const t of TRIGGERS) {
            await query(`DROP TRIGGER IF EXISTS ${t.name} ON ${table}`);
            await query(`CREATE TRIGGER ${t.name} ${t.when} ON ${table} ${t.referencing} FOR EACH ${t.each} EXECUTE FUNCTION tilery.record_change(${args})`);
          }
        }
      });
      report.installed.push(c.id);
    } catch (err) {
      report.skipped.push({ collection: c.id, reason: (err as Error).message });
    }
  }
  report.events = await installEventTriggers(engine);
  return report;
}

async function installEventTriggers(engine: Engine): Promise<string> {
  const { rows } = await engine.query<{ superuser: boolean }>('SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user');
  if (!rows[0]?.superuser) return 'not installed: event triggers need a superuser (grant, policy and schema changes reach authenticated tiles within the age bound)';
  try {
    await engine.query(EVENTS_SQL);
    return 'installed';
  } catch (err) {
    return `not installed: ${(err as Error).message}`;
  }
}

/** Remove the freshness triggers of `collections`; with `events`, the event triggers too (a superuser's). */
export async function uninstallTriggers(engine: Engine, collections: readonly Collection[], options: { events?: boolean } = {}): Promise<InstallReport> {
  const report: InstallReport = { installed: [], skipped: [] };
  if (options.events) {
    report.events = await engine
      .query('DROP EVENT TRIGGER IF EXISTS tilery_ddl; DROP EVENT TRIGGER IF EXISTS tilery_drop')
      .then(() => 'removed', (err: Error) => `not removed: ${err.message}`);
  }
  for (const c of collections) {
    if (c.kind !== 'table') continue;
    try {
      for (const table of await relationsOf(engine, c)) {
        for (const t of TRIGGERS) await engine.query(`DROP TRIGGER IF EXISTS ${t.name} ON ${table}`);
      }
      report.installed.push(c.id);
    } catch (err) {
      report.skipped.push({ collection: c.id, reason: (err as Error).message });
    }
  }
  return report;
}
