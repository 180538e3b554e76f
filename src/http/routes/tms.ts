import type { FastifyInstance } from 'fastify';
import { TileryError } from '../../errors.ts';
import { tmsDocument, type TileMatrixSet } from '../../tms/index.ts';
import { requireAdmin } from '../require-admin.ts';
import { baseUrl } from '../base-url.ts';
import type { AppContext } from '../context.ts';
import { JSON_TYPE, path, selfLinks, type Link } from '../links.ts';
import { sendDocument } from '../negotiate.ts';
import { documentGet, documentResponse, errors, FAILS, jsonContent, links, operation, paramRef, schemaRef, stringSchema, TAGS, type Obj, type OpenApiPart } from '../openapi/part.ts';

/** Tile matrix sets: listed and served on the OGC path and the catalog path; created per catalog. */
export function tmsRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const prefix of ['', '/tiles']) {
    app.get(`${prefix}/tileMatrixSets`, async (request, reply) => {
      const base = baseUrl(request, ctx.config.public_url);
      const list = await ctx.tms.list();
      return sendDocument(request, reply, {
        links: selfLinks(base, `${prefix}/tileMatrixSets`, 'Tile matrix sets'),
        tileMatrixSets: list.map((t) => tmsSummary(t, base)),
      }, 'Tile matrix sets');
    });

    app.get<{ Params: { tmsId: string } }>(`${prefix}/tileMatrixSets/:tmsId`, async (request, reply) => {
      const tms = await requireTms(ctx, request.params.tmsId);
      return sendDocument(request, reply, tmsDocument(tms), tms.title);
    });
  }

  app.post<{ Params: { dataset: string } }>('/tiles/:dataset/tileMatrixSets', async (request, reply) => {
    requireAdmin(request, ctx.config.admin_token);
    const { dataset } = request.params;
    const snapshot = await ctx.catalog.ready();
    if (!snapshot.datasets.has(dataset)) throw new TileryError('unknown_dataset', { dataset });
    const tms = await ctx.tms.create(dataset, request.body);
    const base = baseUrl(request, ctx.config.public_url);
    return reply.code(201).header('Location', `${base}${path('tileMatrixSets', tms.id)}`).send(tmsDocument(tms));
  });
}

export async function requireTms(ctx: AppContext, id: string): Promise<TileMatrixSet> {
  const tms = await ctx.tms.get(id);
  if (!tms) throw new TileryError('unknown_tile_matrix_set', { tms: id });
  return tms;
}

/** The entry of a TMS in a list: id, title, URI and the link to its definition. */
export function tmsSummary(t: TileMatrixSet, base: string): Record<string, unknown> {
  const links: Link[] = [{ href: `${base}${path('tileMatrixSets', t.id)}`, rel: 'self', type: JSON_TYPE, title: t.title }];
  return { id: t.id, title: t.title, ...(t.uri && { uri: t.uri }), crs: t.crs, links };
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

/** A CRS as TMS 2.0 documents give it: a URI, or an object with `uri`. */
const tmsCrs = { oneOf: [{ type: 'string' }, { type: 'object', required: ['uri'], properties: { uri: { type: 'string' } } }] };

/** The list and the definitions, on the OGC path and on the catalog path (as registered above). */
function tmsGets(prefix: '' | '/tiles'): Record<string, { get: Obj }> {
  const catalog = prefix === '/tiles';
  const id = catalog ? 'tmsId' : 'tileMatrixSetId';
  const note = catalog ? ' (catalog path)' : '';
  const name = catalog ? 'CatalogTileMatrixSet' : 'TileMatrixSet';
  return {
    [`${prefix}/tileMatrixSets`]: {
      get: documentGet({
        tag: TAGS.tms,
        operationId: `get${name}s`,
        summary: catalog ? 'Tile matrix sets (catalog path)' : 'Tile matrix sets (built-in and custom)',
        ok: documentResponse('The tile matrix sets.', schemaRef('TileMatrixSets')),
        fails: FAILS.list,
      }),
    },
    [`${prefix}/tileMatrixSets/{${id}}`]: {
      get: documentGet({
        tag: TAGS.tms,
        operationId: `get${name}`,
        summary: `A tile matrix set definition${note}`,
        parameters: [paramRef(id)],
        ok: documentResponse('The TMS 2.0 definition.', schemaRef('TileMatrixSet')),
        fails: FAILS.item,
      }),
    },
  };
}

export const tmsOpenApi: OpenApiPart = {
  paths: {
    ...tmsGets(''),
    ...tmsGets('/tiles'),
    '/tiles/{dataset}/tileMatrixSets': {
      post: operation({
        tag: TAGS.tms,
        operationId: 'createTileMatrixSet',
        summary: 'Create a custom tile matrix set in a catalog',
        description: 'The set is stored in the database (schema `tilery`) and offered in the tilesets of the catalog’s collections.',
        parameters: [paramRef('dataset')],
        responses: {
          '201': {
            description: 'Created.',
            headers: { Location: { description: 'URL of the new set under /tileMatrixSets.', schema: stringSchema } },
            content: jsonContent(schemaRef('TileMatrixSet')),
          },
          ...errors([400, 401, 403, 404, 409, 500, 503, 504]),
        },
        requestBody: { required: true, description: 'A TMS 2.0 JSON document.', content: jsonContent(schemaRef('TileMatrixSet')) },
        admin: true,
      }),
    },
  },
  schemas: {
    TileMatrix: {
      type: 'object',
      required: ['id', 'scaleDenominator', 'cellSize', 'pointOfOrigin', 'tileWidth', 'tileHeight', 'matrixWidth', 'matrixHeight'],
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^/]+$' },
        scaleDenominator: { type: 'number', exclusiveMinimum: true, minimum: 0 },
        cellSize: { type: 'number', exclusiveMinimum: true, minimum: 0 },
        cornerOfOrigin: { type: 'string', enum: ['topLeft', 'bottomLeft'], default: 'topLeft' },
        pointOfOrigin: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description: 'In the axis order of the CRS.' },
        tileWidth: { type: 'integer', minimum: 1, maximum: 65536 },
        tileHeight: { type: 'integer', minimum: 1, maximum: 65536 },
        matrixWidth: { type: 'integer', minimum: 1, maximum: 2 ** 31 },
        matrixHeight: { type: 'integer', minimum: 1, maximum: 2 ** 31 },
      },
    },
    TileMatrixSet: {
      type: 'object',
      description:
        'OGC Two Dimensional Tile Matrix Set 2.0 (JSON). Matrices go from coarse to fine, with unique ids, shrinking `cellSize` and one scaleDenominator/cellSize ratio.',
      required: ['id', 'crs', 'tileMatrices'],
      properties: {
        id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' },
        title: { type: 'string' },
        description: { type: 'string' },
        uri: { type: 'string' },
        crs: tmsCrs,
        orderedAxes: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
        wellKnownScaleSet: { type: 'string' },
        tileMatrices: { type: 'array', items: schemaRef('TileMatrix'), minItems: 1, maxItems: 31 },
      },
    },
    TileMatrixSets: {
      type: 'object',
      required: ['tileMatrixSets'],
      properties: {
        links,
        tileMatrixSets: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'links'],
            properties: { id: { type: 'string' }, title: { type: 'string' }, uri: { type: 'string' }, crs: { type: 'string' }, links },
          },
        },
      },
    },
  },
};
