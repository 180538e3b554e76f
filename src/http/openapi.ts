/**
 * The OpenAPI 3.0 document of every route tilery registers (OGC API – Tiles `service-desc`),
 * written by hand. Parameters, responses and schemas that recur live in `components` and are
 * referenced; the paths at the end read like the route table of the README.
 */
import pkg from '../../package.json' with { type: 'json' };
import { DEFAULTS } from '../config/index.ts';
import { ERRORS } from '../errors.ts';
import { MAX_RESOLUTION, tileDefaults, type TileDefaults } from '../tiles/index.ts';
import { BUILTIN_TMS } from '../tms/index.ts';
import { ASSET_NAMES, ASSET_TYPES } from '../viewer/index.ts';
import { HTML_TYPE, JSON_TYPE, OPENAPI_TYPE, TILEJSON_TYPE } from './links.ts';
import { MVT_MEDIA_TYPE } from './reply.ts';

type Obj = Record<string, unknown>;

const SCHEMA_JSON_TYPE = 'application/schema+json';
/** The error code fastify's own 4xx errors (e.g. a malformed JSON body) are answered with. */
const FASTIFY_CLIENT_ERROR = 'bad_request';

const TAGS = {
  capabilities: 'Capabilities',
  collections: 'Collections',
  tiles: 'Tiles',
  tms: 'Tile matrix sets',
  catalog: 'Catalog',
  pgTileserv: 'pg_tileserv',
  admin: 'Admin',
  viewer: 'Viewer',
  operations: 'Operations',
} as const;

const TAG_DESCRIPTIONS: Record<string, string> = {
  [TAGS.capabilities]: 'OGC API – Common: landing page, conformance declaration and this API definition.',
  [TAGS.collections]: 'OGC API – Common part 2: the published collections (PostGIS relations with a typed geometry column, and function layers) and their queryables.',
  [TAGS.tiles]: 'OGC API – Tiles: tilesets lists, tileset metadata and vector tiles of one collection or of the whole dataset.',
  [TAGS.tms]: 'OGC Two Dimensional Tile Matrix Set 2.0: the built-in tile matrix sets and those created per catalog.',
  [TAGS.catalog]: 'Catalog routes: a dataset is a database schema, `collections` picks its layers by name.',
  [TAGS.pgTileserv]: 'Routes compatible with pg_tileserv.',
  [TAGS.admin]: 'Operator routes; they need the admin bearer token (`TILERY_ADMIN_TOKEN`).',
  [TAGS.viewer]: 'The web page at `/` (HTML) that lists the layers and previews them on a map: its files and what it asks tilery.',
  [TAGS.operations]: 'Probes of orchestrators and load balancers, and Prometheus metrics; open without credentials.',
};

// ---------------------------------------------------------------------------------------------
// Small builders

const ref = (kind: 'schemas' | 'parameters' | 'responses', name: string): Obj => ({ $ref: `#/components/${kind}/${name}` });
const schemaRef = (name: string) => ref('schemas', name);
const paramRef = (name: string) => ref('parameters', name);

function pathParam(name: string, description: string, schema: Obj = { type: 'string' }, example?: unknown): Obj {
  return { name, in: 'path', required: true, description, schema, ...(example !== undefined && { example }) };
}

function queryParam(name: string, description: string, schema: Obj, options: { required?: boolean; example?: unknown } = {}): Obj {
  return {
    name,
    in: 'query',
    required: options.required ?? false,
    description,
    schema,
    ...(options.example !== undefined && { example: options.example }),
  };
}

/** A comma-separated list in one query parameter (`a,b,c`), as tilery reads it. */
const commaList: Obj = { type: 'string', pattern: '^[^,]*(,[^,]*)*$' };

const stringSchema = { type: 'string' };

function jsonContent(schema: Obj, type = JSON_TYPE): Obj {
  return { [type]: { schema } };
}

/** 200 of a document route: JSON (or another JSON type) and its readable HTML page. */
function documentResponse(description: string, schema: Obj, options: { jsonType?: string; tilejson?: boolean } = {}): Obj {
  return {
    description,
    content: {
      ...jsonContent(schema, options.jsonType),
      ...(options.tilejson && jsonContent(schemaRef('TileJSON'), TILEJSON_TYPE)),
      [HTML_TYPE]: { schema: stringSchema },
    },
  };
}

/** The codes of the error table (src/errors.ts) answered with one status. */
function codesOf(status: number): string[] {
  return Object.entries(ERRORS)
    .filter(([, e]) => e.status === status)
    .map(([code]) => code);
}

