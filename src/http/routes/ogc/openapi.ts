/**
 * The OGC API routes' part of the OpenAPI document: the landing page and conformance (OGC API –
 * Common), the collections with their queryables, and the tilesets and tiles of one collection
 * or of the whole dataset (OGC API – Tiles). Their handlers are in index.ts.
 */
import { TILEJSON_TYPE } from '../../links.ts';
import {
  bbox,
  documentGet,
  documentResponse,
  FAILS,
  freshness,
  jsonContent,
  links,
  paramRef,
  schemaRef,
  TAGS,
  tileGet,
  type ErrorStatus,
  type Obj,
  type OpenApiPart,
} from '../../openapi/part.ts';

/** `/` and `/conformance`; the document lists `/api` after them. */
export const ogcCommonOpenApi: OpenApiPart = {
  paths: {
    '/': {
      get: documentGet({
        tag: TAGS.capabilities,
        operationId: 'getLandingPage',
        summary: 'Landing page',
        description:
          'JSON by default. In HTML (`f=html` or a browser’s `Accept`) it is the layer viewer: the same links, the layers with their metadata, ' +
          'and a MapLibre GL JS map previewing any set of them with a CQL2 filter and the cache debug overlay.',
        ok: documentResponse('Links to the API definition, conformance, collections, tile matrix sets and tilesets.', schemaRef('LandingPage')),
        fails: FAILS.static,
      }),
    },
    '/conformance': {
      get: documentGet({
        tag: TAGS.capabilities,
        operationId: 'getConformance',
        summary: 'Conformance classes implemented',
        ok: documentResponse('The conformance declaration.', schemaRef('ConformanceDeclaration')),
        fails: FAILS.static,
      }),
    },
  },
  schemas: {
    LandingPage: {
      type: 'object',
      required: ['links'],
      properties: { title: { type: 'string' }, description: { type: 'string' }, links },
    },
    ConformanceDeclaration: {
      type: 'object',
      required: ['conformsTo'],
      properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
    },
  },
};

/**
 * The three routes of the tilesets of one collection (`prefix` `/collections/{collectionId}`)
 * or of the dataset (`prefix` empty): the list, a tileset in a tile matrix set, and its tiles.
 * `before` and `after` are the parameters that choose the collections, around the others.
 */
function tilesetPaths(
  prefix: string,
  o: { of: 'Collection' | 'Dataset'; what: string; before: Obj[]; after: Obj[]; listFails: readonly ErrorStatus[]; summaries: [string, string, string]; tileDescription?: string },
): Record<string, { get: Obj }> {
  const tms = paramRef('tileMatrixSetId');
  return {
    [`${prefix}/tiles`]: {
      get: documentGet({
        tag: TAGS.tiles,
        operationId: `get${o.of}Tilesets`,
        summary: o.summaries[0],
        parameters: [...o.before, ...o.after],
        ok: documentResponse(`Tilesets of ${o.what}, one per tile matrix set.`, schemaRef('TileSets')),
        fails: o.listFails,
      }),
    },
    [`${prefix}/tiles/{tileMatrixSetId}`]: {
      get: documentGet({
        tag: TAGS.tiles,
        operationId: `get${o.of}Tileset`,
        summary: o.summaries[1],
        parameters: [...o.before, tms, ...o.after],
        ok: documentResponse('TileSet metadata (or TileJSON with `f=tilejson`).', schemaRef('TileSet'), {
          alternatives: jsonContent(schemaRef('TileJSON'), TILEJSON_TYPE),
        }),
        fails: FAILS.item,
        tilejson: true,
      }),
    },
    [`${prefix}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}`]: {
      get: tileGet({
        tag: TAGS.tiles,
        operationId: `get${o.of}Tile`,
        summary: o.summaries[2],
        description: o.tileDescription,
        parameters: [...o.before, tms, paramRef('tileMatrix'), paramRef('tileRow'), paramRef('tileCol'), ...o.after],
      }),
    },
  };
}

const boundingBox = {
  type: 'object',
  properties: {
    lowerLeft: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    upperRight: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    crs: { type: 'string' },
  },
};

