import type { FastifyInstance } from 'fastify';
import { cachedTilesLayer, parseTileCoordinates, single, splitFormat, splitList, type Query } from '../../tiles/index.ts';
import { WEB_MERCATOR_QUAD } from '../../tms/index.ts';
import type { AppContext } from '../context.ts';
import { MVT_MEDIA_TYPE } from '../reply.ts';
import { commaList, errors, operation, paramRef, queryParam, TAGS, type OpenApiPart } from '../openapi/part.ts';

/** `/_cache/{z}/{x}/{y}.pbf`: the outlines of the cached tiles, for the viewer's overlay. */
export function debugRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { z: string; x: string; y: string }; Querystring: Query }>('/_cache/:z/:x/:y', async (request, reply) => {
    const { value: yText } = splitFormat(request.params.y);
    const { z, x, y } = parseTileCoordinates(WEB_MERCATOR_QUAD, { z: request.params.z, x: request.params.x, y: yText });
    const text = single(request.query, 'collections');
    const bytes = await cachedTilesLayer(ctx.engine, z, x, y, text === undefined ? null : splitList(text));
    reply.header('Cache-Control', 'no-store');
    if (bytes.length === 0) return reply.code(204).send();
    return reply.type(MVT_MEDIA_TYPE).send(bytes);
  });
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

export const debugOpenApi: OpenApiPart = {
  paths: {
    '/_cache/{z}/{x}/{y}.{format}': {
      get: operation({
        tag: TAGS.admin,
        operationId: 'getCacheDebugTile',
        summary: 'The outlines of the cached tiles around a tile (MVT layer `_cache`), for debugging',
        description: 'One feature a cached tile (PostGIS table or bucket index), with provider, tms, z, x, y and collections.',
        parameters: [
          ...(['z', 'x', 'y', 'format'] as const).map(paramRef),
          queryParam('collections', 'Only tiles holding one of these collection ids.', commaList),
        ],
        responses: {
          '200': { description: 'The outlines.', content: { [MVT_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
          '204': { description: 'Nothing cached there.' },
          ...errors([400, 404, 500, 503, 504]),
        },
      }),
    },
  },
};
