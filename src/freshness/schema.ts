import type { Logger } from 'pino';
import { ensureCacheTables, retirementsJson, type Retirement, type RetirementLog } from '../cache/index.ts';
import type { CatalogSnapshot, DiscoverOptions } from '../catalog/index.ts';
import { createMissing, type Engine, type Listener } from '../engine/index.ts';
import { STATE_SQL } from './install.ts';

/** The channel of the event triggers (events.sql). */
export const SCHEMA_CHANNEL = 'tilery_schema';
const ROLES_ID = '';
const UNAVAILABLE = new Set(['42P01', '42501', '3F000', '42883']);

/**
 * Which collections changed otherwise than in their rows, from one snapshot of the catalog to the
 * next (see Collection.fingerprint): one whose fingerprint changed or that is gone, and, when the
 * roles changed, every role's tiles. The last fingerprints seen are kept in the database
 * (tilery.catalog_state, per tilery role), so that a change made while no instance ran is
 * noticed at the next start, and that of the instances noticing a change only one retires (in
 * one transaction with the state). Without that table (a role that cannot create it), the
 * previous snapshot of this instance is the reference.
 */
export function retireWhatChanged(
  engine: Engine,
  log: RetirementLog,
  options: Pick<DiscoverOptions, 'includeSchemas' | 'excludeSchemas'> & { logger?: Logger },
): (snapshot: CatalogSnapshot, previous: CatalogSnapshot) => Promise<void> {
  let tableReady: boolean | null = null;
  return async (snapshot, previous) => {
    // the state and the log are made first, outside the transaction (the embedded database has
    // one connection: nothing else may run while the transaction is open)
    tableReady ??= (await ensureStateTable(engine)) && (await ensureCacheTables(engine).then(() => true, () => false));
    if (tableReady) {
      try {
        await engine.transaction(async (q) => {
          const changed = await compareWithState(q, snapshot, options);
          const retirements = toRetirements(snapshot, changed.collections, changed.roles);
          if (retirements.length === 0) return;
          await q('SELECT tilery.retire($1::json)', [retirementsJson(retirements)]);
          options.logger?.info({ collections: changed.collections, roles: changed.roles }, 'catalog changed: their tiles are retired');
        });
        return;
      } catch (err) {
        if (!UNAVAILABLE.has((err as { code?: string }).code ?? '')) throw err;
        tableReady = false;
      }
    }
    if (previous.loadedAt === null) return;
    const changed = [...previous.collections.values()].filter((c) => snapshot.collections.get(c.id)?.fingerprint !== c.fingerprint).map((c) => c.id);
    const roles = previous.rolesFingerprint !== snapshot.rolesFingerprint;
    await log.write(toRetirements(snapshot, changed, roles));
  };
}

/** The state table exists, or was just made; false when this role cannot make it. */
async function ensureStateTable(engine: Engine): Promise<boolean> {
  try {
    const { rows } = await engine.query<{ ok: boolean }>("SELECT to_regclass('tilery.catalog_state') IS NOT NULL AS ok");
    if (!rows[0].ok) await createMissing(engine, STATE_SQL);
    return true;
  } catch {
    return false;
  }
}

async function compareWithState(
  q: Engine['query'],
  snapshot: CatalogSnapshot,
  options: Pick<DiscoverOptions, 'includeSchemas' | 'excludeSchemas'>,
): Promise<{ collections: string[]; roles: boolean }> {
  const current = [...snapshot.collections.values()].map((c) => ({ id: c.id, schema: c.schema, fingerprint: c.fingerprint }));
  current.push({ id: ROLES_ID, schema: '', fingerprint: snapshot.rolesFingerprint });
  const { rows } = await q<{ id: string }>(
    `WITH cur AS (SELECT * FROM json_to_recordset($1::json) AS x(id text, schema text, fingerprint text)),
     up AS (
       INSERT INTO tilery.catalog_state AS s (role, id, schema, fingerprint)
       SELECT current_user, id, schema, fingerprint FROM cur
       ON CONFLICT (role, id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, schema = EXCLUDED.schema
         WHERE s.fingerprint <> EXCLUDED.fingerprint
       -- updated rows only (xmax is set on a row an upsert updated): a collection seen for the
       -- first time has nothing to compare with (and tiles of it, if any, came from the same data)
       RETURNING s.id, s.xmax <> 0 AS updated),
     gone AS (
       DELETE FROM tilery.catalog_state s
        WHERE s.role = current_user AND s.id <> '' AND NOT EXISTS (SELECT 1 FROM cur WHERE cur.id = s.id)
          -- only what this instance publishes: another configuration's layers are its own
          AND ($2::text[] IS NULL OR s.schema = ANY ($2::text[])) AND NOT (s.schema = ANY ($3::text[]))
        RETURNING s.id)
     SELECT id FROM up WHERE updated UNION SELECT id FROM gone`,
    [JSON.stringify(current), options.includeSchemas.length > 0 ? [...options.includeSchemas] : null, [...options.excludeSchemas]],
  );
  const ids = rows.map((r) => r.id);
  return { collections: ids.filter((id) => id !== ROLES_ID), roles: ids.includes(ROLES_ID) };
}

function toRetirements(snapshot: CatalogSnapshot, collections: readonly string[], roles: boolean): Retirement[] {
  const all: Retirement[] = collections.map((collection) => ({ collection, bounds: null }));
  if (roles) {
    const changed = new Set(collections);
    for (const id of snapshot.collections.keys()) if (!changed.has(id)) all.push({ collection: id, bounds: null, scope: 'roles' });
  }
  return all;
}

/** Read the catalog again whenever the event triggers tell of a change. */
export function followSchemaChanges(engine: Engine, refresh: () => Promise<unknown>, logger?: Logger): Promise<Listener> {
  return engine.listen(SCHEMA_CHANNEL, () => {
    refresh().catch((err) => logger?.warn({ err: (err as Error).message }, 'catalog refresh after a schema change failed'));
  });
}
