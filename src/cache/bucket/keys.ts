import type { CacheKey } from '../provider.ts';

/**
 * One key segment: encodeURIComponent, plus `~` (which separates the parameter hash), so
 * neither `/`, `,` nor `~` can appear inside an encoded id.
 */
export function encodeKeySegment(value: string): string {
  return encodeURIComponent(value).replaceAll('~', '%7E');
}

/** `{ids joined by ","}` and, when there is one, `~{paramHash}`. */
export function collectionSegment(key: Pick<CacheKey, 'collections' | 'paramHash'>): string {
  if (key.collections.length === 0) throw new Error('a cache key without collections has no object key');
  const ids = key.collections.map(encodeKeySegment).join(',');
  return key.paramHash === null ? ids : `${ids}~${encodeKeySegment(key.paramHash)}`;
}

/** The collection ids a collection segment names; null when it is not one. */
export function parseCollectionSegment(segment: string): string[] | null {
  const cut = segment.indexOf('~');
  const idsPart = cut < 0 ? segment : segment.slice(0, cut);
  if (idsPart === '') return null;
  try {
    const ids = idsPart.split(',').map((id) => decodeURIComponent(id));
    return ids.some((id) => id === '') ? null : ids;
  } catch {
    return null;
  }
}

/** `keyPrefix` without leading and trailing slashes. */
export function normalizeKeyPrefix(keyPrefix: string): string {
  return keyPrefix.replace(/^\/+|\/+$/g, '');
}

/**
 * The object key of a tile below the store's prefix:
 * `{keyPrefix}/{collection segment}/{tmsId}/{z}/{x}/{y}.{format}`; the collection segment is
 * the collection id of a single-collection tile without parameters, else the ids joined by
 * "," followed by "~" and the parameter hash.
 */
export function bucketObjectKey(keyPrefix: string, key: CacheKey): string {
  const tile = `${collectionSegment(key)}/${encodeKeySegment(key.tmsId)}/${key.z}/${key.x}/${key.y}.${encodeKeySegment(key.format)}`;
  const prefix = normalizeKeyPrefix(keyPrefix);
  return prefix === '' ? tile : `${prefix}/${tile}`;
}

const NUMBER = /^\d+$/;

/**
 * The collection ids of a tile object key found below `root` (a listing prefix ending in "/"),
 * or null when the key does not have the shape of a tile key (other objects are never touched).
 */
export function tileKeyCollections(root: string, objectKey: string): string[] | null {
  if (!objectKey.startsWith(root)) return null;
  const parts = objectKey.slice(root.length).split('/');
  if (parts.length !== 5) return null;
  const [segment, tms, z, x, file] = parts;
  const dot = file.indexOf('.');
  if (tms === '' || !NUMBER.test(z) || !NUMBER.test(x) || dot < 1 || !NUMBER.test(file.slice(0, dot)) || dot === file.length - 1) return null;
  return parseCollectionSegment(segment);
}
