/**
 * The settings tilery runs with. Every setting has a YAML key (snake_case, the names below);
 * `loadConfig` builds one frozen object from defaults → YAML → environment → flags.
 */
export interface TileryConfig {
  /** PostgreSQL connection URL; absent: the embedded engine (not available yet). */
  database_url: string | null;
  host: string;
  port: number;
  /** Public base URL used in links (e.g. `https://tiles.example.com`); absent: from the request. */
  public_url: string | null;
  admin_token: string | null;
  /** Origins allowed to read from browsers (CORS); `*` any; empty: no CORS headers. */
  cors_origins: string[];
  log_level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  database: {
    statement_timeout_ms: number;
    pool_size: number;
    connect_timeout_ms: number;
  };
  catalog: {
    /** Schemas to publish; empty: every schema the role can use. */
    include_schemas: string[];
    /** Schemas never published (tilery's own schema and the system schemas always are). */
    exclude_schemas: string[];
    /** Seconds between two catalog refreshes; 0: only at start and on an admin request. */
    refresh_interval_s: number;
    default_minzoom: number;
    default_maxzoom: number;
    /** Per-collection settings by collection id (`schema.name`): zoom range, datetime columns. */
    layers: Record<string, LayerSettings>;
  };
  tiles: {
    enabled: boolean;
    default_limit: number;
    max_limit: number;
    default_resolution: number;
    default_buffer: number;
    cache_control_max_age: number;
  };
}

export interface LayerSettings {
  minzoom?: number;
  maxzoom?: number;
  /** Columns `datetime` filters on: [instant] or [start, end]. */
  datetime_columns?: string[];
}

export const DEFAULTS: TileryConfig = {
  database_url: null,
  host: '127.0.0.1',
  port: 8000,
  public_url: null,
  admin_token: null,
  cors_origins: ['*'],
  log_level: 'info',
  database: {
    statement_timeout_ms: 30000,
    pool_size: 10,
    connect_timeout_ms: 5000,
  },
  catalog: {
    include_schemas: [],
    exclude_schemas: [],
    refresh_interval_s: 60,
    default_minzoom: 0,
    default_maxzoom: 22,
    layers: {},
  },
  tiles: {
    enabled: true,
    default_limit: 50000,
    max_limit: 1000000,
    default_resolution: 4096,
    default_buffer: 256,
    cache_control_max_age: 60,
  },
};
