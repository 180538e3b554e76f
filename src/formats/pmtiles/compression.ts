/** The compressions of the PMTiles header, over node:zlib. */
import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync, gunzip, gunzipSync, zstdDecompress, zstdDecompressSync } from 'node:zlib';
import { Compression } from 'pmtiles';

const gunzipAsync = promisify(gunzip);
const brotliDecompressAsync = promisify(brotliDecompress);
const zstdDecompressAsync = promisify(zstdDecompress);

function compressionName(code: number): string {
  return Compression[code]?.toLowerCase() ?? `code ${code}`;
}

/**
 * Inputs up to this size are decompressed synchronously: for a small tile the round trip to the
 * thread pool costs several times the work itself (about 100 µs against 8 µs for a 1 KiB tile).
 */
const SYNC_LIMIT = 16 * 1024;

/** Undo a PMTiles compression (internal or tile). Unknown compression (0) is refused. */
export async function decompress(data: Uint8Array, compression: number): Promise<Uint8Array> {
  const small = data.length <= SYNC_LIMIT;
  switch (compression) {
    case Compression.None:
      return data;
    case Compression.Gzip:
      return small ? gunzipSync(data) : gunzipAsync(data);
    case Compression.Brotli:
      return small ? brotliDecompressSync(data) : brotliDecompressAsync(data);
    case Compression.Zstd:
      return small ? zstdDecompressSync(data) : zstdDecompressAsync(data);
    default:
      throw new Error(`unsupported PMTiles compression: ${compressionName(compression)}`);
  }
}
