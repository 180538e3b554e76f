/**
 * What the tile cache stores and how a tile is addressed there. The L1 memory cache and every
 * L2 provider (PostGIS table, bucket, PMTiles archive) share these types; providers implement
 * `TileCacheProvider`, and optional abilities are separate small interfaces.
 */

/** Where a tile lives in the caches: everything that changes its bytes, in a stable form. */
export interface CacheKey {
  /** The catalogs (schemas) of the tile's collections: invalidation by catalog finds it by these. */
  readonly catalogs: readonly string[];
  /** Collection ids (`schema.name`), in the tile's layer order. */
  readonly collections: readonly string[];
  readonly tmsId: string;
  readonly z: number;
  readonly x: number;
  readonly y: number;
  /** `mvt` */
  readonly format: string;
  /**
   * A short hash of every other parameter that changes the bytes (properties, limit,
   * resolution, buffer, filters, simplification, layer naming); null when all are the defaults
   * of a single-collection tile, so such a tile has the plain object key (see cache/bucket/keys.ts).
   */
  readonly paramHash: string | null;
  /** The full key as one string (L1 key, pg table primary key). */
  readonly id: string;
  /**
   * What the tile's content covers — its envelope grown by its buffer — as [minx, miny, maxx,
   * maxy] in the TMS CRS (easting/northing): a change there retires the tile.
   */
  readonly envelope: readonly [number, number, number, number];
  /** SRID of the TMS CRS. */
  readonly srid: number;
  /** The database role the tile is read as; null: tilery's own. A role's tiles are its own. */
  readonly role: string | null;
}

/** Tile bytes as the caches hold them: uncompressed MVT (empty: a tile without features). */
export interface CachedTile {
  readonly bytes: Buffer;
  /** The bytes' ETag, when the provider keeps it (saves hashing them on every hit). */
  readonly etag?: string;
  /**
   * The database snapshot (`pg_current_snapshot()`) taken before the tile was generated: a
   * provider that can must refuse to store the tile when a change it did not see touches it.
   */
  readonly epoch?: string;
  /** When its generation started (ms since the epoch); unknown for tiles stored before it was kept. */
  readonly generatedAt?: number;
}

/** A stored tile can also be answered with a redirect to a signed URL (a bucket). */
export interface RedirectTarget {
  readonly redirect: string;
  readonly generatedAt?: number;
}

export type ProviderName = 'pg' | 'bucket' | 'pmtiles';

/**
 * One L2 store. A provider that throws never fails a tile request: the pipeline logs and skips
 * it. Tiles leave a provider only by retirement: its own SQL (beside it) applies what the
 * retirement log holds, in the transaction that logs it (see tables.ts).
 */
export interface TileCacheProvider {
  readonly name: ProviderName;
  /** The tile, a redirect to it, or null on a miss. */
  get(key: CacheKey): Promise<CachedTile | RedirectTarget | null>;
  /** Store (replacing). A read-only provider ignores it. */
  put(key: CacheKey, tile: CachedTile): Promise<void>;
  close?(): Promise<void>;
}

export function isRedirect(v: CachedTile | RedirectTarget | null): v is RedirectTarget {
  return v !== null && 'redirect' in v;
}

/** A provider whose retired tiles wait to be deleted outside the database (the bucket's objects): `sweep` deletes a batch. */
export interface Sweeper {
  sweep(): Promise<number>;
}

export function isSweeper(p: TileCacheProvider): p is TileCacheProvider & Sweeper {
  return typeof (p as Partial<Sweeper>).sweep === 'function';
}
