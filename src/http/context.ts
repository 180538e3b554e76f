import type { CachingSettings } from '../cache/index.ts';
import type { CatalogRegistry } from '../catalog/index.ts';
import type { TileryConfig } from '../config/index.ts';
import type { Engine } from '../engine/index.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { TilePipeline } from '../tiles/index.ts';
import type { TmsRegistry } from '../tms/index.ts';

/** What the routes are built from; `buildApp` receives it whole, nothing is global. */
export interface AppContext {
  readonly config: TileryConfig;
  readonly engine: Engine;
  readonly catalog: CatalogRegistry;
  readonly tms: TmsRegistry;
  readonly pipeline: TilePipeline;
  readonly cachingSettings: CachingSettings;
  /** Counters and histograms of `/metrics`. */
  readonly metrics: Metrics;
}
