import { readFileSync } from 'node:fs';
import { isFunctionLayer, type Collection } from '../catalog/index.ts';
import { quoteLiteral, quoteQualified, type Engine } from '../engine/index.ts';
import { TABLES_SQL } from './tables.ts';

const TRIGGERS_SQL = readFileSync(new URL('./triggers.sql', import.meta.url), 'utf8');

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
}

/**
 * Install (again: it is idempotent) the freshness triggers on the tables of `collections`.
 * The connecting role must own the tables. Views, materialized views and function layers are
 * skipped: their tiles are retired with DELETE /tiles/{dataset}/tiles/cache (and by TTL).
 */
export async function installTriggers(engine: Engine, collections: readonly Collection[]): Promise<InstallReport> {
  await engine.query(TABLES_SQL);
  await engine.query(TRIGGERS_SQL);
  const report: InstallReport = { installed: [], skipped: [] };
  for (const c of collections) {
    if (isFunctionLayer(c)) {
      report.skipped.push({ collection: c.id, reason: 'a function layer has no table to watch: its tiles are retired by TTL or DELETE /tiles/{dataset}/tiles/cache' });
      continue;
    }
    if (c.kind !== 'table') {
      report.skipped.push({ collection: c.id, reason: `a ${c.kind.replace('_', ' ')} has no row triggers of its own` });
      continue;
    }
    const table = quoteQualified(c.schema, c.name);
    const args = `${quoteLiteral(c.id)}, ${quoteLiteral(c.geometryColumn)}`;
    try {
      await engine.transaction(async (query) => {
        for (const t of TRIGGERS) {
          await query(`DROP TRIGGER IF EXISTS ${t.name} ON ${table}`);
          await query(`CREATE TRIGGER ${t.name} ${t.when} ON ${table} ${t.referencing} FOR EACH ${t.each} EXECUTE FUNCTION tilery.record_change(${args})`);
        }
      });
      report.installed.push(c.id);
    } catch (err) {
      report.skipped.push({ collection: c.id, reason: (err as Error).message });
    }
  }
  return report;
}

export async function uninstallTriggers(engine: Engine, collections: readonly Collection[]): Promise<InstallReport> {
  const report: InstallReport = { installed: [], skipped: [] };
  for (const c of collections) {
    if (c.kind !== 'table') continue;
    try {
      for (const t of TRIGGERS) await engine.query(`DROP TRIGGER IF EXISTS ${t.name} ON ${quoteQualified(c.schema, c.name)}`);
      report.installed.push(c.id);
    } catch (err) {
      report.skipped.push({ collection: c.id, reason: (err as Error).message });
    }
  }
  return report;
}
