export type { CacheKey, CachedTile, RedirectTarget, TileCacheProvider, ProviderName } from './provider.ts';
export { isRedirect } from './provider.ts';
export { createMemoryCache, byZoom, type MemoryCache, type MemoryTile, type MemoryCacheOptions } from './memory.ts';
export { createPgTableProvider, keyHash } from './pg-table.ts';
export { createTieredCache, type CacheHooks, type TieredCache, type TileSource, type Lookup, type SaveOutcome, type MakeTile } from './tiered.ts';
export { createCachingSettings, validateCachingConfig, type CachingConfig, type CachingSettings } from './settings.ts';
export { buildTieredCache } from './build.ts';
export {
  createRetirementLog,
  keyBoundsWgs84,
  parseRetirements,
  retires,
  visibleIn,
  retirementsJson,
  RETIREMENT_CHANNEL,
  type Retirement,
  type RetirementLog,
  type Wgs84Bounds,
} from './retirement.ts';
export { CACHE_TABLES_SQL, ensureCacheTables } from './tables.ts';
export { guardedInsert, boundsSql } from './guard.ts';
