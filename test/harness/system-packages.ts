// Debian packages the tests need (PostgreSQL/PostGIS, Chromium, GDAL): installed with apt-get
// when missing and the run is root, otherwise a clear message saying what to install.
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';

export interface DebianPackage {
  /** Debian package name, e.g. `gdal-bin`. */
  pkg: string;
  /** Absolute path whose existence means the package is installed, e.g. `/usr/bin/ogrinfo`. */
  probe: string;
  /** What the tests use it for, shown in messages. */
  purpose: string;
}

/** Thrown when packages are missing and cannot be installed (not root); the message says what to do. */
export class MissingDebianPackagesError extends Error {
  readonly missing: DebianPackage[];
  constructor(missing: DebianPackage[], message: string) {
    super(message);
    this.name = 'MissingDebianPackagesError';
    this.missing = missing;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

/** The entries whose probe path does not exist. */
export async function missingDebianPackages(packages: DebianPackage[]): Promise<DebianPackage[]> {
  const missing: DebianPackage[] = [];
  for (const p of packages) if (!(await exists(p.probe))) missing.push(p);
  return missing;
}

function describe(missing: DebianPackage[]): string {
  // One line per package, with every missing probe of that package.
  const lines: string[] = [];
  for (const pkg of unique(missing.map((m) => m.pkg))) {
    const entries = missing.filter((m) => m.pkg === pkg);
    const purposes = unique(entries.map((m) => m.purpose)).join('; ');
    lines.push(`  ${pkg}: ${purposes} (missing ${entries.map((m) => m.probe).join(', ')})`);
  }
  return lines.join('\n');
}

/** Runs a command with its output sent to our stderr (stdout would mix with test output). */
function runToStderr(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new Error(`${cmd} not found: is this a Debian system?`) : err),
    );
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// Wait for a concurrent dpkg/apt run (e.g. a background install) instead of failing on its lock.
const LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=600'];

async function aptInstall(pkgs: string[]): Promise<void> {
  const install = [...LOCK_WAIT, 'install', '-y', '--no-install-recommends', ...pkgs];
  process.stderr.write(`tilery test harness: installing ${pkgs.join(' ')}\n`);
  if ((await runToStderr('apt-get', install)) === 0) return;
  // Most likely stale or absent package lists: refresh once and retry.
  process.stderr.write('tilery test harness: install failed, running apt-get update and retrying\n');
  if ((await runToStderr('apt-get', [...LOCK_WAIT, 'update'])) !== 0) {
    throw new Error('apt-get update failed');
  }
  if ((await runToStderr('apt-get', install)) !== 0) {
    throw new Error(`apt-get install ${pkgs.join(' ')} failed`);
  }
}

export interface EnsureOptions {
  /** Appended to the message when packages are missing and the run is not root. */
  hint?: string;
}

/**
 * Makes sure every package is installed (its probe path exists). Missing ones are installed
 * with a single `apt-get install` when running as root; otherwise this throws a
 * MissingDebianPackagesError whose message lists them and the command that installs them.
 */
export async function ensureDebianPackages(packages: DebianPackage[], opts: EnsureOptions = {}): Promise<void> {
  const missing = await missingDebianPackages(packages);
  if (missing.length === 0) return;
  const pkgs = unique(missing.map((m) => m.pkg));
  if (process.getuid?.() !== 0) {
    throw new MissingDebianPackagesError(
      missing,
      `The tests need Debian packages that are not installed:\n${describe(missing)}\n` +
        `Install them as root with: apt-get install --no-install-recommends ${pkgs.join(' ')}` +
        (opts.hint ? `\n${opts.hint}` : ''),
    );
  }
  await aptInstall(pkgs);
  const stillMissing = await missingDebianPackages(missing);
  if (stillMissing.length > 0) {
    throw new Error(`still missing after apt-get install ${pkgs.join(' ')}:\n${describe(stillMissing)}`);
  }
}

/** ensureDebianPackages for one package. */
export async function ensureDebianPackage(opts: DebianPackage & EnsureOptions): Promise<void> {
  const { hint, ...pkg } = opts;
  await ensureDebianPackages([pkg], { hint });
}

/** Third-party clients the tests drive against tilery. */
export const TEST_TOOL_PACKAGES: DebianPackage[] = [
  { pkg: 'chromium', probe: '/usr/bin/chromium', purpose: 'headless browser for the OpenLayers client tests' },
  { pkg: 'gdal-bin', probe: '/usr/bin/ogrinfo', purpose: 'ogrinfo, to read tiles and OGC API responses with GDAL' },
];
