import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildTieredCache, createCachingSettings, createRetirementLog, type TieredCache } from './cache/index.ts';
import { createCatalogRegistry, type CatalogRegistry, type CatalogSnapshot } from './catalog/index.ts';
import type { TileryConfig } from './config/index.ts';
import { loadDemoData } from './demo/index.ts';
import { createPgEngine, createPgliteEngine, type Engine } from './engine/index.ts';
import { followSchemaChanges, installTriggers, retireWhatChanged, startAgeRetirement, startChangeWatcher, type ChangeWatcher } from './freshness/index.ts';
import { buildApp } from './http/index.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createTilePipeline, tileDefaults, type TilePipeline } from './tiles/index.ts';
import { createTmsRegistry, type TmsRegistry } from './tms/index.ts';

export interface Tilery {
  readonly app: FastifyInstance;
  readonly engine: Engine;
  readonly catalog: CatalogRegistry;
  readonly cache: TieredCache;
  /** The one tile pipeline the routes use (and `tilery seed` / `export`). */
  readonly pipeline: TilePipeline;
  readonly tms: TmsRegistry;
  readonly watcher: ChangeWatcher;
  readonly logger: Logger;
  /** The Prometheus metrics of this instance (`GET /metrics`). */
  readonly metrics: Metrics;
  /** Listen on the configured host and port; resolves to the address. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TileryDeps {
  logger?: Logger;
  engine?: Engine;
  /** The metrics to count into (a `--workers` worker's answer the sum over the workers); absent: this instance's own. */
  metrics?: Metrics;
}

/**
 * Wire tilery from one configuration. The catalog is read once before this resolves when the
 * database answers; when it does not, tilery still starts and answers 503 until it does.
 */
export async function createTilery(config: TileryConfig, deps: TileryDeps = {}): Promise<Tilery> {
  const logger = deps.logger ?? createLogger(config.log_level);
  // Without a database URL tilery runs on its embedded database, which is all its own.
  const embedded = !config.database_url && !deps.engine;
  const engine =
    deps.engine ??
    (config.database_url
      ? createPgEngine({
          url: config.database_url,
          statementTimeoutMs: config.database.statement_timeout_ms,
          poolSize: config.database.pool_size,
          connectTimeoutMs: config.database.connect_timeout_ms,
          logger,
        })
      : await openEmbedded(config, logger));
  const metrics = deps.metrics ?? createMetrics();
  metrics.trackPool(() => engine.stats());
  const publishing = { includeSchemas: config.catalog.include_schemas, excludeSchemas: config.catalog.exclude_schemas };
  const retirementLog = createRetirementLog(engine, logger);
  const catalog = createCatalogRegistry(engine, {
    ...publishing,
    defaultMinzoom: config.catalog.default_minzoom,
    defaultMaxzoom: config.catalog.default_maxzoom,
    layerZooms: config.catalog.layers,
    refreshIntervalS: config.catalog.refresh_interval_s,
    logger,
    // a collection changed otherwise than in its rows (schema, grants, policies, tracking) or gone: its tiles are retired
    afterRefresh: retireWhatChanged(engine, retirementLog, { ...publishing, logger }),
  });
  // The embedded database is tilery's own: the triggers are installed before the catalog is first read.
  if (config.freshness.install_triggers || embedded) {
    try {
      const report = await installTriggers(engine, await catalog.discover());
      logger.info(report, 'freshness triggers installed');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'cannot install the freshness triggers');
    }
  }
  try {
    const snapshot = await catalog.refresh();
    logger.info({ collections: snapshot.collections.size }, 'catalog loaded');
    logFreshness(logger, snapshot, config.cache.untracked_max_age_seconds);
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'catalog not loaded yet: the database cannot be reached; retrying on requests');
  }
  catalog.start();
  const cachingSettings = createCachingSettings(engine, config.cache.caching_config);
  await cachingSettings.reload().catch((err) => logger.warn({ err: (err as Error).message }, 'caching config not read yet'));
  const cache = buildTieredCache(config, engine, cachingSettings, logger, {
    onProviderError: (provider) => metrics.countCacheError(provider),
    onInvalidated: (retired) => metrics.countInvalidation('local', retired),
  });
  const watcher = await startChangeWatcher(engine, cache.memory, {
    pollMs: config.freshness.poll_ms,
    logger,
    // the objects retired from the bucket's index are deleted from the bucket
    onChanges: () => void cache.sweep(),
    onApplied: (retired) => metrics.countInvalidation('change', retired),
    // no event trigger sees a role dropped or a membership changed: the catalog compares them
    onRolesChanged: () => void catalog.refresh().catch(() => {}),
  });
  const schemaListener = await followSchemaChanges(engine, () => catalog.refresh(), logger);
  const ageRetirement = startAgeRetirement(retirementLog, catalog, config.cache.untracked_max_age_seconds, logger);
  const pipeline = createTilePipeline({
    engine,
    defaults: tileDefaults(config),
    cache,
    watcher,
    catalog,
    untrackedMaxAgeMs: config.cache.untracked_max_age_seconds * 1000,
    onGenerated: (s) => metrics.observeGeneration(s),
  });
  const tms = createTmsRegistry(engine);
  const app = buildApp({ config, engine, catalog, tms, pipeline, cachingSettings, metrics }, logger);

  return {
    app,
    engine,
    catalog,
    cache,
    pipeline,
    tms,
    watcher,
    logger,
    metrics,
    listen: () => app.listen({ host: config.host, port: config.port }),
    async close() {
      catalog.stop();
      cachingSettings.stop();
      ageRetirement.stop();
      await app.close();
      await cache.close();
      await watcher.close();
      await schemaListener.close();
      await engine.close();
    },
  };
}

/**
 * Say at start which published relations tilery sees the changes of (tracked) and which it does
 * not, with the bound that applies to those and how to track them.
 */
function logFreshness(logger: Logger, snapshot: CatalogSnapshot, maxAgeS: number): void {
  const all = [...snapshot.collections.values()];
  const tracked = all.filter((c) => c.tracked).map((c) => c.id);
  const untracked = all.filter((c) => !c.tracked).map((c) => c.id);
  logger.info({ tracked }, `freshness: ${tracked.length} tracked collection(s): their tiles are retired when their rows change`);
  if (untracked.length > 0) {
    const tables = all.filter((c) => !c.tracked && c.kind === 'table').map((c) => c.id);
    logger.warn(
      { untracked, max_age_s: maxAgeS },
      `freshness: ${untracked.length} untracked collection(s): their tiles are served at most ${maxAgeS} s after they were made` +
        (tables.length > 0 ? `; to track the tables among them, run "tilery install-triggers" as their owner` : ''),
    );
  }
  if (!snapshot.authorizationTracked) {
    logger.info(
      `freshness: no event triggers: tiles of authenticated users are served at most ${maxAgeS} s; run "tilery install-triggers" as a superuser so that grant, policy and schema changes retire them at once`,
    );
  }
}

/** The embedded database (PGlite with PostGIS), with the demo dataset when it is wanted and absent. */
async function openEmbedded(config: TileryConfig, logger: Logger): Promise<Engine> {
  const progress = (message: string) => logger.info(message);
  const engine = await createPgliteEngine({ dataDir: config.embedded.data_dir ?? undefined, progress });
  try {
    if (config.embedded.demo_data) await loadDemoData(engine.query, progress);
    return engine;
  } catch (err) {
    await engine.close();
    throw err;
  }
}

export { loadConfig, printConfig, type TileryConfig } from './config/index.ts';
export { TileryError, ERRORS, type ErrorCode } from './errors.ts';
