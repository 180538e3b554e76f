import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '../src/formats/html.ts';
import { OPENAPI_TYPE } from '../src/http/links.ts';
import { get, useWorld } from './helpers/tilery.ts';

type Obj = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Every documented operation: method (upper case), OpenAPI path, operation object. */
function operations(doc: Obj): Array<{ method: string; path: string; op: Obj; item: Obj }> {
  return Object.entries(doc.paths as Obj).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, op: item[m] as Obj, item })),
  );
}

function deref(doc: Obj, value: Obj): Obj {
  if (typeof value?.$ref !== 'string') return value;
  const target = value.$ref
    .slice(2)
    .split('/')
    .reduce((node: Obj | undefined, key: string) => node?.[key], doc);
  assert.ok(target, `unresolved $ref ${value.$ref}`);
  return target;
}

/** A path with every templated or parameter segment replaced by `{}`: fastify and OpenAPI paths compare equal. */
function shape(path: string): string {
  return path
    .split('/')
    .map((s) => (s.includes('{') || s.includes(':') ? '{}' : s))
    .join('/');
}

/**
 * The routes fastify has registered, as `METHOD shape` strings, read from `printRoutes`: each
 * line of its tree is a node whose label continues its parent's path, with the methods after.
 */
function registeredRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('').replace(/^\/\//, '/');
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) routes.push(`${method} ${shape(path)}`);
  }
  return routes;
}

/** An example request URL of a documented operation, built from its parameters' examples. */
function sampleUrl(doc: Obj, path: string, params: Obj[]): string {
  let url = path;
  const query: string[] = [];
  for (const raw of params) {
    const param = deref(doc, raw);
    if (param.in === 'path') {
      assert.ok(param.example !== undefined, `path parameter ${param.name} of ${path} has an example`);
      url = url.replace(`{${param.name}}`, encodeURIComponent(String(param.example)));
    } else if (param.in === 'query' && param.required) {
      query.push(`${param.name}=${encodeURIComponent(String(param.example))}`);
    }
  }
  return query.length ? `${url}?${query.join('&')}` : url;
}

