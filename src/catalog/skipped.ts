import type { Logger } from 'pino';
import type { Engine } from '../engine/index.ts';
import { discoverySql, schemaValues, type DiscoverOptions } from './discover.ts';

const SKIPPED_SQL = discoverySql('./skipped.sql');

/**
 * Say, once per process for each, which relations and functions look like layers but are not
 * published, and why (see skipped.sql): a user whose table does not show up reads the reason in
 * the log. A failure to ask is only a debug line: discovery itself decides what is published.
 */
export async function reportSkipped(engine: Engine, options: DiscoverOptions, logger: Logger, reported: Set<string>): Promise<void> {
  let rows: Array<{ kind: string; id: string; reason: string }>;
  try {
    ({ rows } = await engine.query<{ kind: string; id: string; reason: string }>(SKIPPED_SQL, schemaValues(options)));
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'cannot list the relations and functions not published');
    return;
  }
  for (const row of rows) {
    const key = `${row.kind}|${row.id}|${row.reason}`;
    if (reported.has(key)) continue;
    reported.add(key);
    logger.warn({ [row.kind]: row.id, reason: row.reason }, `not published: ${row.kind} ${row.id}: ${row.reason}`);
  }
}
