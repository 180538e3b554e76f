import { brotliCompressSync, constants, gzipSync, zstdCompressSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MemoryTile } from '../cache/index.ts';
import type { TileResult } from '../tiles/index.ts';

export const MVT_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';

type Encoding = 'zstd' | 'br' | 'gzip';

/**
 * The encoding to answer with: zstd when the client names it, else br, else gzip, among those
 * it accepts (q > 0); null for identity.
 */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const ok = (e: string) => (accepted.get(e) ?? (e !== 'zstd' ? accepted.get('*') : undefined) ?? 0) > 0;
  for (const e of ['zstd', 'br', 'gzip'] as const) if (ok(e)) return e;
  return null;
}

function encode(bytes: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'gzip') return gzipSync(bytes, { level: 6 });
  if (encoding === 'br') return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  return zstdCompressSync(bytes);
}

/** The tile's bytes in an encoding, computed once and kept with the tile. */
function encoded(tile: MemoryTile, encoding: Encoding): Buffer {
  let bytes = tile.encodings.get(encoding);
  if (!bytes) {
    bytes = encode(tile.bytes, encoding);
    tile.encodings.set(encoding, bytes);
  }
  return bytes;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Every tile leaves through here, whatever route family it came from. */
export function sendTile(
  request: FastifyRequest,
  reply: FastifyReply,
  result: TileResult,
  maxAge: number,
  visibility: 'public' | 'private' = 'public',
  contentType: string = MVT_MEDIA_TYPE,
): FastifyReply {
  reply.header('X-Tile-Cache', result.cache).header('X-Tile-Source', result.source);
  reply.header('Cache-Control', `${visibility}, max-age=${maxAge}`);
  if (result.redirect) return reply.code(307).header('Location', result.redirect).send();
  const tile = result.tile!;
  if (tile.bytes.length === 0) return reply.code(204).send();
  reply.header('Vary', 'Accept-Encoding');
  // other media types (a raster function's PNG) come compressed already
  const encoding = contentType === MVT_MEDIA_TYPE ? chooseEncoding(request.headers['accept-encoding']) : null;
  // Each representation has its own strong ETag.
  const etag = encoding ? `${tile.etag.slice(0, -1)}-${encoding}"` : tile.etag;
  reply.header('ETag', etag);
  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.code(200).type(contentType);
  if (!encoding) return reply.send(tile.bytes);
  return reply.header('Content-Encoding', encoding).send(encoded(tile, encoding));
}
