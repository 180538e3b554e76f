import { LRUCache } from 'lru-cache';
import type { CacheKey } from './provider.ts';
import { retires, type Retirement } from './retirement.ts';

/** A tile in the in-process cache, with the encodings computed for it so far. */
export interface MemoryTile {
  readonly key: CacheKey;
  readonly bytes: Buffer;
  readonly etag: string;
  /** When its generation started (ms since the epoch): a tile read from L2 keeps the time it was generated. */
  readonly generatedAt: number;
  /** The database snapshot it was generated from, when known (a tile read from L2 has none). */
  readonly epoch?: string;
  /** Content-Encoding → encoded bytes, each computed once (see http/reply.ts). */
  readonly encodings: Map<string, Buffer>;
}

export interface MemoryCacheOptions {
  maxEntries: number;
  maxBytes: number;
  ttlSeconds: number;
  jitterSeconds: number;
  /** `{zoom: seconds}`: a tile uses the entry of the greatest zoom ≤ its own. */
  ttlByZoom: Readonly<Record<string, number>>;
  random?: () => number;
}

export interface MemoryCache {
  get(id: string): MemoryTile | undefined;
  set(tile: MemoryTile): void;
  delete(id: string): void;
  /** Drop the tiles `r` retires; resolves to how many. */
  retire(r: Retirement): number;
  /** The tiles held now. */
  tiles(): IterableIterator<MemoryTile>;
  readonly size: number;
  clear(): void;
}

/** The value of the greatest zoom key ≤ z in a `{zoom: value}` table, else `fallback`. */
export function byZoom(table: Readonly<Record<string, number>>, z: number, fallback: number): number {
  let best = -1;
  let value = fallback;
  for (const [key, v] of Object.entries(table)) {
    const zoom = Number(key);
    if (zoom <= z && zoom > best) [best, value] = [zoom, v];
  }
  return value;
}

/**
 * L1: an LRU bounded by entries and by bytes, each tile kept for its zoom's TTL ± jitter (so
 * tiles cached together do not all expire together). A tile is counted at twice its size, to
 * leave room for the compressed copy the reply adds.
 */
export function createMemoryCache(o: MemoryCacheOptions): MemoryCache {
  const random = o.random ?? Math.random;
  const lru = new LRUCache<string, MemoryTile>({
    max: o.maxEntries,
    maxSize: o.maxBytes,
    sizeCalculation: (t) => Math.max(1, 2 * t.bytes.length + 64),
  });
  return {
    get: (id) => lru.get(id),
    set(tile) {
      const base = byZoom(o.ttlByZoom, tile.key.z, o.ttlSeconds);
      if (base <= 0) return;
      const jitter = (random() * 2 - 1) * o.jitterSeconds;
      lru.set(tile.key.id, tile, { ttl: Math.max(1, (base + jitter) * 1000) });
    },
    delete: (id) => void lru.delete(id),
    retire(r) {
      let n = 0;
      for (const [id, tile] of lru.entries()) {
        if (retires(r, tile.key, tile.generatedAt, tile.epoch)) {
          lru.delete(id);
          n++;
        }
      }
      return n;
    },
    tiles: () => lru.values(),
    get size() {
      return lru.size;
    },
    clear: () => lru.clear(),
  };
}
