import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DEFAULTS, type TileryConfig } from './schema.ts';

type Plain = Record<string, unknown>;
export type PartialConfig = { [K in keyof TileryConfig]?: TileryConfig[K] extends object ? Partial<TileryConfig[K]> : TileryConfig[K] | null };

export interface ConfigSources {
  /** YAML file path; absent: `TILERY_CONFIG` from `env`, else none. */
  file?: string | null;
  env?: Record<string, string | undefined>;
  /** Command-line flags, already shaped as config keys. */
  flags?: PartialConfig;
}

/** Environment variables and the config key each one sets. */
export const ENV_KEYS: Record<string, string> = {
  DATABASE_URL: 'database_url',
  TILERY_HOST: 'host',
  TILERY_PORT: 'port',
  TILERY_PUBLIC_URL: 'public_url',
  TILERY_ADMIN_TOKEN: 'admin_token',
  TILERY_CORS_ORIGINS: 'cors_origins',
  TILERY_LOG_LEVEL: 'log_level',
  TILERY_WORKERS: 'workers',
  TILERY_STATEMENT_TIMEOUT_MS: 'database.statement_timeout_ms',
  TILERY_POOL_SIZE: 'database.pool_size',
  TILERY_DATA_DIR: 'embedded.data_dir',
  TILERY_DEMO_DATA: 'embedded.demo_data',
  TILERY_INCLUDE_SCHEMAS: 'catalog.include_schemas',
  TILERY_EXCLUDE_SCHEMAS: 'catalog.exclude_schemas',
  TILERY_CATALOG_REFRESH_S: 'catalog.refresh_interval_s',
  TILERY_TILES_ENABLED: 'tiles.enabled',
  TILERY_CACHE_PRIORITY: 'cache.storage_priority',
  TILERY_INSTALL_TRIGGERS: 'freshness.install_triggers',
  TILERY_UNTRACKED_MAX_AGE_S: 'cache.untracked_max_age_seconds',
  TILERY_BUCKET_URL: 'cache.bucket.url',
  TILERY_BUCKET_MODE: 'cache.bucket.mode',
  TILERY_S3_ENDPOINT: 'cache.bucket.endpoint',
  TILERY_S3_REGION: 'cache.bucket.region',
  TILERY_API_KEYS: 'auth.api_keys',
  TILERY_JWT_SECRET: 'auth.jwt.secret',
  TILERY_JWKS_URL: 'auth.jwt.jwks_url',
  TILERY_JWT_ROLE_CLAIM: 'auth.jwt.role_claim',
  TILERY_RATE_LIMIT: 'rate_limit.per_minute',
};

/** Variables whose empty value means something (an empty list), rather than "not set". */
const EMPTY_MEANS_NONE = new Set(['TILERY_CACHE_PRIORITY', 'TILERY_CORS_ORIGINS']);

export class ConfigError extends Error {}

const MAX_UNTRACKED_AGE_S = 10 * 365 * 24 * 3600;

/** defaults → YAML file → environment → flags; validated against the defaults' shapes; frozen. */
export function loadConfig(sources: ConfigSources = {}): TileryConfig {
  const env = sources.env ?? {};
  const file = sources.file ?? env.TILERY_CONFIG ?? null;
  let merged: Plain = structuredClone(DEFAULTS) as unknown as Plain;
  if (file) merged = mergeChecked(merged, readYaml(file), file);
  merged = mergeChecked(merged, fromEnv(env), 'environment');
  merged = mergeChecked(merged, (sources.flags ?? {}) as Plain, 'flags');
  validate(merged as unknown as TileryConfig);
  return deepFreeze(merged) as unknown as TileryConfig;
}

export function printConfig(config: TileryConfig): string {
  const shown = structuredClone(config) as TileryConfig;
  if (shown.admin_token) shown.admin_token = '***';
  shown.auth.api_keys = shown.auth.api_keys.map(() => '***');
  if (shown.auth.jwt.secret) shown.auth.jwt.secret = '***';
  if (shown.database_url) shown.database_url = maskUrlPassword(shown.database_url);
  return stringifyYaml(shown);
}

function maskUrlPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return '***';
  }
}

function readYaml(path: string): Plain {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  const doc = parseYaml(text) ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`${path}: the top level must be a mapping`);
  return doc as Plain;
}

function fromEnv(env: Record<string, string | undefined>): Plain {
  const out: Plain = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || (raw === '' && !EMPTY_MEANS_NONE.has(name))) continue;
    const path = key.split('.');
    const template = path.reduce<unknown>((node, part) => (node as Plain)[part], DEFAULTS);
    let value: unknown = raw;
    if (Array.isArray(template)) value = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (typeof template === 'number') value = parseNumber(raw, `${name} (${key})`);
    else if (typeof template === 'boolean') value = parseBoolean(raw, `${name} (${key})`);
    setPath(out, path, value);
  }
  return out;
}

function parseNumber(raw: string, name: string): number {
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(raw)) throw new ConfigError(`${name}: expected a number, got "${raw}"`);
  return Number(raw);
}

