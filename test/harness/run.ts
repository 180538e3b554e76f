// Entry point of `npm test`: provides a PostGIS server (an existing one from
// TILERY_TEST_DATABASE_URL, or a throwaway local cluster) and runs node --test.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from './cluster.ts';
import { startCluster } from './cluster.ts';
import { ensurePostgis, POSTGIS_HINT, POSTGIS_PACKAGES } from './postgis.ts';
import {
  ensureDebianPackages,
  missingDebianPackages,
  MissingDebianPackagesError,
  TEST_TOOL_PACKAGES,
} from './system-packages.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

async function findTestFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await findTestFiles(path)));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}

async function defaultTestFiles(): Promise<string[]> {
  const found = [
    ...(await findTestFiles(join(repoRoot, 'src'))),
    ...(await findTestFiles(join(repoRoot, 'test'))),
  ];
  return found.map((f) => relative(process.cwd(), f)).sort();
}

/** Flags (use the --flag=value form) pass through to node --test; without file args, all tests run. */
async function testArgs(cliArgs: string[]): Promise<string[]> {
  const flags = cliArgs.filter((a) => a.startsWith('-'));
  const files = cliArgs.filter((a) => !a.startsWith('-'));
  return ['--test', '--test-concurrency=2', ...flags, ...(files.length ? files : await defaultTestFiles())];
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

async function provideServer(): Promise<Cluster | undefined> {
  const existing = process.env.TILERY_TEST_DATABASE_URL;
  if (existing) {
    process.stderr.write(`tilery tests: using existing server ${redact(existing)}\n`);
    return undefined;
  }
  await ensurePostgis();
  const started = Date.now();
  const cluster = await startCluster();
  process.env.TILERY_TEST_DATABASE_URL = cluster.url;
  process.env.TILERY_TEST_CLUSTER_OWNED = '1';
  process.stderr.write(
    `tilery tests: using throwaway cluster ${cluster.url} in ${cluster.dataDir} (started in ${Date.now() - started} ms)\n`,
  );
  return cluster;
}

/**
 * Installs (when root) every Debian package the run needs in one apt-get call: the third-party
 * clients (Chromium, GDAL), plus PostgreSQL/PostGIS unless an existing server is given.
 */
async function provideSystemPackages(): Promise<void> {
  const needed = [...TEST_TOOL_PACKAGES, ...(process.env.TILERY_TEST_DATABASE_URL ? [] : POSTGIS_PACKAGES)];
  const missing = await missingDebianPackages(needed);
  const postgisMissing = missing.some((m) => POSTGIS_PACKAGES.includes(m));
  await ensureDebianPackages(missing, postgisMissing ? { hint: POSTGIS_HINT } : {});
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 1);
}

async function main(): Promise<number> {
  let cluster: Cluster | undefined;
  let shuttingDown = false;
  let child: ReturnType<typeof spawn> | undefined;

  // Registered before startCluster so that cluster.ts leaves shutdown to us; its
  // 'exit' hook still removes the cluster should we die before destroy() finishes.
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal means "now": process.exit still runs cluster.ts's synchronous 'exit' cleanup.
    if (shuttingDown) process.exit(128 + constants.signals[signal]);
    shuttingDown = true;
    if (child && child.exitCode === null) child.kill(signal);
    else void (cluster?.destroy() ?? Promise.resolve()).finally(() => process.exit(128 + constants.signals[signal]));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await provideSystemPackages();
  } catch (err) {
    const what = err instanceof MissingDebianPackagesError ? '' : 'could not install the system packages the tests need:\n';
    process.stderr.write(`tilery tests: ${what}${(err as Error).message}\n`);
    return 1;
  }
  if (shuttingDown) return 130;

  try {
    cluster = await provideServer();
  } catch (err) {
    process.stderr.write(`tilery tests: could not provide a PostGIS server:\n${(err as Error).message}\n`);
    return 1;
  }
  if (shuttingDown) {
    await cluster?.destroy();
    return 130;
  }

  try {
    const args = await testArgs(process.argv.slice(2));
    child = spawn(process.execPath, args, { stdio: 'inherit', env: process.env, cwd: process.cwd() });
    const running = child;
    return await new Promise<number>((resolveExit, reject) => {
      running.on('error', reject);
      running.on('exit', (code, signal) => resolveExit(exitCodeOf(code, signal)));
    });
  } catch (err) {
    process.stderr.write(`tilery tests: could not run node --test: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await cluster?.destroy().catch((err: Error) => {
      process.stderr.write(`tilery tests: cluster cleanup failed: ${err.message}\n`);
    });
  }
}

process.exit(await main());
