// Entry point of `npm test`: provides a PostGIS server (an existing one from
// TILERY_TEST_DATABASE_URL, or a throwaway local cluster) and runs node --test; then runs the
// route suite a second time on the embedded engine (PGlite), from template data directories
// prepared meanwhile. TILERY_TEST_ENGINE=pg or =pglite runs one engine only.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { mkdtemp, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from './cluster.ts';
import { startCluster } from './cluster.ts';
import { testEngineKind, type TestEngineKind } from './db.ts';
import { createPgliteTemplates, TEMPLATES_ENV } from './pglite.ts';
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

/**
 * The test files run a second time on the embedded engine: the route suite (the route families,
 * catalog discovery, CQL2, tile matrix sets, the L2 providers, freshness), the viewer, security
 * and operations, whose tests about PostgreSQL servers themselves skip themselves there (see
 * `postgresOnly`), and the embedded test databases' own tests.
 */
const EMBEDDED_FILES = [
  'test/cache-l2.test.ts',
  'test/cache.test.ts',
  'test/catalog.test.ts',
  'test/filters.test.ts',
  'test/freshness.test.ts',
  'test/freshness-bound.test.ts',
  'test/function-layers.test.ts',
  'test/harness/pglite.test.ts',
  'test/ogc.test.ts',
  'test/operations.test.ts',
  'test/projections.test.ts',
  'test/security.test.ts',
  'test/temporal.test.ts',
  'test/tiles-dataset.test.ts',
  'test/tiles-pgtileserv.test.ts',
  'test/tiles-tms.test.ts',
  'test/viewer.test.ts',
].map((f) => join(repoRoot, f));

interface TestRun {
  flags: string[];
  /** The test files of each engine (the embedded one runs those of EMBEDDED_FILES only). */
  files: Record<TestEngineKind, string[]>;
}

/** Flags (use the --flag=value form) pass through to node --test; without file args, all tests run. */
async function testRun(cliArgs: string[]): Promise<TestRun> {
  const flags = cliArgs.filter((a) => a.startsWith('-'));
  const given = cliArgs.filter((a) => !a.startsWith('-'));
  const files = given.length ? given : await defaultTestFiles();
  const engines: TestEngineKind[] = process.env.TILERY_TEST_ENGINE ? [testEngineKind()] : ['pg', 'pglite'];
  return {
    flags,
    files: {
      pg: engines.includes('pg') ? files : [],
      pglite: engines.includes('pglite') ? files.filter((f) => EMBEDDED_FILES.includes(resolve(f))) : [],
    },
  };
}

/** The embedded engine's template data directories, made while the PostgreSQL run goes on. */
interface Templates {
  root: string;
  ready: Promise<number>;
}

async function prepareTemplates(): Promise<Templates> {
  const root = await mkdtemp(join(tmpdir(), 'tilery-pglite-templates-'));
  const started = Date.now();
  const ready = createPgliteTemplates(root).then(() => Date.now() - started);
  ready.catch(() => {});
  return { root, ready };
}

function runNodeTest(args: string[], env: NodeJS.ProcessEnv, onChild: (child: ReturnType<typeof spawn>) => void): Promise<number> {
  const child = spawn(process.execPath, args, { stdio: 'inherit', env, cwd: process.cwd() });
  onChild(child);
  return new Promise<number>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveExit(exitCodeOf(code, signal)));
  });
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
  let templates: Templates | undefined;
  let shuttingDown = false;
  let child: ReturnType<typeof spawn> | undefined;
  const run = await testRun(process.argv.slice(2));
  const onPg = run.files.pg.length > 0;
  const onPglite = run.files.pglite.length > 0;
  // the templates die with the run, however it ends
  process.on('exit', () => {
    if (templates) rmSync(templates.root, { recursive: true, force: true });
  });

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

  if (!onPg && !onPglite) {
    process.stderr.write('tilery tests: none of these files runs on the embedded engine (see EMBEDDED_FILES in test/harness/run.ts)\n');
    return 1;
  }
  if (onPglite) templates = await prepareTemplates();
  if (!onPg) return runOnPglite();

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

  let pgCode: number;
  try {
    const env = { ...process.env, TILERY_TEST_ENGINE: 'pg' };
    pgCode = await runNodeTest(['--test', '--test-concurrency=2', ...run.flags, ...run.files.pg], env, (c) => (child = c));
  } catch (err) {
    process.stderr.write(`tilery tests: could not run node --test: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await cluster?.destroy().catch((err: Error) => {
      process.stderr.write(`tilery tests: cluster cleanup failed: ${err.message}\n`);
    });
  }
  if (!onPglite || shuttingDown) return pgCode;
  const pgliteCode = await runOnPglite();
  process.stderr.write(`tilery tests: PostgreSQL run ${pgCode === 0 ? 'passed' : `failed (${pgCode})`}, embedded run ${pgliteCode === 0 ? 'passed' : `failed (${pgliteCode})`}\n`);
  return pgCode || pgliteCode;

  /** The route suite on the embedded engine, each database a copy of a template. */
  async function runOnPglite(): Promise<number> {
    try {
      const ms = await templates!.ready;
      process.stderr.write(`tilery tests: route suite on the embedded engine (PGlite), templates in ${templates!.root} (made in ${ms} ms)\n`);
    } catch (err) {
      process.stderr.write(`tilery tests: could not prepare the embedded database templates:\n${(err as Error).message}\n`);
      return 1;
    }
    if (shuttingDown) return 130;
    try {
      const env = { ...process.env, TILERY_TEST_ENGINE: 'pglite', [TEMPLATES_ENV]: templates!.root };
      return await runNodeTest(['--test', '--test-concurrency=2', ...run.flags, ...run.files.pglite], env, (c) => (child = c));
    } catch (err) {
      process.stderr.write(`tilery tests: could not run node --test: ${(err as Error).message}\n`);
      return 1;
    }
  }
}

process.exit(await main());
