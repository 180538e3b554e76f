import { createMissing, type Engine } from '../engine/index.ts';
import { invalidParameter, TileryError } from '../errors.ts';

/** The runtime bucket settings of `/configs/plugins/tiles_caching_config`. */
export interface CachingConfig {
  readonly enabled: boolean;
  readonly key_prefix: string;
  readonly ttl_seconds: number;
}

export interface CachingSettings {
  /** The settings in force (read from the database at most `reloadMs` ago). */
  current(): CachingConfig;
  /** Read them from the database now. */
  reload(): Promise<CachingConfig>;
  /** Validate and store a change (keys not given keep their value). */
  update(change: unknown): Promise<CachingConfig>;
  stop(): void;
}

const NAME = 'tiles_caching_config';
const UNDEFINED_TABLE = '42P01';
const KEY_PREFIX = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

/** Check a (partial) change against the current settings; errors name the key. */
export function validateCachingConfig(change: unknown, base: CachingConfig): CachingConfig {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) throw invalidParameter('body', 'expected a JSON object');
  const out = { ...base };
  for (const [key, value] of Object.entries(change)) {
    if (key === 'enabled') {
      if (typeof value !== 'boolean') throw invalidParameter('enabled', 'must be true or false');
      out.enabled = value;
    } else if (key === 'key_prefix') {
      if (typeof value !== 'string' || !KEY_PREFIX.test(value) || value.split('/').some((s) => s === '.' || s === '..') || value.length > 200) {
        throw invalidParameter('key_prefix', 'must be path segments of letters, digits, ".", "_", "~" or "-" separated by "/", without leading or trailing "/"');
      }
      out.key_prefix = value;
    } else if (key === 'ttl_seconds') {
      if (!Number.isInteger(value) || (value as number) < 0) throw invalidParameter('ttl_seconds', 'must be a whole number of seconds, 0 or more');
      out.ttl_seconds = value as number;
    } else {
      throw invalidParameter(key, 'unknown setting (enabled, key_prefix, ttl_seconds)');
    }
  }
  return Object.freeze(out);
}

/**
 * The caching config lives in the database (tilery.settings), so a change reaches every
 * instance; each reads it again every `reloadMs`. Until it is first changed, the configured
 * defaults apply.
 */
export function createCachingSettings(engine: Engine | null, defaults: CachingConfig, reloadMs = 5000): CachingSettings {
  let value: CachingConfig = Object.freeze({ ...defaults });
  let timer: NodeJS.Timeout | null = null;

  async function reload(): Promise<CachingConfig> {
    if (!engine) return value;
    try {
      const { rows } = await engine.query<{ value: CachingConfig }>('SELECT value FROM tilery.settings WHERE name = $1', [NAME]);
      value = rows.length ? validateCachingConfig(rows[0].value, defaults) : Object.freeze({ ...defaults });
    } catch (err) {
      if ((err as { code?: string }).code !== UNDEFINED_TABLE) throw err;
    }
    return value;
  }

  if (engine && reloadMs > 0) {
    timer = setInterval(() => void reload().catch(() => {}), reloadMs);
    timer.unref();
  }

  return {
    current: () => value,
    reload,
    async update(change) {
      if (!engine) throw new TileryError('database_permission_denied', { action: 'store settings', reason: 'no database' });
      const next = validateCachingConfig(change, await reload());
      try {
        await createMissing(engine, 'CREATE SCHEMA IF NOT EXISTS tilery');
        await createMissing(engine, 'CREATE TABLE IF NOT EXISTS tilery.settings (name text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())');
        await engine.query(
          `INSERT INTO tilery.settings (name, value) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [NAME, JSON.stringify(next)],
        );
      } catch (err) {
        if ((err as { code?: string }).code === '42501') {
          throw new TileryError('database_permission_denied', { action: 'store settings', reason: `${(err as Error).message}; grant CREATE on the database` });
        }
        throw err;
      }
      value = next;
      return value;
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
