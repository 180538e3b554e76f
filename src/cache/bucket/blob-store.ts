/**
 * A small interface over object storage: what the bucket tile cache needs from S3-compatible
 * storage or a local directory, and nothing more. Keys are `/`-separated paths without empty,
 * `.` or `..` segments, so no key can leave its bucket or directory.
 */

export interface BlobPutOptions {
  readonly contentType: string;
  readonly cacheControl: string;
}

export interface StoredBlob {
  readonly bytes: Buffer;
  readonly lastModified: Date;
}

export interface BlobInfo {
  readonly lastModified: Date;
}

export interface BlobStore {
  /** Where the objects live, for messages: `s3://bucket` or `file:///dir`. */
  readonly location: string;
  /** Store (replacing) an object. */
  put(key: string, bytes: Buffer, options: BlobPutOptions): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredBlob | null>;
  /** The object's metadata, or null when there is none. */
  head(key: string): Promise<BlobInfo | null>;
  /** Delete objects (absent ones are no error), in as few requests as the store allows. */
  delete(keys: readonly string[]): Promise<void>;
  /** Every key starting with `prefix`. */
  list(prefix: string): AsyncIterable<string>;
  /** A URL anyone can GET the object from until it expires (stores that can sign only). */
  signedGetUrl?(key: string, expiresSeconds: number): Promise<string>;
  close?(): Promise<void>;
}

/** S3's limit on key length, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/** Throws unless `key` is a relative `/`-separated path of non-empty segments other than `.` and `..`. */
export function assertSafeKey(key: string): void {
  if (key === '') throw new Error('object key is empty');
  checkSegments(key.split('/'), key);
}

/** Like assertSafeKey, for a listing prefix: empty, or ending with `/`, is allowed. */
export function assertSafePrefix(prefix: string): void {
  if (prefix === '') return;
  const segments = prefix.split('/');
  if (segments[segments.length - 1] === '') segments.pop();
  checkSegments(segments, prefix);
}

function checkSegments(segments: readonly string[], key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new Error(`object key is longer than ${MAX_KEY_BYTES} bytes: ${key.slice(0, 80)}…`);
  if (/[\\\0]/.test(key)) throw new Error(`object key contains "\\" or NUL: ${JSON.stringify(key)}`);
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new Error(`object key has an empty, "." or ".." segment: ${JSON.stringify(key)}`);
    }
  }
}
