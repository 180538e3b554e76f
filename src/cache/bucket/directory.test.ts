import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { collect, contract, MVT, useBucketDatabase } from '../../../test/helpers/bucket-contract.ts';
import { tempDirForSuite } from '../../../test/helpers/temp-dir.ts';
import { createDirectoryBlobStore } from './index.ts';

const db = useBucketDatabase();

describe('bucket cache in a directory', () => {
  const root = tempDirForSuite('tilery-dir-');

  contract(() => ({
    name: 'directory',
    redirects: false,
    urlOf: (name) => pathToFileURL(join(root(), name)).href,
    create: async (name) => {
      await mkdir(join(root(), name), { recursive: true });
    },
    connection: {},
    async rawKeys(name) {
      const dir = join(root(), name);
      let entries;
      try {
        entries = await readdir(dir, { recursive: true, withFileTypes: true });
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return [];
        throw err;
      }
      return entries
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
        .sort();
    },
    storedHeaders: async () => undefined,
    blobStore: (name) => createDirectoryBlobStore({ directory: join(root(), name) }),
    async unreachable() {
      const blocker = join(root(), `blocker-${process.pid}`);
      await writeFile(blocker, 'a file where a directory should be');
      return { url: pathToFileURL(join(blocker, 'tiles')).href };
    },
  }), db);

  it('writes atomically: no temporary files are left or listed', async () => {
    const dir = join(root(), 'atomic');
    const store = createDirectoryBlobStore({ directory: dir });
    const options = { contentType: MVT, cacheControl: 'no-cache' };
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put('a/b', Buffer.alloc(50_000, i), options)));
    const got = await store.get('a/b');
    assert.ok(got);
    assert.equal(got.bytes.length, 50_000);
    assert.equal(new Set(got.bytes).size, 1, 'one whole write, not a mix');
    assert.deepEqual(await readdir(join(dir, 'a')), ['b']);
    assert.deepEqual(await collect(store.list('')), ['a/b']);
  });
});
