// Real third-party clients against a listening tilery: GDAL's OGCAPI driver lists the
// collections, GDAL's MVT driver reads saved OGC tiles of each tile matrix set georeferenced, and
// OpenLayers' OGCVectorTile source in headless Chromium loads collections through their TileSet
// documents. Every coordinate is checked against PostGIS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, serveStatic, type StaticServer } from './helpers/browser.ts';
import { ogrinfo, ogrMvtFeatures, WEB_MERCATOR_QUAD, WORLD_CRS84_QUAD, wktPoint, wktVertices, type OgrFeature } from './helpers/gdal.ts';
import { bundleOpenLayers } from './helpers/ol-bundle.ts';
import { useWorld } from './helpers/tilery.ts';
import { LAEA_QUAD } from './helpers/tms.ts';

type TmsId = 'WebMercatorQuad' | 'WorldCRS84Quad' | 'EuropeanETRS89_LAEAQuad';

/**
 * The three tiling schemes, written from their definitions (not from tilery): SRID, top-left corner
 * in easting/northing, tile width at zoom 0, the world a global matrix's buffer stops at, and the
 * scheme as the GDAL helper takes it.
 */
const GRIDS: Record<TmsId, { srid: number; minx: number; maxy: number; span0: number; world: number[] | null; scheme: string }> = {
  WebMercatorQuad: {
    srid: 3857,
    minx: -20037508.342789244,
    maxy: 20037508.342789244,
    span0: 40075016.68557849,
    world: [-20037508.342789244, -20037508.342789244, 20037508.342789244, 20037508.342789244],
    scheme: WEB_MERCATOR_QUAD,
  },
  WorldCRS84Quad: { srid: 4326, minx: -180, maxy: 90, span0: 180, world: [-180, -90, 180, 90], scheme: WORLD_CRS84_QUAD },
  // pointOfOrigin (5500000, 2000000) is northing, easting: the top-left corner is x 2000000, y 5500000.
  EuropeanETRS89_LAEAQuad: { srid: 3035, minx: 2000000, maxy: 5500000, span0: 4500000, world: null, scheme: 'EPSG:3035,2000000,5500000,4500000' },
};

const EXTENT = 4096;
const BUFFER = 256;

/** A tile's envelope in the TMS CRS grown by the buffer (default 256/4096), clipped to the world of global matrices. */
function tileEnvelope(tms: TmsId, z: number, row: number, col: number, buffer = BUFFER): number[] {
  const g = GRIDS[tms];
  const span = g.span0 / 2 ** z;
  const b = (span * buffer) / EXTENT;
  const env = [g.minx + col * span - b, g.maxy - (row + 1) * span - b, g.minx + (col + 1) * span + b, g.maxy - row * span + b];
  return g.world ? [Math.max(env[0]!, g.world[0]!), Math.max(env[1]!, g.world[1]!), Math.min(env[2]!, g.world[2]!), Math.min(env[3]!, g.world[3]!)] : env;
}