function errorResponse(status: number, description: string, extraCodes: readonly string[] = []): Obj {
  const codes = [...codesOf(status), ...extraCodes];
  return {
    description: `${description}. Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
    content: jsonContent(schemaRef('Error')),
  };
}

const ERROR_RESPONSES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

function errors(statuses: readonly number[]): Obj {
  return Object.fromEntries(statuses.map((s) => [String(s), ref('responses', ERROR_RESPONSES[s])]));
}

/** Error statuses of the routes by what they depend on. */
const FAILS = {
  /** Documents made without the database: only a bad `f`. */
  static: [400, 500],
  /** Lists read from the catalog or the TMS store. */
  list: [400, 500, 503, 504],
  /** One item named in the path. */
  item: [400, 404, 500, 503, 504],
  /** Tiles. */
  tile: [400, 404, 500, 503, 504],
  /** pg_tileserv JSON without parameters. */
  pgIndex: [500, 503, 504],
  pgLayer: [404, 500, 503, 504],
} as const;

interface OperationInput {
  tag: string;
  operationId: string;
  summary: string;
  description?: string;
  parameters?: Obj[];
  responses: Obj;
}

function operation(o: OperationInput): Obj {
  return {
    tags: [o.tag],
    operationId: o.operationId,
    summary: o.summary,
    ...(o.description && { description: o.description }),
    ...(o.parameters?.length && { parameters: o.parameters }),
    responses: o.responses,
  };
}

/** A GET of a JSON document that also has an HTML page (`f`). */
function documentGet(o: Omit<OperationInput, 'responses'> & { ok: Obj; fails: readonly number[]; tilejson?: boolean }): Obj {
  return operation({
    ...o,
    parameters: [...(o.parameters ?? []), paramRef(o.tilejson ? 'fTileset' : 'f')],
    responses: { '200': o.ok, ...errors(o.fails) },
  });
}

/** A GET of a vector tile: the tile parameters, then 200/204/304 and the errors. */
function tileGet(o: Omit<OperationInput, 'responses'>): Obj {
  return operation({
    ...o,
    parameters: [...(o.parameters ?? []), ...TILE_PARAMETERS.map(paramRef), paramRef('ifNoneMatch')],
    responses: {
      '200': ref('responses', 'Tile'),
      '204': ref('responses', 'EmptyTile'),
      '304': ref('responses', 'NotModified'),
      '307': ref('responses', 'TileRedirect'),
      ...errors(FAILS.tile),
    },
  });
}

const TILE_PARAMETERS = [
  'properties',
  'limit',
  'resolution',
  'buffer',
  'filter',
  'filterLang',
  'filterLangAlias',
  'filterCrs',
  'datetime',
  'subset',
  'simplification',
  'simplificationByZoom',
  'simplificationAlgorithm',
  'disableCache',
  'refreshCache',
  'functionParams',
];

// ---------------------------------------------------------------------------------------------
// Components

function parameters(d: TileDefaults): Obj {
  const tmsExample = BUILTIN_TMS[0].id;
  return {
    f: queryParam('f', 'Format of the answer; without it `Accept: text/html` chooses HTML, anything else JSON.', {
      type: 'string',
      enum: ['json', 'html'],
      default: 'json',
    }),
    fTileset: queryParam(
      'f',
      'Format of the answer: OGC TileSet JSON, an HTML page, or TileJSON 3.0.0 (`tilejson`, WebMercatorQuad only). Without it `Accept: text/html` chooses HTML.',
      { type: 'string', enum: ['json', 'html', 'tilejson'], default: 'json' },
    ),
    collectionId: pathParam('collectionId', 'Collection id, `schema.name`.', stringSchema, 'public.places'),
    tileMatrixSetId: pathParam(
      'tileMatrixSetId',
      `Tile matrix set id: ${BUILTIN_TMS.map((t) => `\`${t.id}\``).join(', ')} or a custom set's.`,
      stringSchema,
      tmsExample,
    ),
    tileMatrix: pathParam('tileMatrix', 'Tile matrix id within the tile matrix set (the zoom level for the built-in sets).', stringSchema, '3'),
    tileRow: pathParam('tileRow', 'Row of the tile, counted from the corner of origin.', { type: 'integer', minimum: 0 }, 2),
    tileCol: pathParam('tileCol', 'Column of the tile.', { type: 'integer', minimum: 0 }, 4),
    dataset: pathParam('dataset', 'Dataset: a database schema that holds published collections.', stringSchema, 'public'),
    tmsId: pathParam('tmsId', `Tile matrix set id (\`${tmsExample}\` when the path has none).`, stringSchema, tmsExample),
    layer: pathParam('layer', 'Layer (collection) id, `schema.name`.', stringSchema, 'public.places'),
    layers: pathParam(
      'layer',
      'One layer id (`schema.name`) or a comma-separated list of them; each becomes one MVT layer named after its id.',
      commaList,
      'public.countries,public.places',
    ),
    z: pathParam('z', 'Zoom level.', { type: 'integer', minimum: 0 }, 3),
    x: pathParam('x', 'Column.', { type: 'integer', minimum: 0 }, 4),
    y: pathParam('y', 'Row, from the top.', { type: 'integer', minimum: 0 }, 2),
    format: pathParam('format', '`mvt` and `pbf` are the same format, Mapbox Vector Tile.', { type: 'string', enum: ['mvt', 'pbf'] }, 'mvt'),
    catalogCollections: queryParam(
      'collections',
      'Collections of the dataset, by name (or `schema.name`), comma-separated; one MVT layer each, named after the collection name. Unknown names are a 400.',
      commaList,
      { required: true, example: 'countries,places' },
    ),
    datasetCollections: queryParam(
      'collections',
      'Collections to include, by id (`schema.name`), comma-separated; default: every collection. Unknown ids are a 400.',
      commaList,
      { example: 'public.countries,public.places' },
    ),
    properties: queryParam('properties', 'Attribute columns to include, comma-separated; default: all. An unknown name is a 400.', commaList, {
      example: 'name,pop',
    }),
    limit: queryParam('limit', `Largest number of features per layer (default ${d.defaultLimit}).`, {
      type: 'integer',
      minimum: 0,
      maximum: d.maxLimit,
      default: d.defaultLimit,
    }),
    resolution: queryParam('resolution', `Tile extent in MVT units (default ${d.defaultResolution}).`, {
      type: 'integer',
      minimum: 1,
      maximum: MAX_RESOLUTION,
      default: d.defaultResolution,
    }),
    buffer: queryParam('buffer', `Buffer around the tile in MVT units, at most \`resolution\` (default ${d.defaultBuffer}, or \`resolution\` when smaller).`, {
      type: 'integer',
      minimum: 0,
      maximum: MAX_RESOLUTION,
      default: d.defaultBuffer,
    }),
    filter: queryParam(
      'filter',
      'A CQL2 filter (OGC 21-065r2) on the attributes and geometry of each layer, in the language of `filter-lang`. A syntax error is a 400 giving its position; an unknown property or a type mismatch a 400 naming the property. The queryables of a collection list what it may use.',
      stringSchema,
      { example: "rank > 5 AND S_INTERSECTS(geom, BBOX(-10, 40, 10, 50))" },
    ),
    filterLang: queryParam('filter-lang', 'Language of `filter`.', { type: 'string', enum: ['cql2-text', 'cql2-json'], default: 'cql2-text' }),
    filterLangAlias: queryParam('filter_lang', 'Same as `filter-lang` (the spelling some clients use).', { type: 'string', enum: ['cql2-text', 'cql2-json'] }),
    filterCrs: queryParam(
      'filter-crs',
      'CRS of the geometry literals of `filter`: a CRS URI (default CRS84, `http://www.opengis.net/def/crs/OGC/1.3/CRS84`) or an SRID number.',
      stringSchema,
      { example: 'http://www.opengis.net/def/crs/EPSG/0/3857' },
    ),
    datetime: queryParam(
      'datetime',
      "An RFC 3339 instant or interval (`start/end`, `../end`, `start/..`): features whose date or time (the collection's temporal column, or its start and end columns) intersects it. Layers without a temporal column are not filtered; a 400 when no requested layer has one.",
      stringSchema,
      { example: '2019-08-01/2019-09-01' },
    ),
    subset: queryParam(
      'subset',
      'Conditions on columns, comma-separated: `name("value")` (equal) or `name(low:high)` (between; `*` for an open end).',
      stringSchema,
      { example: 'kind("quake"),magnitude(2:5)' },
    ),
    simplification: queryParam('simplification', 'Simplification tolerance in units of the tile matrix set CRS; 0 or absent: none.', { type: 'number', minimum: 0 }),
    simplificationByZoom: queryParam(
      'simplification_by_zoom',
      'A JSON object of zoom level to tolerance; a tile uses the entry of the greatest zoom at or below its own. Not with `simplification`.',
      stringSchema,
      { example: '{"0": 10000, "8": 100}' },
    ),
    simplificationAlgorithm: queryParam('simplification_algorithm', '`topology_preserving` (ST_SimplifyPreserveTopology) or `douglas_peucker` (ST_Simplify).', {
      type: 'string',
      enum: ['topology_preserving', 'douglas_peucker'],
      default: 'topology_preserving',
    }),
    disableCache: queryParam('disable_cache', 'Bypass every cache layer, reading and writing (not part of the cache key).', { type: 'boolean' }),
    refreshCache: queryParam('refresh_cache', 'Forget this tile in every cache, then generate and store it again.', { type: 'boolean' }),
    // free-form: the query parameters that are not tilery's own (OpenAPI 3.0 form/explode object)
    functionParams: {
      name: 'query_params',
      in: 'query',
      required: false,
      style: 'form',
      explode: true,
      description:
        'Function layers only: every query parameter that is not one of tilery\'s own (those above, `collections`, `f`, `api_key`) reaches the layer\'s function as one JSON object, its `query_params` argument: `{"name": "value"}`, a repeated parameter as an array of its values. They are part of the cache key. Table layers ignore them; on a request whose layers are all functions the table-only parameters above are a 400.',
      schema: { type: 'object', additionalProperties: { type: 'string' } },
      example: { name_prefix: 'place 1' },
    },
    ifNoneMatch: {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'ETag of a copy the client holds: 304 when the tile is the same.',
      schema: stringSchema,
    },
  };
}

