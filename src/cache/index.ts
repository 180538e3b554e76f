export type { CacheKey, CachedTile, RedirectTarget, TileCacheProvider, ProviderName } from './provider.ts';
export { isRedirect } from './provider.ts';
export { createMemoryCache, byZoom, type MemoryCache, type MemoryTile, type MemoryCacheOptions } from './memory.ts';
export { createPgTableProvider, keyHash } from './pg-table.ts';
export { createTieredCache, type CacheHooks, type TieredCache, type TileSource, type Lookup, type SaveOutcome } from './tiered.ts';
export { createCachingSettings, validateCachingConfig, type CachingConfig, type CachingSettings } from './settings.ts';
export { buildTieredCache } from './build.ts';
export { startFanout, forgetInMemory, CACHE_CHANNEL, type Fanout, type Forget } from './fanout.ts';
