import type { Logger } from 'pino';
import { forgetInMemory, type Forget } from './fanout.ts';
import type { MemoryCache, MemoryTile } from './memory.ts';
import { isRedirect, isSweeper, type CacheKey, type ProviderName, type TileCacheProvider } from './provider.ts';

/** Where a tile came from, as `X-Tile-Source` says it (SPEC §3). */
export type TileSource = 'memory' | 'pg_table' | 'bucket_redirect' | 'bucket_proxy' | 'pmtiles_archive' | 'postgis';

export type Lookup =
  | { readonly kind: 'tile'; readonly tile: MemoryTile; readonly source: TileSource }
  | { readonly kind: 'redirect'; readonly url: string; readonly source: 'bucket_redirect' };

const HIT_SOURCE: Record<ProviderName, TileSource> = { pg: 'pg_table', bucket: 'bucket_proxy', pmtiles: 'pmtiles_archive' };

/** What became of one background save, by provider: stored, failed, or not attempted (a later change touched the tile). */
export type SaveOutcome = Readonly<Partial<Record<ProviderName, 'saved' | 'failed' | 'skipped'>>>;

export interface TieredCache {
  readonly memory: MemoryCache;
  readonly providers: readonly TileCacheProvider[];
  /** L1, then each provider in priority order; a hit in L2 is kept in L1. */
  lookup(key: CacheKey, makeTile: (bytes: Buffer, etag?: string) => MemoryTile): Promise<Lookup | null>;
  /**
   * Keep a generated tile in L1 now and save it to every provider in the background; `epoch`
   * is the snapshot taken before generation (providers refuse a tile a later change touches),
   * `shouldSave` is asked again just before each save. Resolves (never rejects) when the saves
   * are done, to what became of each; callers that do not wait may ignore it.
   */
  store(tile: MemoryTile, epoch?: string, shouldSave?: () => boolean): Promise<SaveOutcome>;
  /** Forget one tile everywhere. */
  invalidate(key: CacheKey): Promise<void>;
  /** Forget the tiles of some collections of a catalog (null: all of it) in L1 and every provider. */
  deleteCollections(catalog: string, collections: readonly string[] | null): Promise<Record<string, number | null>>;
  /** Who to tell when tiles are forgotten here (the other instances' L1). */
  setAnnouncer(announce: (message: Forget) => Promise<void>): void;
  /** Delete the objects the triggers retired (the bucket's garbage); resolves to how many. */
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
  /** Tiles were forgotten on this instance's own request (one tile, or collections); `retired`: how many L1 held. */
  onInvalidated?(retired: number): void;
}

/** L1 plus the L2 providers in priority order. A failing provider is logged, counted and skipped. */
export function createTieredCache(memory: MemoryCache, providers: readonly TileCacheProvider[], logger?: Logger, hooks: CacheHooks = {}): TieredCache {
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
  let announcer: ((message: Forget) => Promise<void>) | null = null;
  const announce = async (message: Forget) => {
    try {
      await announcer?.(message);
    } catch (err) {
      logger?.warn({ err: (err as Error).message }, 'could not tell the other instances');
    }
  };
  /** The latest background save of each key still under way. */
  const savesOf = new Map<string, { seq: number; done: Promise<void> }>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  return {
    memory,
    providers,
    errors,
    async lookup(key, makeTile) {
      const inMemory = memory.get(key.id);
      if (inMemory) return { kind: 'tile', tile: inMemory, source: 'memory' };
      for (const provider of providers) {
        let found;
        try {
          found = await provider.get(key);
        } catch (err) {
          failed(provider.name, 'get', err);
          continue;
        }
        if (found === null) continue;
        if (isRedirect(found)) return { kind: 'redirect', url: found.redirect, source: 'bucket_redirect' };
        const tile = makeTile(found.bytes, found.etag);
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
          await provider.put(tile.key, { bytes: tile.bytes, etag: tile.etag, epoch });
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
    async invalidate(key) {
      hooks.onInvalidated?.(forgetInMemory(memory, { tile: key.id }));
      // saves of the key under way land first; those not started are dropped
      const under = savesOf.get(key.id);
      if (under) {
        const marker = { seq: under.seq + 1, done: under.done };
        savesOf.set(key.id, marker);
        await under.done;
        if (savesOf.get(key.id) === marker) savesOf.delete(key.id);
      }
      await Promise.all(providers.map((p) => p.delete(key).catch((err) => failed(p.name, 'delete', err))));
      await announce({ tile: key.id });
    },
    async deleteCollections(catalog, collections) {
      const counts: Record<string, number | null> = { memory: forgetInMemory(memory, { catalog, collections }) };
      hooks.onInvalidated?.(counts.memory ?? 0);
      await Promise.all(
        providers.map(async (p) => {
          try {
            counts[p.name] = await p.deleteCollections(catalog, collections);
          } catch (err) {
            failed(p.name, 'deleteCollections', err);
            counts[p.name] = null;
          }
        }),
      );
      await announce({ catalog, collections });
      return counts;
    },
    async sweep() {
      let n = 0;
      for (const p of providers.filter(isSweeper)) {
        try {
          n += await p.sweep();
        } catch (err) {
          failed(p.name, 'sweep', err);
        }
      }
      return n;
    },
    setAnnouncer(fn) {
      announcer = fn;
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      await this.flush();
      await Promise.all(providers.map((p) => p.close?.()));
    },
  };
}
