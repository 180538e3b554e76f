export { installTriggers, uninstallTriggers, type InstallReport } from './install.ts';
export { startChangeWatcher, type ChangeWatcher } from './watch.ts';
export { startAgeRetirement, ageRetirements } from './age.ts';
export { retireWhatChanged, followSchemaChanges, SCHEMA_CHANNEL } from './schema.ts';
