import { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { TileryError } from '../errors.ts';
import { createTilery } from '../index.ts';
import { resolveCollections, retireCollections, splitList } from '../tiles/index.ts';

interface InvalidateFlags {
  dataset: string;
  collections?: string;
  config?: string;
  databaseUrl?: string;
}

/** `tilery invalidate`: delete cached tiles everywhere, as DELETE /tiles/{dataset}/tiles/cache does. */
export function invalidateCommand(): Command {
  return new Command('invalidate')
    .description(
      'delete the cached tiles of some collections of a dataset (or all of it) from every L2 provider, and tell running instances to drop them from memory',
    )
    .requiredOption('-d, --dataset <schema>', 'the dataset (database schema)')
    .option('--collections <list>', 'comma-separated collection names of the dataset; default: all of them')
    .option('-c, --config <file>', 'YAML configuration file (env TILERY_CONFIG)')
    .option('--database-url <url>', 'PostgreSQL + PostGIS connection URL (env DATABASE_URL)')
    .action(async (flags: InvalidateFlags) => {
      const config = loadConfig({ file: flags.config, env: process.env, flags: { database_url: flags.databaseUrl, log_level: 'warn' } });
      const tilery = await createTilery(config);
      try {
        const snapshot = await tilery.catalog.ready();
        if (!snapshot.datasets.has(flags.dataset)) throw new TileryError('unknown_dataset', { dataset: flags.dataset });
        const ids =
          flags.collections === undefined
            ? null
            : resolveCollections(snapshot, splitList(flags.collections), { dataset: flags.dataset, parameter: 'collections' }).map((c) => c.id);
        const deleted = await retireCollections(tilery.pipeline, snapshot, flags.dataset, ids);
        const counts = Object.entries(deleted)
          .filter(([name]) => name !== 'memory' && name !== 'logged')
          .map(([name, n]) => `${name}=${n ?? '?'}`)
          .join(' ');
        process.stdout.write(`invalidated ${ids ? ids.join(', ') : `dataset ${flags.dataset}`}: ${counts || 'no L2 provider'}\n`);
      } finally {
        await tilery.close();
      }
    });
}
