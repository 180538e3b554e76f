import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dataVersion, type CatalogSnapshot, type Collection } from '../../../catalog/index.ts';
import { TileryError } from '../../../errors.ts';
import { checkFunctionTms, checkWithinData, collectionsLimits, parseTileMatrixCoordinates, resolveCollections, servedIn, single, splitList, type Query, type TileRequest, type TileTarget } from '../../../tiles/index.ts';
import type { TileMatrixSet } from '../../../tms/index.ts';
import { baseUrl } from '../../base-url.ts';
import type { AppContext } from '../../context.ts';
import { HTML_TYPE, JSON_TYPE, OPENAPI_TYPE, path, REL, selfLinks, TILEJSON_TYPE } from '../../links.ts';
import { documentFormat, sendDocument } from '../../negotiate.ts';
import { serveTile } from '../../tile-handler.ts';
import { requireTms } from '../tms.ts';
import { sendViewerPage } from '../viewer.ts';
import { collectionDoc, CONFORMANCE, queryablesDoc, tilesetDoc, tileJson, tilesetSummary, type TilesetPlace } from './documents.ts';

type Params = { collectionId: string; tmsId: string; tileMatrix: string; tileRow: string; tileCol: string };
type Req = FastifyRequest<{ Params: Params; Querystring: Query }>;

