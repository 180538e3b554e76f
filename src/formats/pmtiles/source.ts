/**
 * Reading archives with the `pmtiles` package on Node: a `Source` over a local file and a
 * decompression function over node:zlib (the package's default goes through
 * DecompressionStream and knows gzip only).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Compression as PmtilesCompression, DecompressFunc, RangeResponse, Source } from 'pmtiles';
import { decompress } from './compression.ts';

/** An ArrayBuffer holding exactly `bytes` (zlib output may be a view into a larger one). */
function exactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** `DecompressFunc` for `new PMTiles(source, cache, nodeDecompress)`: none, gzip, brotli, zstd. */
export const nodeDecompress: DecompressFunc = async (buf: ArrayBuffer, compression: PmtilesCompression) =>
  exactArrayBuffer(await decompress(new Uint8Array(buf), compression));

/**
 * A PMTiles `Source` over a local file, opened on first read and kept open until `close()`
 * (a failed open is tried again on the next read).
 * Reads past the end of the file return what there is (the reader asks for the first 16 KiB
 * whatever the archive's size).
 */
export class LocalFileSource implements Source {
  readonly path: string;
  #handle: Promise<FileHandle> | null = null;
  #closed = false;

  constructor(path: string) {
    this.path = path;
  }

  getKey(): string {
    return this.path;
  }

  #open(): Promise<FileHandle> {
    if (this.#closed) return Promise.reject(new Error(`${this.path}: source closed`));
    if (this.#handle === null) {
      const opening = open(this.path, 'r');
      this.#handle = opening;
      // A failed open is not kept: the next read tries again.
      opening.catch(() => {
        if (this.#handle === opening) this.#handle = null;
      });
    }
    return this.#handle;
  }

  async getBytes(offset: number, length: number, signal?: AbortSignal): Promise<RangeResponse> {
    signal?.throwIfAborted();
    const fh = await this.#open();
    const data = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await fh.read(data, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return { data: done === length ? data.buffer : data.buffer.slice(0, done) };
  }

  /** Close the file; later reads reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const handle = this.#handle;
    this.#handle = null;
    if (handle === null) return;
    try {
      await (await handle).close();
    } catch {
      // never opened, or already closed
    }
  }
}
