import type { Logger } from 'pino';
import type { TileryConfig } from '../config/index.ts';
import type { Engine } from '../engine/index.ts';
import { createBucketIndex } from './bucket/db-index.ts';
import { createBucketProvider } from './bucket/index.ts';
import { byZoom, createMemoryCache } from './memory.ts';
import { createPmtilesProvider } from './pmtiles.ts';
import { createPgTableProvider } from './pg-table.ts';
import { createRetirementLog } from './retirement.ts';
import type { TileCacheProvider } from './provider.ts';
import type { CachingSettings } from './settings.ts';
import { createTieredCache, type CacheHooks, type TieredCache } from './tiered.ts';

/**
 * L1 and the L2 providers of the configuration, in `storage_priority` order. Only configured
 * providers take part: the bucket needs a URL, PMTiles archives need entries; the PostGIS table
 * needs nothing more than the database.
 */
export function buildTieredCache(config: TileryConfig, engine: Engine, settings: CachingSettings, logger?: Logger, hooks?: CacheHooks): TieredCache {
  const c = config.cache;
  const memory = createMemoryCache({
    maxEntries: c.memory.max_entries,
    maxBytes: c.memory.max_bytes,
    ttlSeconds: c.memory.ttl_seconds,
    jitterSeconds: c.memory.ttl_jitter_seconds,
    ttlByZoom: c.memory.ttl_by_zoom,
  });
  const providers: TileCacheProvider[] = [];
  for (const name of c.storage_priority) {
    const provider = PROVIDERS[name](config, engine, settings);
    if (provider) providers.push(provider);
  }
  logger?.info({ providers: providers.map((p) => p.name) }, 'tile cache ready');
  return createTieredCache(memory, providers, createRetirementLog(engine, logger), logger, hooks);
}

type Factory = (config: TileryConfig, engine: Engine, settings: CachingSettings) => TileCacheProvider | null;

const PROVIDERS: Record<TileryConfig['cache']['storage_priority'][number], Factory> = {
  pg({ cache }, engine) {
    // Rows live until retired, unless a zoom has a lifetime of its own.
    return createPgTableProvider(engine, (z) => {
      const ttl = byZoom(cache.l2_ttl_by_zoom, z, Infinity);
      return Number.isFinite(ttl) ? ttl : null;
    });
  },
  bucket({ cache }, engine, settings) {
    const { bucket } = cache;
    if (bucket.url === null) return null;
    return createBucketProvider({
      url: bucket.url,
      endpoint: bucket.endpoint,
      region: bucket.region,
      forcePathStyle: bucket.force_path_style,
      mode: bucket.mode,
      redirectExpiresSeconds: bucket.redirect_expires_seconds,
      index: createBucketIndex(engine),
      settings: (z = 0) => {
        const s = settings.current();
        return { enabled: s.enabled, keyPrefix: s.key_prefix, ttlSeconds: byZoom(cache.l2_ttl_by_zoom, z, s.ttl_seconds) };
      },
    });
  },
  pmtiles: ({ cache }, engine) => (Object.keys(cache.pmtiles).length === 0 ? null : createPmtilesProvider(cache.pmtiles, { engine })),
};