/** OGC API – Tiles: landing page, conformance, collections, tilesets, tiles (documented in openapi.ts). */
export function ogcRoutes(app: FastifyInstance, ctx: AppContext): void {
  const base = (request: FastifyRequest) => baseUrl(request, ctx.config.public_url);

  app.get('/', async (request, reply) => {
    const b = base(request);
    const landing = {
      title: 'tilery',
      description: 'Vector tiles of a PostGIS database (OGC API – Tiles, pg_tileserv routes)',
      links: [
        ...selfLinks(b, '/', 'This document'),
        { href: `${b}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'The API definition (OpenAPI 3.0)' },
        { href: `${b}/api?f=html`, rel: 'service-doc', type: HTML_TYPE, title: 'The API documentation' },
        { href: `${b}/conformance`, rel: REL.conformance, type: JSON_TYPE, title: 'Conformance classes' },
        { href: `${b}/collections`, rel: REL.data, type: JSON_TYPE, title: 'Collections' },
        // GDAL's OGCAPI driver follows only the short relation name
        { href: `${b}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
        { href: `${b}/tileMatrixSets`, rel: REL.tilingSchemes, type: JSON_TYPE, title: 'Tile matrix sets' },
        { href: `${b}/tiles`, rel: REL.tilesetsVector, type: JSON_TYPE, title: 'Vector tilesets of the whole dataset' },
        { href: `${b}/index.json`, rel: 'alternate', type: JSON_TYPE, title: 'Layers (pg_tileserv index)' },
      ],
    };
    // one URL, two representations
    reply.header('Vary', 'Accept');
    // the landing page of a browser is the viewer, which carries the same links
    if (documentFormat(request, ['json', 'html', 'tilejson']) === 'html') return sendViewerPage(ctx, request, reply, landing.links);
    return sendDocument(request, reply, landing, 'tilery');
  });

  app.get('/conformance', async (request, reply) => sendDocument(request, reply, { conformsTo: CONFORMANCE }, 'Conformance'));

  app.get('/collections', async (request, reply) => {
    const snapshot = await ctx.catalog.ready();
    const b = base(request);
    return sendDocument(request, reply, {
      links: selfLinks(b, '/collections', 'Collections'),
      collections: [...snapshot.collections.values()].map((c) => collectionDoc(c, b, ctx.config.cache.untracked_max_age_seconds)),
    }, 'Collections');
  });

  app.get<{ Params: Params }>('/collections/:collectionId', async (request, reply) => {
    const c = await collection(request.params.collectionId);
    return sendDocument(request, reply, collectionDoc(c, base(request), ctx.config.cache.untracked_max_age_seconds), c.name);
  });

  app.get<{ Params: Params }>('/collections/:collectionId/queryables', async (request, reply) => {
    const c = await collection(request.params.collectionId);
    return sendDocument(request, reply, queryablesDoc(c, base(request)), `Queryables of ${c.name}`, 'application/schema+json');
  });

  app.get<{ Params: Params }>('/collections/:collectionId/tiles', async (request, reply) => {
    const c = await collection(request.params.collectionId);
    const place = collectionPlace(c);
    return sendTilesets(request, reply, place, [c], c.name);
  });

  app.get('/tiles', async (request: Req, reply) => {
    const snapshot = await ctx.catalog.ready();
    const { collections, place, explicit } = datasetSelection(snapshot, request.query);
    // without collections=, every tile matrix set has tiles of the dataset (function layers only in WebMercatorQuad)
    return sendTilesets(request, reply, place, collections, 'Dataset', !explicit);
  });

  app.get('/collections/:collectionId/tiles/:tmsId', async (request: Req, reply) => {
    const c = await collection(request.params.collectionId);
    const tms = await requireTms(ctx, request.params.tmsId);
    checkFunctionTms([c], tms);
    return sendTileset(request, reply, tms, collectionPlace(c), [c], c.name, c.description);
  });

  app.get('/tiles/:tmsId', async (request: Req, reply) => {
    const tms = await requireTms(ctx, request.params.tmsId);
    const snapshot = await ctx.catalog.ready();
    const { collections, place } = datasetSelection(snapshot, request.query, tms);
    return sendTileset(request, reply, tms, place, collections, 'Dataset', 'All collections of the dataset, or those chosen with collections=');
  });

  app.get('/collections/:collectionId/tiles/:tmsId/:tileMatrix/:tileRow/:tileCol', async (request: Req, reply) => {
    const tms = await requireTms(ctx, request.params.tmsId);
    return serveTile(ctx, request, reply, (snapshot, build) =>
      ogcTileRequest(request, tms, resolveCollections(snapshot, [request.params.collectionId]), build),
    );
  });

  app.get('/tiles/:tmsId/:tileMatrix/:tileRow/:tileCol', async (request: Req, reply) => {
    const tms = await requireTms(ctx, request.params.tmsId);
    return serveTile(ctx, request, reply, (snapshot, build) => ogcTileRequest(request, tms, datasetSelection(snapshot, request.query, tms).collections, build));
  });

  async function collection(id: string): Promise<Collection> {
    const snapshot = await ctx.catalog.ready();
    return resolveCollections(snapshot, [id])[0];
  }

  function collectionPlace(c: Collection): TilesetPlace {
    return { listPath: `${path('collections', c.id)}/tiles`, query: '' };
  }

  /**
   * The dataset's collections: all of them (those with tiles in `tms` when given: function
   * layers only in WebMercatorQuad), or those of `collections=` (ids; 400 if unknown).
   */
  function datasetSelection(snapshot: CatalogSnapshot, query: Query, tms?: TileMatrixSet): { collections: Collection[]; place: TilesetPlace; explicit: boolean } {
    const text = single(query, 'collections');
    if (text === undefined) {
      const all = [...snapshot.collections.values()];
      const collections = tms ? servedIn(all, tms) : all;
      // only function layers published: the dataset has no tiles in this set
      if (tms && collections.length === 0) checkFunctionTms(all, tms);
      return { collections, place: { listPath: '/tiles', query: '' }, explicit: false };
    }
    const collections = resolveCollections(snapshot, splitList(text), { parameter: 'collections' });
    if (tms) checkFunctionTms(collections, tms);
    return { collections, place: { listPath: '/tiles', query: `collections=${collections.map((c) => encodeURIComponent(c.id)).join(',')}` }, explicit: true };
  }

  async function sendTilesets(request: FastifyRequest, reply: FastifyReply, place: TilesetPlace, collections: readonly Collection[], title: string, anyServed = false) {
    const b = base(request);
    const schemas = new Set(collections.map((c) => c.schema));
    // Custom sets belong to a catalog: a tilesets list offers those of its collections' schemas,
    // in which the collections have tiles (function layers only in WebMercatorQuad).
    const served = (t: TileMatrixSet) => (anyServed ? servedIn(collections, t).length > 0 : servedIn(collections, t).length === collections.length);
    const sets = (await ctx.tms.list()).filter((t) => (t.catalog === null || schemas.has(t.catalog)) && served(t));
    return sendDocument(request, reply, {
      links: selfLinks(b, place.listPath, `${title} tilesets`),
      tilesets: sets.map((t) => tilesetSummary(t, b, place, title)),
    }, `${title} tilesets`);
  }

  async function sendTileset(
    request: FastifyRequest,
    reply: FastifyReply,
    tms: TileMatrixSet,
    place: TilesetPlace,
    collections: readonly Collection[],
    title: string,
    description: string,
  ) {
    const format = documentFormat(request, ['json', 'html', 'tilejson']);
    if (collections.length === 0) throw new TileryError('unknown_collection', { collection: '(none published)' });
    const input = {
      base: base(request),
      tms,
      place,
      title,
      description,
      collections,
      limits: await collectionsLimits(ctx.engine, tms, collections),
      version: await dataVersion(ctx.engine, collections),
    };
    if (format === 'tilejson') return reply.type(TILEJSON_TYPE).send(tileJson(input));
    return sendDocument(request, reply, tilesetDoc(input), `${title} tileset (${tms.id})`);
  }

  /** An OGC tile: z/y/x order, matrix ids, and a 404 outside the data's tileMatrixSetLimits. */
  async function ogcTileRequest(request: Req, tms: TileMatrixSet, collections: readonly Collection[], build: (target: TileTarget) => TileRequest) {
    const { tileMatrix, tileRow, tileCol } = request.params;
    const tile = build({ collections, tms, coords: parseTileMatrixCoordinates(tms, { tileMatrix, tileRow, tileCol }), format: 'mvt', layerNaming: 'id' });
    await checkWithinData(ctx.engine, tile);
    return tile;
  }
}
