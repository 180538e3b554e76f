import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';

export const PG_MAJOR = 15;
export const PG_BIN = `/usr/lib/postgresql/${PG_MAJOR}/bin`;
export const POSTGIS_CONTROL = `/usr/share/postgresql/${PG_MAJOR}/extension/postgis.control`;

const PACKAGES = [`postgresql-${PG_MAJOR}`, `postgresql-${PG_MAJOR}-postgis-3`];

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function missingPieces(): Promise<string[]> {
  const missing: string[] = [];
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!(await exists(join(PG_BIN, bin)))) missing.push(join(PG_BIN, bin));
  }
  if (!(await exists(POSTGIS_CONTROL))) missing.push(POSTGIS_CONTROL);
  return missing;
}

/** Runs a command with its output sent to our stderr (stdout would mix with test output). */
function runToStderr(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function aptInstall(): Promise<void> {
  // Wait for a concurrent dpkg/apt run instead of failing on the lock.
  const install = ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...PACKAGES];
  process.stderr.write(`tilery test harness: installing ${PACKAGES.join(' ')}\n`);
  if ((await runToStderr('apt-get', install)) === 0) return;
  // Most likely stale or absent package lists: refresh once and retry.
  process.stderr.write('tilery test harness: install failed, running apt-get update and retrying\n');
  if ((await runToStderr('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'])) !== 0) {
    throw new Error('apt-get update failed');
  }
  if ((await runToStderr('apt-get', install)) !== 0) {
    throw new Error(`apt-get install ${PACKAGES.join(' ')} failed`);
  }
}

/**
 * Makes sure a PostgreSQL 15 server with PostGIS is installed locally, installing it
 * with apt when running as root.
 */
export async function ensurePostgis(): Promise<void> {
  const missing = await missingPieces();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `PostgreSQL ${PG_MAJOR} with PostGIS is required for the tests (missing: ${missing.join(', ')}).\n` +
        `Install it with: apt-get install ${PACKAGES.join(' ')}\n` +
        'or set TILERY_TEST_DATABASE_URL to the superuser URL of an existing PostGIS server.',
    );
  }
  await aptInstall();
  const stillMissing = await missingPieces();
  if (stillMissing.length > 0) {
    throw new Error(`still missing after apt-get install: ${stillMissing.join(', ')}`);
  }
}
