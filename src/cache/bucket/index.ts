/**
 * The `bucket` L2 tile cache: tiles as objects in S3-compatible storage or a local
 * directory, under `{prefix}/{keyPrefix}/{collection segment}/{tmsId}/{z}/{x}/{y}.{format}`.
 */
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CacheKey, CachedTile, RedirectTarget, Sweeper, TileCacheProvider } from '../provider.ts';
import type { BucketIndex } from './db-index.ts';
import { assertSafePrefix, type BlobStore } from './blob-store.ts';
import { createDirectoryBlobStore } from './directory.ts';
import { bucketObjectKey, encodeKeySegment, normalizeKeyPrefix } from './keys.ts';
import { createS3BlobStore, createS3Client, MAX_SIGNED_URL_SECONDS, type S3Credentials } from './s3.ts';

export type { BlobStore, BlobInfo, BlobPutOptions, StoredBlob } from './blob-store.ts';
export { createDirectoryBlobStore } from './directory.ts';
export { createS3BlobStore, createS3Client, type S3BlobStoreOptions, type S3ClientOptions, type S3Credentials } from './s3.ts';
export { bucketObjectKey, parseCollectionSegment } from './keys.ts';

/** The runtime settings (`tiles_caching_config`), read on every operation. */
export interface BucketCacheSettings {
  readonly enabled: boolean;
  readonly keyPrefix: string;
  readonly ttlSeconds: number;
}

export interface BucketProviderOptions {
  /**
   * `s3://bucket[/prefix]` or `file:///dir`. `{catalog}` in the bucket name, the prefix or the
   * directory gives each catalog its own.
   */
  readonly url: string;
  /** S3-compatible endpoint (MinIO, GCS interoperability, …); absent: AWS. */
  readonly endpoint?: string | null;
  readonly region?: string;
  readonly forcePathStyle?: boolean;
  /** `proxy`: answer with the bytes; `redirect`: with a signed URL (S3 only; a directory proxies). */
  readonly mode: 'proxy' | 'redirect';
  readonly redirectExpiresSeconds: number;
  /** The settings in force, for a tile of zoom `z` (TTLs may differ by zoom). */
  readonly settings: (z?: number) => BucketCacheSettings;
  /**
   * The objects listed in the database: a read checks its row (so that a retirement takes effect
   * at commit), and the retired objects are deleted from there (`sweep`).
   */
  readonly index: BucketIndex;
  /** Explicit S3 credentials (tests); absent: the SDK's default chain. */
  readonly credentials?: S3Credentials;
}

export const TILE_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';
const CATALOG = '{catalog}';
/** Keys handed to BlobStore.delete at once, and retired objects taken per sweep. */
const DELETE_BATCH = 1000;

type Location =
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'file'; readonly directory: string };

