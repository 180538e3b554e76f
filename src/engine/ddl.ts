import type { Engine } from './types.ts';

/**
 * SQLSTATEs of a `CREATE … IF NOT EXISTS` that raced another session creating the same object:
 * both saw it missing, and the catalog's unique index refused the second (unique_violation,
 * duplicate schema, table, object or function).
 */
const RACED = new Set(['23505', '42P06', '42P07', '42710', '42723']);

/**
 * Run SQL that creates what is missing (`IF NOT EXISTS`, `CREATE OR REPLACE`). Several
 * instances, or a request and a background save of one, may do it at the same moment: the one
 * that lost runs it once more, and then finds everything there.
 */
export async function createMissing(engine: Pick<Engine, 'query'>, sql: string): Promise<void> {
  try {
    await engine.query(sql);
  } catch (err) {
    if (!RACED.has((err as { code?: string }).code ?? '')) throw err;
    await engine.query(sql);
  }
}
