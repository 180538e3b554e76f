import type { Logger } from 'pino';
import type { MemoryCache, MemoryTile } from './memory.ts';
import { isRedirect, isSweeper, type CacheKey, type ProviderName, type TileCacheProvider } from './provider.ts';
import { keyBoundsWgs84, type Retirement, type RetirementLog } from './retirement.ts';

/** Where a tile came from, as `X-Tile-Source` says it. */
export type TileSource = 'memory' | 'pg_table' | 'bucket_redirect' | 'bucket_proxy' | 'pmtiles_archive' | 'postgis';

export type Lookup =
  | { readonly kind: 'tile'; readonly tile: MemoryTile; readonly source: TileSource }
  | { readonly kind: 'redirect'; readonly url: string; readonly source: 'bucket_redirect'; readonly generatedAt?: number };

const HIT_SOURCE: Record<ProviderName, TileSource> = { pg: 'pg_table', bucket: 'bucket_proxy', pmtiles: 'pmtiles_archive' };

/** What became of one background save, by provider: stored, failed, or not attempted (a later change touched the tile). */
export type SaveOutcome = Readonly<Partial<Record<ProviderName, 'saved' | 'failed' | 'skipped'>>>;

/** Makes the L1 tile of bytes read or generated. */
export type MakeTile = (bytes: Buffer, etag: string | undefined, generatedAt: number) => MemoryTile;

export interface TieredCache {
  readonly memory: MemoryCache;
  readonly providers: readonly TileCacheProvider[];
  /**
   * L1, then each provider in priority order; a hit in L2 is kept in L1. A tile generated before
   * `notBefore` (ms; null: any age) is a miss, wherever it is.
   */
  lookup(key: CacheKey, makeTile: MakeTile, notBefore: number | null): Promise<Lookup | null>;
  /**
   * Keep a generated tile in L1 now and save it to every provider in the background; `epoch`
   * is the snapshot taken before generation (providers refuse a tile a later retirement
   * touches), `shouldSave` is asked again just before each save. Resolves (never rejects) when
   * the saves are done, to what became of each; callers that do not wait may ignore it.
   */
  store(tile: MemoryTile, epoch?: string, shouldSave?: () => boolean): Promise<SaveOutcome>;
  /**
   * Retire tiles everywhere: logged and applied in every shared store in one transaction, in
   * this instance's L1 at once and in the others' as they read the log. Resolves to how many
   * tiles each store retired (`memory`: this instance's L1; `logged`: retirements written).
   */
  retire(retirements: readonly Retirement[]): Promise<Record<string, number>>;
  /** Retire one tile everywhere (refresh_cache); saves of it under way land first, those not started are dropped. */
  invalidate(key: CacheKey): Promise<void>;
  /** Delete the objects retired from the bucket's index; resolves to how many. */
  sweep(): Promise<number>;
  /** Wait for the background saves under way. */
  flush(): Promise<void>;
  /** Errors of each provider so far (a provider that throws is skipped, never fatal). */
  readonly errors: Readonly<Record<string, number>>;
  close(): Promise<void>;
}

/** Who to tell what the cache did (metrics); every hook is optional. */
export interface CacheHooks {
  /** A provider failed; it was skipped. */
  onProviderError?(provider: ProviderName, action: string): void;
  /** Tiles were retired on this instance's own request; `retired`: how many L1 held. */
  onInvalidated?(retired: number): void;
}

