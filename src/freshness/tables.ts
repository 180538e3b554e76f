import { readFileSync } from 'node:fs';
import type { Engine } from '../engine/index.ts';

export const TABLES_SQL = readFileSync(new URL('./tables.sql', import.meta.url), 'utf8');
/** Columns of `tilery.tile_cache` added after it first shipped. */
const ADDED_COLUMNS = ['etag'];
const TABLES = ['tilery.changes', 'tilery.tile_cache', 'tilery.bucket_index', 'tilery.bucket_garbage', 'tilery.archived', 'tilery.archive_changes'];

/**
 * Create tilery's own tables unless they all exist: creating (even "if not exists") needs the
 * CREATE privilege, which a role using tables an owner made (install-triggers) may not have.
 */
export async function ensureTileryTables(engine: Engine): Promise<void> {
  // (a column added since a table was first made counts as missing: the file adds it)
  const { rows } = await engine.query<{ missing: number }>(
    `SELECT count(*) FILTER (WHERE to_regclass(t) IS NULL)::int
          + (SELECT count(*) FROM unnest($2::text[]) AS c(name)
             WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = to_regclass('tilery.tile_cache') AND a.attname = c.name))::int AS missing
     FROM unnest($1::text[]) AS t`,
    [TABLES, ADDED_COLUMNS],
  );
  if (rows[0].missing > 0) await engine.query(TABLES_SQL);
}

/** Once per engine: the first caller creates, the others wait; a failure is tried again next time. */
export function tileryTablesOnce(engine: Engine): () => Promise<void> {
  let ready: Promise<void> | null = null;
  return () => {
    ready ??= ensureTileryTables(engine).catch((err) => {
      ready = null;
      throw err;
    });
    return ready;
  };
}
