/**
 * The OpenAPI 3.0 document of every route tilery registers (OGC API – Tiles `service-desc`),
 * written by hand: each route family writes its path items, and the schemas only it uses, beside
 * its handlers (an `OpenApiPart`); this module joins them with the shared components.
 */
import pkg from '../../../package.json' with { type: 'json' };
import { DEFAULTS } from '../../config/index.ts';
import { tileDefaults, type TileDefaults } from '../../tiles/index.ts';
import { OPENAPI_TYPE } from '../links.ts';
import { adminOpenApi } from '../routes/admin.ts';
import { cacheOpenApi } from '../routes/cache.ts';
import { catalogOpenApi } from '../routes/dataset.ts';
import { debugOpenApi } from '../routes/debug.ts';
import { healthOpenApi } from '../routes/health.ts';
import { ogcCommonOpenApi, ogcTilesOpenApi } from '../routes/ogc/openapi.ts';
import { pgTileservOpenApi } from '../routes/pgtileserv.ts';
import { tmsOpenApi } from '../routes/tms.ts';
import { viewerOpenApi } from '../routes/viewer.ts';
import { parameters, RESPONSES, SECURITY_SCHEMES, SHARED_SCHEMAS, type Obj } from './components.ts';
import { documentGet, documentResponse, FAILS, TAGS, type OpenApiPart, type PathItem, type Tag } from './part.ts';

export type { OpenApiPart, PathItem } from './part.ts';

const TAG_DESCRIPTIONS: Record<Tag, string> = {
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

/**
 * `/api` itself. Its handler (routes/api.ts) serves this module's document, so its path item is
 * written here rather than there, where importing it back would make a cycle.
 */
const apiDefinitionOpenApi: OpenApiPart = {
  paths: {
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
  },
};

/** Every family's part, in the order the document lists them (as the README's route tables). */
const PARTS: readonly OpenApiPart[] = [
  ogcCommonOpenApi,
  apiDefinitionOpenApi,
  ogcTilesOpenApi,
  tmsOpenApi,
  catalogOpenApi,
  pgTileservOpenApi,
  cacheOpenApi,
  debugOpenApi,
  viewerOpenApi,
  adminOpenApi,
  healthOpenApi,
];

/** The parts' entries of one kind in one object; two parts naming the same entry is a mistake of ours. */
function join<T>(kind: string, entries: ReadonlyArray<Readonly<Record<string, T>> | undefined>, into: Record<string, T> = {}): Record<string, T> {
  for (const part of entries) {
    for (const [name, value] of Object.entries(part ?? {})) {
      if (Object.hasOwn(into, name)) throw new Error(`OpenAPI ${kind} ${name} is written twice`);
      into[name] = value;
    }
  }
  return into;
}

const PATHS = join<PathItem>('path', PARTS.map((p) => p.paths));
const SCHEMAS = join<Obj>('schema', PARTS.map((p) => p.schemas), { ...SHARED_SCHEMAS });

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
    paths: PATHS,
    components: {
      securitySchemes: SECURITY_SCHEMES,
      parameters: parameters(defaults),
      responses: RESPONSES,
      schemas: SCHEMAS,
    },
  };
}
