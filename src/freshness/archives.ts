import type { CacheKey } from '../cache/index.ts';
import type { Engine } from '../engine/index.ts';
import { boundsSql } from './guard.ts';
import { ensureTileryTables } from './tables.ts';

/**
 * Register the collections served from read-only archives, so that the triggers keep their
 * changes (tilery.archive_changes), and answer whether a tile changed since an archive was made.
 */
export async function registerArchives(engine: Engine, collections: readonly string[]): Promise<void> {
  if (collections.length === 0) return;
  await ensureTileryTables(engine);
  await engine.query('INSERT INTO tilery.archived (collection) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [[...collections]]);
}

export function archiveChangedSince(engine: Engine): (key: CacheKey, sinceMs: number) => Promise<boolean> {
  return async (key, sinceMs) => {
    const { rows } = await engine.query(
      `SELECT 1 FROM tilery.archive_changes
       WHERE collection = ANY ($1::text[]) AND at > to_timestamp($2::float8 / 1000)
         AND (bounds IS NULL OR bounds && ${boundsSql(3)})
       LIMIT 1`,
      [key.collections, sinceMs, ...key.envelope, key.srid],
    );
    return rows.length > 0;
  };
}
