import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidParameter, TileryError } from '../../errors.ts';
import { parseTileCoordinates, resolveCollections, single, splitFormat, splitList, type Query } from '../../tiles/index.ts';
import { WEB_MERCATOR_QUAD } from '../../tms/index.ts';
import type { AppContext } from '../context.ts';
import { serveTile } from '../tile-handler.ts';
import { paramRef, TAGS, tileGet, type OpenApiPart } from '../openapi/part.ts';
import { requireTms } from './tms.ts';

type TileRoute = { Params: { dataset: string; tmsId?: string; z: string; x: string; y: string }; Querystring: Query };

/** Catalog (dataset) routes: a dataset is a schema, `collections` picks its layers. */
export function datasetRoutes(app: FastifyInstance, ctx: AppContext): void {
  const handler = async (request: FastifyRequest<TileRoute>, reply: FastifyReply) => {
    const { dataset, tmsId, z, x, y } = request.params;
    const { value: yText, format } = splitFormat(y);
    const tms = tmsId === undefined ? WEB_MERCATOR_QUAD : await requireTms(ctx, tmsId);
    return serveTile(ctx, request, reply, (snapshot, build) => {
      if (!snapshot.datasets.has(dataset)) throw new TileryError('unknown_dataset', { dataset });
      const names = splitList(single(request.query, 'collections') ?? '');
      if (names.length === 0) throw invalidParameter('collections', 'required on catalog routes: comma-separated collection names');
      return build({
        collections: resolveCollections(snapshot, names, { dataset, parameter: 'collections' }),
        tms,
        coords: parseTileCoordinates(tms, { z, x, y: yText }),
        format,
        layerNaming: 'name',
      });
    });
  };
  for (const prefix of ['/tiles/:dataset', '/tiles/catalogs/:dataset']) {
    app.get<TileRoute>(`${prefix}/tiles/:z/:x/:y`, handler);
    app.get<TileRoute>(`${prefix}/tiles/:tmsId/:z/:x/:y`, handler);
  }
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

/** A catalog tile path: WebMercatorQuad, or any set with `withTms`; `note` starts the description. */
function catalogTile(operationId: string, withTms: boolean, note: string) {
  return {
    get: tileGet({
      tag: TAGS.catalog,
      operationId,
      summary: withTms ? 'A tile of collections of a dataset, in a tile matrix set' : 'A tile of collections of a dataset (WebMercatorQuad)',
      description: `${note}\`{z}/{x}/{y}\` = matrix / column / row.`,
      parameters: [
        paramRef('dataset'),
        ...(withTms ? [paramRef('tmsId')] : []),
        ...(['z', 'x', 'y', 'format', 'catalogCollections'] as const).map(paramRef),
      ],
    }),
  };
}

export const catalogOpenApi: OpenApiPart = {
  paths: {
    '/tiles/{dataset}/tiles/{z}/{x}/{y}.{format}': catalogTile('getCatalogTile', false, ''),
    '/tiles/{dataset}/tiles/{tmsId}/{z}/{x}/{y}.{format}': catalogTile('getCatalogTileInTms', true, ''),
    '/tiles/catalogs/{dataset}/tiles/{z}/{x}/{y}.{format}': catalogTile('getCatalogsTile', false, 'Same as `/tiles/{dataset}/tiles/…`. '),
    '/tiles/catalogs/{dataset}/tiles/{tmsId}/{z}/{x}/{y}.{format}': catalogTile('getCatalogsTileInTms', true, 'Same as `/tiles/{dataset}/tiles/{tmsId}/…`. '),
  },
};
