import { Command, Option } from 'commander';
import { createTilery } from '../index.ts';
import { loadConfig, printConfig, type PartialConfig } from '../config/index.ts';

interface ServeFlags {
  config?: string;
  databaseUrl?: string;
  host?: string;
  port?: string;
  includeSchemas?: string;
  excludeSchemas?: string;
  publicUrl?: string;
  statementTimeoutMs?: string;
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
    .addOption(new Option('--print-config', 'print the resulting configuration as YAML and exit'))
    .action(async (flags: ServeFlags) => {
      const config = loadConfig({ file: flags.config, env: process.env, flags: toConfigFlags(flags) });
      if (flags.printConfig) {
        process.stdout.write(printConfig(config));
        return;
      }
      const tilery = await createTilery(config);
      const address = await tilery.listen();
      tilery.logger.info({ address }, `tilery listening on ${address}`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          tilery.logger.info({ signal }, 'shutting down');
          tilery.close().finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
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
    database: f.statementTimeoutMs === undefined ? undefined : { statement_timeout_ms: int(f.statementTimeoutMs) },
    catalog: {
      ...(f.includeSchemas !== undefined && { include_schemas: list(f.includeSchemas) }),
      ...(f.excludeSchemas !== undefined && { exclude_schemas: list(f.excludeSchemas) }),
    },
  };
}