function parseBoolean(raw: string, name: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name}: expected true or false, got "${raw}"`);
}

function getPath(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (isPlain(node) ? node[part] : undefined), root);
}

function setPath(target: Plain, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Plain;
  node[path[path.length - 1]] = value;
}

/** Merge `over` into `base`; keys unknown to the defaults and values of the wrong type are errors. */
function mergeChecked(base: Plain, over: Plain, source: string, prefix = ''): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const name = prefix + key;
    if (!Object.hasOwn(base, key)) throw new ConfigError(`${source}: unknown setting "${name}"`);
    const current = base[key];
    const template = getPath(DEFAULTS, `${prefix}${key}`);
    const mapChecker = FREE_FORM_MAPS[name];
    if (mapChecker) {
      out[key] = { ...(current as Plain), ...mapChecker(value, source, name) };
    } else if (isPlain(current)) {
      if (!isPlain(value)) throw new ConfigError(`${source}: "${name}" must be a mapping`);
      out[key] = mergeChecked(current, value, source, `${name}.`);
    } else if (value === null) {
      // null means "none" and is only allowed where none is the default (e.g. database_url).
      if (template !== null) throw new ConfigError(`${source}: "${name}" cannot be null`);
      out[key] = null;
    } else {
      const checked = checkType(value, template ?? current, name, source);
      out[key] = Array.isArray(checked) ? [...checked] : checked;
    }
  }
  return out;
}

/** Settings whose keys are the user's (collection ids, zoom levels), each with its own checker. */
const FREE_FORM_MAPS: Record<string, (value: unknown, source: string, name: string) => Plain> = {
  'catalog.layers': checkLayers,
  'cache.pmtiles': checkPmtiles,
  'cache.memory.ttl_by_zoom': checkZoomTable,
  'cache.l2_ttl_by_zoom': checkZoomTable,
  'tiles.cache_control_by_zoom': checkZoomTable,
};

function checkZoomTable(value: unknown, source: string, name: string): Plain {
  if (!isPlain(value)) throw new ConfigError(`${source}: "${name}" must be a mapping of zoom levels to seconds`);
  for (const [zoom, seconds] of Object.entries(value)) {
    if (!/^\d{1,2}$/.test(zoom)) throw new ConfigError(`${source}: "${name}.${zoom}": the key must be a zoom level`);
    if (!Number.isInteger(seconds) || (seconds as number) < 0) throw new ConfigError(`${source}: "${name}.${zoom}" must be a whole number of seconds`);
  }
  return value;
}

function checkPmtiles(value: unknown, source: string, name: string): Plain {
  if (!isPlain(value)) throw new ConfigError(`${source}: "${name}" must be a mapping of collection ids to archives`);
  for (const [id, archive] of Object.entries(value)) {
    if (!isPlain(archive) || typeof archive.path !== 'string') throw new ConfigError(`${source}: "${name}.${id}" needs a path`);
    for (const [k, v] of Object.entries(archive)) {
      if (k === 'path') continue;
      if (k !== 'minzoom' && k !== 'maxzoom') throw new ConfigError(`${source}: unknown setting "${name}.${id}.${k}"`);
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 30) throw new ConfigError(`${source}: "${name}.${id}.${k}" must be an integer from 0 to 30`);
    }
  }
  return value;
}

/** `catalog.layers`: a mapping of collection ids to their settings. */
function checkLayers(value: unknown, source: string): Plain {
  if (!isPlain(value)) throw new ConfigError(`${source}: "catalog.layers" must be a mapping of collection ids`);
  for (const [id, settings] of Object.entries(value)) {
    const name = `catalog.layers.${id}`;
    if (!isPlain(settings)) throw new ConfigError(`${source}: "${name}" must be a mapping`);
    for (const [k, v] of Object.entries(settings)) {
      if (k === 'datetime_columns') {
        if (!Array.isArray(v) || v.length < 1 || v.length > 2 || !v.every((c) => typeof c === 'string')) {
          throw new ConfigError(`${source}: "${name}.datetime_columns" must be [column] or [start, end]`);
        }
        continue;
      }
      if (k !== 'minzoom' && k !== 'maxzoom') throw new ConfigError(`${source}: unknown setting "${name}.${k}"`);
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 30) throw new ConfigError(`${source}: "${name}.${k}" must be an integer from 0 to 30`);
    }
    if ((settings.minzoom as number) > (settings.maxzoom as number)) throw new ConfigError(`${source}: "${name}": minzoom is above maxzoom`);
  }
  return value;
}

function checkType(value: unknown, template: unknown, name: string, source: string): unknown {
  const expected = Array.isArray(template) ? 'array' : template === null ? 'string' : typeof template;
  const actual = Array.isArray(value) ? 'array' : typeof value;
  if (expected !== actual) throw new ConfigError(`${source}: "${name}" must be a ${expected}, got ${JSON.stringify(value)}`);
  if (actual === 'number' && !Number.isFinite(value)) throw new ConfigError(`${source}: "${name}" must be a finite number`);
  return value;
}

function validate(c: TileryConfig): void {
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) throw new ConfigError(`"port" must be an integer from 0 (any free port) to 65535, got ${c.port}`);
  const positiveInts: Array<[string, number]> = [
    ['database.statement_timeout_ms', c.database.statement_timeout_ms],
    ['database.pool_size', c.database.pool_size],
    ['database.connect_timeout_ms', c.database.connect_timeout_ms],
    ['freshness.poll_ms', c.freshness.poll_ms],
    ['tiles.default_resolution', c.tiles.default_resolution],
    ['tiles.max_limit', c.tiles.max_limit],
    ['limits.max_url_length', c.limits.max_url_length],
    ['limits.max_body_bytes', c.limits.max_body_bytes],
  ];
  for (const [name, value] of positiveInts) {
    if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`"${name}" must be a positive integer, got ${value}`);
  }
  const nonNegative: Array<[string, number]> = [
    ['catalog.refresh_interval_s', c.catalog.refresh_interval_s],
    ['tiles.default_limit', c.tiles.default_limit],
    ['tiles.default_buffer', c.tiles.default_buffer],
    ['tiles.cache_control_max_age', c.tiles.cache_control_max_age],
  ];
  for (const [name, value] of nonNegative) {
    if (!(value >= 0)) throw new ConfigError(`"${name}" must not be negative, got ${value}`);
  }
  const providers = ['bucket', 'pg', 'pmtiles'];
  for (const p of c.cache.storage_priority) {
    if (!providers.includes(p)) throw new ConfigError(`"cache.storage_priority": unknown provider "${p}" (use ${providers.join(', ')})`);
  }
  if (new Set(c.cache.storage_priority).size !== c.cache.storage_priority.length) throw new ConfigError(`"cache.storage_priority" names a provider twice`);
  if (c.cache.bucket.mode !== 'proxy' && c.cache.bucket.mode !== 'redirect') throw new ConfigError(`"cache.bucket.mode" must be proxy or redirect`);
  if (c.cache.bucket.url !== null && !/^(s3:\/\/[^/]+|file:\/\/\/)/.test(c.cache.bucket.url)) {
    throw new ConfigError(`"cache.bucket.url" must be s3://bucket[/prefix] or file:///directory`);
  }
  for (const [name, value] of [
    ['cache.memory.max_entries', c.cache.memory.max_entries],
    ['cache.memory.max_bytes', c.cache.memory.max_bytes],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`"${name}" must be a positive integer, got ${value}`);
  }
  for (const [name, value] of [
    ['cache.memory.ttl_seconds', c.cache.memory.ttl_seconds],
    ['cache.memory.ttl_jitter_seconds', c.cache.memory.ttl_jitter_seconds],
    ['cache.caching_config.ttl_seconds', c.cache.caching_config.ttl_seconds],
    ['cache.untracked_max_age_seconds', c.cache.untracked_max_age_seconds],
    ['cache.bucket.redirect_expires_seconds', c.cache.bucket.redirect_expires_seconds],
  ] as const) {
    if (!(value >= 0)) throw new ConfigError(`"${name}" must not be negative, got ${value}`);
  }
  // a bound past ten years is no bound (and past the timestamps PostgreSQL can hold): say so
  if (!(c.cache.untracked_max_age_seconds <= MAX_UNTRACKED_AGE_S)) {
    throw new ConfigError(`"cache.untracked_max_age_seconds" must be at most ${MAX_UNTRACKED_AGE_S} (ten years), got ${c.cache.untracked_max_age_seconds}`);
  }
  if (c.tiles.default_limit > c.tiles.max_limit) throw new ConfigError(`"tiles.default_limit" must not exceed "tiles.max_limit"`);
  const { default_minzoom: min, default_maxzoom: max } = c.catalog;
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && min <= max && max <= 30)) {
    throw new ConfigError(`"catalog.default_minzoom"/"catalog.default_maxzoom" must be integers with 0 <= min <= max <= 30`);
  }
  if (!(Number.isInteger(c.rate_limit.per_minute) && c.rate_limit.per_minute >= 0)) {
    throw new ConfigError(`"rate_limit.per_minute" must be a whole number of requests (0: no limit), got ${c.rate_limit.per_minute}`);
  }
  if (c.auth.jwt.jwks_url !== null && !/^https?:\/\//.test(c.auth.jwt.jwks_url)) throw new ConfigError(`"auth.jwt.jwks_url" must be an http(s) URL`);
  if (!c.auth.jwt.role_claim) throw new ConfigError(`"auth.jwt.role_claim" must name a claim`);
  if (!(Number.isInteger(c.workers) && c.workers >= 0)) throw new ConfigError(`"workers" must be a whole number of processes (0: one per CPU core), got ${c.workers}`);
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(c.log_level)) throw new ConfigError(`"log_level" must be one of ${levels.join(', ')}`);
}

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
