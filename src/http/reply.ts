import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tile } from '../tiles/index.ts';

export const MVT_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';

/** Every tile leaves through here, whatever route family it came from. */
export function sendTile(request: FastifyRequest, reply: FastifyReply, tile: Tile, maxAge: number): FastifyReply {
  reply.header('Cache-Control', `public, max-age=${maxAge}`);
  if (tile.bytes.length === 0) return reply.code(204).send();
  reply.header('ETag', tile.etag);
  if (matchesEtag(request.headers['if-none-match'], tile.etag)) return reply.code(304).send();
  return reply.code(200).type(MVT_MEDIA_TYPE).send(tile.bytes);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
