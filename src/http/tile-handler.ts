import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogSnapshot } from '../catalog/index.ts';
import { TileryError } from '../errors.ts';
import type { TileRequest } from '../tiles/index.ts';
import type { AppContext } from './context.ts';
import { sendTile } from './reply.ts';

/**
 * The body of every tile route: a route family only says how its URL becomes a TileRequest.
 */
export async function serveTile(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  toTileRequest: (snapshot: CatalogSnapshot) => TileRequest | Promise<TileRequest>,
): Promise<FastifyReply> {
  if (!ctx.config.tiles.enabled) throw new TileryError('tiles_disabled');
  const snapshot = await ctx.catalog.ready();
  const tileRequest = await toTileRequest(snapshot);
  const tile = await ctx.pipeline.getTile(tileRequest);
  return sendTile(request, reply, tile, ctx.config.tiles.cache_control_max_age);
}
