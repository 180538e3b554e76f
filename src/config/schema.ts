/**
 * Every setting tilery runs with, once: its YAML key (the nesting below), type, default, bounds,
 * environment variable and meaning. `TileryConfig`, `DEFAULTS`, `ENV_KEYS` and the checks of
 * `loadConfig` (defaults → YAML → environment → flags) are all made from this table; the README's
 * Configuration table and tilery.example.yaml are checked against it by test/docs.test.ts.
 */
import {
  choice,
  defaultsOf,
  flag,
  list,
  listOf,
  map,
  NOT_NEGATIVE,
  number,
  optionalText,
  POSITIVE_INTEGER,
  settingsOf,
  text,
  type ConfigOf,
} from './setting.ts';

/** A bound past ten years is no bound (and past the timestamps PostgreSQL can hold). */
const MAX_UNTRACKED_AGE_S = 10 * 365 * 24 * 3600;

export interface LayerSettings {
  minzoom?: number;
  maxzoom?: number;
  /** Columns `datetime` filters on: [instant] or [start, end]. */
  datetime_columns?: string[];
}

export interface PmtilesArchive {
  path: string;
  minzoom?: number;
  maxzoom?: number;
}

export const SETTINGS = {
  database_url: optionalText({ env: 'DATABASE_URL', secret: 'password', doc: 'PostgreSQL + PostGIS connection URL; null: the embedded engine (PGlite with PostGIS).' }),
  host: text('127.0.0.1', { env: 'TILERY_HOST', doc: 'Listen address.' }),
  port: number(8000, {
    env: 'TILERY_PORT',
    rules: [{ integer: true, min: 0, max: 65535, says: 'must be an integer from 0 (any free port) to 65535' }],
    doc: 'Listen port.',
  }),
  public_url: optionalText({ env: 'TILERY_PUBLIC_URL', doc: 'Base URL of links (e.g. `https://tiles.example.com`); null: from the request.' }),
  admin_token: optionalText({ env: 'TILERY_ADMIN_TOKEN', secret: 'value', doc: 'Bearer token of the write routes; null: they answer 403.' }),
  cors_origins: list(['*'], { env: 'TILERY_CORS_ORIGINS', emptyEnvIsNone: true, doc: 'Origins allowed to read from browsers (CORS); `*` any; empty: no CORS headers.' }),
  log_level: choice(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info', { env: 'TILERY_LOG_LEVEL', doc: 'Level of the logs.' }),
  workers: number(1, {
    env: 'TILERY_WORKERS',
    rules: [{ integer: true, min: 0, says: 'must be a whole number of processes (0: one per CPU core)' }],
    doc: 'Processes of `tilery serve` sharing the port (node:cluster); 0: one per CPU core. Above 1 needs `database_url`.',
  }),
  database: {
    statement_timeout_ms: number(30000, { env: 'TILERY_STATEMENT_TIMEOUT_MS', rules: [POSITIVE_INTEGER], doc: 'Time limit of every query (504 past it).' }),
    pool_size: number(10, { env: 'TILERY_POOL_SIZE', rules: [POSITIVE_INTEGER], doc: 'Connections in the pool.' }),
    connect_timeout_ms: number(5000, { rules: [POSITIVE_INTEGER], doc: 'Time to wait for a connection (503 past it).' }),
  },
  /** The embedded database, used when there is no `database_url`. */
  embedded: {
    data_dir: optionalText({ default: '.tilery/pgdata', env: 'TILERY_DATA_DIR', doc: 'Directory of its files, kept between starts; null: in memory, gone at exit.' }),
    demo_data: flag(true, { env: 'TILERY_DEMO_DATA', doc: 'Load the demo dataset (countries, their points, borders and coasts) when it is absent.' }),
  },
  catalog: {
    include_schemas: list([], { env: 'TILERY_INCLUDE_SCHEMAS', doc: 'Schemas to publish; empty: every schema the role can use.' }),
    exclude_schemas: list([], { env: 'TILERY_EXCLUDE_SCHEMAS', doc: "Schemas never published (tilery's own schema and the system schemas never are)." }),
    refresh_interval_s: number(60, { env: 'TILERY_CATALOG_REFRESH_S', rules: [NOT_NEGATIVE], doc: 'Seconds between two catalog refreshes; 0: only at start and on an admin request.' }),
    // their bounds are checked together (RELATIONS)
    default_minzoom: number(0, { doc: 'Lowest zoom of every layer.' }),
    default_maxzoom: number(22, { doc: 'Highest zoom of every layer.' }),
    layers: map<LayerSettings>(checkLayers, { doc: 'Per-collection settings by collection id (`schema.name`): zoom range, datetime columns.' }),
  },
  cache: {
    storage_priority: listOf(['bucket', 'pg', 'pmtiles'], ['bucket', 'pg'], {
      env: 'TILERY_CACHE_PRIORITY',
      emptyEnvIsNone: true,
      noun: 'provider',
      unique: true,
      doc: 'L2 providers in the order they are asked; only these take part. Empty: no L2.',
    }),
    memory: {
      max_entries: number(512, { rules: [POSITIVE_INTEGER], doc: 'Tiles L1 holds at most.' }),
      max_bytes: number(256 * 1024 * 1024, { rules: [POSITIVE_INTEGER], doc: 'Bytes L1 holds at most (a tile counts twice its size, for its compressed copy).' }),
      ttl_seconds: number(60, { rules: [NOT_NEGATIVE], doc: 'Lifetime of a tile in L1.' }),
      ttl_jitter_seconds: number(5, { rules: [NOT_NEGATIVE], doc: 'Random spread of that lifetime.' }),
      ttl_by_zoom: map<number>(checkZoomTable, { doc: 'Per-zoom TTL overrides, `{zoom: seconds}`: a tile uses the entry of the greatest zoom ≤ its own.' }),
    },
    bucket: {
      url: optionalText({
        env: 'TILERY_BUCKET_URL',
        rules: [{ pattern: /^(s3:\/\/[^/]+|file:\/\/\/)/, says: 'must be s3://bucket[/prefix] or file:///directory' }],
        doc: '`s3://bucket[/prefix]` or `file:///dir`; `{catalog}` in the bucket or directory name: one per catalog.',
      }),
      endpoint: optionalText({ env: 'TILERY_S3_ENDPOINT', doc: 'S3-compatible endpoint (MinIO, Google Cloud Storage…).' }),
      region: text('us-east-1', { env: 'TILERY_S3_REGION', doc: 'S3 region.' }),
      force_path_style: flag(true, { doc: 'Path-style URLs (MinIO and most S3-compatible servers).' }),
      mode: choice(['proxy', 'redirect'], 'proxy', { env: 'TILERY_BUCKET_MODE', doc: '`proxy`: tilery sends the bytes; `redirect`: 307 to a signed URL.' }),
      redirect_expires_seconds: number(300, { rules: [NOT_NEGATIVE], doc: 'Lifetime of signed URLs.' }),
    },
    l2_ttl_by_zoom: map<number>(checkZoomTable, { doc: 'Per-zoom L2 TTL overrides, `{zoom: seconds}` (bucket objects and PostGIS table rows).' }),
    pmtiles: map<PmtilesArchive>(checkPmtiles, { doc: 'Read-only PMTiles archives by collection id: `{path, minzoom?, maxzoom?}`.' }),
    untracked_max_age_seconds: number(60, {
      env: 'TILERY_UNTRACKED_MAX_AGE_S',
      rules: [NOT_NEGATIVE, { max: MAX_UNTRACKED_AGE_S, says: `must be at most ${MAX_UNTRACKED_AGE_S} (ten years)` }],
      doc:
        'Seconds a tile is served at most after its generation, in L1 and L2 together, when tilery cannot see what changes it ' +
        "(an untracked collection; an authenticated user's tile without the event triggers). 0: such tiles are not cached.",
    }),
    /** Defaults of the runtime `tiles_caching_config` (stored in the database once changed). */
    caching_config: {
      enabled: flag(true, { doc: 'false: every bucket read is a miss and saves do nothing.' }),
      key_prefix: text('tiles/collections', { doc: 'First segments of the object keys.' }),
      ttl_seconds: number(31536000, { rules: [NOT_NEGATIVE], doc: 'Object lifetime and `Cache-Control: max-age` of bucket objects.' }),
    },
  },
  freshness: {
    install_triggers: flag(false, { env: 'TILERY_INSTALL_TRIGGERS', doc: 'Install the triggers that retire cached tiles on every published table at start (needs ownership).' }),
    poll_ms: number(1000, { rules: [POSITIVE_INTEGER], doc: 'How often each instance reads the log of changes besides the notifications (ms).' }),
  },
  /** Read authentication: none configured, every read route is open. */
  auth: {
    api_keys: list([], { env: 'TILERY_API_KEYS', secret: 'value', doc: 'Read API keys (header `X-API-Key` or `api_key=`); empty: none.' }),
    jwt: {
      secret: optionalText({ env: 'TILERY_JWT_SECRET', secret: 'value', doc: 'HS256 shared secret; null: no HS256 tokens.' }),
      jwks_url: optionalText({
        env: 'TILERY_JWKS_URL',
        rules: [{ pattern: /^https?:\/\//, says: 'must be an http(s) URL' }],
        doc: 'URL of a JWKS document holding the RS256 public keys; null: no RS256 tokens.',
      }),
      role_claim: text('role', {
        env: 'TILERY_JWT_ROLE_CLAIM',
        rules: [{ pattern: /./s, says: 'must name a claim' }],
        doc: 'Claim naming the database role the request runs as (`SET LOCAL ROLE`).',
      }),
      audience: optionalText({ doc: 'Required `aud`, when set.' }),
      issuer: optionalText({ doc: 'Required `iss`, when set.' }),
    },
    private_tiles: flag(true, { doc: 'Authenticated tiles are `Cache-Control: private`; false: public like the others.' }),
  },
  rate_limit: {
    per_minute: number(0, {
      env: 'TILERY_RATE_LIMIT',
      rules: [{ integer: true, min: 0, says: 'must be a whole number of requests (0: no limit)' }],
      doc: 'Requests per minute per client (API key, token subject, else address); 0: no limit.',
    }),
  },
  limits: {
    max_url_length: number(8192, { rules: [POSITIVE_INTEGER], doc: 'Longest request URL accepted (414 beyond).' }),
    max_body_bytes: number(1024 * 1024, { rules: [POSITIVE_INTEGER], doc: 'Largest request body accepted (413 beyond).' }),
  },
  tiles: {
    enabled: flag(true, { env: 'TILERY_TILES_ENABLED', doc: 'false: tile routes answer 503, metadata routes keep working.' }),
    default_limit: number(50000, { rules: [NOT_NEGATIVE], doc: 'Features per layer when `limit` is not given.' }),
    max_limit: number(1000000, { rules: [POSITIVE_INTEGER], doc: 'Largest `limit` accepted.' }),
    default_resolution: number(4096, { rules: [POSITIVE_INTEGER], doc: 'Tile extent when `resolution` is not given.' }),
    default_buffer: number(256, { rules: [NOT_NEGATIVE], doc: 'Buffer when `buffer` is not given.' }),
    cache_control_max_age: number(60, { rules: [NOT_NEGATIVE], doc: '`Cache-Control: public, max-age=…` of tiles.' }),
    cache_control_by_zoom: map<number>(checkZoomTable, { doc: 'Per-zoom `Cache-Control` max-age overrides, `{zoom: seconds}`.' }),
  },
};

/** The settings tilery runs with, as `loadConfig` returns them (frozen). */
export type TileryConfig = ConfigOf<typeof SETTINGS>;

/** Checks that involve several settings: what is wrong, if anything. */
export const RELATIONS: ReadonlyArray<(c: TileryConfig) => string | undefined> = [
  (c) => (c.tiles.default_limit > c.tiles.max_limit ? `"tiles.default_limit" must not exceed "tiles.max_limit"` : undefined),
  ({ catalog: { default_minzoom: min, default_maxzoom: max } }) =>
    Number.isInteger(min) && Number.isInteger(max) && min >= 0 && min <= max && max <= 30
      ? undefined
      : `"catalog.default_minzoom"/"catalog.default_maxzoom" must be integers with 0 <= min <= max <= 30`,
];

export const DEFAULTS: TileryConfig = defaultsOf(SETTINGS);

/** Environment variables and the config key each one sets. */
export const ENV_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  [...settingsOf(SETTINGS)].flatMap(([path, setting]) => (setting.env ? [[setting.env, path]] : [])),
);

// ---------------------------------------------------------------------------------------------
// The mappings whose keys are the user's

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isZoom(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 30;
}

function checkZoomTable(value: unknown, name: string): string | undefined {
  if (!isPlain(value)) return `"${name}" must be a mapping of zoom levels to seconds`;
  for (const [zoom, seconds] of Object.entries(value)) {
    if (!/^\d{1,2}$/.test(zoom)) return `"${name}.${zoom}": the key must be a zoom level`;
    if (!Number.isInteger(seconds) || (seconds as number) < 0) return `"${name}.${zoom}" must be a whole number of seconds`;
  }
  return undefined;
}

/** The zoom range of one entry (`minzoom`, `maxzoom`); `others` are the other keys it may have. */
function zoomRangeProblem(entry: Record<string, unknown>, name: string, others: readonly string[]): string | undefined {
  for (const [k, v] of Object.entries(entry)) {
    if (others.includes(k)) continue;
    if (k !== 'minzoom' && k !== 'maxzoom') return `unknown setting "${name}.${k}"`;
    if (!isZoom(v)) return `"${name}.${k}" must be an integer from 0 to 30`;
  }
  return undefined;
}

function checkPmtiles(value: unknown, name: string): string | undefined {
  if (!isPlain(value)) return `"${name}" must be a mapping of collection ids to archives`;
  for (const [id, archive] of Object.entries(value)) {
    if (!isPlain(archive) || typeof archive.path !== 'string') return `"${name}.${id}" needs a path`;
    const problem = zoomRangeProblem(archive, `${name}.${id}`, ['path']);
    if (problem) return problem;
  }
  return undefined;
}

function checkLayers(value: unknown, name: string): string | undefined {
  if (!isPlain(value)) return `"${name}" must be a mapping of collection ids`;
  for (const [id, settings] of Object.entries(value)) {
    const layer = `${name}.${id}`;
    if (!isPlain(settings)) return `"${layer}" must be a mapping`;
    const columns = settings.datetime_columns;
    if (columns !== undefined && !(Array.isArray(columns) && columns.length >= 1 && columns.length <= 2 && columns.every((c) => typeof c === 'string'))) {
      return `"${layer}.datetime_columns" must be [column] or [start, end]`;
    }
    const problem = zoomRangeProblem(settings, layer, ['datetime_columns']);
    if (problem) return problem;
    if ((settings.minzoom as number) > (settings.maxzoom as number)) return `"${layer}": minzoom is above maxzoom`;
  }
  return undefined;
}
