import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tileKey } from '../../../test/helpers/bucket-contract.ts';
import type { BucketIndex } from './db-index.ts';
import { bucketObjectKey, createBucketProvider, parseBucketUrl } from './index.ts';

/** Never used: the options below are refused before the provider reads its index. */
const index = {} as BucketIndex;

describe('bucket object keys and URLs', () => {
  it('bucketObjectKey: the key prefix, the collection segment, tmsId and z/x/y, percent-encoded', () => {
    assert.equal(bucketObjectKey('tiles/collections', tileKey({ collections: ['public.places'] })), 'tiles/collections/public.places/WebMercatorQuad/3/4/5.mvt');
    assert.equal(bucketObjectKey('', tileKey({ collections: ['public.places'] })), 'public.places/WebMercatorQuad/3/4/5.mvt');
    assert.equal(bucketObjectKey('/x/', tileKey({ collections: ['a.b', 'c.d'], paramHash: 'h' })), 'x/a.b,c.d~h/WebMercatorQuad/3/4/5.mvt');
    assert.equal(bucketObjectKey('k', tileKey({ collections: ['ä.€'], tmsId: 'my/tms' })), 'k/%C3%A4.%E2%82%AC/my%2Ftms/3/4/5.mvt');
  });

  it('parses s3:// and file:// URLs and refuses others', () => {
    assert.deepEqual(parseBucketUrl('s3://tiles'), { kind: 's3', bucket: 'tiles', prefix: '' });
    assert.deepEqual(parseBucketUrl('s3://tiles-{catalog}/some/prefix/'), { kind: 's3', bucket: 'tiles-{catalog}', prefix: 'some/prefix' });
    assert.deepEqual(parseBucketUrl('file:///srv/tiles-%7Bcatalog%7D'), { kind: 'file', directory: '/srv/tiles-{catalog}' });
    assert.throws(() => parseBucketUrl('s3://tiles/../x'), /object key/);
    assert.throws(() => parseBucketUrl('http://example.com/tiles'), /s3:\/\/bucket/);
    assert.throws(() => parseBucketUrl('/srv/tiles'), /s3:\/\/bucket/);
    const settings = () => ({ enabled: true, keyPrefix: 'k', ttlSeconds: 1 });
    assert.throws(() => createBucketProvider({ url: 's3://b', index, mode: 'redirect', redirectExpiresSeconds: 0, settings }), /redirect lifetime/);
    assert.throws(() => createBucketProvider({ url: 'gs://b', index, mode: 'proxy', redirectExpiresSeconds: 60, settings }), /s3:\/\/bucket/);
  });
});
