import { Command, Option } from 'commander';
import { mapConcurrent } from './job.ts';
import { createProgress, summaryLine } from './progress.ts';
import {
  combinedTiles,
  describeTile,
  openTilery,
  planTiles,
  separateTiles,
  stopOnInterrupt,
  tileRequest,
  withTileJobOptions,
  type PlannedTile,
  type TileJobFlags,
} from './tile-job.ts';

interface SeedFlags extends TileJobFlags {
  force?: boolean;
  combined?: boolean;
  routes: 'catalog' | 'ogc';
}

type Outcome = 'generated' | 'empty' | 'skipped' | 'failed';

/** Failures printed one by one; past these, only counted. */
const SHOWN_FAILURES = 10;

/**
 * `tilery seed`: fill the L2 providers with the tiles of some collections over zooms and a box,
 * through the pipeline the routes use, so that clients then find them cached. Resumable: a tile
 * some provider holds already is skipped (unless --force).
 */
export function seedCommand(): Command {
  return withTileJobOptions(
    new Command('seed').description(
      'fill the L2 cache providers (cache.storage_priority) with the tiles of some collections, zooms and area, as the routes would generate them; ' +
        'tiles a provider holds already are skipped, so an interrupted run can be run again',
    ),
  )
    .option('--force', 'generate and store again the tiles that are cached already')
    .option('--combined', 'one multi-layer tile of all the collections per tile address (what ?collections=a,b asks for, in this order), instead of one tile per collection')
    .addOption(
      new Option(
        '--routes <family>',
        'whose cache keys to fill: catalog (/tiles/{dataset}/tiles/…?collections=, layers named by collection name) or ogc (OGC API /collections/… and pg_tileserv /{schema.name}/… routes, layers named schema.name)',
      )
        .choices(['catalog', 'ogc'])
        .default('catalog'),
    )
    .action(async (flags: SeedFlags) => {
      process.exitCode = await seed(flags);
    });
}

async function seed(flags: SeedFlags): Promise<number> {
  const { config, tilery } = await openTilery(flags);
  try {
    // PMTiles archives are read-only: a tile they hold is skipped, but nothing is stored there.
    const writable = tilery.cache.providers.filter((p) => p.name !== 'pmtiles').map((p) => p.name);
    if (writable.length === 0) {
      throw new Error(
        'no L2 cache provider to fill: cache.storage_priority (TILERY_CACHE_PRIORITY) names none that stores tiles (pg, or bucket with cache.bucket.url)',
      );
    }
    const plan = await planTiles(tilery, flags);
    const { total, tiles } = flags.combined ? combinedTiles(plan) : separateTiles(plan);
    const layerNaming = flags.routes === 'ogc' ? 'id' : 'name';
    process.stdout.write(
      `seed: ${total} tiles of ${plan.collections.map((c) => c.name).join(', ')} in ${plan.dataset} (${flags.combined ? 'multi-layer' : 'one tile per collection'}, ` +
        `${flags.routes} routes), ${plan.tms.id} zooms ${plan.zoom.min}-${plan.zoom.max}${plan.bbox ? `, bbox ${plan.bbox.join(',')}` : ''}, ` +
        `into ${writable.join(', ')}${flags.force ? ' (--force: cached tiles too)' : ''}\n`,
    );

    const progress = createProgress({
      label: 'seed',
      total,
      counters: ['generated', 'empty', 'skipped', 'failed'],
      stream: process.stderr,
      intervalMs: flags.progressInterval,
    });
    let failures = 0;
    const fail = (tile: PlannedTile, reason: string): Outcome => {
      if (++failures <= SHOWN_FAILURES) progress.message(`${describeTile(tile)} failed: ${reason}`);
      else if (failures === SHOWN_FAILURES + 1) progress.message('(further failures are counted, not shown)');
      return 'failed';
    };
    const seedOne = async (tile: PlannedTile): Promise<Outcome> => {
      try {
        const result = await tilery.pipeline.getTile(tileRequest(config, plan, tile, layerNaming, flags.force ? 'refresh' : 'use'));
        if (result.cache === 'hit') return 'skipped';
        const saved = result.saved ? await result.saved : null;
        if (saved === null || Object.values(saved).includes('skipped')) return fail(tile, 'its data changed while it was generated, so it was not stored; run seed again');
        const failed = Object.entries(saved).filter(([, o]) => o === 'failed');
        if (failed.length > 0) return fail(tile, `not stored in ${failed.map(([p]) => p).join(', ')} (the log says why)`);
        return result.tile && result.tile.bytes.length > 0 ? 'generated' : 'empty';
      } catch (err) {
        return fail(tile, (err as Error).message);
      }
    };

    const interrupt = stopOnInterrupt(() => progress.message('seed: stopping after the tiles under way (Ctrl-C again to quit at once)'));
    try {
      const concurrency = flags.concurrency ?? config.database.pool_size;
      for await (const outcome of mapConcurrent(tiles, seedOne, { concurrency, signal: interrupt.signal })) progress.add(outcome);
    } finally {
      interrupt.dispose();
    }
    const end = progress.finish();
    await tilery.cache.flush();
    const interrupted = interrupt.signal.aborted;
    process.stdout.write(`${summaryLine(end, { interrupted })}\n`);
    if (interrupted) return 130;
    return end.counts.failed > 0 ? 1 : 0;
  } finally {
    await tilery.close();
  }
}
