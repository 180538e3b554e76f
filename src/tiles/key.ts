import { createHash } from 'node:crypto';
import type { TileRequest } from './request.ts';

/**
 * The cache key of a tile: everything that changes its bytes and nothing else. Collections are
 * kept in request order (it is the order of the layers in the tile).
 */
export function tileKey(req: TileRequest): string {
  const { params } = req;
  const variant = [
    req.layerNaming,
    params.properties === null ? '*' : [...params.properties].sort().join(','),
    params.limit,
    params.resolution,
    params.buffer,
  ].join('|');
  return `${req.collections.map((c) => c.id).join(',')}|${req.tms.id}|${req.z}/${req.x}/${req.y}|${req.format}|${variant}`;
}

/** A strong ETag: a hash of the bytes. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}
