import { readFileSync } from 'node:fs';
import { createMissing, type Engine } from '../engine/index.ts';

const sql = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

/**
 * The stores that keep tables in the database, each with its own SQL file (its tables, and the
 * function that applies the retirements a transaction logged to them).
 */
const STORES = [
  { name: 'pg', file: './pg-table.sql', retire: 'tilery.tile_cache_retire' },
  { name: 'bucket', file: './bucket/index.sql', retire: 'tilery.bucket_index_retire' },
  { name: 'pmtiles', file: './pmtiles.sql', retire: 'tilery.archive_retire' },
] as const;

/**
 * Every retirement logged is applied in every store in the same transaction: this is the one
 * dispatcher. It resolves to how many rows each store retired, by provider name.
 */
const APPLY_SQL = `CREATE OR REPLACE FUNCTION tilery.apply_retirements(first_seq bigint) RETURNS jsonb
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT jsonb_build_object(${STORES.map((s) => `'${s.name}', ${s.retire}(first_seq)`).join(', ')})
$$;`;

/** The retirement log, the stores' tables and the dispatcher, in that order. Idempotent. */
export const CACHE_TABLES_SQL = [sql('./retirement-log.sql'), ...STORES.map((s) => sql(s.file)), APPLY_SQL].join('\n');

/** Tables and columns of the current layout: when one is missing, the SQL above runs again. */
const TABLES = ['tilery.changes', 'tilery.tile_cache', 'tilery.bucket_index', 'tilery.bucket_garbage', 'tilery.archived', 'tilery.archive_changes'];
const COLUMNS: ReadonlyArray<[string, string]> = [
  ['tilery.changes', 'generated_before'],
  ['tilery.tile_cache', 'generated_at'],
  ['tilery.bucket_index', 'generated_at'],
];

/**
 * Create tilery's cache tables unless they all exist in their current layout: creating (even
 * "if not exists") needs the CREATE privilege, which a role using tables an owner made
 * (install-triggers) may not have.
 */
export async function ensureCacheTables(engine: Engine): Promise<void> {
  const { rows } = await engine.query<{ missing: number }>(
    `SELECT (SELECT count(*) FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NULL)::int
          + (SELECT count(*) FROM unnest($2::text[], $3::text[]) AS c(rel, name)
             WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = to_regclass(c.rel) AND a.attname = c.name))::int
          + (SELECT count(*) FROM (VALUES (1)) AS v WHERE to_regprocedure('tilery.apply_retirements(bigint)') IS NULL)::int AS missing`,
    [TABLES, COLUMNS.map((c) => c[0]), COLUMNS.map((c) => c[1])],
  );
  if (rows[0].missing > 0) await createMissing(engine, CACHE_TABLES_SQL);
}

/** How long a role refused the CREATE privilege is not asked again (ms). */
const REFUSED_RETRY_MS = 60_000;
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * Once per engine: the first caller creates, the others wait; a failure is tried again next
 * time, except a refusal of privilege, which stands for a minute: a role that may not create
 * the tables would otherwise try (a script of DDL) with every tile it saves.
 */
export function cacheTablesOnce(engine: Engine): () => Promise<void> {
  let ready: Promise<void> | null = null;
  let refusedUntil = 0;
  return () => {
    if (ready && refusedUntil > 0 && Date.now() >= refusedUntil) ready = null;
    ready ??= ensureCacheTables(engine).catch((err) => {
      if ((err as { code?: string }).code === INSUFFICIENT_PRIVILEGE) refusedUntil = Date.now() + REFUSED_RETRY_MS;
      else ready = null;
      throw err;
    });
    return ready;
  };
}
