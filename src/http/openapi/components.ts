/**
 * The components of the OpenAPI document that every route family shares: the parameters (the
 * tile parameters among them), the responses (tiles and the error table's statuses), the error
 * and link schemas with the schema pieces several families' schemas are made of, and the
 * security schemes; and the small constructors of references, parameters and contents.
 */
import { ERRORS } from '../../errors.ts';
import { MAX_RESOLUTION, type TileDefaults } from '../../tiles/index.ts';
import { BUILTIN_TMS } from '../../tms/index.ts';
import { JSON_TYPE } from '../links.ts';
import { MVT_MEDIA_TYPE } from '../reply.ts';

/** A piece of the OpenAPI document (a schema, an operation, a response…), as plain JSON. */
export type Obj = Record<string, unknown>;

/** The error code fastify's own 4xx errors (e.g. a malformed JSON body) are answered with. */
const FASTIFY_CLIENT_ERROR = 'bad_request';

export function ref(kind: 'schemas' | 'parameters' | 'responses', name: string): Obj {
  return { $ref: `#/components/${kind}/${name}` };
}

export const schemaRef = (name: string): Obj => ref('schemas', name);

export function pathParam(name: string, description: string, schema: Obj = { type: 'string' }, example?: unknown): Obj {
  return { name, in: 'path', required: true, description, schema, ...(example !== undefined && { example }) };
}

export function queryParam(name: string, description: string, schema: Obj, options: { required?: boolean; example?: unknown } = {}): Obj {
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
export const commaList: Obj = { type: 'string', pattern: '^[^,]*(,[^,]*)*$' };

export const stringSchema = { type: 'string' };

export function jsonContent(schema: Obj, type = JSON_TYPE): Obj {
  return { [type]: { schema } };
}

// ---------------------------------------------------------------------------------------------
// Parameters

export function parameters(d: TileDefaults) {
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

/** The names of the shared parameters, which `paramRef` refers to. */
export type ParameterName = keyof ReturnType<typeof parameters>;

// ---------------------------------------------------------------------------------------------
// Responses

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

const CACHE_CONTROL = { description: '`public, max-age=…` (`tiles.cache_control_max_age`).', schema: stringSchema };
const ETAG = { description: 'Strong ETag: a hash of the tile bytes.', schema: stringSchema };

const X_TILE_CACHE = { description: '`hit` or `miss`.', schema: { type: 'string', enum: ['hit', 'miss'] } };
const X_TILE_SOURCE = {
  description: 'Where the tile came from: memory (L1), pg_table, bucket_proxy, bucket_redirect, pmtiles_archive, or postgis (generated).',
  schema: { type: 'string', enum: ['memory', 'pg_table', 'bucket_redirect', 'bucket_proxy', 'pmtiles_archive', 'postgis'] },
};
const TILE_HEADERS = { ETag: ETAG, 'Cache-Control': CACHE_CONTROL, 'X-Tile-Cache': X_TILE_CACHE, 'X-Tile-Source': X_TILE_SOURCE };

export const RESPONSES = {
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
} satisfies Record<string, Obj>;

export type ResponseName = keyof typeof RESPONSES;

/** The response of each error status. */
export const ERROR_RESPONSES = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
} as const satisfies Record<number, ResponseName>;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

// ---------------------------------------------------------------------------------------------
// Schemas

export const links = { type: 'array', items: schemaRef('Link') };
export const bbox = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4, description: '[minx, miny, maxx, maxy] in WGS84 (CRS84).' };

/** How fresh a collection's tiles are (see the README's Freshness section). */
export const freshness: Obj = {
  freshness: {
    type: 'string',
    enum: ['tracked', 'untracked'],
    description: '`tracked`: tiles are retired when the rows change; `untracked`: served at most `max_age` seconds after they were made.',
  },
  max_age: { type: 'integer', minimum: 0, description: 'Seconds a tile of an untracked collection is served at most after it was made.' },
};

/** The schemas every family refers to; each family adds its own (`OpenApiPart.schemas`). */
export const SHARED_SCHEMAS: Record<string, Obj> = {
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
  Link: {
    type: 'object',
    required: ['href', 'rel'],
    properties: {
      href: { type: 'string' },
      rel: { type: 'string' },
      type: { type: 'string' },
      title: { type: 'string' },
      templated: { type: 'boolean' },
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Security

export const SECURITY_SCHEMES: Obj = {
  adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token (`TILERY_ADMIN_TOKEN`); write routes answer 403 while none is configured.' },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A read API key (`TILERY_API_KEYS`), when read authentication is configured; every route but /health, /ready and /metrics then answers 401 without a key or a token.' },
  apiKeyParameter: { type: 'apiKey', in: 'query', name: 'api_key', description: 'The same API key as a query parameter (for clients that cannot set headers).' },
  bearerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT (HS256 or RS256 with a JWKS) whose role claim names the database role the request runs as; its grants and row-level security decide the features.' },
};
