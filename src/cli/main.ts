import { Command, CommanderError } from 'commander';
import { exportCommand } from './export.ts';
import { invalidateCommand } from './invalidate.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';
import { triggerCommands } from './triggers.ts';

/** The `tilery` command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('tilery')
    .description('Vector tile server for PostGIS: OGC API – Tiles and pg_tileserv-compatible routes over ST_AsMVT')
    .exitOverride()
    .showHelpAfterError();
  program.addCommand(serveCommand());
  program.addCommand(seedCommand());
  program.addCommand(exportCommand());
  program.addCommand(invalidateCommand());
  for (const command of triggerCommands()) program.addCommand(command);
  try {
    await program.parseAsync(argv as string[]);
    // a command that ran to its end sets process.exitCode when it did not fully succeed
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`tilery: ${(err as Error).message}`);
    return 1;
  }
}
