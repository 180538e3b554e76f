import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { createTilery } from '../index.ts';
import { loadConfig, printConfig, type PartialConfig } from '../config/index.ts';
import { closeOnSignal } from './shutdown.ts';
import { runPrimary, runWorker, workerCount } from './workers.ts';

interface ServeFlags {
  config?: string;
  databaseUrl?: string;
  host?: string;
  port?: string;
  includeSchemas?: string;
  excludeSchemas?: string;
  publicUrl?: string;
  statementTimeoutMs?: string;
  workers?: string;
  printConfig?: boolean;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('start the tile server (configuration: defaults < YAML file < environment < flags)')
    .option('-c, --config <file>', 'YAML configuration file (env TILERY_CONFIG)')
    .option('--database-url <url>', 'PostgreSQL + PostGIS connection URL (env DATABASE_URL)')
    .option('--host <host>', 'listen address (env TILERY_HOST, default 127.0.0.1)')
    .option('-p, --port <port>', 'listen port (env TILERY_PORT, default 8000)')
    .option('--include-schemas <list>', 'comma-separated schemas to publish; default all (env TILERY_INCLUDE_SCHEMAS)')
    .option('--exclude-schemas <list>', 'comma-separated schemas never to publish (env TILERY_EXCLUDE_SCHEMAS)')
    .option('--public-url <url>', 'base URL used in links (env TILERY_PUBLIC_URL)')
    .option('--statement-timeout-ms <ms>', 'time limit of every query (env TILERY_STATEMENT_TIMEOUT_MS, default 30000)')
    .option('--workers <n>', 'processes serving on the same port; 0: one per CPU core; above 1 needs DATABASE_URL (env TILERY_WORKERS, default 1)')
    .addOption(new Option('--print-config', 'print the resulting configuration as YAML and exit'))
    .addHelpText(
      'after',
      '\nSIGTERM or SIGINT stops gracefully: no new connections, the requests in flight finish, then the caches\n' +
        'and the pool close (exit 0). A second signal, or 30 s, cuts them (exit 1).',
    )
    .action(async (flags: ServeFlags) => {
      const config = loadConfig({ file: flags.config, env: process.env, flags: toConfigFlags(flags) });
      if (flags.printConfig) {
        process.stdout.write(printConfig(config));
        return;
      }
      if (cluster.isWorker) return runWorker(config);
      const count = workerCount(config, availableParallelism());
      let code: number;
      if (count > 1) {
        if (!config.database_url) {
          throw new Error(
            `workers: ${count} needs a PostgreSQL database (DATABASE_URL, --database-url or database_url): the embedded database can only be open in one process; run one worker`,
          );
        }
        code = await runPrimary(config, count);
      } else {
        const tilery = await createTilery(config);
        const address = await tilery.listen();
        tilery.logger.info({ address }, `tilery listening on ${address}`);
        code = await closeOnSignal(() => tilery.close(), { logger: tilery.logger });
      }
      process.exitCode = code;
      // all is closed: something still holding the event loop (a socket ending slowly) does not hold the exit
      setTimeout(() => process.exit(code), 2000).unref();
    });
}

function toConfigFlags(f: ServeFlags): PartialConfig {
  const list = (s?: string) => s?.split(',').map((x) => x.trim()).filter(Boolean);
  const int = (s?: string) => (s === undefined ? undefined : Number(s));
  return {
    database_url: f.databaseUrl,
    host: f.host,
    port: int(f.port),
    public_url: f.publicUrl,
    workers: int(f.workers),
    database: f.statementTimeoutMs === undefined ? undefined : { statement_timeout_ms: int(f.statementTimeoutMs) },
    catalog: {
      ...(f.includeSchemas !== undefined && { include_schemas: list(f.includeSchemas) }),
      ...(f.excludeSchemas !== undefined && { exclude_schemas: list(f.excludeSchemas) }),
    },
  };
}
