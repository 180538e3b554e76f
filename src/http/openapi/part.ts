/**
 * What a route family writes its part of the OpenAPI document with. Each family exports one
 * `OpenApiPart` beside the handlers it documents; `openApiDocument` (index.ts) joins the parts
 * with the shared components. The builders below give the operations that recur one shape: a
 * JSON document with its HTML page, a vector tile, an admin-only write.
 */
import { HTML_TYPE } from '../links.ts';
import {
  ERROR_RESPONSES,
  jsonContent,
  ref,
  stringSchema,
  type ErrorStatus,
  type Obj,
  type ParameterName,
  type ResponseName,
} from './components.ts';

export { bbox, commaList, freshness, jsonContent, links, pathParam, queryParam, schemaRef, stringSchema, type ErrorStatus, type Obj } from './components.ts';

/** The operations of one path, by HTTP method. */
export type PathItem = { readonly get?: Obj; readonly put?: Obj; readonly post?: Obj; readonly delete?: Obj };

/** The part of the OpenAPI document one route family contributes. */
export interface OpenApiPart {
  /** Path items by OpenAPI path (`{name}` for a parameter), in the order the document lists them. */
  readonly paths: Readonly<Record<string, PathItem>>;
  /** Schemas only this family's operations refer to (`schemaRef(name)`). */
  readonly schemas?: Readonly<Record<string, Obj>>;
}

/** The tags that group the operations; the document describes each (index.ts). */
export const TAGS = {
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

export type Tag = (typeof TAGS)[keyof typeof TAGS];

/** A reference to a shared parameter; the name is checked against `components.parameters`. */
export const paramRef = (name: ParameterName): Obj => ref('parameters', name);

export const responseRef = (name: ResponseName): Obj => ref('responses', name);

/** The responses of error statuses, by status. */
export function errors(statuses: readonly ErrorStatus[]): Obj {
  return Object.fromEntries(statuses.map((s) => [String(s), responseRef(ERROR_RESPONSES[s])]));
}

/** Error statuses of the routes by what they depend on. */
export const FAILS = {
  /** Documents made without the database: only a bad `f`. */
  static: [400, 500],
  /** Lists read from the catalog or the TMS store. */
  list: [400, 500, 503, 504],
  /** One item named in the path. */
  item: [400, 404, 500, 503, 504],
  /** Tiles. */
  tile: [400, 404, 500, 503, 504],
} as const satisfies Record<string, readonly ErrorStatus[]>;

/** 200 of a document route: JSON (or another JSON type, and `alternatives`) and its readable HTML page. */
export function documentResponse(description: string, schema: Obj, options: { jsonType?: string; alternatives?: Obj } = {}): Obj {
  return {
    description,
    content: {
      ...jsonContent(schema, options.jsonType),
      ...options.alternatives,
      [HTML_TYPE]: { schema: stringSchema },
    },
  };
}

export interface OperationInput {
  tag: Tag;
  operationId: string;
  summary: string;
  description?: string;
  parameters?: Obj[];
  responses: Obj;
  requestBody?: Obj;
  /** Only with the admin bearer token. */
  admin?: boolean;
}

export function operation(o: OperationInput): Obj {
  return {
    tags: [o.tag],
    operationId: o.operationId,
    summary: o.summary,
    ...(o.description && { description: o.description }),
    ...(o.parameters?.length && { parameters: o.parameters }),
    responses: o.responses,
    ...(o.requestBody && { requestBody: o.requestBody }),
    ...(o.admin && { security: [{ adminToken: [] }] }),
  };
}

/**
 * A GET of a JSON document that also has an HTML page (`f`); with `tilejson`, a tileset that
 * has a TileJSON form too (`f=tilejson`).
 */
export function documentGet(o: Omit<OperationInput, 'responses'> & { ok: Obj; fails: readonly ErrorStatus[]; tilejson?: boolean }): Obj {
  return operation({
    ...o,
    parameters: [...(o.parameters ?? []), paramRef(o.tilejson ? 'fTileset' : 'f')],
    responses: { '200': o.ok, ...errors(o.fails) },
  });
}

/** The query parameters of every tile route, in the order the document lists them. */
const TILE_PARAMETERS: readonly ParameterName[] = [
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

/** A GET of a vector tile: the tile parameters, then 200/204/304/307 and the errors. */
export function tileGet(o: Omit<OperationInput, 'responses'>): Obj {
  return operation({
    ...o,
    parameters: [...(o.parameters ?? []), ...TILE_PARAMETERS.map(paramRef), paramRef('ifNoneMatch')],
    responses: {
      '200': responseRef('Tile'),
      '204': responseRef('EmptyTile'),
      '304': responseRef('NotModified'),
      '307': responseRef('TileRedirect'),
      ...errors(FAILS.tile),
    },
  });
}
