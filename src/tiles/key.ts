import { createHash } from 'node:crypto';
import type { TileRequest } from './request.ts';

/**
 * The cache key of a tile: everything that changes its bytes and nothing else. Collections are
 * kept in request order (it is the order of the layers in the tile).
 */
export function tileKey(req: TileRequest): string {
  const { params } = req;
  // JSON, not a join: collection ids may hold any character, separators included.
  return JSON.stringify([
    req.collections.map((c) => c.id),
    req.tms.id,
    req.z,
    req.x,
    req.y,
    req.format,
    req.layerNaming,
    params.properties === null ? null : [...params.properties].sort(),
    params.limit,
    params.resolution,
    params.buffer,
    params.filters,
    params.simplification,
    params.simplificationAlgorithm,
  ]);
}

/** A strong ETag: a hash of the bytes. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}
