// An S3-speaking server in-process (s3rver), for the bucket cache tests: no cloud, no env.
// s3rver checks the access key id of SigV4 requests but not their signatures (it verifies
// SigV2 only), and serves anonymous requests: tests that care check signatures themselves.
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

/** s3rver's built-in account: the only credentials it accepts. */
export const TEST_S3_CREDENTIALS: { readonly accessKeyId: string; readonly secretAccessKey: string } = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const TEST_S3_REGION = 'us-east-1';

interface S3rverOptions {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
}
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverConstructor = new (options: S3rverOptions) => S3rverInstance;

// s3rver is CommonJS without types.
const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as S3rverConstructor;

// s3rver's ListObjectsV2 makes its continuation tokens (listings longer than one page) with
// single DES, which the OpenSSL 3 of Node 17+ no longer offers (ERR_OSSL_EVP_UNSUPPORTED, a
// 500). Triple DES with three equal keys is single DES, and is still offered: s3rver's calls
// for 'des' get that. Only the algorithm 'des' is touched, which nothing else can use here.
interface CryptoModule {
  createCipheriv(algorithm: string, key: Buffer, iv: Buffer | null): unknown;
  createDecipheriv(algorithm: string, key: Buffer, iv: Buffer | null): unknown;
  tileryDesPatched?: boolean;
}
const crypto = require('node:crypto') as CryptoModule;
if (!crypto.tileryDesPatched) {
  const { createCipheriv, createDecipheriv } = crypto;
  const asTripleDes = (algorithm: string, key: Buffer): [string, Buffer] =>
    algorithm.toLowerCase() === 'des' && key.length === 8 ? ['des-ede3-cbc', Buffer.concat([key, key, key])] : [algorithm, key];
  crypto.createCipheriv = (algorithm, key, iv) => createCipheriv(...asTripleDes(algorithm, key), iv);
  crypto.createDecipheriv = (algorithm, key, iv) => createDecipheriv(...asTripleDes(algorithm, key), iv);
  crypto.tileryDesPatched = true;
}

// s3rver's deleteObject unlinks the object's files, then removes its emptied parent directories
// with readdirSync + rmdir. That races with whatever else happens in the directory: two
// deletions (DeleteObjects deletes its keys in parallel), where the loser answers 500
// InternalError (ENOENT) although its object is gone; and a PutObject of a key there, whose
// write stream then cannot open its file: an 'error' nobody listens to, which ends the process
// (uncaught ENOENT). S3 has no directories: here a deletion unlinks the object's files and
// leaves the directories, which list nothing when empty.
interface FilesystemStorePrototype {
  deleteObject(this: FilesystemStore, bucket: string, key: string): Promise<void>;
  tileryPatched?: boolean;
}
interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
}
const storePrototype = (require('s3rver/lib/stores/filesystem') as { prototype: FilesystemStorePrototype }).prototype;
if (!storePrototype.tileryPatched) {
  storePrototype.deleteObject = async function (bucket: string, key: string): Promise<void> {
    await Promise.all(
      ['object', 'object.md5', 'metadata.json'].map((resource) =>
        unlink(this.getResourcePath(bucket, key, resource)).catch((err: { code?: string }) => {
          if (err.code !== 'ENOENT') throw err;
        }),
      ),
    );
  };
  storePrototype.tileryPatched = true;
}

export interface TestS3 {
  /** `http://127.0.0.1:<port>`; use path-style addressing. */
  endpoint: string;
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  region: string;
  /** A client for looking at the server behind the code under test. */
  client: S3Client;
  /** Create a bucket. */
  bucket(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startS3(): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'tilery-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: TEST_S3_REGION,
    forcePathStyle: true,
    // A copy: the SDK writes into the credentials object it is given.
    credentials: { ...TEST_S3_CREDENTIALS },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    credentials: TEST_S3_CREDENTIALS,
    region: TEST_S3_REGION,
    client,
    async bucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async close() {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
