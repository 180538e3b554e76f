import type { Engine } from '../../engine/index.ts';
import { boundsSql, guardedInsert } from '../guard.ts';
import { keyHash } from '../pg-table.ts';
import type { CacheKey } from '../provider.ts';
import { cacheTablesOnce } from '../tables.ts';

/**
 * The bucket's objects, listed in the database (tilery.bucket_index, see index.sql): a read checks
 * the row first, so a tile retired at commit is never served; the objects whose rows were
 * retired wait in tilery.bucket_garbage until `garbage` hands them out for deletion.
 */
export interface BucketIndex {
  /** When the object's tile was generated (ms; 0 when not recorded), or null when it is not listed (retired, or never stored). */
  generatedAt(catalog: string, objectKey: string): Promise<number | null>;
  /** Record a stored object, unless a retirement the tile's snapshot did not see retires it: false. */
  add(catalog: string, objectKey: string, key: CacheKey, epoch: string | undefined, generatedAt: number): Promise<boolean>;
  /** Take up to `limit` retired objects (their rows are gone once taken). */
  garbage(limit: number): Promise<Array<{ catalog: string; objectKey: string }>>;
}

export function createBucketIndex(engine: Engine): BucketIndex {
  const ensure = cacheTablesOnce(engine);
  return {
    async generatedAt(catalog, objectKey) {
      await ensure();
      const { rows } = await engine.query<{ at: number | null }>(
        'SELECT extract(epoch FROM generated_at) * 1000 AS at FROM tilery.bucket_index WHERE catalog = $1 AND object_key = $2',
        [catalog, objectKey],
        { prepare: true },
      );
      return rows.length ? Number(rows[0].at ?? 0) : null;
    },
    async add(catalog, objectKey, key, epoch, generatedAt) {
      await ensure();
      const bounds = boundsSql(4);
      const values = [catalog, objectKey, key.collections, ...key.envelope, key.srid, key.role, keyHash(key), generatedAt];
      const insert = (guard: string) =>
        `INSERT INTO tilery.bucket_index (catalog, object_key, collections, bounds, role, key_hash, generated_at)
         SELECT $1, $2, $3, ${bounds}, $9, $10, to_timestamp($11::float8 / 1000) WHERE ${guard}
         ON CONFLICT (catalog, object_key) DO UPDATE SET collections = EXCLUDED.collections, bounds = EXCLUDED.bounds,
           role = EXCLUDED.role, key_hash = EXCLUDED.key_hash, generated_at = EXCLUDED.generated_at, created_at = now()`;
      if (epoch === undefined) {
        await engine.query(insert('true'), values);
        return true;
      }
      return guardedInsert(engine, key.collections, insert, [...values, epoch], { collections: 3, epoch: 12, bounds, role: 9, keyHash: 10, generatedAt: 11 });
    },
    async garbage(limit) {
      await ensure();
      const { rows } = await engine.query<{ catalog: string; object_key: string }>(
        `WITH taken AS (
           DELETE FROM tilery.bucket_garbage WHERE ctid IN (SELECT ctid FROM tilery.bucket_garbage LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING catalog, object_key)
         SELECT DISTINCT catalog, object_key FROM taken t
         -- stored again since it was retired: the object is fresh, keep it
         WHERE NOT EXISTS (SELECT 1 FROM tilery.bucket_index i WHERE i.catalog = t.catalog AND i.object_key = t.object_key)`,
        [limit],
      );
      return rows.map((r) => ({ catalog: r.catalog, objectKey: r.object_key }));
    },
  };
}
