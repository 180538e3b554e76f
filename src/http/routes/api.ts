import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParameter } from '../../errors.ts';
import { single, tileDefaults, type Query } from '../../tiles/index.ts';
import { baseUrl } from '../base-url.ts';
import type { AppContext } from '../context.ts';
import { escapeHtml } from '../../formats/html.ts';
import { OPENAPI_TYPE } from '../links.ts';
import { openApiDocument } from '../openapi/index.ts';

type Obj = Record<string, any>;

/** `GET /api`: the OpenAPI document (service-desc), or a readable page of it (service-doc). */
export function apiRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api', async (request, reply) => {
    const doc = openApiDocument(baseUrl(request, ctx.config.public_url), tileDefaults(ctx.config));
    if (apiFormat(request) === 'html') return reply.type('text/html; charset=utf-8').send(renderApiHtml(doc));
    // A Buffer keeps the media type exactly as the landing page's service-desc link gives it
    // (fastify would rewrite a JSON type's parameters and append a charset).
    return reply.type(OPENAPI_TYPE).send(Buffer.from(JSON.stringify(doc)));
  });
}

/**
 * `f=json|html` wins; else HTML only when the client lists `text/html` before any JSON type, so
 * that OpenAPI clients asking for `application/vnd.oai.openapi+json, text/html` get JSON.
 */
function apiFormat(request: FastifyRequest): 'json' | 'html' {
  const f = single(request.query as Query, 'f');
  if (f !== undefined) {
    if (f !== 'json' && f !== 'html') throw invalidParameter('f', 'must be one of json, html');
    return f;
  }
  const accept = (request.headers.accept ?? '').toLowerCase();
  const html = accept.indexOf('text/html');
  const json = accept.search(/json/);
  return html >= 0 && (json < 0 || html < json) ? 'html' : 'json';
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follow a local `$ref` (`#/components/…`) of the document. */
function deref(doc: Obj, value: Obj): Obj {
  if (typeof value?.$ref !== 'string') return value;
  return value.$ref
    .slice(2)
    .split('/')
    .reduce((node: Obj | undefined, key: string) => node?.[key], doc) ?? {};
}

const code = (s: string) => `<code>${escapeHtml(s)}</code>`;

/** Type, enum, bounds and default of a parameter schema, in a few words. */
function schemaText(schema: Obj = {}): string {
  const parts = [schema.type ?? ''];
  if (schema.enum) parts.push(`one of ${schema.enum.map((v: unknown) => String(v)).join(', ')}`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? '…'}–${schema.maximum ?? '…'}`);
  if (schema.default !== undefined) parts.push(`default ${String(schema.default)}`);
  return escapeHtml(parts.filter(Boolean).join(', '));
}

function parametersTable(doc: Obj, params: Obj[]): string {
  if (params.length === 0) return '';
  const rows = params
    .map((raw) => {
      const param = deref(doc, raw);
      return `<tr><td>${code(param.name)}${param.required ? ' <small>required</small>' : ''}</td><td>${escapeHtml(param.in)}</td><td>${schemaText(param.schema)}</td><td>${escapeHtml(param.description ?? '')}</td></tr>`;
    })
    .join('\n');
  return `<table>\n<tr><th>parameter</th><th>in</th><th>schema</th><th>meaning</th></tr>\n${rows}\n</table>`;
}

function responsesList(doc: Obj, responses: Obj): string {
  const items = Object.entries(responses)
    .map(([status, raw]) => {
      const response = deref(doc, raw);
      const types = Object.keys(response.content ?? {});
      return `<li><b>${escapeHtml(status)}</b> ${escapeHtml(response.description ?? '')}${types.length ? ` <small>${types.map(escapeHtml).join(', ')}</small>` : ''}</li>`;
    })
    .join('\n');
  return `<ul>\n${items}\n</ul>`;
}

/** A plain page generated from the document: every path, its operations, parameters and responses. */
export function renderApiHtml(doc: Obj): string {
  const paths = Object.entries(doc.paths as Obj);
  const toc = paths
    .map(([p, item], i) => {
      const methods = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase()).join(', ');
      return `<li><a href="#path-${i}">${code(p)}</a> <small>${escapeHtml(methods)}</small></li>`;
    })
    .join('\n');
  const sections = paths
    .map(([p, item], i) => {
      const ops = METHODS.filter((m) => item[m])
        .map((m) => {
          const op = item[m] as Obj;
          const secured = op.security ? ' <small>admin bearer token</small>' : '';
          return `<h3>${escapeHtml(m.toUpperCase())} ${code(p)}${secured}</h3>
<p>${escapeHtml(op.summary ?? '')}${op.description ? `<br>${escapeHtml(op.description)}` : ''}</p>
${parametersTable(doc, [...(item.parameters ?? []), ...(op.parameters ?? [])])}
${op.requestBody ? `<p>Request body: ${Object.keys(op.requestBody.content ?? {}).map(escapeHtml).join(', ')}</p>` : ''}
${responsesList(doc, op.responses ?? {})}`;
        })
        .join('\n');
      return `<section id="path-${i}">\n<h2>${code(p)}</h2>\n${ops}\n</section>`;
    })
    .join('\n');
  const server = String(doc.servers?.[0]?.url ?? '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} API</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; }
table { border-collapse: collapse; font-size: 14px; } td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; vertical-align: top; }
small { color: #777; } a { color: #0b62c4; } code { font-size: 13px; }
</style>
</head>
<body>
<h1>${escapeHtml(doc.info.title)} ${escapeHtml(doc.info.version)} API</h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Server: ${code(server)}. The OpenAPI ${escapeHtml(doc.openapi)} document: <a href="${escapeHtml(server)}/api?f=json">JSON</a>.</p>
<h2>Paths</h2>
<ul>
${toc}
</ul>
${sections}
</body>
</html>
`;
}

