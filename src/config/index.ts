export { DEFAULTS, ENV_KEYS, SETTINGS, type LayerSettings, type PmtilesArchive, type TileryConfig } from './schema.ts';
export { loadConfig, printConfig, ConfigError, type ConfigSources, type PartialConfig } from './load.ts';
