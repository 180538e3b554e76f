import { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { createPgEngine, type Engine } from '../engine/index.ts';
import { discoverCollections, type Collection } from '../catalog/index.ts';
import { installTriggers, uninstallTriggers, type InstallReport } from '../freshness/index.ts';
import { splitList } from '../tiles/index.ts';

interface TriggerFlags {
  config?: string;
  databaseUrl?: string;
}

/** `tilery install-triggers` and `tilery uninstall-triggers`. */
export function triggerCommands(): Command[] {
  const make = (name: string, description: string, run: (engine: Engine, collections: readonly Collection[], all: boolean) => Promise<InstallReport>) =>
    new Command(name)
      .description(description)
      .argument('[collections]', 'comma-separated collection ids (schema.name); default: every published table')
      .option('-c, --config <file>', 'YAML configuration file (env TILERY_CONFIG)')
      .option('--database-url <url>', 'PostgreSQL + PostGIS connection URL, as a role that owns the tables (env DATABASE_URL)')
      .action(async (list: string | undefined, flags: TriggerFlags) => {
        const config = loadConfig({ file: flags.config, env: process.env, flags: { database_url: flags.databaseUrl } });
        if (!config.database_url) throw new Error('no database: set DATABASE_URL or --database-url');
        const engine = createPgEngine({ url: config.database_url, statementTimeoutMs: config.database.statement_timeout_ms, poolSize: 2, connectTimeoutMs: config.database.connect_timeout_ms });
        try {
          const all = await discoverCollections(engine, {
            includeSchemas: config.catalog.include_schemas,
            excludeSchemas: config.catalog.exclude_schemas,
            defaultMinzoom: 0,
            defaultMaxzoom: 22,
          });
          const wanted = list === undefined ? null : new Set(splitList(list));
          const unknown = wanted ? [...wanted].filter((id) => !all.some((c) => c.id === id)) : [];
          if (unknown.length) throw new Error(`unknown collection ${unknown.map((u) => `"${u}"`).join(', ')}`);
          const report = await run(engine, wanted ? all.filter((c) => wanted.has(c.id)) : all, wanted === null).catch((err: Error & { code?: string }) => {
            if (err.code === '42501') throw new Error(`${err.message}: run ${name} as the owner of the tables (as a superuser for the event triggers)`);
            throw err;
          });
          print(name, report);
          if (report.installed.length === 0 && report.skipped.length > 0) process.exitCode = 1;
        } finally {
          await engine.close();
        }
      });
  return [
    make(
      'install-triggers',
      'install the triggers that record changes and retire the cached tiles they touch, in every instance (idempotent; needs table ownership); as a superuser, also the event triggers that retire tiles on grant, policy and schema changes',
      (engine, collections) => installTriggers(engine, collections),
    ),
    make('uninstall-triggers', 'remove those triggers (without a list of collections, the event triggers too)', (engine, collections, all) =>
      uninstallTriggers(engine, collections, { events: all }),
    ),
  ];
}

function print(name: string, report: InstallReport): void {
  const verb = name === 'install-triggers' ? 'installed on' : 'removed from';
  process.stdout.write(`${verb}: ${report.installed.join(', ') || 'nothing'}\n`);
  for (const s of report.skipped) process.stdout.write(`skipped ${s.collection}: ${s.reason}\n`);
  if (report.events) process.stdout.write(`event triggers: ${report.events}\n`);
}
