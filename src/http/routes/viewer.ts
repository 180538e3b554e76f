import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pkg from '../../../package.json' with { type: 'json' };
import { TileryError } from '../../errors.ts';
import { single, type Query } from '../../tiles/index.ts';
import { ASSET_NAMES, ASSET_TYPES, cacheOverlayStatus, createAssetStore, PAGE_ASSETS, PAGE_HEADERS, renderViewerPage, type PageLink } from '../../viewer/index.ts';
import { baseUrl } from '../base-url.ts';
import type { AppContext } from '../context.ts';
import { HTML_TYPE, JSON_TYPE, REL, type Link } from '../links.ts';
import { chooseEncoding } from '../reply.ts';
import { errors, jsonContent, operation, paramRef, pathParam, queryParam, schemaRef, stringSchema, TAGS, type OpenApiPart } from '../openapi/part.ts';

/** Where the viewer's files live, below tilery's root. */
export const VIEWER_PATH = '/viewer';

// The installed files never change while the process runs: one store for every app.
const assets = createAssetStore();

/** The viewer's files (`/viewer/{file}`) and the cache overlay's availability. */
export function viewerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { file: string }; Querystring: Query }>(`${VIEWER_PATH}/:file`, async (request, reply) => {
    const pending = assets.get(request.params.file);
    if (!pending) throw new TileryError('not_found', { method: request.method, url: request.url });
    const asset = await pending;
    // a URL naming the content version (as the page writes them) can be kept for good
    const versioned = single(request.query, 'v') === asset.version;
    reply
      .header('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Vary', 'Accept-Encoding');
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    // each representation has its own strong ETag
    const etag = encoding ? `${asset.etag.slice(0, -1)}-${encoding}"` : asset.etag;
    reply.header('ETag', etag);
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    reply.type(asset.type);
    if (!encoding) return reply.send(asset.bytes);
    return reply.header('Content-Encoding', encoding).send(asset.encoded(encoding));
  });

  app.get(`${VIEWER_PATH}/cache-overlay`, async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return reply.type(JSON_TYPE).send(await cacheOverlayStatus(ctx.engine));
  });
}

/** `GET /` for a browser: the viewer page, with the landing page's links in its header. */
export async function sendViewerPage(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, landingLinks: readonly Link[]): Promise<FastifyReply> {
  const html = renderViewerPage({
    basePath: basePath(baseUrl(request, ctx.config.public_url)),
    assetPath: `${VIEWER_PATH.slice(1)}/`,
    versions: await assets.versions(PAGE_ASSETS),
    links: pageLinks(landingLinks),
    version: pkg.version,
  });
  return reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
}

/**
 * The path part of the base URL, as `<base href>`: the page and its requests stay on the origin
 * the browser is on, under the prefix of a proxy (`X-Forwarded-Prefix`, `public_url`).
 */
function basePath(base: string): string {
  let pathname = '/';
  try {
    pathname = new URL(`${base}/`).pathname;
  } catch {
    // an unusable Host header: the root
  }
  // no empty segment: `//host/` would be another origin
  const segments = pathname.split('/').filter(Boolean);
  return segments.length ? `/${segments.join('/')}/` : '/';
}

/** Short names of the landing page's links, for the page's header. */
const LINK_LABELS: Readonly<Record<string, string>> = {
  self: 'JSON',
  'service-desc': 'OpenAPI',
  'service-doc': 'API docs',
  [REL.conformance]: 'Conformance',
  [REL.data]: 'Collections',
  [REL.tilingSchemes]: 'Tile matrix sets',
  [REL.tilesetsVector]: 'Tilesets',
};

/** The landing page's links as a browser follows them: HTML pages where there are, each once. */
function pageLinks(links: readonly Link[]): PageLink[] {
  const seen = new Set<string>();
  const out: PageLink[] = [];
  for (const link of links) {
    if (link.rel === 'alternate' && link.type === HTML_TYPE) continue;
    const query = (f: string) => `${link.href}${link.href.includes('?') ? '&' : '?'}f=${f}`;
    // this page is the landing page's HTML: its link leads to the JSON; other JSON documents
    // have an HTML rendering, but the pg_tileserv index is JSON only
    const href =
      link.rel === 'self' ? query('json') : link.type === JSON_TYPE && !/\.json$/.test(link.href) ? query('html') : link.href;
    if (seen.has(href)) continue;
    seen.add(href);
    out.push({ href, label: LINK_LABELS[link.rel] ?? (/\.json$/.test(link.href) ? 'index.json' : (link.title ?? link.rel)) });
  }
  return out;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

export const viewerOpenApi: OpenApiPart = {
  paths: {
    [`${VIEWER_PATH}/{file}`]: {
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
    [`${VIEWER_PATH}/cache-overlay`]: {
      get: operation({
        tag: TAGS.viewer,
        operationId: 'getViewerCacheOverlay',
        summary: 'Whether the cache debug overlay (`/_cache/{z}/{x}/{y}.pbf`) can show anything here',
        description: 'Its tables are made when the first tile is stored in the PostGIS table or the bucket; until then the overlay route answers 204 everywhere.',
        responses: { '200': { description: 'Availability, and why not.', content: jsonContent(schemaRef('CacheOverlayStatus')) }, ...errors([500]) },
      }),
    },
  },
  schemas: {
    CacheOverlayStatus: {
      type: 'object',
      required: ['available', 'reason'],
      properties: {
        available: { type: 'boolean', description: 'The cache tables exist and the database role reads them.' },
        reason: { type: 'string', nullable: true, description: 'Why the overlay is unavailable; null when it is available.' },
      },
    },
  },
};
