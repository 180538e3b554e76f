import type { FastifyInstance } from 'fastify';
import { cachedTilesLayer, parseTileCoordinates, single, splitFormat, splitList, type Query } from '../../tiles/index.ts';
import { WEB_MERCATOR_QUAD } from '../../tms/index.ts';
import type { AppContext } from '../context.ts';
import { MVT_MEDIA_TYPE } from '../reply.ts';

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