const S3_URL = /^s3:\/\/([^/?#]+)(?:\/([^?#]*))?$/;

/** The parts of a bucket URL (still holding any `{catalog}`); throws on anything else. */
export function parseBucketUrl(url: string): Location {
  const s3 = S3_URL.exec(url);
  if (s3) {
    const prefix = normalizeKeyPrefix(s3[2] ?? '');
    if (prefix !== '') assertSafePrefix(`${prefix}/`);
    return { kind: 's3', bucket: s3[1], prefix };
  }
  if (url.startsWith('file:')) {
    let directory: string;
    try {
      directory = fileURLToPath(url);
    } catch (err) {
      throw new Error(`bucket url ${url}: ${(err as Error).message}`, { cause: err });
    }
    return { kind: 'file', directory };
  }
  throw new Error(`bucket url must be s3://bucket[/prefix] or file:///directory, not ${JSON.stringify(url)}`);
}

/**
 * A catalog as part of a bucket name: S3 bucket names are lowercase letters, digits, "." and
 * "-". Two catalogs may map to one bucket ("Sales_EU", "sales-eu"): their keys still differ,
 * as every collection id starts with its catalog, and deletions match whole ids.
 */
function bucketNamePart(catalog: string): string {
  return catalog.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}

function locationFor(template: Location, catalog: string | null): Location {
  if (catalog === null) return template;
  if (catalog === '' || catalog === '.' || catalog === '..') throw new Error(`catalog ${JSON.stringify(catalog)} cannot name a bucket or directory`);
  const segment = encodeKeySegment(catalog);
  if (template.kind === 's3') {
    return {
      kind: 's3',
      bucket: template.bucket.replaceAll(CATALOG, bucketNamePart(catalog)),
      prefix: template.prefix.replaceAll(CATALOG, segment),
    };
  }
  return { kind: 'file', directory: template.directory.replaceAll(CATALOG, segment) };
}

function joinKey(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

export function createBucketProvider(options: BucketProviderOptions): TileCacheProvider & Sweeper {
  const template = parseBucketUrl(options.url);
  // Checked on the parsed URL: a file URL may spell the braces %7B %7D.
  const perCatalog =
    template.kind === 's3' ? template.bucket.includes(CATALOG) || template.prefix.includes(CATALOG) : template.directory.includes(CATALOG);
  const { mode, redirectExpiresSeconds } = options;
  if (mode !== 'proxy' && mode !== 'redirect') throw new Error(`bucket mode must be "proxy" or "redirect", not ${JSON.stringify(mode)}`);
  if (mode === 'redirect' && (!Number.isInteger(redirectExpiresSeconds) || redirectExpiresSeconds < 1 || redirectExpiresSeconds > MAX_SIGNED_URL_SECONDS)) {
    throw new Error(`bucket redirect lifetime must be 1 to ${MAX_SIGNED_URL_SECONDS} seconds, not ${redirectExpiresSeconds}`);
  }

  let client: S3Client | null = null;
  const stores = new Map<string, { store: BlobStore; prefix: string }>();

  /** The store (and key prefix in it) of a catalog; `catalog` is ignored without "{catalog}". */
  function storeOf(catalog: string): { store: BlobStore; prefix: string } {
    const location = locationFor(template, perCatalog ? catalog : null);
    const id = location.kind === 's3' ? `s3://${location.bucket}/${location.prefix}` : location.directory;
    let entry = stores.get(id);
    if (!entry) {
      if (location.kind === 's3') {
        client ??= createS3Client({
          endpoint: options.endpoint,
          region: options.region,
          forcePathStyle: options.forcePathStyle,
          credentials: options.credentials,
        });
        entry = { store: createS3BlobStore({ bucket: location.bucket, client }), prefix: location.prefix };
      } else {
        entry = { store: createDirectoryBlobStore({ directory: location.directory }), prefix: '' };
      }
      stores.set(id, entry);
    }
    return entry;
  }

  /**
   * Where a tile lives; null when it cannot live anywhere: with one bucket per catalog, a tile
   * mixing catalogs would escape the other catalogs' deletions, so it is not cached.
   */
  function placeOf(key: CacheKey, keyPrefix: string): { store: BlobStore; objectKey: string } | null {
    if (key.catalogs.length === 0) throw new Error(`cache key ${key.id} names no catalog`);
    if (perCatalog && new Set(key.catalogs).size > 1) return null;
    const { store, prefix } = storeOf(key.catalogs[0]);
    return { store, objectKey: joinKey(prefix, bucketObjectKey(keyPrefix, key)) };
  }

  function isFresh(lastModified: Date, ttlSeconds: number): boolean {
    return Date.now() - lastModified.getTime() <= ttlSeconds * 1000;
  }

  const { index } = options;

  return {
    name: 'bucket',

    async get(key): Promise<CachedTile | RedirectTarget | null> {
      const settings = options.settings(key.z);
      if (!settings.enabled) return null;
      const place = placeOf(key, settings.keyPrefix);
      if (!place) return null;
      const { store, objectKey } = place;
      const listed = await index.generatedAt(key.catalogs[0], objectKey);
      if (listed === null) return null;
      const generatedAt = listed || undefined;
      if (mode === 'redirect' && store.signedGetUrl) {
        const info = await store.head(objectKey);
        if (!info || !isFresh(info.lastModified, settings.ttlSeconds)) return null;
        return { redirect: await store.signedGetUrl(objectKey, redirectExpiresSeconds), generatedAt };
      }
      const blob = await store.get(objectKey);
      if (!blob || !isFresh(blob.lastModified, settings.ttlSeconds)) return null;
      return { bytes: blob.bytes, generatedAt };
    },

    async put(key, tile) {
      const settings = options.settings(key.z);
      if (!settings.enabled) return;
      const place = placeOf(key, settings.keyPrefix);
      if (!place) return;
      await place.store.put(place.objectKey, tile.bytes, {
        contentType: TILE_CONTENT_TYPE,
        cacheControl: `public, max-age=${settings.ttlSeconds}`,
      });
      // The object counts once its row is written; a retirement the tile did not see refuses it.
      if (!(await index.add(key.catalogs[0], place.objectKey, key, tile.epoch, tile.generatedAt ?? Date.now()))) await place.store.delete([place.objectKey]);
    },

    async sweep() {
      const taken = await index.garbage(DELETE_BATCH);
      const byCatalog = new Map<string, string[]>();
      for (const { catalog, objectKey } of taken) byCatalog.set(catalog, [...(byCatalog.get(catalog) ?? []), objectKey]);
      for (const [catalog, keys] of byCatalog) await storeOf(catalog).store.delete(keys);
      return taken.length;
    },

    async close() {
      const all = [...stores.values()];
      stores.clear();
      await Promise.all(all.map(({ store }) => store.close?.()));
      client?.destroy();
      client = null;
    },
  };
}
