import { createHash } from 'node:crypto';
import type { Engine } from '../engine/index.ts';
import { boundsSql, guardedInsert } from '../freshness/guard.ts';
import { tileryTablesOnce } from '../freshness/tables.ts';
import type { CachedTile, CacheKey, TileCacheProvider } from './provider.ts';

const UNDEFINED_TABLE = '42P01';

/** The primary key: a hash of the full key, which can be longer than an index entry may be. */
export function keyHash(key: CacheKey): string {
  return createHash('sha256').update(key.id).digest('hex');
}

/**
 * `ttlFor(z)`: seconds a tile of zoom z stays valid in the table; null: until it is retired.
 */
export function createPgTableProvider(engine: Engine, ttlFor: (z: number) => number | null = () => null): TileCacheProvider {
  // tilery's own tables, the L2 table among them (one row a tile, its bounds under GiST)
  const ensureTable = tileryTablesOnce(engine);
  /** Run a statement on the table; when it does not exist yet, a read finds nothing. */
  async function onTable<T>(run: () => Promise<T>, absent: T): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if ((err as { code?: string }).code === UNDEFINED_TABLE) return absent;
      throw err;
    }
  }

  return {
    name: 'pg',
    async get(key) {
      return onTable(async () => {
        const ttl = ttlFor(key.z);
        // The bytes travel as base64 text rather than as bytea's hex: a third less to read off
        // the socket, and decoded several times faster (a large part of a hit's time).
        const { rows } = await engine.query<{ tile: string; etag: string | null }>(
          ttl === null
            ? `SELECT encode(tile, 'base64') AS tile, etag FROM tilery.tile_cache WHERE key_hash = $1`
            : `SELECT encode(tile, 'base64') AS tile, etag FROM tilery.tile_cache WHERE key_hash = $1 AND created_at > now() - make_interval(secs => $2)`,
          ttl === null ? [keyHash(key)] : [keyHash(key), ttl],
          { prepare: true },
        );
        return rows.length ? ({ bytes: Buffer.from(rows[0].tile, 'base64'), etag: rows[0].etag ?? undefined } satisfies CachedTile) : null;
      }, null);
    },
    async put(key, tile) {
      await ensureTable();
      const values = [keyHash(key), key.catalogs, key.collections, key.tmsId, key.z, key.x, key.y, key.paramHash, tile.bytes, ...key.envelope, key.srid, tile.etag ?? null];
      const bounds = boundsSql(10);
      const insert = (guard: string) =>
        `INSERT INTO tilery.tile_cache (key_hash, catalogs, collections, tms, z, x, y, param_hash, tile, bounds, etag)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, ${bounds}, $15 WHERE ${guard}
         ON CONFLICT (key_hash) DO UPDATE SET tile = EXCLUDED.tile, bounds = EXCLUDED.bounds, etag = EXCLUDED.etag, created_at = now()`;
      if (tile.epoch === undefined) {
        await engine.query(insert('true'), values);
        return;
      }
      // Never store a tile older than a change that touches it (see freshness/guard.ts).
      await guardedInsert(engine, key.collections, insert, [...values, tile.epoch], { collections: 3, epoch: 16, bounds });
    },
    async delete(key) {
      await onTable(() => engine.query('DELETE FROM tilery.tile_cache WHERE key_hash = $1', [keyHash(key)]), null);
    },
    async deleteCollections(catalog, collections) {
      return onTable(async () => {
        const { rows } = await engine.query<{ n: number }>(
          collections === null
            ? 'WITH d AS (DELETE FROM tilery.tile_cache WHERE $1 = ANY (catalogs) RETURNING 1) SELECT count(*)::int AS n FROM d'
            : 'WITH d AS (DELETE FROM tilery.tile_cache WHERE collections && $1::text[] RETURNING 1) SELECT count(*)::int AS n FROM d',
          [collections === null ? catalog : [...collections]],
        );
        return rows[0].n;
      }, 0);
    },
  };
}