/** One tile unit (a "pixel" of the 4096 extent) in TMS CRS units. */
function tileUnit(tms: TmsId, z: number): number {
  return GRIDS[tms].span0 / 2 ** z / EXTENT;
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

/** Distance from p to the segment a–b. */
function segmentDistance(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const [dx, dy] = [b[0]! - a[0]!, b[1]! - a[1]!];
  const t = Math.max(0, Math.min(1, ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / (dx * dx + dy * dy)));
  return distance(p, [a[0]! + t * dx, a[1]! + t * dy]);
}

function within(env: readonly number[], p: readonly number[], margin = 0): boolean {
  return p[0]! > env[0]! + margin && p[1]! > env[1]! + margin && p[0]! < env[2]! - margin && p[1]! < env[3]! - margin;
}

describe('third-party clients against a listening tilery', () => {
  const world = useWorld({ admin_token: 'sesame' });
  /** http://127.0.0.1:PORT */
  let base: string;
  let tmp: string;

  before(async () => {
    await world.db.query(`GRANT CREATE ON DATABASE "${world.db.name}" TO "${world.db.readerRole}"`);
    const created = await world.tilery.app.inject({
      method: 'POST',
      url: '/tiles/public/tileMatrixSets',
      headers: { authorization: 'Bearer sesame', 'content-type': 'application/json' },
      payload: JSON.stringify(LAEA_QUAD),
    });
    assert.equal(created.statusCode, 201, created.body);
    base = await world.tilery.app.listen({ port: 0, host: '127.0.0.1' });
    tmp = await mkdtemp(join(tmpdir(), 'tilery-clients-'));
  });

  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  async function getJson(url: string): Promise<any> {
    const res = await fetch(url);
    assert.equal(res.status, 200, `${url}: ${res.status}`);
    return res.json();
  }

  describe("GDAL's OGCAPI driver (GDAL 3.6)", () => {
    /** SUBDATASET_n_NAME / _DESC pairs of ogrinfo's output. */
    function subdatasets(out: string): Array<{ url: string; desc: string }> {
      const names = new Map<string, string>();
      const descs = new Map<string, string>();
      for (const m of out.matchAll(/^\s*SUBDATASET_(\d+)_(NAME|DESC)=(.*)$/gm)) (m[2] === 'NAME' ? names : descs).set(m[1]!, m[3]!.trim());
      return [...names].map(([n, name]) => ({ url: name.replace(/^OGCAPI:/, ''), desc: descs.get(n) ?? '' }));
    }

    async function expectedCollections(): Promise<Array<{ id: string; title: string; self: string }>> {
      const doc = await getJson(`${base}/collections`);
      return doc.collections.map((c: any) => ({
        id: c.id,
        title: c.title,
        self: c.links.find((l: any) => l.rel === 'self' && l.type === 'application/json').href,
      }));
    }

    function checkListing(out: string, expected: Array<{ id: string; title: string; self: string }>) {
      assert.match(out, /using driver `OGCAPI' successful/);
      const listed = subdatasets(out);
      // Every published collection, as OGCAPI:<its self link>, described by its title.
      assert.deepEqual(
        listed.map((s) => decodeURIComponent(new URL(s.url).pathname.replace(/^\/collections\//, ''))).sort(),
        expected.map((c) => c.id).sort(),
        out,
      );
      assert.deepEqual(
        listed.map((s) => [s.url, s.desc]),
        expected.map((c) => [c.self, `Collection ${c.title}`]),
      );
    }

    test('ogrinfo OGCAPI:<base>/collections lists every published collection', { timeout: 30_000 }, async () => {
      const expected = await expectedCollections();
      assert.ok(expected.some((c) => c.id === 'public.places') && expected.some((c) => c.id === 'My Schema.Odd.Table Name'));
      checkListing(await ogrinfo(['-ro', `OGCAPI:${base}/collections`]), expected);

      // What GDAL reads next when a listed collection is opened (InitFromCollection): exactly
      // one bbox of 4 numbers, a JSON self link and a JSON tilesets-vector link.
      for (const c of expected) {
        const doc = await getJson(c.self);
        assert.equal(doc.extent.spatial.bbox.length, 1, c.id);
        assert.equal(doc.extent.spatial.bbox[0].length, 4, c.id);
        assert.ok(doc.extent.spatial.bbox[0].every(Number.isFinite), c.id);
        assert.ok(doc.links.some((l: any) => l.rel === 'self' && l.type === 'application/json' && l.href === c.self), c.id);
        const tilesets = doc.links.find((l: any) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector');
        assert.equal(tilesets?.type, 'application/json', c.id);
        assert.equal((await fetch(tilesets.href)).status, 200, tilesets.href);
      }
    });

    // GDAL 3.6 (and GDAL's current source) follows a landing page only through a link with rel
    // "data": without it GDAL takes the landing page for a collection ("Missing bbox").
    test(
      'ogrinfo OGCAPI:<base>/ lists every published collection from the landing page',
      { timeout: 30_000 },
      async () => {
        checkListing(await ogrinfo(['-ro', `OGCAPI:${base}/`]), await expectedCollections());
      },
    );
  });

  describe("GDAL's MVT driver reads saved OGC tiles georeferenced", () => {
    /** Downloads an OGC tile (z/row/col) into the temporary directory. */
    async function saveTile(collection: string, tms: TmsId, z: number, row: number, col: number): Promise<string> {
      const url = `${base}/collections/${collection}/tiles/${tms}/${z}/${row}/${col}`;
      const res = await fetch(url);
      assert.equal(res.status, 200, `${url}: ${res.status} ${res.status === 200 ? '' : await res.text()}`);
      assert.equal(res.headers.get('content-type'), 'application/vnd.mapbox-vector-tile');
      const file = join(tmp, `${collection}-${tms}-${z}-${row}-${col}.mvt`);
      await writeFile(file, Buffer.from(await res.arrayBuffer()));
      return file;
    }

    /** Reads a tile with GDAL, unclipped (buffer included), in the TMS's CRS. */
    async function gdalRead(file: string, tms: TmsId, z: number, row: number, col: number): Promise<OgrFeature[]> {
      return ogrMvtFeatures(file, { z, x: col, y: row }, GRIDS[tms].scheme, { clip: false });
    }

    /** Ids of the rows of `table` whose geometry, in the TMS CRS, meets the buffered tile. */
    async function truthIds(table: string, idColumn: string, tms: TmsId, z: number, row: number, col: number): Promise<number[]> {
      const rows = await world.db.query(
        `SELECT ${idColumn} AS id FROM ${table} t
         WHERE ST_Intersects(ST_Transform(t.geom, ${GRIDS[tms].srid}), ST_MakeEnvelope($1, $2, $3, $4, ${GRIDS[tms].srid})) ORDER BY 1`,
        tileEnvelope(tms, z, row, col),
      );
      return rows.map((r) => Number(r.id));
    }

    const POINT_TILES: Array<[TmsId, number, number, number]> = [
      ['WebMercatorQuad', 3, 2, 5],
      ['WebMercatorQuad', 5, 10, 17],
      // zoom 0 is two tiles, west and east of the prime meridian
      ['WorldCRS84Quad', 0, 0, 0],
      ['WorldCRS84Quad', 0, 0, 1],
      ['WorldCRS84Quad', 3, 2, 9],
      ['EuropeanETRS89_LAEAQuad', 2, 1, 2],
    ];
    for (const [tms, z, row, col] of POINT_TILES) {
      test(`places ${tms} ${z}/${row}/${col}: ids, attributes and coordinates equal PostGIS`, { timeout: 30_000 }, async () => {
        const file = await saveTile('public.places', tms, z, row, col);
        const features = await gdalRead(file, tms, z, row, col);
        assert.ok(features.length > 0, 'the tile holds places');
        assert.deepEqual(new Set(features.map((f) => f.layer)), new Set(['public.places']));
        const ids = features.map((f) => f.fid!).sort((a, b) => a - b);
        assert.deepEqual(ids, await truthIds('public.places', 'id', tms, z, row, col));

        const srid = GRIDS[tms].srid;
        const rows = await world.db.query(
          `SELECT id, name, rank, score, ST_X(ST_Transform(geom, ${srid})) AS x, ST_Y(ST_Transform(geom, ${srid})) AS y
           FROM public.places WHERE id = ANY($1)`,
          [ids],
        );
        const truth = new Map(rows.map((r) => [Number(r.id), r]));
        const unit = tileUnit(tms, z);
        for (const f of features) {
          const t = truth.get(f.fid!)!;
          const [x, y] = wktPoint(f.wkt);
          assert.ok(
            Math.abs(x - t.x) <= unit && Math.abs(y - t.y) <= unit,
            `place ${f.fid}: GDAL ${x} ${y}, PostGIS ${t.x} ${t.y} (one unit: ${unit})`,
          );
          assert.deepEqual(
            { id: Number(f.attributes.id), name: f.attributes.name, rank: Number(f.attributes.rank), score: Number(f.attributes.score) },
            { id: Number(t.id), name: t.name, rank: t.rank, score: t.score },
          );
        }
      });
    }

    // Tiles where whole rivers lie (4 to 7 in 2/2/1, 16 to 18 in 2/1/2; row and column differ,
    // so that a swapped z/y/x order would show) and others are cut at the buffer's edge.
    for (const [z, row, col, whole] of [[2, 2, 1, [4, 5, 6, 7]], [2, 1, 2, [16, 17, 18]]] as const) {
      test(`rivers EuropeanETRS89_LAEAQuad ${z}/${row}/${col}: ids and vertices equal PostGIS`, { timeout: 30_000 }, async () => {
        const tms = 'EuropeanETRS89_LAEAQuad';
        const file = await saveTile('public.rivers', tms, z, row, col);
        const features = await gdalRead(file, tms, z, row, col);
        const ids = features.map((f) => f.fid!).sort((a, b) => a - b);
        assert.deepEqual(ids, await truthIds('public.rivers', 'gid', tms, z, row, col));

        const rows = await world.db.query(
          `SELECT gid, kind, ST_NPoints(g) AS n, ST_X(ST_StartPoint(g)) AS x0, ST_Y(ST_StartPoint(g)) AS y0,
                  ST_X(ST_EndPoint(g)) AS x1, ST_Y(ST_EndPoint(g)) AS y1
           FROM (SELECT gid, kind, ST_Transform(geom, 3035) AS g FROM public.rivers WHERE gid = ANY($1)) s`,
          [ids],
        );
        const truth = new Map(rows.map((r) => [Number(r.gid), r]));
        const unit = tileUnit(tms, z);
        const env = tileEnvelope(tms, z, row, col);
        const wholeSeen: number[] = [];
        for (const f of features) {
          const t = truth.get(f.fid!)!;
          assert.equal(t.n, 2, 'the fixture rivers are single segments');
          assert.equal(f.attributes.kind, t.kind);
          assert.match(f.wkt, /^LINESTRING /);
          const vertices = wktVertices(f.wkt);
          const start = [t.x0, t.y0];
          const end = [t.x1, t.y1];
          // Every vertex lies on the river (the clipped ends on the buffer's edge).
          for (const v of vertices) {
            assert.ok(segmentDistance(v, start, end) <= unit, `river ${f.fid}: vertex ${v} is ${segmentDistance(v, start, end)} off the river`);
          }
          // The river's own ends, where inside the buffered tile, are its first and last vertex.
          if (within(env, start, unit)) {
            assert.ok(distance(vertices[0]!, start) <= unit, `river ${f.fid}: first vertex ${vertices[0]} vs PostGIS ${start}`);
          }
          if (within(env, end, unit)) {
            assert.ok(distance(vertices.at(-1)!, end) <= unit, `river ${f.fid}: last vertex ${vertices.at(-1)} vs PostGIS ${end}`);
          }
          if (within(env, start, unit) && within(env, end, unit)) {
            assert.equal(vertices.length, 2, `whole river ${f.fid}`);
            wholeSeen.push(f.fid!);
          }
        }
        for (const gid of whole) assert.ok(wholeSeen.includes(gid), `river ${gid} lies whole in the tile (whole: ${wholeSeen})`);
      });
    }
  });

  describe("OpenLayers' OGCVectorTile source in headless Chromium", () => {
    let browser: Browser;
    let pages: StaticServer;

    interface PageConfig {
      tileset: string;
      projection: 'EPSG:3857' | 'EPSG:4326';
      center: [number, number];
      view: { resolution: number } | { zoom: number };
    }

    function html(cfg: PageConfig): string {
      return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><style>html,body{margin:0} #map{width:512px;height:512px}</style></head>
<body><div id="map"></div>
<script src="/ol.js"></script>
<script>
  const cfg = ${JSON.stringify(cfg)};
  const source = new ol.source.OGCVectorTile({ url: cfg.tileset, format: new ol.format.MVT(), projection: cfg.projection });
  window.sourceStates = [];
  source.on('change', () => window.sourceStates.push(source.getState()));
  const layer = new ol.layer.VectorTile({ source });
  const map = new ol.Map({
    target: 'map',
    layers: [layer],
    view: new ol.View({ projection: cfg.projection, center: cfg.center, ...cfg.view }),
  });
  window.testMap = map;
  // A rendercomplete can come before the TileSet document is read: wait for one after.
  map.on('rendercomplete', () => { if (source.getState() === 'ready') window.rendered = true; });
</script></body></html>`;
    }

    // WebMercatorQuad matrix 4 around lon 10, lat 50; WorldCRS84Quad matrix 3 around lon 10, lat 20.
    const MERCATOR = { tms: 'WebMercatorQuad', page: 'mercator', projection: 'EPSG:3857', z: 4, lonLat: [10, 50] } as const;
    const CRS84 = { tms: 'WorldCRS84Quad', page: 'crs84', projection: 'EPSG:4326', z: 3, lonLat: [10, 20] } as const;

    before(async () => {
      const ol = await bundleOpenLayers();
      const [x, y] = (await world.db.query(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 3857) AS p`, [...MERCATOR.lonLat]))
        .map((r) => [r.x, r.y])[0]!;
      // The view's resolution is the cellSize of the matrix as tilery's tile matrix set states it,
      // so that OpenLayers picks exactly that matrix (256 px tiles: the view shows 2 x 2 of them).
      // A view at the standard zoom of OpenLayers is the subject of a test of its own below.
      const cellSize = async (tms: TmsId, z: number): Promise<number> =>
        (await getJson(`${base}/tileMatrixSets/${tms}`)).tileMatrices.find((m: { id: string }) => m.id === String(z)).cellSize;
      const mercatorTileset = `${base}/collections/public.places/tiles/WebMercatorQuad`;
      pages = await serveStatic({
        '/ol.js': { type: 'text/javascript', body: ol },
        '/mercator.html': {
          type: 'text/html',
          body: html({ tileset: mercatorTileset, projection: 'EPSG:3857', center: [x, y], view: { resolution: await cellSize('WebMercatorQuad', MERCATOR.z) } }),
        },
        '/mercator-zoom.html': {
          type: 'text/html',
          body: html({ tileset: mercatorTileset, projection: 'EPSG:3857', center: [x, y], view: { zoom: MERCATOR.z } }),
        },
        '/crs84.html': {
          type: 'text/html',
          body: html({
            tileset: `${base}/collections/public.places/tiles/WorldCRS84Quad`,
            projection: 'EPSG:4326',
            center: [...CRS84.lonLat],
            view: { resolution: await cellSize('WorldCRS84Quad', CRS84.z) },
          }),
        },
      });
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await pages?.close();
    });

    /**
     * Opens a test page, waits for the first rendercomplete after the source read its TileSet,
     * and checks that nothing failed (CORS included). Returns the tab, the URLs requested and
     * the OGC tiles (tileMatrix, tileRow, tileCol) among them.
     */
    async function openMap(t: { after: (fn: () => Promise<void>) => void }, page: string, tms: TmsId) {
      const tab = await browser.newPage({ viewport: { width: 512, height: 512 } });
      t.after(() => tab.close());
      const problems: string[] = [];
      const requested: string[] = [];
      tab.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      tab.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
      });
      tab.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
      tab.on('response', (res) => {
        if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
      });
      tab.on('request', (req) => requested.push(req.url()));

      await tab.goto(`${pages.url}/${page}.html`);
      await tab
        .waitForFunction(() => (window as any).rendered === true || (window as any).sourceStates.includes('error'), undefined, { timeout: 15_000 })
        .catch((err: Error) => assert.fail(`no rendercomplete: ${err.message}\n${problems.join('\n')}`));
      assert.deepEqual(problems, []);
      const states: string[] = await tab.evaluate(() => (window as any).sourceStates);
      assert.ok(!states.includes('error') && states.at(-1) === 'ready', `source states ${states}`);

      const tileset = `${base}/collections/public.places/tiles/${tms}`;
      const tileRe = new RegExp(`^${tileset.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(\\d+)/(\\d+)/(\\d+)$`);
      const tiles = requested.filter((u) => tileRe.test(u)).map((u) => tileRe.exec(u)!.slice(1).map(Number) as [number, number, number]);
      return { tab, requested, tileset, tiles };
    }

    for (const view of [MERCATOR, CRS84]) {
      test(`${view.tms} in an ${view.projection} view: tiles requested from the TileSet, features equal PostGIS`, { timeout: 30_000 }, async (t) => {
        const started = Date.now();
        const { tab, requested, tileset, tiles } = await openMap(t, view.page, view.tms);

        // The TileSet document, then its tiling scheme, then tiles of the view's matrix only.
        assert.ok(requested.includes(tileset), requested.join('\n'));
        assert.ok(requested.includes(`${base}/tileMatrixSets/${view.tms}`), requested.join('\n'));
        assert.ok(tiles.length > 0, requested.join('\n'));
        assert.deepEqual([...new Set(tiles.map(([z]) => z))], [view.z]);

        const loaded = await tab.evaluate(() => {
          const map = (window as any).testMap;
          const layer = map.getLayers().item(0);
          const extent = map.getView().calculateExtent(map.getSize());
          const features = layer.getFeaturesInExtent(extent).map((f: any) => ({
            id: f.getId(),
            type: f.getGeometry().getType(),
            coordinates: Array.from(f.getGeometry().getFlatCoordinates()) as number[],
            properties: Object.fromEntries(['id', 'name', 'rank', 'score'].map((k) => [k, f.get(k)])),
          }));
          return { extent, features };
        });
        // The tiles covering the view were requested (z/row/col computed here from the definition).
        const g = GRIDS[view.tms];
        const span = g.span0 / 2 ** view.z;
        const [minx, miny, maxx, maxy] = loaded.extent as [number, number, number, number];
        for (let col = Math.floor((minx - g.minx) / span); col <= Math.floor((maxx - g.minx) / span); col++) {
          for (let row = Math.floor((g.maxy - maxy) / span); row <= Math.floor((g.maxy - miny) / span); row++) {
            assert.ok(tiles.some(([, r, c]) => r === row && c === col), `tile ${view.z}/${row}/${col} of the view requested (${JSON.stringify(tiles)})`);
          }
        }

        // Features whose point lies in the view: the places PostGIS puts there, with their
        // attributes, within one tile unit (a feature of a buffer shows up in several tiles).
        const unit = tileUnit(view.tms, view.z);
        const inView = new Map<number, (typeof loaded.features)[number]>();
        for (const f of loaded.features) {
          assert.equal(f.type, 'Point');
          if (!within(loaded.extent, f.coordinates)) continue;
          const seen = inView.get(f.id);
          if (seen) assert.ok(distance(seen.coordinates, f.coordinates) <= unit, `place ${f.id} twice, at ${seen.coordinates} and ${f.coordinates}`);
          inView.set(f.id, f);
        }
        const rows = await world.db.query(
          `SELECT id, name, rank, score, ST_X(p) AS x, ST_Y(p) AS y
           FROM (SELECT *, ST_Transform(geom, ${g.srid}) AS p FROM public.places) s
           WHERE ST_Intersects(p, ST_MakeEnvelope($1, $2, $3, $4, ${g.srid}))`,
          [minx - unit, miny - unit, maxx + unit, maxy + unit],
        );
        const inner = rows.filter((r) => within(loaded.extent, [r.x, r.y], unit)).map((r) => Number(r.id));
        assert.ok(inner.length > 50, `places in view: ${inner.length}`);
        for (const id of inner) assert.ok(inView.has(id), `place ${id} in view is among the loaded features`);
        const truth = new Map(rows.map((r) => [Number(r.id), r]));
        for (const [id, f] of inView) {
          const r = truth.get(id);
          assert.ok(r, `loaded place ${id} at ${f.coordinates} lies in the view per PostGIS`);
          assert.ok(distance(f.coordinates, [r.x, r.y]) <= unit * Math.SQRT2, `place ${id}: OpenLayers ${f.coordinates}, PostGIS ${r.x} ${r.y}`);
          assert.deepEqual(f.properties, { id, name: r.name, rank: r.rank, score: r.score });
        }

        // Hit detection at the pixel of the place nearest the view's centre. layer.getFeatures,
        // not map.getFeaturesAtPixel: see the note on OpenLayers 10.11 in third-party-infra.test.ts.
        const [nearest] = await world.db.query(
          `SELECT id, name, ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT *, ST_Transform(geom, ${g.srid}) AS p FROM public.places) s
           ORDER BY ST_Distance(p, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), ${g.srid})) LIMIT 1`,
          [...view.lonLat],
        );
        const hits = await tab.evaluate(async (coordinate) => {
          const map = (window as any).testMap;
          const pixel = map.getPixelFromCoordinate(coordinate);
          const found = await map.getLayers().item(0).getFeatures(pixel);
          return found.map((f: any) => ({ id: f.getId(), name: f.get('name') }));
        }, [nearest.x, nearest.y]);
        assert.deepEqual(hits, [{ id: Number(nearest.id), name: nearest.name }]);
        t.diagnostic(`${tiles.length} tiles, ${inView.size} places in view, ${Date.now() - started} ms`);
      });
    }

    // OpenLayers picks the matrix whose cellSize is the view's resolution or, between two, the
    // coarser one (zDirection 1): the cell sizes must be exactly 2 pi 6378137 / 256 / 2^z, or a
    // standard map requests the matrix above at every integer zoom.
    test(
      'WebMercatorQuad in a standard EPSG:3857 view at zoom 4: OpenLayers requests matrix 4',
      { timeout: 30_000 },
      async (t) => {
        const { tiles } = await openMap(t, 'mercator-zoom', 'WebMercatorQuad');
        assert.ok(tiles.length > 0);
        assert.deepEqual([...new Set(tiles.map(([z]) => z))], [MERCATOR.z]);
      },
    );
  });
});
