import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertSafeKey, assertSafePrefix, type BlobInfo, type BlobStore, type StoredBlob } from './blob-store.ts';

/** Temporary files of writes in progress start with this; listings skip them. */
const TEMP_PREFIX = '.tilery-tmp-';
/** Files unlinked at once by delete(). */
const DELETE_CONCURRENCY = 64;

function errorCode(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}

/**
 * Objects as files `<directory>/<key>`. Writes go to a temporary file in the same directory
 * and are renamed over the target, so a reader sees the old or the new bytes, never a part.
 * The modification time is the object's lastModified. A file has no headers: content type
 * and Cache-Control are not kept, and there are no signed URLs.
 */
export function createDirectoryBlobStore(options: { directory: string }): BlobStore {
  const root = resolve(options.directory);

  function pathOf(key: string): string {
    assertSafeKey(key);
    const path = join(root, ...key.split('/'));
    if (!path.startsWith(root + sep)) throw new Error(`object key leaves the directory: ${JSON.stringify(key)}`);
    return path;
  }

  async function* walk(dir: string, keyPrefix: string): AsyncGenerator<string> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return;
      throw err;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_PREFIX)) continue;
      if (entry.isDirectory()) yield* walk(join(dir, entry.name), `${keyPrefix}${entry.name}/`);
      else if (entry.isFile()) yield `${keyPrefix}${entry.name}`;
    }
  }

  return {
    location: pathToFileURL(root).href,

    async put(key, bytes) {
      const path = pathOf(key);
      const dir = dirname(path);
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomUUID()}`);
      try {
        await writeFile(temp, bytes, { flag: 'wx' });
        await rename(temp, path);
      } catch (err) {
        await unlink(temp).catch(() => {});
        throw err;
      }
    },

    async get(key): Promise<StoredBlob | null> {
      const path = pathOf(key);
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (err) {
        if (errorCode(err) === 'ENOENT') return null;
        throw err;
      }
      try {
        const info = await handle.stat();
        if (!info.isFile()) return null;
        return { bytes: await handle.readFile(), lastModified: info.mtime };
      } finally {
        await handle.close();
      }
    },

    async head(key): Promise<BlobInfo | null> {
      const path = pathOf(key);
      try {
        const info = await stat(path);
        return info.isFile() ? { lastModified: info.mtime } : null;
      } catch (err) {
        if (errorCode(err) === 'ENOENT') return null;
        throw err;
      }
    },

    async delete(keys) {
      const paths = keys.map(pathOf);
      for (let i = 0; i < paths.length; i += DELETE_CONCURRENCY) {
        await Promise.all(
          paths.slice(i, i + DELETE_CONCURRENCY).map((path) =>
            unlink(path).catch((err: unknown) => {
              if (errorCode(err) !== 'ENOENT') throw err;
            }),
          ),
        );
      }
    },

    async *list(prefix) {
      assertSafePrefix(prefix);
      // Walk the deepest directory the prefix names, and keep the keys that start with it.
      const cut = prefix.lastIndexOf('/');
      const dirKey = cut < 0 ? '' : prefix.slice(0, cut + 1);
      const dir = dirKey === '' ? root : join(root, ...dirKey.slice(0, -1).split('/'));
      for await (const key of walk(dir, dirKey)) {
        if (key.startsWith(prefix)) yield key;
      }
    },
  };
}
