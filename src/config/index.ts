export { DEFAULTS, type TileryConfig } from './schema.ts';
export { loadConfig, printConfig, ConfigError, ENV_KEYS, type ConfigSources, type PartialConfig } from './load.ts';
