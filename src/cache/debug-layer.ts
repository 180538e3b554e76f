import type { Engine } from '../engine/index.ts';

const UNDEFINED_TABLE = '42P01';

/**
 * The outlines of the cached tiles (PostGIS table and bucket index) around one Web Mercator tile,
 * as an MVT layer `_cache` with provider, tms, z, x, y and collections; optionally only those
 * holding one of `collections`. Empty bytes when nothing is cached there.
 */
export async function cachedTilesLayer(engine: Engine, z: number, x: number, y: number, collections: readonly string[] | null): Promise<Buffer> {
  const sql = `
    WITH env AS (SELECT ST_TileEnvelope($1, $2, $3) AS e),
         cached AS (
           SELECT 'pg' AS provider, c.tms, c.z, c.x, c.y, c.collections, c.bounds FROM tilery.tile_cache c
           UNION ALL
           SELECT 'bucket', NULL, NULL, NULL, NULL, b.collections, b.bounds FROM tilery.bucket_index b)
    SELECT ST_AsMVT(q, '_cache', 4096, 'geom') AS mvt FROM (
      SELECT ST_AsMVTGeom(ST_Transform(ST_Boundary(c.bounds), 3857), env.e::box2d, 4096, 64, true) AS geom,
             c.provider, c.tms, c.z, c.x, c.y, array_to_string(c.collections, ',') AS collections
      FROM cached c, env
      WHERE c.bounds && ST_Transform(env.e, 4326) AND ($4::text[] IS NULL OR c.collections && $4::text[])
    ) AS q WHERE q.geom IS NOT NULL`;
  try {
    const { rows } = await engine.query<{ mvt: Buffer | null }>(sql, [z, x, y, collections]);
    return rows[0]?.mvt ?? Buffer.alloc(0);
  } catch (err) {
    if ((err as { code?: string }).code === UNDEFINED_TABLE) return Buffer.alloc(0);
    throw err;
  }
}
