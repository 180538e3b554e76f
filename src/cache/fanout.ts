import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Engine, Listener } from '../engine/index.ts';
import type { MemoryCache } from './memory.ts';

export const CACHE_CHANNEL = 'tilery_cache';

/** What one instance tells the others to forget from their L1 (the shared stores are done already). */
export type Forget =
  | { readonly tile: string }
  | { readonly catalog: string; readonly collections: readonly string[] | null };

export interface Fanout {
  /** Tell every other instance; resolves once PostgreSQL has taken the notification. */
  announce(message: Forget): Promise<void>;
  close(): Promise<void>;
}

/** Drop from an L1 what a message names. */
export function forgetInMemory(memory: MemoryCache, m: Forget): number {
  if ('tile' in m) {
    const had = memory.get(m.tile) !== undefined;
    memory.delete(m.tile);
    return had ? 1 : 0;
  }
  const wanted = m.collections === null ? null : new Set(m.collections);
  return memory.deleteWhere((k) => (wanted === null ? k.catalogs.includes(m.catalog) : k.collections.some((c) => wanted.has(c))));
}

/**
 * L1 invalidation across instances over PostgreSQL LISTEN/NOTIFY: every instance listens, and
 * applies what the others announce (`onForgotten` is told how many L1 tiles each retired). When
 * the listening connection was lost, anything announced meanwhile may be lost too, so the whole
 * L1 is dropped (it is only a cache).
 */
export async function startFanout(engine: Engine, memory: MemoryCache, logger?: Logger, onForgotten?: (retired: number) => void): Promise<Fanout> {
  const origin = randomUUID();
  const listener: Listener = await engine.listen(
    CACHE_CHANNEL,
    (payload) => {
      try {
        const { origin: from, ...message } = JSON.parse(payload) as Forget & { origin: string };
        if (from !== origin) {
          const retired = forgetInMemory(memory, message as Forget);
          onForgotten?.(retired);
        }
      } catch (err) {
        logger?.warn({ err: (err as Error).message }, 'unreadable cache notification');
      }
    },
    () => memory.clear(),
  );
  return {
    async announce(message) {
      await engine.notify(CACHE_CHANNEL, JSON.stringify({ origin, ...message }));
    },
    close: () => listener.close(),
  };
}
