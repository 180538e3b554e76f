import type { FastifyInstance } from 'fastify';
import { TileryError } from '../../errors.ts';
import { resolveCollections, retireCollections, single, splitList, type Query } from '../../tiles/index.ts';
import { requireAdmin } from '../require-admin.ts';
import type { AppContext } from '../context.ts';

/** The caching config (bucket settings) and the deletion of cached tiles. */
export function cacheRoutes(app: FastifyInstance, ctx: AppContext): void {
  const path = '/configs/plugins/tiles_caching_config';
  app.get(path, async () => ctx.cachingSettings.reload());

  app.put(path, async (request) => {
    requireAdmin(request, ctx.config.admin_token);
    return ctx.cachingSettings.update(request.body);
  });

  app.delete<{ Params: { dataset: string }; Querystring: Query }>('/tiles/:dataset/tiles/cache', async (request) => {
    requireAdmin(request, ctx.config.admin_token);
    const { dataset } = request.params;
    const snapshot = await ctx.catalog.ready();
    if (!snapshot.datasets.has(dataset)) throw new TileryError('unknown_dataset', { dataset });
    const text = single(request.query, 'collections');
    const ids = text === undefined ? null : resolveCollections(snapshot, splitList(text), { dataset, parameter: 'collections' }).map((c) => c.id);
    const deleted = await retireCollections(ctx.pipeline, snapshot, dataset, ids);
    return { dataset, collections: ids, deleted };
  });
}
