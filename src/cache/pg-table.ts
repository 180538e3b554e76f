import { createHash } from 'node:crypto';
import type { Engine } from '../engine/index.ts';
import type { CachedTile, CacheKey, TileCacheProvider } from './provider.ts';

const UNDEFINED_TABLE = '42P01';

/** The L2 table of PostGIS: one row a tile, its bounds under a GiST index for retiring by area. */
const CREATE_SQL = [
  'CREATE SCHEMA IF NOT EXISTS tilery',
  `CREATE TABLE IF NOT EXISTS tilery.tile_cache (
    key_hash text PRIMARY KEY,
    catalogs text[] NOT NULL,
    collections text[] NOT NULL,
    tms text NOT NULL,
    z integer NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    param_hash text,
    tile bytea NOT NULL,
    bounds geometry(Polygon, 4326),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX IF NOT EXISTS tile_cache_bounds ON tilery.tile_cache USING gist (bounds)',
  'CREATE INDEX IF NOT EXISTS tile_cache_collections ON tilery.tile_cache USING gin (collections)',
];

/** The primary key: a hash of the full key, which can be longer than an index entry may be. */
export function keyHash(key: CacheKey): string {
  return createHash('sha256').update(key.id).digest('hex');
}

/**
 * `ttlFor(z)`: seconds a tile of zoom z stays valid in the table; null: until it is retired.
 */
export function createPgTableProvider(engine: Engine, ttlFor: (z: number) => number | null = () => null): TileCacheProvider {
  let ready: Promise<void> | null = null;
  const ensureTable = () => {
    ready ??= (async () => {
      for (const sql of CREATE_SQL) await engine.query(sql);
    })().catch((err) => {
      ready = null;
      throw err;
    });
    return ready;
  };
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
        const { rows } = await engine.query<{ tile: Buffer }>(
          ttl === null
            ? 'SELECT tile FROM tilery.tile_cache WHERE key_hash = $1'
            : `SELECT tile FROM tilery.tile_cache WHERE key_hash = $1 AND created_at > now() - make_interval(secs => $2)`,
          ttl === null ? [keyHash(key)] : [keyHash(key), ttl],
        );
        return rows.length ? ({ bytes: rows[0].tile } satisfies CachedTile) : null;
      }, null);
    },
    async put(key, tile) {
      await ensureTable();
      const [minx, miny, maxx, maxy] = key.envelope;
      await engine.query(
        `INSERT INTO tilery.tile_cache (key_hash, catalogs, collections, tms, z, x, y, param_hash, tile, bounds)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
                 ST_Envelope(ST_Transform(ST_Segmentize(ST_MakeEnvelope($10, $11, $12, $13, $14::int), GREATEST($12 - $10, $13 - $11) / 8), 4326)))
         ON CONFLICT (key_hash) DO UPDATE SET tile = EXCLUDED.tile, bounds = EXCLUDED.bounds, created_at = now()`,
        [keyHash(key), key.catalogs, key.collections, key.tmsId, key.z, key.x, key.y, key.paramHash, tile.bytes, minx, miny, maxx, maxy, key.srid],
      );
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