/** L1 plus the L2 providers in priority order. A failing provider is logged, counted and skipped. */
export function createTieredCache(
  memory: MemoryCache,
  providers: readonly TileCacheProvider[],
  log: RetirementLog,
  logger?: Logger,
  hooks: CacheHooks = {},
): TieredCache {
  const errors: Record<string, number> = {};
  const pending = new Set<Promise<unknown>>();
  const failed = (provider: ProviderName, action: string, err: unknown) => {
    hooks.onProviderError?.(provider, action);
    const n = (errors[provider] = (errors[provider] ?? 0) + 1);
    // A provider that keeps failing (say, a role that may not create tilery's tables) is logged
    // at its first failures and then once in a thousand, not on every tile.
    if (n <= 3 || n % 1000 === 0) {
      logger?.warn({ provider, action, failures: n, err: (err as Error).message }, 'tile cache provider failed; skipped');
    }
  };
  /** The latest background save of each key still under way. */
  const savesOf = new Map<string, { seq: number; done: Promise<void> }>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  async function sweep(): Promise<number> {
    let n = 0;
    for (const p of providers.filter(isSweeper)) {
      try {
        n += await p.sweep();
      } catch (err) {
        failed(p.name, 'sweep', err);
      }
    }
    return n;
  }

  async function retire(retirements: readonly Retirement[]): Promise<Record<string, number>> {
    let local = 0;
    for (const r of retirements) local += memory.retire(r);
    hooks.onInvalidated?.(local);
    const counts = await log.write(retirements);
    await sweep();
    return { ...counts, memory: local };
  }

  return {
    memory,
    providers,
    errors,
    async lookup(key, makeTile, notBefore) {
      const inMemory = memory.get(key.id);
      if (inMemory) {
        if (notBefore === null || inMemory.generatedAt >= notBefore) return { kind: 'tile', tile: inMemory, source: 'memory' };
        memory.delete(key.id);
      }
      for (const provider of providers) {
        let found;
        try {
          found = await provider.get(key);
        } catch (err) {
          failed(provider.name, 'get', err);
          continue;
        }
        if (found === null) continue;
        // an unknown generation time is as old as can be
        if (notBefore !== null && (found.generatedAt ?? 0) < notBefore) continue;
        if (isRedirect(found)) return { kind: 'redirect', url: found.redirect, source: 'bucket_redirect', generatedAt: found.generatedAt };
        const tile = makeTile(found.bytes, found.etag, found.generatedAt ?? Date.now());
        memory.set(tile);
        return { kind: 'tile', tile, source: HIT_SOURCE[provider.name] };
      }
      return null;
    },
    store(tile, epoch, shouldSave = () => true) {
      memory.set(tile);
      // Saves of one key run in order, and a later store or an invalidation of the key makes a
      // save not yet started pointless: an older tile never lands over a newer one.
      const id = tile.key.id;
      const earlier = savesOf.get(id);
      const turn = { seq: (earlier?.seq ?? 0) + 1, done: Promise.resolve() };
      const current = () => savesOf.get(id)?.seq === turn.seq;
      const saves = providers.map(async (provider): Promise<[ProviderName, 'saved' | 'failed' | 'skipped']> => {
        try {
          await earlier?.done; // (and so asked after the caller moved on, as close to the save as can be)
          if (!current() || !shouldSave()) return [provider.name, 'skipped'];
          await provider.put(tile.key, { bytes: tile.bytes, etag: tile.etag, epoch, generatedAt: tile.generatedAt });
          return [provider.name, 'saved'];
        } catch (err) {
          failed(provider.name, 'put', err);
          return [provider.name, 'failed'];
        }
      });
      for (const save of saves) track(save);
      turn.done = Promise.all(saves).then(() => {
        if (current()) savesOf.delete(id);
      });
      savesOf.set(id, turn);
      return Promise.all(saves).then((outcomes) => Object.fromEntries(outcomes));
    },
    retire,
    async invalidate(key) {
      // saves of the key under way land first; those not started are dropped
      const under = savesOf.get(key.id);
      if (under) {
        const marker = { seq: under.seq + 1, done: under.done };
        savesOf.set(key.id, marker);
        await under.done;
        if (savesOf.get(key.id) === marker) savesOf.delete(key.id);
      }
      await retire([{ collection: key.collections[0], bounds: keyBoundsWgs84(key), tile: key.id }]);
    },
    sweep,
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      await this.flush();
      await Promise.all(providers.map((p) => p.close?.()));
    },
  };
}
