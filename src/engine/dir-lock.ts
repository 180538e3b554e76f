import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Claim a database directory for this process: two processes opening one embedded database
 * would corrupt it. A lock left by a process that is gone is taken over. Returns the release.
 */
export function lockDirectory(dir: string): () => void {
  const file = join(dir, 'tilery.lock');
  const mine = String(process.pid);
  try {
    writeFileSync(file, mine, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (holder !== process.pid && isAlive(holder)) {
      throw new Error(`the embedded database in ${dir} is in use by process ${holder} (another tilery); stop it, or give this one another directory (TILERY_DATA_DIR)`);
    }
    writeFileSync(file, mine);
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === mine) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
