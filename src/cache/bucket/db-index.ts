import type { Engine } from '../../engine/index.ts';
import { boundsSql, guardedInsert } from '../../freshness/guard.ts';
import { tileryTablesOnce } from '../../freshness/tables.ts';
import type { CacheKey } from '../provider.ts';


/**
 * The bucket's objects, listed in the database (tilery.bucket_index): a read checks the row
 * first, so a tile the triggers retired at commit is never served; deletions by collection or
 * catalog find their objects here instead of listing the bucket; the objects the triggers
 * retired wait in tilery.bucket_garbage until `garbage` hands them out for deletion.
 */
export interface BucketIndex {
  has(catalog: string, objectKey: string): Promise<boolean>;
  /** Record a stored object, unless a change the tile's snapshot did not see touches it: false. */
  add(catalog: string, objectKey: string, key: CacheKey, epoch: string | undefined): Promise<boolean>;
  remove(catalog: string, objectKeys: readonly string[]): Promise<void>;
  /** Objects holding any of `collections` (null: any collection of the catalog). */
  find(catalog: string, collections: readonly string[] | null): Promise<string[]>;
  /** Take up to `limit` objects retired by the triggers (their rows are gone once taken). */
  garbage(limit: number): Promise<Array<{ catalog: string; objectKey: string }>>;
}

export function createBucketIndex(engine: Engine): BucketIndex {
  const ensure = tileryTablesOnce(engine);
  return {
    async has(catalog, objectKey) {
      await ensure();
      const { rows } = await engine.query('SELECT 1 FROM tilery.bucket_index WHERE catalog = $1 AND object_key = $2', [catalog, objectKey]);
      return rows.length > 0;
    },
    async add(catalog, objectKey, key, epoch) {
      await ensure();
      const bounds = boundsSql(4);
      const values = [catalog, objectKey, key.collections, ...key.envelope, key.srid];
      const insert = (guard: string) =>
        `INSERT INTO tilery.bucket_index (catalog, object_key, collections, bounds)
         SELECT $1, $2, $3, ${bounds} WHERE ${guard}
         ON CONFLICT (catalog, object_key) DO UPDATE SET collections = EXCLUDED.collections, bounds = EXCLUDED.bounds, created_at = now()`;
      if (epoch === undefined) {
        await engine.query(insert('true'), values);
        return true;
      }
      return guardedInsert(engine, key.collections, insert, [...values, epoch], { collections: 3, epoch: 9, bounds });
    },
    async remove(catalog, objectKeys) {
      if (objectKeys.length === 0) return;
      await ensure();
      await engine.query('DELETE FROM tilery.bucket_index WHERE catalog = $1 AND object_key = ANY ($2::text[])', [catalog, [...objectKeys]]);
    },
    async find(catalog, collections) {
      await ensure();
      const { rows } = await engine.query<{ object_key: string }>(
        collections === null
          ? `SELECT object_key FROM tilery.bucket_index WHERE catalog = $1 OR EXISTS (SELECT 1 FROM unnest(collections) c WHERE c LIKE replace(replace($1, '%', '\\%'), '_', '\\_') || '.%')`
          : 'SELECT object_key FROM tilery.bucket_index WHERE collections && $2::text[] AND catalog = $1',
        collections === null ? [catalog] : [catalog, [...collections]],
      );
      return rows.map((r) => r.object_key);
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
