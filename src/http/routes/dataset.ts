import type { FastifyInstance } from 'fastify';
import { invalidParameter, TileryError } from '../../errors.ts';
import { buildTileRequest, parseTileCoordinates, resolveCollections, single, splitFormat, splitList, type Query } from '../../tiles/index.ts';
import { WEB_MERCATOR_QUAD } from '../../tms/index.ts';
import { tileDefaults, type AppContext } from '../context.ts';
import { serveTile } from '../tile-handler.ts';

type TileRoute = { Params: { dataset: string; z: string; x: string; y: string }; Querystring: Query };

/** Catalog (dataset) routes: a dataset is a schema, `collections` picks its layers. */
export function datasetRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const prefix of ['/tiles/:dataset', '/tiles/catalogs/:dataset']) {
    app.get<TileRoute>(`${prefix}/tiles/:z/:x/:y`, async (request, reply) => {
      const { dataset, z, x, y } = request.params;
      const { value: yText, format } = splitFormat(y);
      return serveTile(ctx, request, reply, (snapshot) => {
        if (!snapshot.datasets.has(dataset)) throw new TileryError('unknown_dataset', { dataset });
        const names = splitList(single(request.query, 'collections') ?? '');
        if (names.length === 0) throw invalidParameter('collections', 'required on catalog routes: comma-separated collection names');
        return buildTileRequest({
          collections: resolveCollections(snapshot, names, { dataset, parameter: 'collections' }),
          tms: WEB_MERCATOR_QUAD,
          coords: parseTileCoordinates(WEB_MERCATOR_QUAD, { z, x, y: yText }),
          format,
          layerNaming: 'name',
          query: request.query,
          defaults: tileDefaults(ctx.config),
        });
      });
    });
  }
}
