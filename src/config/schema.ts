/**
 * The settings tilery runs with. Every setting has a YAML key (snake_case, the names below);
 * `loadConfig` builds one frozen object from defaults → YAML → environment → flags.
 */
export interface TileryConfig {
  /** PostgreSQL connection URL; absent: the embedded engine (PGlite with PostGIS). */
  database_url: string | null;
  host: string;
  port: number;
  /** Public base URL used in links (e.g. `https://tiles.example.com`); absent: from the request. */
  public_url: string | null;
  admin_token: string | null;
  /** Origins allowed to read from browsers (CORS); `*` any; empty: no CORS headers. */
  cors_origins: string[];
  log_level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Processes of `tilery serve` sharing the port (node:cluster); 0: one per CPU core. Above 1 needs `database_url`. */
  workers: number;
  database: {
    statement_timeout_ms: number;
    pool_size: number;
    connect_timeout_ms: number;
  };
  /** The embedded database, used when there is no `database_url`. */
  embedded: {
    /** Directory of its files (kept between starts); null: in memory, gone at exit. */
    data_dir: string | null;
    /** Load the demo dataset (countries, their points, borders and coasts) when it is absent. */
    demo_data: boolean;
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
  cache: {
    /** L2 providers in the order they are asked; only these take part. Empty: no L2. */
    storage_priority: Array<'bucket' | 'pg' | 'pmtiles'>;
    memory: {
      max_entries: number;
      max_bytes: number;
      ttl_seconds: number;
      ttl_jitter_seconds: number;
      /** Per-zoom TTL overrides, `{zoom: seconds}`: a tile uses the entry of the greatest zoom ≤ its own. */
      ttl_by_zoom: Record<string, number>;
    };
    bucket: {
      /** `s3://bucket[/prefix]` or `file:///dir`; `{catalog}` in the bucket or directory name: one per catalog. */
      url: string | null;
      endpoint: string | null;
      region: string;
      force_path_style: boolean;
      mode: 'proxy' | 'redirect';
      redirect_expires_seconds: number;
    };
    /** Per-zoom L2 TTL overrides, `{zoom: seconds}` (bucket objects and PostGIS table rows). */
    l2_ttl_by_zoom: Record<string, number>;
    /** Read-only PMTiles archives by collection id: `{path, minzoom?, maxzoom?}`. */
    pmtiles: Record<string, { path: string; minzoom?: number; maxzoom?: number }>;
    /** Defaults of the runtime `tiles_caching_config` (stored in the database once changed). */
    caching_config: { enabled: boolean; key_prefix: string; ttl_seconds: number };
    /**
     * Seconds a tile is served at most after its generation, in L1 and L2 together, when tilery
     * cannot see what changes it (an untracked collection; an authenticated user's tile without
     * the event triggers). 0: such tiles are not cached.
     */
    untracked_max_age_seconds: number;
  };
  freshness: {
    /** Install the triggers that retire cached tiles on every published table at start (needs ownership). */
    install_triggers: boolean;
    /** How often each instance reads the log of changes besides the notifications (ms). */
    poll_ms: number;
  };
  /** Read authentication (SPEC §10): none configured, every read route is open. */
  auth: {
    /** Read API keys (header `X-API-Key` or `api_key=`); empty: none. */
    api_keys: string[];
    jwt: {
      /** HS256 shared secret; null: no HS256 tokens. */
      secret: string | null;
      /** URL of a JWKS document holding the RS256 public keys; null: no RS256 tokens. */
      jwks_url: string | null;
      /** Claim naming the database role the request runs as (`SET LOCAL ROLE`). */
      role_claim: string;
      /** Required `aud`, when set. */
      audience: string | null;
      /** Required `iss`, when set. */
      issuer: string | null;
    };
    /** Authenticated tiles are `Cache-Control: private`; false: public like the others. */
    private_tiles: boolean;
  };
  /** Requests per minute per client (API key, token subject, else address); 0: no limit. */
  rate_limit: { per_minute: number };
  limits: {
    /** Longest request URL accepted (414 beyond). */
    max_url_length: number;
    /** Largest request body accepted (413 beyond). */
    max_body_bytes: number;
  };
  tiles: {
    enabled: boolean;
    default_limit: number;
    max_limit: number;
    default_resolution: number;
    default_buffer: number;
    cache_control_max_age: number;
    /** Per-zoom `Cache-Control` max-age overrides, `{zoom: seconds}`. */
    cache_control_by_zoom: Record<string, number>;
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
  workers: 1,
  database: {
    statement_timeout_ms: 30000,
    pool_size: 10,
    connect_timeout_ms: 5000,
  },
  embedded: {
    data_dir: '.tilery/pgdata',
    demo_data: true,
  },
  catalog: {
    include_schemas: [],
    exclude_schemas: [],
    refresh_interval_s: 60,
    default_minzoom: 0,
    default_maxzoom: 22,
    layers: {},
  },
  cache: {
    storage_priority: ['bucket', 'pg'],
    memory: { max_entries: 512, max_bytes: 256 * 1024 * 1024, ttl_seconds: 60, ttl_jitter_seconds: 5, ttl_by_zoom: {} },
    bucket: { url: null, endpoint: null, region: 'us-east-1', force_path_style: true, mode: 'proxy', redirect_expires_seconds: 300 },
    l2_ttl_by_zoom: {},
    pmtiles: {},
    untracked_max_age_seconds: 60,
    caching_config: { enabled: true, key_prefix: 'tiles/collections', ttl_seconds: 31536000 },
  },
  freshness: { install_triggers: false, poll_ms: 1000 },
  auth: {
    api_keys: [],
    jwt: { secret: null, jwks_url: null, role_claim: 'role', audience: null, issuer: null },
    private_tiles: true,
  },
  rate_limit: { per_minute: 0 },
  limits: { max_url_length: 8192, max_body_bytes: 1024 * 1024 },
  tiles: {
    enabled: true,
    default_limit: 50000,
    max_limit: 1000000,
    default_resolution: 4096,
    default_buffer: 256,
    cache_control_max_age: 60,
    cache_control_by_zoom: {},
  },
};
