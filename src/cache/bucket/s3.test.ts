import { createHash, createHmac } from 'node:crypto';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3, type TestS3 } from '../../../test/helpers/s3.ts';
import { collect, contract, tile, tileKey, useBucketDatabase } from '../../../test/helpers/bucket-contract.ts';
import { bucketObjectKey, createBucketProvider, createS3BlobStore } from './index.ts';

const db = useBucketDatabase();

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Checks a presigned GET URL the way S3 does (SigV4, query string, host the only signed
 * header, unsigned payload): s3rver does not check SigV4 signatures itself.
 */
function verifyPresignedGet(url: string, credentials: { accessKeyId: string; secretAccessKey: string }, expires: number): boolean {
  const u = new URL(url);
  const q = u.searchParams;
  const [accessKeyId, date, region, service, terminator] = (q.get('X-Amz-Credential') ?? '').split('/');
  if (accessKeyId !== credentials.accessKeyId || terminator !== 'aws4_request') return false;
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || q.get('X-Amz-SignedHeaders') !== 'host') return false;
  if (q.get('X-Amz-Expires') !== String(expires)) return false;
  const amzDate = q.get('X-Amz-Date') ?? '';
  const query = [...q.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = ['GET', u.pathname, query, `host:${u.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key: Buffer = Buffer.from(`AWS4${credentials.secretAccessKey}`);
  for (const part of [date, region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(toSign).digest('hex') === q.get('X-Amz-Signature');
}

describe('bucket cache on S3 (s3rver)', () => {
  let s3: TestS3;
  before(async () => {
    s3 = await startS3();
  });
  after(async () => {
    await s3?.close();
  });

  contract(() => ({
    name: 's3',
    redirects: true,
    urlOf: (name) => `s3://${name}`,
    create: (name) => s3.bucket(name),
    connection: { endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials },
    async rawKeys(name) {
      const keys: string[] = [];
      for await (const page of paginateListObjectsV2({ client: s3.client }, { Bucket: name })) {
        for (const o of page.Contents ?? []) keys.push(o.Key!);
      }
      return keys.sort();
    },
    async storedHeaders(name, objectKey) {
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: name, Key: objectKey }));
      return { cacheControl: head.CacheControl, contentType: head.ContentType };
    },
    checkSignedUrl: (url, expires) => verifyPresignedGet(url, s3.credentials, expires),
    blobStore: (name) =>
      createS3BlobStore({ bucket: name, endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials, listPageSize: 10 }),
    async unreachable() {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return { url: 's3://tiles', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: s3.credentials };
    },
  }), db);

  it('lists in pages and deletes in DeleteObjects requests of at most 1000 keys', async () => {
    await s3.bucket('batches');
    const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { ...s3.credentials } });
    const deleteSizes: number[] = [];
    let listPages = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DeleteObjectsCommand') {
          deleteSizes.push((args.input as { Delete: { Objects: unknown[] } }).Delete.Objects.length);
        }
        if (context.commandName === 'ListObjectsV2Command') listPages++;
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = createS3BlobStore({ bucket: 'batches', client, listPageSize: 3 });
    const keys = Array.from({ length: 2500 }, (_, i) => `k/${i}`);
    await Promise.all(keys.slice(0, 10).map((Key) => s3.client.send(new PutObjectCommand({ Bucket: 'batches', Key, Body: 'x' }))));
    assert.equal((await collect(store.list('k/'))).length, 10);
    assert.equal(listPages, 4);
    await store.delete(keys);
    assert.deepEqual(deleteSizes, [1000, 1000, 500]);
    assert.deepEqual(await collect(store.list('k/')), []);
    await store.close?.();
    client.destroy();
  });

  it('a missing bucket rejects rather than missing', async () => {
    const provider = createBucketProvider({
      url: 's3://no-such-bucket',
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: s3.credentials,
      index: db.index,
      mode: 'proxy',
      redirectExpiresSeconds: 60,
      settings: () => ({ enabled: true, keyPrefix: 'tiles/collections', ttlSeconds: 60 }),
    });
    const key = tileKey({ collections: ['public.nowhere'] });
    await assert.rejects(provider.put(key, tile('x')), { name: 'NoSuchBucket' });
    await db.index.add('public', bucketObjectKey('tiles/collections', key), key, undefined, Date.now());
    await assert.rejects(provider.get(key), { name: 'NoSuchBucket' });
    await provider.close?.();
  });
});
