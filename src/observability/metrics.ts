import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../engine/index.ts';

/** Where an invalidation came from: a logged change, another instance's notification, or this instance (a route, `refresh_cache`). */
export type InvalidationOrigin = 'change' | 'local';

/**
 * The Prometheus metrics of one tilery instance. Each instance has a registry of its
 * own, so that several in one process (tests) do not mix their counts; the process metrics
 * (CPU, memory, event loop, GC) describe the process and are kept once per process.
 */
export interface Metrics {
  /** This instance's registry and the process one: what a `--workers` primary sums over the workers. */
  readonly registries: readonly Registry[];
  /** `Content-Type` of `scrape()`. */
  readonly contentType: string;
  /** One HTTP request: its route pattern (never the raw URL), method, status and duration. */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** One tile answered: hit or miss, and its source (`X-Tile-Source`). */
  countTile(cache: 'hit' | 'miss', source: string): void;
  /** Time PostGIS spent generating one tile. */
  observeGeneration(seconds: number): void;
  /** One invalidation applied, and how many L1 tiles it retired. */
  countInvalidation(origin: InvalidationOrigin, retired: number): void;
  /** A cache provider failed (the request went on without it). */
  countCacheError(provider: string): void;
  /** Read the pool's connections at each scrape. */
  trackPool(stats: () => PoolStats): void;
  /** The text `/metrics` answers (the Prometheus text format). */
  scrape(): Promise<string>;
}

export interface MetricsOptions {
  /**
   * What `scrape()` answers instead of this process's metrics: a `--workers` worker asks the
   * primary for the sum over every worker.
   */
  scrape?: () => Promise<string>;
}

const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Every `X-Tile-Source` with the `X-Tile-Cache` it goes with: each series exists from the start, at 0. */
const TILE_SERIES: ReadonlyArray<['hit' | 'miss', string]> = [
  ['hit', 'memory'],
  ['hit', 'pg_table'],
  ['hit', 'bucket_proxy'],
  ['hit', 'bucket_redirect'],
  ['hit', 'pmtiles_archive'],
  ['miss', 'postgis'],
];
const ORIGINS: readonly InvalidationOrigin[] = ['change', 'local'];

let processRegistry: Registry | null = null;

/** The process metrics (prom-client's defaults), registered once per process, on first use. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registries = [registry];
  const requests = new Counter({
    name: 'tilery_http_requests_total',
    help: 'HTTP requests answered, by route pattern (unmatched: no route), method and status.',
    labelNames: ['route', 'method', 'status'],
    registers: registries,
  });
  const duration = new Histogram({
    name: 'tilery_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern.',
    labelNames: ['route'],
    buckets: SECONDS_BUCKETS,
    registers: registries,
  });
  const tiles = new Counter({
    name: 'tilery_tile_requests_total',
    help: 'Tiles answered, by cache (hit, miss) and source (as X-Tile-Cache and X-Tile-Source).',
    labelNames: ['cache', 'source'],
    registers: registries,
  });
  const generation = new Histogram({
    name: 'tilery_tile_generation_seconds',
    help: 'Time spent generating tiles in PostGIS (cache misses, disable_cache and refresh_cache requests).',
    buckets: SECONDS_BUCKETS,
    registers: registries,
  });
  const invalidations = new Counter({
    name: 'tilery_invalidations_total',
    help: 'Retirements applied: read from the retirement log (change: data changes, other instances\' retirements), and this instance\'s own (local).',
    labelNames: ['origin'],
    registers: registries,
  });
  const retired = new Counter({
    name: 'tilery_memory_tiles_retired_total',
    help: 'Tiles dropped from the in-process cache (L1) by invalidations.',
    registers: registries,
  });
  const cacheErrors = new Counter({
    name: 'tilery_cache_errors_total',
    help: 'Failures of a cache provider (the request went on without it), by provider.',
    labelNames: ['provider'],
    registers: registries,
  });
  let pool: (() => PoolStats) | null = null;
  new Gauge({
    name: 'tilery_db_pool_connections',
    help: 'Database connections of the pool at the scrape: total (open), idle, waiting (statements waiting for a connection).',
    labelNames: ['state'],
    registers: registries,
    collect() {
      if (!pool) return;
      const s = pool();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  for (const [cache, source] of TILE_SERIES) tiles.inc({ cache, source }, 0);
  for (const origin of ORIGINS) invalidations.inc({ origin }, 0);

  const both = [registry, processMetrics()];
  // The series of each route/method/status and cache/source, looked up once: counting a request
  // is then a map lookup and two additions, not a hash of its labels.
  const requestSeries = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();
  const tileSeries = new Map<string, { inc(): void }>();
  return {
    registries: both,
    contentType: registry.contentType,
    observeRequest(route, method, status, seconds) {
      const id = `${method} ${status} ${route}`;
      let series = requestSeries.get(id);
      if (!series) requestSeries.set(id, (series = { count: requests.labels({ route, method, status: String(status) }), time: duration.labels({ route }) }));
      series.count.inc();
      series.time.observe(seconds);
    },
    countTile(cache, source) {
      const id = `${cache} ${source}`;
      let series = tileSeries.get(id);
      if (!series) tileSeries.set(id, (series = tiles.labels({ cache, source })));
      series.inc();
    },
    observeGeneration: (seconds) => generation.observe(seconds),
    countInvalidation(origin, n) {
      invalidations.inc({ origin });
      if (n > 0) retired.inc(n);
    },
    countCacheError: (provider) => cacheErrors.inc({ provider }),
    trackPool(stats) {
      pool = stats;
    },
    scrape: options.scrape ?? (() => Registry.merge(both).metrics()),
  };
}
