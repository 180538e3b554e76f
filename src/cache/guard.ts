import type { Engine } from '../engine/index.ts';

/** A save waits this long at most for the changes under way; then the tile is just not stored. */
const SAVE_LOCK_TIMEOUT_MS = 200;

/** WGS84 bounds of a tile's content from its TMS envelope: `$1..$4` the envelope, `$5` the SRID. */
export function boundsSql(first: number): string {
  const [a, b, c, d, srid] = [first, first + 1, first + 2, first + 3, first + 4].map((n) => `$${n}`);
  return `ST_Envelope(ST_Transform(ST_Segmentize(ST_MakeEnvelope(${a}::float8, ${b}::float8, ${c}::float8, ${d}::float8, ${srid}::int), GREATEST(${c}::float8 - ${a}::float8, ${d}::float8 - ${b}::float8) / 8), 4326))`;
}

/** Placeholders (numbers of `values`) and SQL of what the guard compares with the log. */
export interface GuardRefs {
  readonly collections: number;
  readonly epoch: number;
  /** SQL of the tile's WGS84 bounds. */
  readonly bounds: string;
  readonly role: number;
  readonly keyHash: number;
  readonly generatedAt: number;
}

/**
 * Run `insert` (an INSERT … SELECT … whose last condition is ANDed by this guard) only when no
 * retirement that snapshot `epoch` did not see retires the tile (tilery.retires, see
 * retirement-log.sql): the collections' advisory locks are taken alone (the freshness triggers
 * and tilery.retire hold them shared), so every retirement either committed before the check,
 * or removes the row after it. Resolves to true when the row was written.
 */
export async function guardedInsert(
  engine: Engine,
  collections: readonly string[],
  insert: (guard: string) => string,
  values: readonly unknown[],
  refs: GuardRefs,
): Promise<boolean> {
  return inLine(engine, collections, () =>
    engine.transaction(async (query) => {
      await query(`SET LOCAL lock_timeout = '${SAVE_LOCK_TIMEOUT_MS}ms'`);
      for (const c of [...collections].sort()) await query("SELECT pg_advisory_xact_lock(hashtextextended('tilery.collection:' || $1, 0))", [c]);
      const guard = guardSql(refs);
      const { rows } = await query(`${insert(guard)} RETURNING 1 AS written`, values);
      return rows.length > 0;
    }),
  );
}

/**
 * The saves of one process that would queue on each other's advisory locks (a saver takes them
 * alone) wait in line here instead, one after the other per set of collections: they hold no
 * pooled connection while they wait, and the lock timeout is left to measure what it is meant
 * for, changes under way in other transactions. Without it, a burst of saves of one collection
 * (a seed, a cold map) queued in PostgreSQL and the later ones timed out unstored.
 */
const lines = new WeakMap<Engine, Map<string, Promise<unknown>>>();

function inLine<T>(engine: Engine, collections: readonly string[], work: () => Promise<T>): Promise<T> {
  let byCollections = lines.get(engine);
  if (!byCollections) lines.set(engine, (byCollections = new Map()));
  const id = JSON.stringify([...collections].sort());
  const run = (byCollections.get(id) ?? Promise.resolve()).then(work, work);
  const settled = run.then(
    () => {},
    () => {},
  );
  byCollections.set(id, settled);
  void settled.then(() => {
    if (byCollections.get(id) === settled) byCollections.delete(id);
  });
  return run;
}

/** The condition of a save: no retirement its snapshot did not see retires the tile. */
function guardSql(refs: GuardRefs): string {
  return `NOT EXISTS (
      SELECT 1 FROM tilery.changes c
      WHERE c.collection = ANY ($${refs.collections}::text[])
        AND c.xid >= pg_snapshot_xmin($${refs.epoch}::pg_snapshot)
        AND NOT pg_visible_in_snapshot(c.xid, $${refs.epoch}::pg_snapshot)
        AND tilery.retires(c, ${refs.bounds}, $${refs.role}::text, $${refs.keyHash}::text, to_timestamp($${refs.generatedAt}::float8 / 1000)))`;
}
