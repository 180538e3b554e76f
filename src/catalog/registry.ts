import { TileryError } from '../errors.ts';
import type { Engine } from '../engine/index.ts';
import { discoverCollections, type DiscoverOptions } from './discover.ts';
import { discoverFunctions } from './discover-functions.ts';
import type { Collection } from './model.ts';

/** One immutable view of what is published; a refresh replaces it whole. */
export interface CatalogSnapshot {
  readonly collections: ReadonlyMap<string, Collection>;
  /** Collections by schema (the catalog routes' `dataset`). */
  readonly datasets: ReadonlyMap<string, readonly Collection[]>;
  readonly loadedAt: Date | null;
}

export interface CatalogRegistry {
  current(): CatalogSnapshot;
  /** Discover again now (one refresh at a time: concurrent callers share it). */
  refresh(): Promise<CatalogSnapshot>;
  /**
   * The snapshot to answer a request with. If no discovery has succeeded yet (the database was
   * away at start), try once more now, and answer 503 if the database is still away.
   */
  ready(): Promise<CatalogSnapshot>;
  start(): void;
  stop(): void;
}

export interface RegistryOptions extends DiscoverOptions {
  refreshIntervalS: number;
}

const EMPTY: CatalogSnapshot = Object.freeze({ collections: new Map(), datasets: new Map(), loadedAt: null });

export function createCatalogRegistry(engine: Engine, options: RegistryOptions): CatalogRegistry {
  let snapshot = EMPTY;
  let inFlight: Promise<CatalogSnapshot> | null = null;
  let timer: NodeJS.Timeout | null = null;

  function refresh(): Promise<CatalogSnapshot> {
    // tables first: a function of the same `schema.name` as a table is not published
    inFlight ??= Promise.all([discoverCollections(engine, options), discoverFunctions(engine, options)])
      .then(([tables, functions]) => [...tables, ...functions])
      .then((list) => {
        snapshot = toSnapshot(list, options.logger);
        options.logger?.debug({ collections: list.length }, 'catalog refreshed');
        return snapshot;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  return {
    current: () => snapshot,
    refresh,
    async ready() {
      if (snapshot.loadedAt) return snapshot;
      try {
        return await refresh();
      } catch (err) {
        if (err instanceof TileryError) throw err;
        throw new TileryError('database_unavailable', { reason: (err as Error).message });
      }
    },
    start() {
      if (timer || options.refreshIntervalS <= 0) return;
      timer = setInterval(() => {
        refresh().catch((err) => options.logger?.warn({ err: (err as Error).message }, 'catalog refresh failed'));
      }, options.refreshIntervalS * 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

function toSnapshot(list: Collection[], logger?: RegistryOptions['logger']): CatalogSnapshot {
  const collections = new Map<string, Collection>();
  const datasets = new Map<string, Collection[]>();
  for (const c of list) {
    // `schema.name` is ambiguous when names hold dots ("a.b"."c" and "a"."b.c"): the first
    // in the catalog's order is published, the other is reported.
    if (collections.has(c.id)) {
      logger?.warn({ collection: c.id, schema: c.schema, name: c.name }, 'another relation has the same id; not published');
      continue;
    }
    collections.set(c.id, c);
    const group = datasets.get(c.schema) ?? [];
    group.push(c);
    datasets.set(c.schema, group);
  }
  return Object.freeze({ collections, datasets, loadedAt: new Date() });
}
