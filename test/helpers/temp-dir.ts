import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

/**
 * A temporary directory for the tests of the enclosing suite (or file): made before them,
 * removed with what they left in it after. Call the returned function for its path.
 */
export function tempDirForSuite(prefix: string): () => string {
  let dir: string | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined) throw new Error(`the temporary directory ${prefix}… is there only while the tests run`);
    return dir;
  };
}
