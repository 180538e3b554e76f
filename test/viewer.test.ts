// The web page at `/`: served with its assets and security headers (app.inject), then driven in
// headless Chromium (software WebGL) against a listening tilery on the world fixtures. What the
// map draws is checked against PostGIS.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { CACHE_TABLES_SQL } from '../src/cache/index.ts';
import { launchBrowser } from './helpers/browser.ts';
import { get, startTilery, useWorld } from './helpers/tilery.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const SCREENSHOT = new URL('./artifacts/viewer.png', import.meta.url);

/** The URLs of the page's <script src>, <link href> (relative to its <base>). */
function assetUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(viewer\/[^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}

describe('viewer page and files (app.inject)', () => {
  const world = useWorld();

  test('a browser gets the viewer at / with its security headers; JSON clients and f=json the landing page', async () => {
    for (const [url, headers] of [
      ['/', { accept: BROWSER_ACCEPT }],
      ['/?f=html', {}],
    ] as const) {
      const res = await get(world.tilery, url, headers);
      assert.equal(res.status, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
      const csp = String(res.headers['content-security-policy']);
      for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", 'worker-src blob:', "connect-src 'self'", "frame-ancestors 'none'"]) {
        assert.ok(csp.split('; ').includes(directive), `${directive} in ${csp}`);
      }
      assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(String(res.headers.vary), /Accept/);
      const html = res.body.toString('utf8');
      assert.match(html, /^<!doctype html>/);
      assert.match(html, /<base href="\/">/);
      // no inline script or style: the CSP allows none
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
      assert.doesNotMatch(html, /<style|\sstyle=/);
      assert.ok(!/https?:\/\/(?!localhost)/.test(html.replace(/<nav[\s\S]*?<\/nav>/, '')), 'no external URL (no CDN)');
      // the landing page's links, as a browser follows them
      assert.match(html, /<a href="http:\/\/localhost:80\/collections\?f=html">/);
      assert.match(html, /<a href="http:\/\/localhost:80\/api\?f=html">/);
      assert.match(html, /<a href="http:\/\/localhost:80\/\?f=json">/);
    }

    for (const [url, headers] of [
      ['/?f=json', { accept: BROWSER_ACCEPT }],
      ['/', { accept: 'application/json' }],
      ['/', {}],
    ] as const) {
      const res = await get(world.tilery, url, headers);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8', url);
      const doc = res.json();
      assert.equal(doc.title, 'tilery');
      assert.ok(doc.links.some((l: any) => l.rel === 'service-desc' && l.href === 'http://localhost:80/api'), url);
      assert.equal(res.headers['content-security-policy'], undefined);
    }
  });

  test('the page names versioned files that answer with their type, cached for good; MapLibre is the installed one', async () => {
    const html = (await get(world.tilery, '/', { accept: BROWSER_ACCEPT })).body.toString('utf8');
    const urls = assetUrls(html);
    const names = urls.map((u) => new URL(u, 'http://x/').pathname);
    assert.deepEqual(names.sort(), ['/viewer/favicon.svg', '/viewer/maplibre-gl.css', '/viewer/maplibre-gl.js', '/viewer/viewer.css', '/viewer/viewer.js']);
    const types: Record<string, RegExp> = { js: /^text\/javascript; charset=utf-8$/, css: /^text\/css; charset=utf-8$/, svg: /^image\/svg\+xml$/ };
    for (const url of urls) {
      const res = await get(world.tilery, `/${url}`);
      assert.equal(res.status, 200, url);
      assert.match(String(res.headers['content-type']), types[/\.(\w+)\?/.exec(url)![1]], url);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.match(String(res.headers.etag), /^"[0-9a-f]{32}"$/, url);
    }

    const installed = await readFile(new URL(import.meta.resolve('maplibre-gl/dist/maplibre-gl.js')));
    const js = await get(world.tilery, '/viewer/maplibre-gl.js');
    assert.ok(js.body.equals(installed), 'the bytes of node_modules/maplibre-gl/dist/maplibre-gl.js');
    // without the version: revalidated with the ETag
    assert.equal(js.headers['cache-control'], 'no-cache');
    const again = await get(world.tilery, '/viewer/maplibre-gl.js', { 'if-none-match': String(js.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    // compressed once, its own ETag
    const gz = await get(world.tilery, '/viewer/maplibre-gl.js', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.notEqual(gz.headers.etag, js.headers.etag);
    assert.ok(gz.body.length < installed.length / 2);
    assert.ok(gunzipSync(gz.body).equals(installed));
    const css = await get(world.tilery, '/viewer/maplibre-gl.css');
    assert.ok(css.body.equals(await readFile(new URL(import.meta.resolve('maplibre-gl/dist/maplibre-gl.css')))));

    // the modules viewer.js imports
    for (const name of ['api.js', 'map-style.js', 'sidebar.js', 'popup.js']) assert.equal((await get(world.tilery, `/viewer/${name}`)).status, 200, name);
    // nothing else can be read through the prefix
    for (const url of ['/viewer/package.json', '/viewer/..%2Fpackage.json', '/viewer/assets.ts', '/viewer/']) {
      const res = await get(world.tilery, url);
      assert.equal(res.status, 404, url);
      assert.equal(res.json().code, 'not_found', url);
    }
  });

  test('behind a proxy the page works under its prefix, on the origin the browser is on', async () => {
    const headers = { accept: BROWSER_ACCEPT, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'maps.example.org', 'x-forwarded-prefix': '/tiles/v1/' };
    const html = (await get(world.tilery, '/', headers)).body.toString('utf8');
    assert.match(html, /<base href="\/tiles\/v1\/">/);
    assert.match(html, /<a href="https:\/\/maps\.example\.org\/tiles\/v1\/collections\?f=html">/);
    // an empty segment would make the base another host (//evil.example/)
    const odd = (await get(world.tilery, '/', { ...headers, 'x-forwarded-prefix': '//evil.example' })).body.toString('utf8');
    assert.match(odd, /<base href="\/evil\.example\/">/);
  });

  test('the cache overlay is offered only once its tables exist', async () => {
    const before = await get(world.tilery, '/viewer/cache-overlay');
    assert.equal(before.status, 200);
    assert.equal(before.headers['cache-control'], 'no-store');
    const status = before.json();
    assert.equal(status.available, false);
    assert.match(status.reason, /tilery\.tile_cache/);
    // without them the debug layer answers as if nothing were cached
    assert.equal((await get(world.tilery, '/_cache/0/0/0.pbf')).status, 204);

    await world.db.query(CACHE_TABLES_SQL);
    assert.deepEqual((await get(world.tilery, '/viewer/cache-overlay')).json(), { available: true, reason: null });
  });
});

/**
 * A reverse proxy publishing `target` under `prefix` (stripped on the way in), telling tilery so
 * with the X-Forwarded-* headers, as nginx or Traefik would.
 */
async function prefixProxy(target: string, prefix: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path !== prefix && !path.startsWith(`${prefix}/`)) {
      res.writeHead(404).end();
      return;
    }
    const headers = { ...req.headers, 'x-forwarded-prefix': prefix, 'x-forwarded-host': req.headers.host ?? '', 'x-forwarded-proto': 'http' };
    const upstream = request(`${target}${path.slice(prefix.length) || '/'}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Rendered {
  layer: string;
  id: number | undefined;
  properties: Record<string, unknown>;
}

describe('viewer in headless Chromium (MapLibre GL JS on software WebGL)', () => {
  const world = useWorld();
  let browser: Browser;
  let page: Page;
  let origin: string;
  const problems: string[] = [];

  before(async () => {
    // tilery makes its cache tables when it stores its first tile: it may create them
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    origin = await world.tilery.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser({ webgl: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      // the filter check is a 400 on purpose; Chromium logs every failed load
      if (msg.type() === 'error' && !/status of 400/.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
    page.on('response', (res) => {
      if (res.status() >= 400 && !/[?&]limit=0&disable_cache=true$/.test(res.url())) problems.push(`HTTP ${res.status()} for ${res.url()}`);
      // (MapLibre's worker is a blob: of the page's origin)
      if (!res.url().startsWith(`${origin}/`) && !res.url().startsWith(`blob:${origin}/`)) problems.push(`request to another origin: ${res.url()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        ((window as any).cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(`${origin}/`);
  });

  after(async () => {
    await browser?.close();
  });

  const state = () => page.evaluate(() => document.body.dataset.state);

  /** Waits for the map to show the last change with all its tiles (or for the page to report an error). */
  async function settled(expected: 'idle' | 'error' = 'idle'): Promise<void> {
    await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 20_000 });
    assert.equal(await state(), expected, `state (error: ${await page.evaluate(() => document.body.dataset.error)})`);
  }

  /** The features the map draws from tilery's tiles, once each. */
  async function rendered(): Promise<Rendered[]> {
    const features = await page.evaluate(() =>
      (window as any).tileryMap
        .queryRenderedFeatures()
        .filter((f: any) => f.source === 'tilery')
        .map((f: any) => ({ layer: f.sourceLayer, id: f.id, properties: f.properties })),
    );
    const seen = new Map<string, Rendered>();
    for (const f of features as Rendered[]) seen.set(`${f.layer}/${f.id}`, f);
    return [...seen.values()];
  }

  async function toggleLayer(id: string, on: boolean): Promise<void> {
    const box = page.locator(`li.layer[data-collection-id="${id}"] input.layer-check`);
    await box.scrollIntoViewIfNeeded();
    await box.setChecked(on);
  }

  async function applyFilter(text: string): Promise<void> {
    await page.fill('#filter', text);
    await page.click('#filter-apply');
  }

  test('lists every collection of /collections, with its metadata', { timeout: 60_000 }, async () => {
    await settled();
    const collections = (await (await fetch(`${origin}/collections`)).json()).collections as any[];
    const listed = await page.$$eval('li.layer', (items) => items.map((li) => (li as HTMLElement).dataset.collectionId));
    assert.deepEqual(listed, collections.map((c) => c.id));
    assert.ok(listed.includes('My Schema.Odd.Table Name'));

    const countries = page.locator('li.layer[data-collection-id="public.countries"]');
    const head = await countries.locator('.layer-head').innerText();
    assert.match(head, /countries/);
    assert.match(head, /MultiPolygon/);
    assert.match(await countries.locator('.layer-meta').innerText(), /EPSG:4326/);
    assert.match(await countries.innerText(), /Country-like test polygons/);
    // properties with types and descriptions, bounds, SRID: read when opened
    await countries.locator('summary').click();
    await countries.locator('table.properties').waitFor();
    const details = await countries.locator('.detail-body').innerText();
    assert.match(details, /SRID\s+4326/);
    assert.match(details, /Bounds\s+-179\.9, -90, 179\.95, 55\.4/);
    assert.match(details, /pop\s+int8\s+Population/);
    assert.match(details, /name\s+text\s+Common name/);
    await countries.locator('summary').click();

    // the tile matrix sets: all listed, only WebMercatorQuad drawable
    const options = await page.$$eval('#tms option', (os) => os.map((o) => [(o as HTMLOptionElement).value, (o as HTMLOptionElement).disabled]));
    const sets = (await (await fetch(`${origin}/tileMatrixSets`)).json()).tileMatrixSets as any[];
    assert.deepEqual(options, sets.map((t) => [t.id, t.id !== 'WebMercatorQuad']));
    assert.match(await page.locator('#tms-note').innerText(), /WebMercatorQuad only/);

    // no tile stored yet: no cache tables, no overlay offered
    assert.equal(await page.locator('#cache-toggle').isVisible(), false);
    assert.match(await page.locator('#cache-note').innerText(), /tilery\.tile_cache/);
  });

  test('a polygon layer: what the map draws are rows of the table', { timeout: 60_000 }, async () => {
    await toggleLayer('public.countries', true);
    await settled();
    const rows = new Map((await world.db.query('SELECT id, name, pop FROM public.countries')).map((r) => [r.id, r]));
    const features = await rendered();
    assert.ok(features.length >= 4, `features drawn: ${JSON.stringify(features)}`);
    for (const f of features) {
      assert.equal(f.layer, 'public.countries');
      const row = rows.get(f.id);
      assert.ok(row, `feature ${f.id} is a row`);
      assert.equal(f.properties.name, row.name);
      assert.equal(f.properties.pop, row.pop === null ? undefined : Number(row.pop));
    }
    // fitted to the layer's bounds: the whole world here
    const bounds = await page.evaluate(() => (window as any).tileryMap.getBounds().toArray());
    assert.ok(bounds[0][0] <= -170 && bounds[1][0] >= 170, JSON.stringify(bounds));
  });

  test('a CQL2 filter reaches the tiles: fewer features, each matching it in SQL', { timeout: 60_000 }, async () => {
    const before = await rendered();
    await applyFilter("pop > 500000 AND name LIKE '%land'");
    await settled();
    const tileUrl = await page.evaluate(() => (window as any).tileryMap.getSource('tilery').tiles[0]);
    assert.ok(tileUrl.endsWith(`?filter=${encodeURIComponent("pop > 500000 AND name LIKE '%land'")}`), tileUrl);
    const expected = new Set((await world.db.query("SELECT id FROM public.countries WHERE pop > 500000 AND name LIKE '%land'")).map((r) => r.id));
    const features = await rendered();
    assert.ok(features.length > 0);
    assert.ok(features.length < before.length, `${features.length} < ${before.length}`);
    for (const f of features) assert.ok(expected.has(f.id), `feature ${f.id} matches the filter`);
  });

  test("a bad filter shows tilery's message instead of a broken map", { timeout: 60_000 }, async () => {
    await applyFilter('nosuchcolumn = 1');
    await settled('error');
    const message = await page.locator('#error').innerText();
    assert.match(message, /400 invalid_parameter/);
    assert.match(message, /parameter "filter"/);
    assert.match(message, /nosuchcolumn/);
    assert.match(await page.locator('#map-message').innerText(), /nosuchcolumn/);
    assert.equal(await page.getAttribute('#filter', 'aria-invalid'), 'true');
    assert.deepEqual(await rendered(), []);

    // a syntax error: the position is marked
    await applyFilter('pop > 1 AND');
    await settled('error');
    assert.match(await page.locator('#error pre').innerText(), /pop > 1 AND\n\s+\^/);

    await page.click('#filter-clear');
    await settled();
    assert.equal(await page.locator('#error').isVisible(), false);
    assert.ok((await rendered()).length >= 4);
  });

  test('clicking a feature shows its attributes', { timeout: 60_000 }, async () => {
    const [row] = await world.db.query(
      "SELECT id, name, pop, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM public.countries WHERE name = 'Eastland'",
    );
    const point = await page.evaluate(([lon, lat]) => (window as any).tileryMap.project([lon, lat]), [row.lon, row.lat]);
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    const popup = page.locator('.maplibregl-popup .popup-feature');
    await popup.first().waitFor();
    assert.equal(await popup.first().getAttribute('data-collection-id'), 'public.countries');
    assert.equal(await popup.first().getAttribute('data-feature-id'), String(row.id));
    const text = await popup.first().innerText();
    assert.match(text, new RegExp(`name\\s+${row.name}`));
    assert.match(text, new RegExp(`pop\\s+${row.pop}`));
    assert.equal(await page.evaluate(() => document.body.dataset.popup), 'open');
  });

  test('the cache overlay outlines the cached tiles, once tilery has stored some', { timeout: 60_000 }, async () => {
    // the tiles the map loaded were stored in the background; the page looks for the tables again after tiles came
    const toggle = page.locator('#cache-toggle');
    await toggle.waitFor({ state: 'visible', timeout: 15_000 });
    await page.check('#cache-overlay');
    await settled();
    await page.waitForFunction(() => (window as any).tileryMap.querySourceFeatures('tilery-cache', { sourceLayer: '_cache' }).length > 0, undefined, { timeout: 15_000 });
    const outlines: Array<Record<string, unknown>> = await page.evaluate(() =>
      (window as any).tileryMap.queryRenderedFeatures({ layers: ['tilery-cache-outline'] }).map((f: any) => f.properties),
    );
    assert.ok(outlines.length > 0, 'outlines drawn');
    const cached = new Set(
      (await world.db.query("SELECT z, x, y FROM tilery.tile_cache WHERE 'public.countries' = ANY (collections)")).map((r) => `${r.z}/${r.x}/${r.y}`),
    );
    for (const o of outlines) {
      assert.equal(o.provider, 'pg');
      assert.ok(cached.has(`${o.z}/${o.x}/${o.y}`), `outline of a cached tile: ${JSON.stringify(o)}`);
    }
    await page.uncheck('#cache-overlay');
    await settled();
    assert.equal(await page.evaluate(() => Boolean((window as any).tileryMap.getSource('tilery-cache'))), false);
  });

  test('two layers at once: one multi-layer source, features of both', { timeout: 60_000 }, async () => {
    await toggleLayer('public.places', true);
    await settled();
    const tileUrl = await page.evaluate(() => (window as any).tileryMap.getSource('tilery').tiles[0]);
    assert.equal(new URL(tileUrl).pathname, '/public.countries,public.places/%7Bz%7D/%7Bx%7D/%7By%7D.pbf');
    const features = await rendered();
    const layers = new Set(features.map((f) => f.layer));
    assert.deepEqual([...layers].sort(), ['public.countries', 'public.places']);
    const places = new Map((await world.db.query('SELECT id, name, rank FROM public.places')).map((r) => [r.id, r]));
    for (const f of features.filter((f) => f.layer === 'public.places')) {
      const row = places.get(f.id);
      assert.ok(row, `place ${f.id} is a row`);
      assert.equal(f.properties.name, row.name);
      assert.equal(f.properties.rank, row.rank);
    }
    assert.equal(await page.evaluate(() => document.body.dataset.layers), 'public.countries,public.places');
  });

  test('behind a reverse proxy with a path prefix, every request stays under the prefix', { timeout: 60_000 }, async (t) => {
    const proxy = await prefixProxy(origin, '/maps');
    t.after(() => proxy.close());
    const tab = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    t.after(() => tab.close());
    const requested: string[] = [];
    tab.on('request', (req) => requested.push(req.url()));
    await tab.goto(`${proxy.url}/`);
    await tab.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 20_000 });
    assert.equal(await tab.getAttribute('nav.api-links a:text("Collections")', 'href'), `${proxy.url}/collections?f=html`);
    await tab.check('li.layer[data-collection-id="public.rivers"] input.layer-check');
    await tab.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 20_000 });
    assert.equal(await tab.evaluate(() => document.body.dataset.state), 'idle');
    const features = await tab.evaluate(() =>
      (window as any).tileryMap.queryRenderedFeatures().filter((f: any) => f.source === 'tilery').map((f: any) => f.id),
    );
    const gids = new Set((await world.db.query('SELECT gid FROM public.rivers')).map((r) => Number(r.gid)));
    assert.ok(features.length > 0 && features.every((id: number) => gids.has(id)), JSON.stringify(features));
    assert.ok(requested.some((u) => u.startsWith(`${proxy.url}/public.rivers/`)), 'tiles through the proxy');
    const elsewhere = requested.filter((u) => !u.startsWith(`${proxy.url}/`) && !u.startsWith(`blob:${new URL(proxy.url).origin}/`));
    assert.deepEqual(elsewhere, []);
  });

  test('with read API keys, the page opened with ?api_key sends the key with every request', { timeout: 60_000 }, async (t) => {
    const locked = await startTilery(world.db, { auth: { api_keys: ['viewer-key'] }, cache: { storage_priority: [] } });
    t.after(() => locked.close());
    const lockedOrigin = await locked.app.listen({ port: 0, host: '127.0.0.1' });
    const tab = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    t.after(() => tab.close());
    const refused: string[] = [];
    tab.on('response', (res) => {
      if (res.status() === 401) refused.push(res.url());
    });
    await tab.goto(`${lockedOrigin}/?api_key=viewer-key`);
    await tab.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 20_000 });
    await tab.check('li.layer[data-collection-id="public.places"] input.layer-check');
    await tab.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 20_000 });
    assert.equal(await tab.evaluate(() => document.body.dataset.state), 'idle');
    const ids = await tab.evaluate(() => (window as any).tileryMap.queryRenderedFeatures().filter((f: any) => f.source === 'tilery').map((f: any) => f.id));
    const known = new Set((await world.db.query('SELECT id FROM public.places')).map((r) => Number(r.id)));
    assert.ok(ids.length > 0 && ids.every((id: number) => known.has(id)), JSON.stringify(ids.slice(0, 10)));
    assert.deepEqual(refused, []);
    // without the key the page itself is refused
    const bare = await browser.newPage();
    t.after(() => bare.close());
    const status = (await bare.goto(`${lockedOrigin}/`))?.status();
    assert.equal(status, 401);
  });

  test('screenshot of the page, and nothing went wrong on the way', { timeout: 60_000 }, async () => {
    // for the picture: the two layers closer, the cached tiles outlined, a popup open
    const [row] = await world.db.query("SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM public.countries WHERE name = 'Westland'");
    await page.check('#cache-overlay');
    await settled();
    const idle = () => page.evaluate(() => new Promise((resolve) => (window as any).tileryMap.once('idle', resolve).triggerRepaint()));
    await page.evaluate(([lon, lat]) => (window as any).tileryMap.jumpTo({ center: [lon + 4, lat - 2], zoom: 3.2 }), [row.lon, row.lat]);
    await idle();
    // the outlines are read again a moment after new tiles came
    await page.waitForTimeout(800);
    await idle();
    const point = await page.evaluate(([lon, lat]) => (window as any).tileryMap.project([lon, lat]), [row.lon + 0.7, row.lat + 0.6]);
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await page.locator('.maplibregl-popup').waitFor();
    await mkdir(new URL('.', SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT.pathname });
    assert.deepEqual(await page.evaluate(() => (window as any).cspViolations ?? []), []);
    assert.deepEqual(problems, []);
  });
});
