import { createHash } from 'node:crypto';
import type { Engine } from '../engine/index.ts';
import { quoteQualified } from '../engine/index.ts';
import type { Collection } from './model.ts';

/**
 * A short version of the data of some collections, which changes when rows are inserted,
 * updated or deleted: PostgreSQL's cumulative row counters of their tables (each backend
 * publishes its counters when it goes idle, at the latest 10 s after a commit), with the
 * collections' bounds. Views have no counters of their own: their version follows their
 * bounds only.
 */
export async function dataVersion(engine: Engine, collections: readonly Collection[]): Promise<string> {
  const names = collections.map((c) => quoteQualified(c.schema, c.name));
  const { rows } = await engine.query<{ changes: string | null }>(
    `SELECT sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del + s.n_live_tup)::text AS changes
     FROM pg_stat_all_tables s WHERE s.relid = ANY (SELECT to_regclass(n) FROM unnest($1::text[]) AS n)`,
    [names],
  );
  const hash = createHash('sha256');
  hash.update(rows[0]?.changes ?? '0');
  for (const c of collections) hash.update(`|${c.id}|${c.bounds.join(',')}`);
  return hash.digest('hex').slice(0, 16);
}
