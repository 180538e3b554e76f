import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { assertSafeKey, assertSafePrefix, type BlobInfo, type BlobStore, type StoredBlob } from './blob-store.ts';

/** Keys per DeleteObjects request (the S3 maximum). */
const DELETE_BATCH = 1000;
/** DeleteObject requests at once where DeleteObjects is not implemented. */
const SINGLE_DELETE_CONCURRENCY = 16;
/** The longest validity of a SigV4 presigned URL. */
export const MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600;

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface S3ClientOptions {
  /** Another S3-compatible service (MinIO, GCS interoperability `https://storage.googleapis.com`, …). */
  readonly endpoint?: string | null;
  /** Absent: the SDK's chain (AWS_REGION, the profile); with an endpoint, `us-east-1` when none is found. */
  readonly region?: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO, s3rver). */
  readonly forcePathStyle?: boolean;
  /** Explicit credentials (tests); absent: the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, IMDS, …). */
  readonly credentials?: S3Credentials;
}

export interface S3BlobStoreOptions extends S3ClientOptions {
  readonly bucket: string;
  /** A client to share (its owner destroys it); absent: the store makes and owns one. */
  readonly client?: S3Client;
  /** Keys per ListObjectsV2 page (default and S3's maximum: 1000). */
  readonly listPageSize?: number;
}

export function createS3Client(options: S3ClientOptions): S3Client {
  const endpoint = options.endpoint ?? undefined;
  const region =
    options.region ?? (endpoint !== undefined ? (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1') : undefined);
  return new S3Client({
    ...(region !== undefined ? { region } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    // A copy: the SDK writes into the credentials object it is given.
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    // Third-party S3 services often reject the SDK's default CRC checksums (aws-chunked
    // trailers, x-amz-checksum-* headers): with an endpoint, send them only where required.
    ...(endpoint !== undefined ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    // The SDK waits forever by default; a cache must fail fast instead.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  });
}

interface S3ErrorLike {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

function isNotFound(err: unknown): boolean {
  const e = err as S3ErrorLike | null;
  if (!e) return false;
  if (e.name === 'NoSuchBucket') return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

function isNotImplemented(err: unknown): boolean {
  const e = err as S3ErrorLike | null;
  return e?.name === 'NotImplemented' || e?.Code === 'NotImplemented' || e?.$metadata?.httpStatusCode === 501;
}

/** Objects in one S3 bucket. */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const bucket = options.bucket;
  const ownsClient = options.client === undefined;
  const client = options.client ?? createS3Client(options);
  // GCS's interoperability API long answered DeleteObjects with NotImplemented.
  let multiDelete = true;

  async function deleteOneByOne(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += SINGLE_DELETE_CONCURRENCY) {
      await Promise.all(
        keys.slice(i, i + SINGLE_DELETE_CONCURRENCY).map((Key) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key }))),
      );
    }
  }

  async function deleteBatch(keys: readonly string[]): Promise<void> {
    if (!multiDelete) return deleteOneByOne(keys);
    let out;
    try {
      out = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
      );
    } catch (err) {
      if (!isNotImplemented(err)) throw err;
      multiDelete = false;
      return deleteOneByOne(keys);
    }
    const errors = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
    if (errors.length > 0) {
      const first = errors[0];
      throw new Error(
        `s3://${bucket}: ${errors.length} of ${keys.length} objects were not deleted (first: ${first.Key}: ${first.Code} ${first.Message ?? ''})`.trim(),
      );
    }
  }

  return {
    location: `s3://${bucket}`,

    async put(key, bytes, { contentType, cacheControl }) {
      assertSafeKey(key);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: contentType,
          CacheControl: cacheControl,
        }),
      );
    },

    async get(key): Promise<StoredBlob | null> {
      assertSafeKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
        return {
          bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
          // Without Last-Modified the age is unknown: old enough to be a miss.
          lastModified: out.LastModified ?? new Date(0),
        };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    async head(key): Promise<BlobInfo | null> {
      assertSafeKey(key);
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { lastModified: out.LastModified ?? new Date(0) };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    async delete(keys) {
      for (const key of keys) assertSafeKey(key);
      for (let i = 0; i < keys.length; i += DELETE_BATCH) await deleteBatch(keys.slice(i, i + DELETE_BATCH));
    },

    async *list(prefix) {
      assertSafePrefix(prefix);
      const pageSize = options.listPageSize;
      for await (const page of paginateListObjectsV2({ client, ...(pageSize ? { pageSize } : {}) }, { Bucket: bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) if (object.Key !== undefined) yield object.Key;
      }
    },

    async signedGetUrl(key, expiresSeconds) {
      assertSafeKey(key);
      if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_SIGNED_URL_SECONDS) {
        throw new RangeError(`signed URL lifetime must be 1 to ${MAX_SIGNED_URL_SECONDS} seconds, not ${expiresSeconds}`);
      }
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresSeconds });
    },

    async close() {
      if (ownsClient) client.destroy();
    },
  };
}
