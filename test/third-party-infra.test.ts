// The infrastructure of the third-party client tests, proven without tilery: OpenLayers in
// headless Chromium renders a tile made by PostGIS, and GDAL reads such tiles georeferenced.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './harness/db.ts';
import { launchBrowser, serveStatic, type StaticFile } from './helpers/browser.ts';
import { ogrMvtFeatures, WORLD_CRS84_QUAD, wktPoint } from './helpers/gdal.ts';
import { bundleOpenLayers } from './helpers/ol-bundle.ts';

let db: TestDatabase;
let tmp: string;

before(async () => {
  db = await createTestDatabase('infra');
  tmp = await mkdtemp(join(tmpdir(), 'tilery-infra-'));
});

after(async () => {
  await db?.drop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** One point at lon 10, lat 20, MVT id 7, in Web Mercator tile 2/2/1. */
async function webMercatorTile(): Promise<Buffer> {
  const [row] = await db.query<{ tile: Buffer }>(
    `SELECT ST_AsMVT(q, 'pts', 4096, 'geom', 'id') AS tile FROM (
       SELECT ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint(10, 20), 4326), 3857), ST_TileEnvelope(2, 2, 1)) AS geom,
              7 AS id, 'Null Island''s cousin' AS name, 1.5::float8 AS score
     ) q`,
  );
  return row!.tile;
}

/** Web Mercator coordinates of lon/lat on the sphere. */
function mercator(lon: number, lat: number): [number, number] {
  const R = 6378137;
  return [(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
}

test('OpenLayers in headless Chromium renders an MVT tile made by PostGIS', { timeout: 30_000 }, async (t) => {
  const started = Date.now();
  const [tile, ol] = await Promise.all([webMercatorTile(), bundleOpenLayers()]);

  // Every other zoom 2 tile is empty (a valid MVT), so that the map never sees a 404.
  const files: Record<string, StaticFile> = {};
  for (let x = 0; x < 4; x++) {
    for (let y = 0; y < 4; y++) {
      files[`/tiles/2/${x}/${y}.pbf`] = { type: 'application/vnd.mapbox-vector-tile', body: Buffer.alloc(0) };
    }
  }
  files['/tiles/2/2/1.pbf'] = { type: 'application/vnd.mapbox-vector-tile', body: tile };
  files['/ol.js'] = { type: 'text/javascript', body: ol };
  files['/index.html'] = {
    type: 'text/html',
    body: `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><style>html,body{margin:0} #map{width:512px;height:512px}</style></head>
<body><div id="map"></div>
<script src="/ol.js"></script>
<script>
  const source = new ol.source.VectorTile({
    format: new ol.format.MVT(),
    url: '/tiles/{z}/{x}/{y}.pbf',
    minZoom: 2,
    maxZoom: 2,
  });
  const layer = new ol.layer.VectorTile({ source });
  const map = new ol.Map({
    target: 'map',
    layers: [layer],
    // 512 px tiles: view zoom 3 shows source zoom 2.
    view: new ol.View({ center: ol.proj.fromLonLat([10, 20]), zoom: 3 }),
  });
  window.testMap = map;
  map.once('rendercomplete', () => { window.rendered = true; });
</script></body></html>`,
  };

  const server = await serveStatic(files);
  t.after(() => server.close());
  const browser = await launchBrowser();
  t.after(() => browser.close());

  const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  const requested: string[] = [];
  page.on('request', (req) => requested.push(new URL(req.url()).pathname));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });

  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => (window as any).rendered === true, undefined, { timeout: 15_000 });
  assert.deepEqual(problems, []);
  assert.ok(requested.includes('/tiles/2/2/1.pbf'), `tile 2/2/1 requested (requests: ${requested.join(', ')})`);

  // Hit detection at the point's pixel. layer.getFeatures(pixel), not map.getFeaturesAtPixel:
  // OpenLayers 10.11 never reports points (nor labels) of a VectorTile layer without declutter
  // through map.getFeaturesAtPixel/forEachFeatureAtPixel (its VectorTile renderer passes an
  // empty list of decluttered features where the Vector renderer passes null).
  const found = await page.evaluate(async () => {
    const w = window as any;
    const map = w.testMap;
    const pixel = map.getPixelFromCoordinate(w.ol.proj.fromLonLat([10, 20]));
    const hits = await map.getLayers().item(0).getFeatures(pixel);
    return hits.map((f: any) => ({
      id: f.getId(),
      name: f.get('name'),
      score: f.get('score'),
      type: f.getGeometry().getType(),
      lonLat: w.ol.proj.toLonLat(f.getGeometry().getFlatCoordinates()),
    }));
  });
  assert.equal(found.length, 1, JSON.stringify(found));
  const [feature] = found;
  assert.equal(feature.id, 7);
  assert.equal(feature.name, "Null Island's cousin");
  assert.equal(feature.score, 1.5);
  assert.equal(feature.type, 'Point');
  // One tile unit at zoom 2 is 360 / 4 / 4096 degrees of longitude (about 0.022).
  assert.ok(Math.abs(feature.lonLat[0] - 10) < 0.03 && Math.abs(feature.lonLat[1] - 20) < 0.03, String(feature.lonLat));

  // Nothing in a corner of the map; the only feature loaded in view is the point.
  const { corner, loaded } = await page.evaluate(async () => {
    const map = (window as any).testMap;
    const layer = map.getLayers().item(0);
    const extent = map.getView().calculateExtent(map.getSize());
    return {
      corner: (await layer.getFeatures([5, 5])).length,
      loaded: layer.getFeaturesInExtent(extent).map((f: any) => f.getId()),
    };
  });
  assert.equal(corner, 0);
  assert.deepEqual(loaded, [7]);

  const screenshot = join(tmp, 'ol-render.png');
  await page.screenshot({ path: screenshot });
  assert.ok((await stat(screenshot)).size > 1000);
  t.diagnostic(`rendered in ${Date.now() - started} ms; screenshot ${screenshot} (removed at the end)`);
});

test('GDAL reads a saved Web Mercator tile georeferenced', { timeout: 20_000 }, async () => {
  const file = join(tmp, 'wm.pbf');
  await writeFile(file, await webMercatorTile());
  const features = await ogrMvtFeatures(file, { z: 2, x: 2, y: 1 });
  assert.equal(features.length, 1, JSON.stringify(features));
  const [f] = features;
  assert.equal(f!.layer, 'pts');
  assert.equal(f!.fid, 7);
  assert.deepEqual(f!.attributes, { name: "Null Island's cousin", score: '1.5' });
  const [x, y] = wktPoint(f!.wkt);
  const [ex, ey] = mercator(10, 20); // 1113194.9, 2273030.9
  // Coordinates snap to the 4096 grid: one unit of a zoom 2 tile is about 2446 m.
  const unit = 40075016.68557849 / 4 / 4096;
  assert.ok(Math.abs(x - ex) <= unit && Math.abs(y - ey) <= unit, `${f!.wkt} vs ${ex} ${ey}`);
});

test('GDAL reads a saved WorldCRS84Quad (EPSG:4326, 2x1 at zoom 0) tile georeferenced', { timeout: 20_000 }, async () => {
  // WorldCRS84Quad zoom 1 is 4x2 tiles of 90 degrees: tile 1/2/0 spans lon 0..90, lat 0..90.
  const [row] = await db.query<{ tile: Buffer }>(
    `SELECT ST_AsMVT(q, 'pts', 4096, 'geom', 'id') AS tile FROM (
       SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(10, 20), 4326), ST_MakeEnvelope(0, 0, 90, 90, 4326)) AS geom, 3 AS id
     ) q`,
  );
  const file = join(tmp, 'crs84.pbf');
  await writeFile(file, row!.tile);
  const features = await ogrMvtFeatures(file, { z: 1, x: 2, y: 0 }, WORLD_CRS84_QUAD);
  assert.equal(features.length, 1, JSON.stringify(features));
  assert.equal(features[0]!.fid, 3);
  const [lon, lat] = wktPoint(features[0]!.wkt);
  const unit = 90 / 4096;
  assert.ok(Math.abs(lon - 10) <= unit && Math.abs(lat - 20) <= unit, features[0]!.wkt);
  // Tile 1/4/0 does not exist in WorldCRS84Quad.
  await assert.rejects(ogrMvtFeatures(file, { z: 1, x: 4, y: 0 }, WORLD_CRS84_QUAD), /outside 0\.\.3/);
});
