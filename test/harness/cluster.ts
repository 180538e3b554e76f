import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PG_BIN } from './postgis.ts';

const execFileAsync = promisify(execFile);

export interface Cluster {
  /** Superuser URL: postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  dataDir: string;
  /** pg_ctl stop -m fast; keeps the data. */
  stop(): Promise<void>;
  /** Starts again on the same port. */
  start(): Promise<void>;
  /** Stops if running and removes the temp dir; idempotent. */
  destroy(): Promise<void>;
}

export interface StartClusterOptions {
  log?: (s: string) => void;
}

interface LiveCluster {
  rootDir: string;
  dataDir: string;
  running: boolean;
}

const isRoot = process.getuid?.() === 0;

/** Also true after a timed-out pg_ctl start whose server came up anyway. */
function maybeRunning(c: LiveCluster): boolean {
  return c.running || existsSync(join(c.dataDir, 'postmaster.pid'));
}
const live = new Set<LiveCluster>();
let exitHookInstalled = false;

/** initdb and postgres refuse to run as root, so when root run them as the postgres user. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, bin);
  return isRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function runServerTool(bin: string, args: string[], cwd: string): Promise<string> {
  const [cmd, argv] = asServerUser(bin, args);
  try {
    const { stdout, stderr } = await execFileAsync(cmd, argv, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return stdout + stderr;
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${bin} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`.trim());
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await execFileAsync('id', ['-u', 'postgres']);
  const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

async function logTail(logFile: string, lines = 40): Promise<string> {
  try {
    const text = await readFile(logFile, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

async function initdb(rootDir: string, dataDir: string): Promise<void> {
  const base = ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'];
  try {
    await runServerTool('initdb', [...base, '--locale=C.UTF-8'], rootDir);
  } catch {
    // A failed initdb leaves a partial directory behind, and initdb refuses non-empty dirs.
    await rm(dataDir, { recursive: true, force: true });
    await runServerTool('initdb', [...base, '--locale=C'], rootDir);
  }
}

function serverOptions(port: number, socketDir: string): string {
  return [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${socketDir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    '-c shared_buffers=128MB',
  ].join(' ');
}

async function pgCtlStart(rootDir: string, dataDir: string, port: number): Promise<void> {
  const logFile = join(rootDir, 'log');
  try {
    await runServerTool('pg_ctl', ['-D', dataDir, '-w', '-l', logFile, '-o', serverOptions(port, rootDir), 'start'], rootDir);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- server log tail (${logFile}) ---\n${await logTail(logFile)}`);
  }
}

async function pgCtlStop(rootDir: string, dataDir: string, mode: 'fast' | 'immediate'): Promise<void> {
  await runServerTool('pg_ctl', ['-D', dataDir, '-w', '-m', mode, 'stop'], rootDir);
}

async function createPostgisEverywhere(port: number): Promise<void> {
  for (const database of ['postgres', 'template1']) {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    } finally {
      await client.end();
    }
  }
}

/** Last resort for crashes and signals: only synchronous work is possible in an 'exit' listener. */
function cleanupSync(): void {
  for (const c of live) {
    if (maybeRunning(c)) {
      try {
        const [cmd, argv] = asServerUser('pg_ctl', ['-D', c.dataDir, '-w', '-m', 'immediate', 'stop']);
        execFileSync(cmd, argv, { cwd: c.rootDir, stdio: 'ignore' });
      } catch {
        // The server may already be gone; removing the directory still matters.
      }
    }
    rmSync(c.rootDir, { recursive: true, force: true });
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Another listener (e.g. run.ts) owns shutdown; our 'exit' hook still cleans up after it.
  if (process.listenerCount(signal) > 1) return;
  cleanupSync();
  process.exit(128 + ({ SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]!);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', cleanupSync);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Stops the server if it may be running and deletes everything, including the data. */
async function removeCluster(state: LiveCluster): Promise<void> {
  if (!live.has(state)) return;
  if (maybeRunning(state)) {
    try {
      await pgCtlStop(state.rootDir, state.dataDir, 'fast');
    } catch {
      await pgCtlStop(state.rootDir, state.dataDir, 'immediate').catch(() => {});
    }
    state.running = false;
  }
  await rm(state.rootDir, { recursive: true, force: true });
  live.delete(state);
}

/** Creates, starts and PostGIS-enables a throwaway PostgreSQL cluster in a temp dir. */
export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const log = opts.log ?? (() => {});
  installExitHook();
  const rootDir = await mkdtemp(join(tmpdir(), 'tilery-pg-'));
  const state: LiveCluster = { rootDir, dataDir: join(rootDir, 'data'), running: false };
  live.add(state);

  let destroying: Promise<void> | undefined;
  const destroy = (): Promise<void> => (destroying ??= removeCluster(state));

  try {
    if (isRoot) {
      const { uid, gid } = await postgresIds();
      await chown(rootDir, uid, gid);
    }
    let t = Date.now();
    await initdb(rootDir, state.dataDir);
    log(`initdb ${state.dataDir} (${Date.now() - t} ms)`);

    // The port may be grabbed between probing and binding; retry with a fresh one.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      t = Date.now();
      try {
        await pgCtlStart(rootDir, state.dataDir, port);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        log(`start on port ${port} failed, retrying`);
      }
    }
    state.running = true;
    log(`postgres listening on 127.0.0.1:${port} (${Date.now() - t} ms)`);

    t = Date.now();
    await createPostgisEverywhere(port);
    log(`postgis enabled in postgres and template1 (${Date.now() - t} ms)`);

    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dataDir: state.dataDir,
      async stop() {
        if (!state.running) return;
        await pgCtlStop(rootDir, state.dataDir, 'fast');
        state.running = false;
      },
      async start() {
        if (state.running) return;
        if (!live.has(state)) throw new Error('cluster was destroyed');
        await pgCtlStart(rootDir, state.dataDir, port);
        state.running = true;
      },
      destroy,
    };
  } catch (err) {
    await destroy().catch(() => {});
    throw err;
  }
}
