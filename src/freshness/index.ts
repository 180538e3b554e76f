export { installTriggers, uninstallTriggers, type InstallReport } from './install.ts';
export { startChangeWatcher, keyBoundsWgs84, touches, CHANGES_CHANNEL, type Change, type ChangeWatcher } from './watch.ts';
export { guardedInsert, boundsSql } from './guard.ts';
export { registerArchives, archiveChangedSince } from './archives.ts';