/** The collections, their queryables, and the tilesets and tiles of a collection or of the dataset. */
export const ogcTilesOpenApi: OpenApiPart = {
  paths: {
    '/collections': {
      get: documentGet({
        tag: TAGS.collections,
        operationId: 'getCollections',
        summary: 'Every published collection',
        ok: documentResponse('The collections with their links.', schemaRef('Collections')),
        fails: FAILS.list,
      }),
    },
    '/collections/{collectionId}': {
      get: documentGet({
        tag: TAGS.collections,
        operationId: 'getCollection',
        summary: 'One collection',
        parameters: [paramRef('collectionId')],
        ok: documentResponse('The collection: extent, CRS, geometry type, zoom range, links.', schemaRef('Collection')),
        fails: FAILS.item,
      }),
    },
    '/collections/{collectionId}/queryables': {
      get: documentGet({
        tag: TAGS.collections,
        operationId: 'getQueryables',
        summary: 'Queryable properties of a collection',
        parameters: [paramRef('collectionId')],
        ok: documentResponse('A JSON Schema of the queryables.', schemaRef('Queryables'), { jsonType: 'application/schema+json' }),
        fails: FAILS.item,
      }),
    },
    ...tilesetPaths('/collections/{collectionId}', {
      of: 'Collection',
      what: 'the collection',
      before: [paramRef('collectionId')],
      after: [],
      listFails: FAILS.item,
      summaries: ['Tilesets of a collection', 'Tileset of a collection in a tile matrix set', 'A tile of a collection'],
      tileDescription: 'Outside the `tileMatrixSetLimits` of the tileset (no data there) the answer is a 404.',
    }),
    ...tilesetPaths('', {
      of: 'Dataset',
      what: 'the dataset',
      before: [],
      after: [paramRef('datasetCollections')],
      listFails: FAILS.list,
      summaries: ['Tilesets of the dataset (every collection)', 'Tileset of the dataset in a tile matrix set', 'A tile of the dataset, one MVT layer per collection'],
    }),
  },
  schemas: {
    Collection: {
      type: 'object',
      required: ['id', 'links'],
      properties: {
        ...freshness,
        id: { type: 'string' },
        title: { type: 'string' },
        description: { type: 'string', nullable: true },
        dataType: { type: 'string', enum: ['vector'] },
        extent: { type: 'object', properties: { spatial: { type: 'object', properties: { bbox: { type: 'array', items: bbox }, crs: { type: 'string' } } } } },
        crs: { type: 'array', items: { type: 'string' } },
        storageCrs: { type: 'string' },
        geometryType: { type: 'string' },
        minzoom: { type: 'integer' },
        maxzoom: { type: 'integer' },
        links,
      },
    },
    Collections: {
      type: 'object',
      required: ['links', 'collections'],
      properties: { links, collections: { type: 'array', items: schemaRef('Collection') } },
    },
    Queryables: {
      type: 'object',
      description: 'A JSON Schema (2020-12) of the queryable properties: the geometry column and the attributes.',
      properties: {
        $schema: { type: 'string' },
        $id: { type: 'string' },
        type: { type: 'string', enum: ['object'] },
        title: { type: 'string' },
        properties: { type: 'object', additionalProperties: { type: 'object' } },
        additionalProperties: { type: 'boolean' },
      },
    },
    TileSetItem: {
      type: 'object',
      required: ['dataType', 'crs', 'links'],
      properties: { title: { type: 'string' }, dataType: { type: 'string', enum: ['vector'] }, crs: { type: 'string' }, tileMatrixSetURI: { type: 'string' }, links },
    },
    TileSets: {
      type: 'object',
      required: ['tilesets'],
      properties: { links, tilesets: { type: 'array', items: schemaRef('TileSetItem') } },
    },
    TileMatrixLimits: {
      type: 'object',
      required: ['tileMatrix', 'minTileRow', 'maxTileRow', 'minTileCol', 'maxTileCol'],
      properties: {
        tileMatrix: { type: 'string' },
        minTileRow: { type: 'integer', minimum: 0 },
        maxTileRow: { type: 'integer', minimum: 0 },
        minTileCol: { type: 'integer', minimum: 0 },
        maxTileCol: { type: 'integer', minimum: 0 },
      },
    },
    TileSet: {
      type: 'object',
      description: 'OGC TileSet metadata (TMS 2.0 tilesetmetadata).',
      required: ['dataType', 'crs', 'links'],
      properties: {
        title: { type: 'string' },
        description: { type: 'string', nullable: true },
        dataType: { type: 'string', enum: ['vector'] },
        crs: { type: 'string' },
        tileMatrixSetURI: { type: 'string' },
        version: { type: 'string', description: 'Changes when the data changes.' },
        links,
        tileMatrixSetLimits: { type: 'array', items: schemaRef('TileMatrixLimits') },
        boundingBox,
        centerPoint: { type: 'object', properties: { coordinates: { type: 'array', items: { type: 'number' } }, tileMatrix: { type: 'string' }, crs: { type: 'string' } } },
        layers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'dataType'],
            properties: {
              id: { type: 'string' },
              title: { type: 'string' },
              description: { type: 'string', nullable: true },
              dataType: { type: 'string', enum: ['vector'] },
              geometryDimension: { type: 'integer', minimum: 0, maximum: 2 },
              featureType: { type: 'string' },
              crs: { type: 'string' },
              minTileMatrix: { type: 'string' },
              maxTileMatrix: { type: 'string' },
              boundingBox,
              propertiesSchema: { type: 'object' },
              links,
            },
          },
        },
      },
    },
    TileJSON: {
      type: 'object',
      description: 'TileJSON 3.0.0.',
      required: ['tilejson', 'tiles', 'vector_layers'],
      properties: {
        tilejson: { type: 'string', enum: ['3.0.0'] },
        name: { type: 'string' },
        description: { type: 'string', nullable: true },
        version: { type: 'string' },
        scheme: { type: 'string', enum: ['xyz'] },
        tiles: { type: 'array', items: { type: 'string' } },
        minzoom: { type: 'integer' },
        maxzoom: { type: 'integer' },
        bounds: bbox,
        center: { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 },
        vector_layers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'fields'],
            properties: {
              id: { type: 'string' },
              description: { type: 'string', nullable: true },
              minzoom: { type: 'integer' },
              maxzoom: { type: 'integer' },
              fields: { type: 'object', additionalProperties: { type: 'string', enum: ['Number', 'Boolean', 'String'] } },
            },
          },
        },
      },
    },
  },
};
