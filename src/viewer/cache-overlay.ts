import type { Engine } from '../engine/index.ts';

/** The tables `/_cache/{z}/{x}/{y}.pbf` draws the cached tiles from. */
const CACHE_TABLES = ['tilery.tile_cache', 'tilery.bucket_index'];

export interface CacheOverlayStatus {
  /** The debug layer can show something: its tables exist and the role reads them. */
  readonly available: boolean;
  /** Why not, in a sentence, when unavailable. */
  readonly reason: string | null;
}

/**
 * Whether the cache debug layer works on this database. Without its tables the layer route
 * answers 204 as if nothing were cached, so the page asks here before offering the overlay.
 * The tables appear when the first tile is stored in the PostGIS table or the bucket.
 */
export async function cacheOverlayStatus(engine: Engine): Promise<CacheOverlayStatus> {
  try {
    const { rows } = await engine.query<{ missing: string[] | null }>(
      `SELECT array_agg(t ORDER BY t) FILTER (WHERE to_regclass(t) IS NULL OR NOT has_table_privilege(to_regclass(t), 'SELECT')) AS missing
       FROM unnest($1::text[]) AS t`,
      [CACHE_TABLES],
    );
    const missing = rows[0]?.missing ?? [];
    if (missing.length === 0) return { available: true, reason: null };
    return {
      available: false,
      reason: `No cache outlines yet: tilery's cache tables (${missing.join(', ')}) are missing or unreadable; they are made when a first tile is stored in PostGIS or the bucket.`,
    };
  } catch (err) {
    return { available: false, reason: `The cache tables cannot be checked: ${(err as Error).message}` };
  }
}
