import type { FastifyInstance } from 'fastify';
import { freshnessOf, type Collection } from '../../catalog/index.ts';
import { TileryError } from '../../errors.ts';
import { parseTileCoordinates, resolveCollections, splitFormat, splitList, type Query } from '../../tiles/index.ts';
import { WEB_MERCATOR_QUAD } from '../../tms/index.ts';
import { baseUrl } from '../base-url.ts';
import type { AppContext } from '../context.ts';
import { serveTile } from '../tile-handler.ts';
import { bbox, errors, freshness, jsonContent, operation, paramRef, schemaRef, TAGS, tileGet, type OpenApiPart } from '../openapi/part.ts';
import { vectorTilesLink } from './vector-tiles-link.ts';

/** pg_tileserv-compatible routes: `/index.json`, `/{layer}.json`, `/{layer[,layer…]}/{z}/{x}/{y}.pbf`. */
export function pgTileservRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/index.json', async (request) => {
    const snapshot = await ctx.catalog.ready();
    const base = baseUrl(request, ctx.config.public_url);
    const index: Record<string, unknown> = {};
    for (const c of snapshot.collections.values()) {
      index[c.id] = { ...layerSummary(c, ctx.config.cache.untracked_max_age_seconds), detailurl: `${base}/${encodeURIComponent(c.id)}.json` };
    }
    return index;
  });

  app.get<{ Params: { layer: string } }>('/:layer', async (request) => {
    const { layer } = request.params;
    if (!layer.endsWith('.json')) throw new TileryError('not_found', { method: 'GET', url: request.url });
    const snapshot = await ctx.catalog.ready();
    const [collection] = resolveCollections(snapshot, [layer.slice(0, -'.json'.length)]);
    return layerJson(collection, baseUrl(request, ctx.config.public_url), ctx.config.cache.untracked_max_age_seconds);
  });

  app.get<{ Params: { layer: string; z: string; x: string; y: string }; Querystring: Query }>(
    '/:layer/:z/:x/:y',
    async (request, reply) => {
      const { layer, z, x, y } = request.params;
      const { value: yText, format } = splitFormat(y);
      return serveTile(ctx, request, reply, (snapshot, build) =>
        build({
          collections: resolveCollections(snapshot, splitList(layer)),
          tms: WEB_MERCATOR_QUAD,
          coords: parseTileCoordinates(WEB_MERCATOR_QUAD, { z, x, y: yText }),
          format,
          layerNaming: 'id',
        }),
      );
    },
  );
}

/** What `/index.json` and `/{layer}.json` say of every layer. */
function layerSummary(c: Collection, untrackedMaxAgeS: number) {
  return {
    type: c.kind === 'function' ? 'function' : 'table',
    id: c.id,
    schema: c.schema,
    name: c.name,
    description: c.description,
    ...freshnessOf(c, untrackedMaxAgeS),
    // a function's arguments after z, x and y: the query parameters it takes
    ...(c.kind === 'function' && { arguments: c.function.arguments.slice(3).map((a) => ({ name: a.name, type: a.type, default: a.default })) }),
  };
}

/**
 * The layer detail document of pg_tileserv, plus tilery's links: a table's geometry, bounds and
 * properties, or a function's arguments after z, x and y (here `query_params`, which receives
 * the query parameters other than tilery's own).
 */
export function layerJson(c: Collection, base: string, untrackedMaxAgeS: number): Record<string, unknown> {
  const shared = layerSummary(c, untrackedMaxAgeS);
  const tiles = {
    minzoom: c.minzoom,
    maxzoom: c.maxzoom,
    tileurl: `${base}/${encodeURIComponent(c.id)}/{z}/{x}/{y}.pbf`,
  };
  if (c.kind === 'function') {
    return { ...shared, content_type: c.function.contentType, ...tiles, links: [vectorTilesLink(c)] };
  }
  return {
    ...shared,
    geometrytype: c.geometryType,
    geometrycolumn: c.geometryColumn,
    srid: c.srid,
    idcolumn: c.idColumn,
    bounds: c.bounds,
    center: [c.center[0], c.center[1]],
    centerzoom: c.center[2],
    ...tiles,
    properties: c.properties.map((p) => ({ name: p.name, type: p.type, description: p.description })),
    links: [vectorTilesLink(c)],
  };
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

export const pgTileservOpenApi: OpenApiPart = {
  paths: {
    '/index.json': {
      get: operation({
        tag: TAGS.pgTileserv,
        operationId: 'getPgTileservIndex',
        summary: 'Every layer (pg_tileserv index)',
        responses: { '200': { description: 'The layers by id.', content: jsonContent(schemaRef('PgTileservIndex')) }, ...errors([500, 503, 504]) },
      }),
    },
    '/{layer}.json': {
      get: operation({
        tag: TAGS.pgTileserv,
        operationId: 'getPgTileservLayer',
        summary: 'One layer (pg_tileserv detail)',
        parameters: [paramRef('layer')],
        responses: { '200': { description: 'The layer.', content: jsonContent(schemaRef('PgTileservLayer')) }, ...errors([404, 500, 503, 504]) },
      }),
    },
    '/{layer}/{z}/{x}/{y}.{format}': {
      get: tileGet({
        tag: TAGS.pgTileserv,
        operationId: 'getPgTileservTile',
        summary: 'A tile of one or more layers (WebMercatorQuad)',
        description: 'pg_tileserv’s `/{layer}/{z}/{x}/{y}.pbf`; MVT layers are named after the layer ids.',
        parameters: [paramRef('layers'), paramRef('z'), paramRef('x'), paramRef('y'), paramRef('format')],
      }),
    },
  },
  schemas: {
    PgTileservIndex: {
      type: 'object',
      description: 'Every layer, by id.',
      additionalProperties: {
        type: 'object',
        properties: {
          type: { type: 'string', enum: ['table'] },
          id: { type: 'string' },
          schema: { type: 'string' },
          name: { type: 'string' },
          description: { type: 'string', nullable: true },
          detailurl: { type: 'string' },
          ...freshness,
        },
      },
    },
    PgTileservLayer: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        type: { type: 'string', enum: ['table'] },
        schema: { type: 'string' },
        name: { type: 'string' },
        description: { type: 'string', nullable: true },
        ...freshness,
        geometrytype: { type: 'string' },
        geometrycolumn: { type: 'string' },
        srid: { type: 'integer' },
        idcolumn: { type: 'string', nullable: true },
        bounds: bbox,
        center: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
        centerzoom: { type: 'integer' },
        minzoom: { type: 'integer' },
        maxzoom: { type: 'integer' },
        tileurl: { type: 'string' },
        properties: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, description: { type: 'string', nullable: true } } },
        },
        links: { type: 'array', items: { type: 'object' } },
      },
    },
  },
};
