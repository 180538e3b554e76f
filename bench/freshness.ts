// The freshness benchmark: how long a committed change takes to retire the tiles it touches
// in the memory (L1) of another running instance. Two instances run in this process on one
// database; a third connection commits updates of a tracked table, one at a time, and the
// second instance's watcher reports each delay from the change being logged (inside the
// committing transaction) to its L1 tiles being dropped.
import pg from 'pg';
import { loadConfig } from '../src/config/index.ts';
import { createTilery, type Tilery } from '../src/index.ts';

export interface LagFigures {
  /** Committed changes (one UPDATE of one row each). */
  readonly changes: number;
  /** Retirements they logged (a moved or updated row logs its old and new bounds). */
  readonly retirements: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const CHANGES = Number(process.env.TILERY_BENCH_FRESHNESS_CHANGES ?? 200);

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Measure on the database at `url` (a superuser: it owns the table and installs the triggers). */
export async function measureFreshnessLag(url: string): Promise<LagFigures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const instances: Tilery[] = [];
  try {
    await client.query(`DROP TABLE IF EXISTS public.freshness_bench;
      CREATE TABLE public.freshness_bench (id integer PRIMARY KEY, n integer NOT NULL, geom geometry(Point, 4326));
      INSERT INTO public.freshness_bench SELECT i, 0, ST_SetSRID(ST_MakePoint(-170 + (i % 34) * 10, -80 + (i / 34) * 10), 4326) FROM generate_series(0, 543) AS i`);
    const config = loadConfig({
      flags: {
        database_url: url,
        log_level: 'silent',
        catalog: { include_schemas: ['public'], refresh_interval_s: 0 },
        cache: { storage_priority: ['pg'] },
        // notifications only: the poll must not be what retires the tiles
        freshness: { install_triggers: true, poll_ms: 60_000 },
      },
    });
    for (let i = 0; i < 2; i++) instances.push(await createTilery(config));
    const [, follower] = instances;
    for (const z of [0, 1, 2]) {
      for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) await follower.app.inject(`/public.freshness_bench/${z}/${x}/${y}.pbf`);
    }
    const before = follower.watcher.lags.length;
    for (let i = 0; i < CHANGES; i++) {
      await client.query('UPDATE public.freshness_bench SET n = n + 1 WHERE id = $1', [(i * 37) % 544]);
      // one change at a time: wait for the follower to apply it, as a map client would see it
      const deadline = Date.now() + 5000;
      while (follower.watcher.lags.length < before + i + 1 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    }
    const lags = follower.watcher.lags.slice(before).toSorted((a, b) => a - b);
    if (lags.length < CHANGES) throw new Error(`only ${lags.length} of ${CHANGES} changes reached the other instance`);
    return { changes: CHANGES, retirements: lags.length, p50: quantile(lags, 0.5), p99: quantile(lags, 0.99), max: lags[lags.length - 1] };
  } finally {
    for (const t of instances) await t.close();
    await client.query('DROP TABLE IF EXISTS public.freshness_bench').catch(() => {});
    await client.end();
  }
}

export function describeLag(l: LagFigures): string {
  return `freshness: ${l.changes} committed changes (${l.retirements} retirements) reached another instance's memory in p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms`;
}

/** `node bench/freshness.ts`: this measurement alone, on a throwaway cluster (or TILERY_TEST_DATABASE_URL). */
async function main(): Promise<void> {
  const { benchServer, freshDatabase } = await import('./database.ts');
  const server = await benchServer();
  try {
    const url = await freshDatabase(server.url, 'tilery_bench_freshness');
    process.stdout.write(`${describeLag(await measureFreshnessLag(url))}\n`);
  } finally {
    await server.destroy();
  }
}

if (import.meta.main) await main();
