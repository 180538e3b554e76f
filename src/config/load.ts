import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DEFAULTS, RELATIONS, SETTINGS, type TileryConfig } from './schema.ts';
import { isSetting, problemOf, settingsOf, type Section, type Setting } from './setting.ts';

type Plain = Record<string, unknown>;
export type PartialConfig = { [K in keyof TileryConfig]?: TileryConfig[K] extends object ? Partial<TileryConfig[K]> : TileryConfig[K] | null };

export interface ConfigSources {
  /** YAML file path; absent: `TILERY_CONFIG` from `env`, else none. */
  file?: string | null;
  env?: Record<string, string | undefined>;
  /** Command-line flags, already shaped as config keys. */
  flags?: PartialConfig;
}

export class ConfigError extends Error {}

/** defaults → YAML file → environment → flags; each checked against the settings table; frozen. */
export function loadConfig(sources: ConfigSources = {}): TileryConfig {
  const env = sources.env ?? {};
  const file = sources.file ?? env.TILERY_CONFIG ?? null;
  let merged: Plain = structuredClone(DEFAULTS) as unknown as Plain;
  if (file) merged = mergeChecked(merged, readYaml(file), SETTINGS, file);
  merged = mergeChecked(merged, fromEnv(env), SETTINGS, 'environment');
  merged = mergeChecked(merged, (sources.flags ?? {}) as Plain, SETTINGS, 'flags');
  validate(merged as unknown as TileryConfig);
  return deepFreeze(merged) as unknown as TileryConfig;
}

export function printConfig(config: TileryConfig): string {
  const shown = structuredClone(config) as unknown as Plain;
  for (const [path, setting] of settingsOf(SETTINGS)) {
    if (!setting.secret) continue;
    const value = getPath(shown, path);
    if (!value) continue;
    const masked = setting.secret === 'password' ? maskUrlPassword(value as string) : Array.isArray(value) ? value.map(() => '***') : '***';
    setPath(shown, path.split('.'), masked);
  }
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
  for (const [key, setting] of settingsOf(SETTINGS)) {
    if (!setting.env) continue;
    const raw = env[setting.env];
    if (raw === undefined || (raw === '' && !(setting.type === 'list' && setting.emptyEnvIsNone))) continue;
    const name = `${setting.env} (${key})`;
    let value: unknown = raw;
    if (setting.type === 'list') value = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (setting.type === 'number') value = parseNumber(raw, name);
    else if (setting.type === 'boolean') value = parseBoolean(raw, name);
    setPath(out, key.split('.'), value);
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

/** Merge `over` into `base`; keys unknown to the table and values of the wrong type are errors. */
function mergeChecked(base: Plain, over: Plain, section: Section, source: string, prefix = ''): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const name = prefix + key;
    if (!Object.hasOwn(section, key)) throw new ConfigError(`${source}: unknown setting "${name}"`);
    const node = section[key];
    if (!isSetting(node)) {
      if (!isPlain(value)) throw new ConfigError(`${source}: "${name}" must be a mapping`);
      out[key] = mergeChecked(base[key] as Plain, value, node, source, `${name}.`);
    } else if (node.type === 'map') {
      const problem = node.check(value, name);
      if (problem) throw new ConfigError(`${source}: ${problem}`);
      out[key] = { ...(base[key] as Plain), ...(value as Plain) };
    } else if (value === null) {
      // null means "none", only where the table allows it (e.g. database_url)
      if (!(node.type === 'string' && node.nullable)) throw new ConfigError(`${source}: "${name}" cannot be null`);
      out[key] = null;
    } else {
      checkType(value, node, name, source);
      out[key] = Array.isArray(value) ? [...value] : value;
    }
  }
  return out;
}

const TYPE_NAMES: Record<Exclude<Setting['type'], 'map'>, string> = { string: 'string', number: 'number', boolean: 'boolean', list: 'array' };

function checkType(value: unknown, setting: Setting, name: string, source: string): void {
  const expected = TYPE_NAMES[setting.type as keyof typeof TYPE_NAMES];
  const actual = Array.isArray(value) ? 'array' : typeof value;
  if (expected !== actual) throw new ConfigError(`${source}: "${name}" must be a ${expected}, got ${JSON.stringify(value)}`);
  if (actual === 'number' && !Number.isFinite(value)) throw new ConfigError(`${source}: "${name}" must be a finite number`);
}

/** The bounds, choices and patterns of each setting, then the checks across settings. */
function validate(c: TileryConfig): void {
  for (const [path, setting] of settingsOf(SETTINGS)) {
    const problem = problemOf(path, setting, getPath(c, path));
    if (problem) throw new ConfigError(problem);
  }
  for (const relation of RELATIONS) {
    const problem = relation(c);
    if (problem) throw new ConfigError(problem);
  }
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