describe('OpenAPI document at /api', () => {
  const world = useWorld();
  let doc: Obj;

  before(async () => {
    const res = await get(world.tilery, '/api');
    assert.equal(res.status, 200);
    doc = res.json();
  });

  test('is JSON with the OpenAPI media type, and validates as OpenAPI 3.0 with zero errors', async () => {
    const res = await get(world.tilery, '/api');
    assert.equal(res.headers['content-type'], OPENAPI_TYPE);
    assert.equal(doc.openapi, '3.0.3');
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.deepEqual(result.errors, undefined, JSON.stringify(result.errors, null, 2));
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.0');
  });

  test('is consistent beyond the schema: path templates, operation ids, references, responses', () => {
    const ids = new Set<string>();
    for (const { method, path, op, item } of operations(doc)) {
      const where = `${method} ${path}`;
      assert.ok(!ids.has(op.operationId), `${where}: unique operationId`);
      ids.add(op.operationId);
      assert.ok(op.tags?.every((t: string) => doc.tags.some((d: Obj) => d.name === t)), `${where}: declared tags`);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Obj) => deref(doc, p));
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = params.filter((p) => p.in === 'path').map((p) => p.name).sort();
      assert.deepEqual(declared, templated, `${where}: one path parameter per template variable`);
      assert.ok(params.filter((p) => p.in === 'path').every((p) => p.required === true), `${where}: path parameters required`);
      const keys = params.map((p) => `${p.in}:${p.name}`);
      assert.equal(new Set(keys).size, keys.length, `${where}: no parameter twice`);
      assert.ok(Object.keys(op.responses).some((s) => /^2/.test(s)), `${where}: a success response`);
      for (const r of Object.values(op.responses as Obj)) {
        const response = deref(doc, r);
        for (const media of Object.values((response.content ?? {}) as Obj)) if (media.schema) deref(doc, media.schema);
      }
    }
    assert.deepEqual(doc.servers, [{ url: 'http://localhost:80' }]);
    assert.deepEqual(Object.keys(doc.components.securitySchemes), ['adminToken', 'apiKey', 'apiKeyParameter', 'bearerToken']);
    assert.deepEqual(Object.keys(doc.components.schemas.Error.properties), ['code', 'description', 'parameter', 'position', 'member']);
    for (const { method, path, op } of operations(doc)) {
      if (method === 'POST') assert.deepEqual(op.security, [{ adminToken: [] }], `${method} ${path} needs the admin token`);
    }
  });

  test('describes every route fastify registered, and nothing else', async () => {
    const app = world.tilery.app;
    await app.ready();
    const registered = registeredRoutes(app);
    assert.ok(registered.includes('GET /api') && registered.includes('POST /admin/refresh'), `routes read: ${registered.join('; ')}`);
    // fastify adds a HEAD to every GET (exposeHeadRoutes), and CORS an OPTIONS for preflights.
    for (const r of registered.filter((r) => r.startsWith('HEAD '))) assert.ok(registered.includes(r.replace(/^HEAD/, 'GET')), r);
    const api = registered.filter((r) => !r.startsWith('HEAD ') && !r.startsWith('OPTIONS ')).sort();
    const documented = operations(doc)
      .map(({ method, path }) => `${method} ${shape(path)}`)
      .sort();
    assert.deepEqual(api, documented);

    for (const { method, path } of operations(doc)) {
      // In fastify a parameter is a whole segment: `{layer}.json` and `{y}.{format}` are `:layer`, `:y`.
      const url = path.replace(/\{(\w+)\}[^/]*/g, ':$1');
      assert.ok(app.hasRoute({ method: method as 'GET', url }), `${method} ${url} is registered`);
    }
  });

  test('every documented operation answers a sample request with a documented status, never "no route"', async () => {
    for (const { method, path, op, item } of operations(doc)) {
      const url = sampleUrl(doc, path, [...(item.parameters ?? []), ...(op.parameters ?? [])]);
      const res = await world.tilery.app.inject({ method: method as 'GET', url, ...(method === 'POST' && { payload: {} }) });
      const where = `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (res.statusCode >= 400) assert.notEqual(res.json().code, 'not_found', where);
      assert.ok(String(res.statusCode) in op.responses, `${where}: status documented`);
      const type = String(res.headers['content-type'] ?? '').split(';')[0];
      const content = deref(doc, op.responses[String(res.statusCode)]).content ?? {};
      if (res.body.length > 0) assert.ok(Object.keys(content).some((t) => t.split(';')[0] === type), `${where}: ${type} documented`);
    }
  });

  test('the documented bounds of the tile parameters are those the server applies', async () => {
    const bound = (name: string) => doc.components.parameters[name].schema;
    const tile = (query: string) => get(world.tilery, `/public.places/0/0/0.pbf?${query}`);
    const maxResolution = bound('resolution').maximum;
    for (const name of ['limit', 'resolution', 'buffer']) {
      const { minimum, maximum } = bound(name);
      const extra = name === 'buffer' ? `&resolution=${maxResolution}` : '';
      for (const ok of [minimum, maximum]) assert.ok([200, 204].includes((await tile(`${name}=${ok}${extra}`)).status), `${name}=${ok}`);
      for (const bad of [minimum - 1, maximum + 1]) {
        const res = await tile(`${name}=${bad}${extra}`);
        assert.equal(res.status, 400, `${name}=${bad}`);
        assert.equal(res.json().parameter, name);
      }
    }
  });

  test('f=html (or a browser\'s Accept) gives a readable page listing every path and operation', async () => {
    for (const [url, headers] of [
      ['/api?f=html', {}],
      ['/api', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }],
    ] as const) {
      const res = await get(world.tilery, url, headers);
      assert.equal(res.status, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      const html = res.body.toString('utf8');
      assert.match(html, /^<!doctype html>/);
      assert.doesNotMatch(html, /<script/i);
      for (const { method, path } of operations(doc)) {
        assert.ok(html.includes(`<code>${escapeHtml(path)}</code>`), `${path} listed`);
        assert.ok(html.includes(`${method} <code>${escapeHtml(path)}</code>`), `${method} ${path} listed`);
      }
    }
  });

  test('JSON for OpenAPI clients, f=json, and a 400 for another f', async () => {
    const openapiClient = await get(world.tilery, '/api', { accept: `${OPENAPI_TYPE}, text/html;q=0.5` });
    assert.equal(openapiClient.headers['content-type'], OPENAPI_TYPE);
    const json = await get(world.tilery, '/api?f=json', { accept: 'text/html' });
    assert.equal(json.headers['content-type'], OPENAPI_TYPE);
    const bad = await get(world.tilery, '/api?f=yaml');
    assert.equal(bad.status, 400);
    assert.equal(bad.json().parameter, 'f');
  });

  test('the landing page\'s service-desc and service-doc links lead to /api, with the server URL of the request', async () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'tiles.example.org', 'x-forwarded-prefix': '/v1' };
    const landing = (await get(world.tilery, '/', headers)).json();
    const link = (rel: string) => landing.links.find((l: Obj) => l.rel === rel);
    assert.deepEqual(
      { href: link('service-desc').href, type: link('service-desc').type },
      { href: 'https://tiles.example.org/v1/api', type: OPENAPI_TYPE },
    );
    assert.equal(link('service-doc').href, 'https://tiles.example.org/v1/api?f=html');
    const served = await get(world.tilery, new URL(link('service-desc').href).pathname.replace(/^\/v1/, ''), headers);
    assert.equal(served.headers['content-type'], link('service-desc').type);
    assert.deepEqual(served.json().servers, [{ url: 'https://tiles.example.org/v1' }]);
  });
});

describe('OpenAPI document: the write routes answer with documented statuses', () => {
  const world = useWorld({ admin_token: 'sesame' });
  const tiny = {
    id: 'TinyMercator',
    crs: 'http://www.opengis.net/def/crs/EPSG/0/3857',
    tileMatrices: [
      { id: '0', scaleDenominator: 559082264.028717, cellSize: 156543.033928041, pointOfOrigin: [-20037508.3427892, 20037508.3427892], tileWidth: 256, tileHeight: 256, matrixWidth: 1, matrixHeight: 1 },
    ],
  };

  test('POST /admin/refresh and POST /tiles/{dataset}/tileMatrixSets', async () => {
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    const doc = (await get(world.tilery, '/api')).json();
    const cases: Array<[string, string, string | undefined, unknown, number]> = [
      ['/admin/refresh', '/admin/refresh', 'sesame', undefined, 200],
      ['/admin/refresh', '/admin/refresh', 'wrong', undefined, 401],
      ['/tiles/{dataset}/tileMatrixSets', '/tiles/public/tileMatrixSets', 'sesame', tiny, 201],
      ['/tiles/{dataset}/tileMatrixSets', '/tiles/public/tileMatrixSets', 'sesame', tiny, 409],
      ['/tiles/{dataset}/tileMatrixSets', '/tiles/public/tileMatrixSets', 'sesame', { ...tiny, id: '9' }, 400],
      ['/tiles/{dataset}/tileMatrixSets', '/tiles/nowhere/tileMatrixSets', 'sesame', { ...tiny, id: 'Other' }, 404],
    ];
    for (const [path, url, token, body, status] of cases) {
      const res = await world.tilery.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { payload: JSON.stringify(body) }),
      });
      assert.equal(res.statusCode, status, `POST ${url}: ${res.body}`);
      assert.ok(String(status) in doc.paths[path].post.responses, `POST ${path} documents ${status}`);
    }
  });
});
