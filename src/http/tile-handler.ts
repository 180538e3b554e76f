import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogSnapshot } from '../catalog/index.ts';
import { byZoom } from '../cache/index.ts';
import { TileryError } from '../errors.ts';
import { buildTileRequest, tileContentType, tileDefaults, type Query, type TileRequest, type TileResult, type TileTarget } from '../tiles/index.ts';
import type { AppContext } from './context.ts';
import { sendTile } from './reply.ts';
import { tileVisibility } from './security.ts';

/**
 * The body of every tile route: a route family only says which tile its URL names (a
 * TileTarget); the request's parameters are parsed here, the same way for all.
 */
export async function serveTile(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  toTileRequest: (snapshot: CatalogSnapshot, build: (target: TileTarget) => TileRequest) => TileRequest | Promise<TileRequest>,
): Promise<FastifyReply> {
  const started = performance.now();
  if (!ctx.config.tiles.enabled) throw new TileryError('tiles_disabled');
  // an authenticated user's tiles are read as its database role, and cached as its own
  const build = (target: TileTarget) =>
    buildTileRequest({ ...target, query: request.query as Query, defaults: tileDefaults(ctx.config), role: request.principal.role });
  const attempt = async (): Promise<[TileRequest, TileResult]> => {
    const tileRequest = await toTileRequest(await ctx.catalog.ready(), build);
    return [tileRequest, await ctx.pipeline.getTile(tileRequest)];
  };
  // a layer changed under the request (the catalog was read again meanwhile): once more, as it is now
  const [tileRequest, result] = await attempt().catch((err: unknown) => {
    if (err instanceof TileryError && err.code === 'catalog_changed') return attempt();
    throw err;
  });
  ctx.metrics.countTile(result.cache, result.source);
  const configured = byZoom(ctx.config.tiles.cache_control_by_zoom, tileRequest.z, ctx.config.tiles.cache_control_max_age);
  // a tile of bounded age is not kept by HTTP caches past its bound
  const maxAge = result.expiresAt === undefined ? configured : Math.max(0, Math.min(configured, Math.floor((result.expiresAt - Date.now()) / 1000)));
  sendTile(request, reply, result, maxAge, tileVisibility(ctx, request), tileContentType(tileRequest.collections));
  logTile(request, tileRequest, result, performance.now() - started);
  return reply;
}

/** The one INFO line of a tile request, in key=value form, as the README shows it. */
function logTile(request: FastifyRequest, req: TileRequest, result: TileResult, ms: number): void {
  const catalog = [...new Set(req.collections.map((c) => c.schema))].join(',');
  const collection = req.collections.map((c) => c.id).join(',');
  const bytes = result.tile?.bytes.length ?? 0;
  const event = result.cache;
  request.log.info(
    `tile_cache event=${event} source=${result.source} catalog=${catalog} collection=${collection} tms=${req.tms.id} z=${req.z} x=${req.x} y=${req.y} duration_ms=${ms.toFixed(1)} bytes=${bytes}`,
  );
}