const CACHE_CONTROL = { description: '`public, max-age=…` (`tiles.cache_control_max_age`).', schema: stringSchema };
const ETAG = { description: 'Strong ETag: a hash of the tile bytes.', schema: stringSchema };

const X_TILE_CACHE = { description: '`hit` or `miss`.', schema: { type: 'string', enum: ['hit', 'miss'] } };
const X_TILE_SOURCE = {
  description: 'Where the tile came from: memory (L1), pg_table, bucket_proxy, bucket_redirect, pmtiles_archive, or postgis (generated).',
  schema: { type: 'string', enum: ['memory', 'pg_table', 'bucket_redirect', 'bucket_proxy', 'pmtiles_archive', 'postgis'] },
};
const TILE_HEADERS = { ETag: ETAG, 'Cache-Control': CACHE_CONTROL, 'X-Tile-Cache': X_TILE_CACHE, 'X-Tile-Source': X_TILE_SOURCE };

const RESPONSES: Obj = {
  Tile: {
    description: 'A Mapbox Vector Tile, gzip, br or zstd encoded when the client accepts it.',
    headers: { ...TILE_HEADERS, 'Content-Encoding': { description: '`gzip`, `br` or `zstd` when accepted.', schema: stringSchema } },
    content: { [MVT_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  },
  TileRedirect: {
    description: 'The tile is in the bucket: a signed URL to it (bucket in redirect mode).',
    headers: { Location: { description: 'Signed URL of the object.', schema: stringSchema }, 'X-Tile-Cache': X_TILE_CACHE, 'X-Tile-Source': X_TILE_SOURCE },
  },
  EmptyTile: { description: 'The tile holds no feature (empty body).', headers: { 'Cache-Control': CACHE_CONTROL, 'X-Tile-Cache': X_TILE_CACHE, 'X-Tile-Source': X_TILE_SOURCE } },
  NotModified: { description: 'The tile matches `If-None-Match`.', headers: { ETag: ETAG, 'Cache-Control': CACHE_CONTROL } },
  BadRequest: errorResponse(400, 'A parameter or a posted document is malformed or out of bounds (the body names it)', [FASTIFY_CLIENT_ERROR]),
  Unauthorized: errorResponse(401, 'The admin bearer token is missing or wrong'),
  Forbidden: errorResponse(403, 'No admin token is configured, or the database role lacks a privilege'),
  NotFound: errorResponse(404, 'The path names something that does not exist'),
  Conflict: errorResponse(409, 'It exists already'),
  InternalError: errorResponse(500, 'Unexpected error (logged)'),
  ServiceUnavailable: errorResponse(503, 'The database cannot be reached, or tiles are switched off'),
  GatewayTimeout: errorResponse(504, 'A query ran past the statement timeout'),
};

const linkSchema: Obj = {
  type: 'object',
  required: ['href', 'rel'],
  properties: {
    href: { type: 'string' },
    rel: { type: 'string' },
    type: { type: 'string' },
    title: { type: 'string' },
    templated: { type: 'boolean' },
  },
};

const links = { type: 'array', items: schemaRef('Link') };
const bbox = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4, description: '[minx, miny, maxx, maxy] in WGS84 (CRS84).' };
const boundingBox = {
  type: 'object',
  properties: {
    lowerLeft: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    upperRight: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    crs: { type: 'string' },
  },
};
/** A CRS as TMS 2.0 documents give it: a URI, or an object with `uri`. */
const crs = { oneOf: [{ type: 'string' }, { type: 'object', required: ['uri'], properties: { uri: { type: 'string' } } }] };

/** How fresh a collection's tiles are (see the README's Freshness section). */
const freshness: Obj = {
  freshness: {
    type: 'string',
    enum: ['tracked', 'untracked'],
    description: '`tracked`: tiles are retired when the rows change; `untracked`: served at most `max_age` seconds after they were made.',
  },
  max_age: { type: 'integer', minimum: 0, description: 'Seconds a tile of an untracked collection is served at most after it was made.' },
};

const SCHEMAS: Obj = {
  Error: {
    type: 'object',
    required: ['code', 'description'],
    description: 'Every error. Further members name what the error is about (`collection`, `dataset`, `tms`, `z`, `x`, `y`, …).',
    properties: {
      code: { type: 'string', enum: [...Object.keys(ERRORS), FASTIFY_CLIENT_ERROR] },
      description: { type: 'string' },
      parameter: { type: 'string', description: 'The parameter at fault (400 `invalid_parameter`).' },
      position: { type: 'integer', description: 'Position of the error within the parameter value (CQL2).' },
      member: { type: 'string', description: 'The member of a posted document at fault (400 `invalid_tile_matrix_set`).' },
    },
    additionalProperties: true,
  },
  Link: linkSchema,
  CacheOverlayStatus: {
    type: 'object',
    required: ['available', 'reason'],
    properties: {
      available: { type: 'boolean', description: 'The cache tables exist and the database role reads them.' },
      reason: { type: 'string', nullable: true, description: 'Why the overlay is unavailable; null when it is available.' },
    },
  },
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
      crs,
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
  RefreshResult: {
    type: 'object',
    properties: {
      collections: { type: 'integer', description: 'Collections published after the refresh.' },
      loaded_at: { type: 'string', format: 'date-time' },
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Paths

const p = paramRef;

function paths(): Obj {
  const tilesetsOf = (what: string) => documentResponse(`Tilesets of ${what}, one per tile matrix set.`, schemaRef('TileSets'));
  const tileset = documentResponse('TileSet metadata (or TileJSON with `f=tilejson`).', schemaRef('TileSet'), { tilejson: true });

  const catalogTile = (id: string, withTms: boolean, note: string) => ({
    get: tileGet({
      tag: TAGS.catalog,
      operationId: id,
      summary: withTms ? 'A tile of collections of a dataset, in a tile matrix set' : 'A tile of collections of a dataset (WebMercatorQuad)',
      description: `${note}\`{z}/{x}/{y}\` = matrix / column / row.`,
      parameters: [p('dataset'), ...(withTms ? [p('tmsId')] : []), p('z'), p('x'), p('y'), p('format'), p('catalogCollections')],
    }),
  });

  return {
    // OGC API – Common
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
    '/api': {
      get: documentGet({
        tag: TAGS.capabilities,
        operationId: 'getApi',
        summary: 'This API definition (OpenAPI 3.0)',
        description: 'JSON, or with `f=html` (or `Accept: text/html`) a readable page of the paths and operations.',
        ok: documentResponse('The OpenAPI document.', { type: 'object' }, { jsonType: OPENAPI_TYPE }),
        fails: FAILS.static,
      }),
    },
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
        parameters: [p('collectionId')],
        ok: documentResponse('The collection: extent, CRS, geometry type, zoom range, links.', schemaRef('Collection')),
        fails: FAILS.item,
      }),
    },
    '/collections/{collectionId}/queryables': {
      get: documentGet({
        tag: TAGS.collections,
        operationId: 'getQueryables',
        summary: 'Queryable properties of a collection',
        parameters: [p('collectionId')],
        ok: documentResponse('A JSON Schema of the queryables.', schemaRef('Queryables'), { jsonType: SCHEMA_JSON_TYPE }),
        fails: FAILS.item,
      }),
    },

    // OGC API – Tiles: one collection
    '/collections/{collectionId}/tiles': {
      get: documentGet({
        tag: TAGS.tiles,
        operationId: 'getCollectionTilesets',
        summary: 'Tilesets of a collection',
        parameters: [p('collectionId')],
        ok: tilesetsOf('the collection'),
        fails: FAILS.item,
      }),
    },
    '/collections/{collectionId}/tiles/{tileMatrixSetId}': {
      get: documentGet({
        tag: TAGS.tiles,
        operationId: 'getCollectionTileset',
        summary: 'Tileset of a collection in a tile matrix set',
        parameters: [p('collectionId'), p('tileMatrixSetId')],
        ok: tileset,
        fails: FAILS.item,
        tilejson: true,
      }),
    },
    '/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}': {
      get: tileGet({
        tag: TAGS.tiles,
        operationId: 'getCollectionTile',
        summary: 'A tile of a collection',
        description: 'Outside the `tileMatrixSetLimits` of the tileset (no data there) the answer is a 404.',
        parameters: [p('collectionId'), p('tileMatrixSetId'), p('tileMatrix'), p('tileRow'), p('tileCol')],
      }),
    },

    // OGC API – Tiles: the dataset
    '/tiles': {
      get: documentGet({
        tag: TAGS.tiles,
        operationId: 'getDatasetTilesets',
        summary: 'Tilesets of the dataset (every collection)',
        parameters: [p('datasetCollections')],
        ok: tilesetsOf('the dataset'),
        fails: FAILS.list,
      }),
    },
    '/tiles/{tileMatrixSetId}': {
      get: documentGet({
        tag: TAGS.tiles,
        operationId: 'getDatasetTileset',
        summary: 'Tileset of the dataset in a tile matrix set',
        parameters: [p('tileMatrixSetId'), p('datasetCollections')],
        ok: tileset,
        fails: FAILS.item,
        tilejson: true,
      }),
    },
    '/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}': {
      get: tileGet({
        tag: TAGS.tiles,
        operationId: 'getDatasetTile',
        summary: 'A tile of the dataset, one MVT layer per collection',
        parameters: [p('tileMatrixSetId'), p('tileMatrix'), p('tileRow'), p('tileCol'), p('datasetCollections')],
      }),
    },

    // Tile matrix sets
    '/tileMatrixSets': {
      get: documentGet({
        tag: TAGS.tms,
        operationId: 'getTileMatrixSets',
        summary: 'Tile matrix sets (built-in and custom)',
        ok: documentResponse('The tile matrix sets.', schemaRef('TileMatrixSets')),
        fails: FAILS.list,
      }),
    },
    '/tileMatrixSets/{tileMatrixSetId}': {
      get: documentGet({
        tag: TAGS.tms,
        operationId: 'getTileMatrixSet',
        summary: 'A tile matrix set definition',
        parameters: [p('tileMatrixSetId')],
        ok: documentResponse('The TMS 2.0 definition.', schemaRef('TileMatrixSet')),
        fails: FAILS.item,
      }),
    },
    '/tiles/tileMatrixSets': {
      get: documentGet({
        tag: TAGS.tms,
        operationId: 'getCatalogTileMatrixSets',
        summary: 'Tile matrix sets (catalog path)',
        ok: documentResponse('The tile matrix sets.', schemaRef('TileMatrixSets')),
        fails: FAILS.list,
      }),
    },
    '/tiles/tileMatrixSets/{tmsId}': {
      get: documentGet({
        tag: TAGS.tms,
        operationId: 'getCatalogTileMatrixSet',
        summary: 'A tile matrix set definition (catalog path)',
        parameters: [p('tmsId')],
        ok: documentResponse('The TMS 2.0 definition.', schemaRef('TileMatrixSet')),
        fails: FAILS.item,
      }),
    },
    '/tiles/{dataset}/tileMatrixSets': {
      post: {
        ...operation({
          tag: TAGS.tms,
          operationId: 'createTileMatrixSet',
          summary: 'Create a custom tile matrix set in a catalog',
          description: 'The set is stored in the database (schema `tilery`) and offered in the tilesets of the catalog’s collections.',
          parameters: [p('dataset')],
          responses: {
            '201': {
              description: 'Created.',
              headers: { Location: { description: 'URL of the new set under /tileMatrixSets.', schema: stringSchema } },
              content: jsonContent(schemaRef('TileMatrixSet')),
            },
            ...errors([400, 401, 403, 404, 409, 500, 503, 504]),
          },
        }),
        requestBody: { required: true, description: 'A TMS 2.0 JSON document.', content: jsonContent(schemaRef('TileMatrixSet')) },
        security: [{ adminToken: [] }],
      },
    },

    // Catalog tile routes
    '/tiles/{dataset}/tiles/{z}/{x}/{y}.{format}': catalogTile('getCatalogTile', false, ''),
    '/tiles/{dataset}/tiles/{tmsId}/{z}/{x}/{y}.{format}': catalogTile('getCatalogTileInTms', true, ''),
    '/tiles/catalogs/{dataset}/tiles/{z}/{x}/{y}.{format}': catalogTile('getCatalogsTile', false, 'Same as `/tiles/{dataset}/tiles/…`. '),
    '/tiles/catalogs/{dataset}/tiles/{tmsId}/{z}/{x}/{y}.{format}': catalogTile(
      'getCatalogsTileInTms',
      true,
      'Same as `/tiles/{dataset}/tiles/{tmsId}/…`. ',
    ),

    // pg_tileserv
    '/index.json': {
      get: operation({
        tag: TAGS.pgTileserv,
        operationId: 'getPgTileservIndex',
        summary: 'Every layer (pg_tileserv index)',
        responses: { '200': { description: 'The layers by id.', content: jsonContent(schemaRef('PgTileservIndex')) }, ...errors(FAILS.pgIndex) },
      }),
    },
    '/{layer}.json': {
      get: operation({
        tag: TAGS.pgTileserv,
        operationId: 'getPgTileservLayer',
        summary: 'One layer (pg_tileserv detail)',
        parameters: [p('layer')],
        responses: { '200': { description: 'The layer.', content: jsonContent(schemaRef('PgTileservLayer')) }, ...errors(FAILS.pgLayer) },
      }),
    },
    '/{layer}/{z}/{x}/{y}.{format}': {
      get: tileGet({
        tag: TAGS.pgTileserv,
        operationId: 'getPgTileservTile',
        summary: 'A tile of one or more layers (WebMercatorQuad)',
        description: 'pg_tileserv’s `/{layer}/{z}/{x}/{y}.pbf`; MVT layers are named after the layer ids.',
        parameters: [p('layers'), p('z'), p('x'), p('y'), p('format')],
      }),
    },

    // Cache
    '/configs/plugins/tiles_caching_config': {
      get: operation({
        tag: TAGS.admin,
        operationId: 'getCachingConfig',
        summary: 'The bucket cache settings in force',
        responses: { '200': { description: 'The settings.', content: jsonContent(schemaRef('CachingConfig')) }, ...errors([500, 503, 504]) },
      }),
      put: {
        ...operation({
          tag: TAGS.admin,
          operationId: 'putCachingConfig',
          summary: 'Change the bucket cache settings (stored in the database; every instance applies them within seconds)',
          responses: { '200': { description: 'The settings now in force.', content: jsonContent(schemaRef('CachingConfig')) }, ...errors([400, 401, 403, 500, 503, 504]) },
        }),
        requestBody: { required: true, content: jsonContent(schemaRef('CachingConfig')) },
        security: [{ adminToken: [] }],
      },
    },
    '/tiles/{dataset}/tiles/cache': {
      delete: {
        ...operation({
          tag: TAGS.admin,
          operationId: 'deleteCachedTiles',
          summary: 'Delete cached tiles of some collections of a dataset, or of all of it, from every cache of every instance',
          parameters: [
            p('dataset'),
            queryParam('collections', 'Collection names of the dataset, comma-separated; absent: the whole dataset.', commaList, { example: 'places' }),
          ],
          responses: { '200': { description: 'What was deleted.', content: jsonContent(schemaRef('CacheDeletion')) }, ...errors([400, 401, 403, 404, 500, 503, 504]) },
        }),
        security: [{ adminToken: [] }],
      },
    },

    '/_cache/{z}/{x}/{y}.{format}': {
      get: operation({
        tag: TAGS.admin,
        operationId: 'getCacheDebugTile',
        summary: 'The outlines of the cached tiles around a tile (MVT layer `_cache`), for debugging',
        description: 'One feature a cached tile (PostGIS table or bucket index), with provider, tms, z, x, y and collections.',
        parameters: [p('z'), p('x'), p('y'), p('format'), queryParam('collections', 'Only tiles holding one of these collection ids.', commaList)],
        responses: {
          '200': { description: 'The outlines.', content: { [MVT_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
          '204': { description: 'Nothing cached there.' },
          ...errors([400, 404, 500, 503, 504]),
        },
      }),
    },

    // Viewer
    '/viewer/{file}': {
      get: operation({
        tag: TAGS.viewer,
        operationId: 'getViewerFile',
        summary: 'A file of the viewer page: its scripts and styles, and MapLibre GL JS as installed with tilery',
        description:
          'Only the files the page uses. With `v` equal to the content version the page writes in its URLs the answer may be kept for good ' +
          '(`immutable`); otherwise it is revalidated with its ETag. gzip, br or zstd encoded when the client accepts it.',
        parameters: [
          pathParam('file', 'File name.', { type: 'string', enum: [...ASSET_NAMES] }, 'maplibre-gl.js'),
          queryParam('v', 'Content version of the file (a hash), as the page names it.', stringSchema),
          paramRef('ifNoneMatch'),
        ],
        responses: {
          '200': {
            description: 'The file.',
            headers: {
              ETag: { description: 'Strong ETag of this representation.', schema: stringSchema },
              'Cache-Control': { description: '`public, max-age=31536000, immutable` for a versioned URL, else `no-cache`.', schema: stringSchema },
            },
            content: Object.fromEntries(ASSET_TYPES.map((t) => [t, { schema: { type: 'string' } }])),
          },
          '304': { description: 'The file matches `If-None-Match`.' },
          ...errors([400, 404, 500]),
        },
      }),
    },
    '/viewer/cache-overlay': {
      get: operation({
        tag: TAGS.viewer,
        operationId: 'getViewerCacheOverlay',
        summary: 'Whether the cache debug overlay (`/_cache/{z}/{x}/{y}.pbf`) can show anything here',
        description: 'Its tables are made when the first tile is stored in the PostGIS table or the bucket; until then the overlay route answers 204 everywhere.',
        responses: { '200': { description: 'Availability, and why not.', content: jsonContent(schemaRef('CacheOverlayStatus')) }, ...errors([500]) },
      }),
    },

    // Admin
    '/admin/refresh': {
      post: {
        ...operation({
          tag: TAGS.admin,
          operationId: 'refreshCatalog',
          summary: 'Read the catalog again now',
          responses: {
            '200': { description: 'The catalog was read.', content: jsonContent(schemaRef('RefreshResult')) },
            ...errors([401, 403, 500, 503, 504]),
          },
        }),
        security: [{ adminToken: [] }],
      },
    },

    // Operations
    '/health': {
      get: operation({
        tag: TAGS.operations,
        operationId: 'getHealth',
        summary: 'Liveness: the process answers',
        description: 'Asks nothing of the database: 200 while the process can answer at all.',
        responses: { '200': { description: 'The process is alive.', content: jsonContent(statusSchema('ok')) }, ...errors([500]) },
      }),
    },
    '/ready': {
      get: operation({
        tag: TAGS.operations,
        operationId: 'getReady',
        summary: 'Readiness: the database answers',
        description: 'Runs `SELECT 1`: 200 when it succeeds, 503 (`database_unavailable`) when the database cannot be reached.',
        responses: { '200': { description: 'Ready to serve.', content: jsonContent(statusSchema('ready')) }, ...errors([500, 503]) },
      }),
    },
    '/metrics': {
      get: operation({
        tag: TAGS.operations,
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description:
          'Requests and their latency by route, tiles by cache and source, generation time, database pool connections, invalidations, ' +
          'cache provider errors, and the process metrics. With `--workers`, the sum over every worker.',
        responses: { '200': { description: 'The Prometheus text format.', content: { 'text/plain': { schema: stringSchema } } }, ...errors([500]) },
      }),
    },
  };
}

/** The JSON body of the probes: `{"status": …}`. */
function statusSchema(status: string): Obj {
  return { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: [status] } } };
}

/** The OpenAPI 3.0.3 document; `base` is the server URL, `defaults` the configured tile defaults. */
export function openApiDocument(base: string, defaults: TileDefaults = tileDefaults(DEFAULTS)): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'tilery',
      version: pkg.version,
      description:
        'Vector tiles of a PostGIS database: OGC API – Tiles, the catalog routes and pg_tileserv-compatible routes. ' +
        'Every error is JSON (`Error`). Documents are JSON by default and a readable HTML page with `f=html` or `Accept: text/html`.',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    servers: [{ url: base }],
    tags: Object.values(TAGS).map((name) => ({ name, description: TAG_DESCRIPTIONS[name] })),
    paths: paths(),
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token (`TILERY_ADMIN_TOKEN`); write routes answer 403 while none is configured.' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A read API key (`TILERY_API_KEYS`), when read authentication is configured; every route but /health, /ready and /metrics then answers 401 without a key or a token.' },
        apiKeyParameter: { type: 'apiKey', in: 'query', name: 'api_key', description: 'The same API key as a query parameter (for clients that cannot set headers).' },
        bearerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT (HS256 or RS256 with a JWKS) whose role claim names the database role the request runs as; its grants and row-level security decide the features.' },
      },
      parameters: parameters(defaults),
      responses: RESPONSES,
      schemas: SCHEMAS,
    },
  };
}
