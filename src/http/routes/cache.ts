import type { FastifyInstance } from 'fastify';
import { TileryError } from '../../errors.ts';
import { resolveCollections, retireCollections, single, splitList, type Query } from '../../tiles/index.ts';
import { requireAdmin } from '../require-admin.ts';
import type { AppContext } from '../context.ts';
import { commaList, errors, jsonContent, operation, paramRef, queryParam, schemaRef, TAGS, type OpenApiPart } from '../openapi/part.ts';

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

// ---------------------------------------------------------------------------------------------
// OpenAPI

export const cacheOpenApi: OpenApiPart = {
  paths: {
    '/configs/plugins/tiles_caching_config': {
      get: operation({
        tag: TAGS.admin,
        operationId: 'getCachingConfig',
        summary: 'The bucket cache settings in force',
        responses: { '200': { description: 'The settings.', content: jsonContent(schemaRef('CachingConfig')) }, ...errors([500, 503, 504]) },
      }),
      put: operation({
        tag: TAGS.admin,
        operationId: 'putCachingConfig',
        summary: 'Change the bucket cache settings (stored in the database; every instance applies them within seconds)',
        responses: { '200': { description: 'The settings now in force.', content: jsonContent(schemaRef('CachingConfig')) }, ...errors([400, 401, 403, 500, 503, 504]) },
        requestBody: { required: true, content: jsonContent(schemaRef('CachingConfig')) },
        admin: true,
      }),
    },
    '/tiles/{dataset}/tiles/cache': {
      delete: operation({
        tag: TAGS.admin,
        operationId: 'deleteCachedTiles',
        summary: 'Delete cached tiles of some collections of a dataset, or of all of it, from every cache of every instance',
        parameters: [
          paramRef('dataset'),
          queryParam('collections', 'Collection names of the dataset, comma-separated; absent: the whole dataset.', commaList, { example: 'places' }),
        ],
        responses: { '200': { description: 'What was deleted.', content: jsonContent(schemaRef('CacheDeletion')) }, ...errors([400, 401, 403, 404, 500, 503, 504]) },
        admin: true,
      }),
    },
  },
  schemas: {
    CachingConfig: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean', description: 'false: every bucket read is a miss and saves do nothing; deletes still run.' },
        key_prefix: { type: 'string', description: 'First segments of the object keys (default `tiles/collections`).' },
        ttl_seconds: { type: 'integer', minimum: 0, description: 'Object lifetime and `Cache-Control: max-age` (default 31536000).' },
      },
    },
    CacheDeletion: {
      type: 'object',
      properties: {
        dataset: { type: 'string' },
        collections: { type: 'array', items: { type: 'string' }, nullable: true, description: 'Collection ids; null: the whole dataset.' },
        deleted: { type: 'object', additionalProperties: { type: 'integer', nullable: true }, description: 'Tiles deleted per cache (memory and each provider; null when unknown).' },
      },
    },
  },
};
