import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { get, startTilery, useWorld } from './helpers/tilery.ts';
import { mercatorTileOf } from './helpers/wait.ts';

const MVT = 'application/vnd.mapbox-vector-tile';
/** Half the WGS84 equator, π·6378137 m (TMS documents print it rounded: 20037508.3427892). */
const H = Math.PI * 6378137;

type Json = Record<string, any>;

/** Members the OGC schemas require, checked one by one (OGC 17-083r4 and 20-057). */
function assertLinks(doc: Json, where: string): void {
  assert.ok(Array.isArray(doc.links), `${where}: links`);
  for (const l of doc.links) {
    assert.equal(typeof l.href, 'string', `${where}: link href`);
    assert.equal(typeof l.rel, 'string', `${where}: link rel of ${l.href}`);
    if (!l.templated) assert.match(l.href, /^https?:\/\//, `${where}: absolute link ${l.href}`);
  }
}

function rel(doc: Json, r: string): Json {
  const link = doc.links.find((l: Json) => l.rel === r);
  assert.ok(link, `a link with rel ${r}`);
  return link;
}

function assertTileMatrixSet(doc: Json): void {
  assert.equal(typeof doc.crs, 'string');
  assert.ok(Array.isArray(doc.tileMatrices) && doc.tileMatrices.length > 0);
  for (const m of doc.tileMatrices) {
    assert.equal(typeof m.id, 'string');
    for (const k of ['scaleDenominator', 'cellSize']) assert.ok(typeof m[k] === 'number' && m[k] > 0, k);
    for (const k of ['tileWidth', 'tileHeight', 'matrixWidth', 'matrixHeight']) assert.ok(Number.isInteger(m[k]) && m[k] >= 1, k);
    assert.ok(Array.isArray(m.pointOfOrigin) && m.pointOfOrigin.length === 2);
    assert.ok(['topLeft', 'bottomLeft'].includes(m.cornerOfOrigin));
  }
}

function assertTileSet(doc: Json, where: string): void {
  assert.ok(['map', 'vector', 'coverage'].includes(doc.dataType), `${where}: dataType`);
  assert.equal(typeof doc.crs, 'string', `${where}: crs`);
  assertLinks(doc, where);
  assert.ok(rel(doc, 'self'), `${where}: self link`);
  assert.ok(rel(doc, 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme'), `${where}: tiling-scheme link`);
  if (doc.tileMatrixSetLimits) {
    for (const l of doc.tileMatrixSetLimits) {
      assert.equal(typeof l.tileMatrix, 'string');
      for (const k of ['minTileRow', 'maxTileRow', 'minTileCol', 'maxTileCol']) assert.ok(Number.isInteger(l[k]) && l[k] >= 0, `${where}: ${k}`);
      assert.ok(l.minTileRow <= l.maxTileRow && l.minTileCol <= l.maxTileCol);
    }
  }
  for (const layer of doc.layers ?? []) {
    assert.equal(typeof layer.id, 'string');
    assert.ok(['map', 'vector', 'coverage'].includes(layer.dataType));
  }
  if (doc.boundingBox) assert.ok(doc.boundingBox.lowerLeft.length === 2 && doc.boundingBox.upperRight.length === 2);
  if (doc.centerPoint) assert.equal(doc.centerPoint.coordinates.length, 2);
}

describe('OGC API – Tiles', () => {
  const world = useWorld({ catalog: { layers: { 'public.rivers': { minzoom: 2, maxzoom: 10 } } } });

  test('landing page links every entry point, in JSON and HTML', async () => {
    const res = await get(world.tilery, '/');
    assert.equal(res.status, 200);
    const doc = res.json();
    assertLinks(doc, 'landing');
    for (const r of [
      'self',
      'service-desc',
      'http://www.opengis.net/def/rel/ogc/1.0/conformance',
      'http://www.opengis.net/def/rel/ogc/1.0/data',
      'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes',
      'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector',
    ]) {
      assert.ok(rel(doc, r), r);
    }
    const html = await get(world.tilery, '/', { accept: 'text/html,application/xhtml+xml' });
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.match(html.body.toString(), /<a href="http:\/\/localhost:80\/collections\?f=html">/);
    assert.match((await get(world.tilery, '/collections?f=html')).body.toString(), /<title>Collections/);
    assert.equal((await get(world.tilery, '/collections?f=xml')).status, 400);
  });

  test('conformance declares the classes implemented', async () => {
    const { conformsTo } = (await get(world.tilery, '/conformance')).json();
    for (const c of ['core', 'tileset', 'tilesets-list', 'dataset-tilesets', 'geodata-tilesets', 'collections-selection', 'oas30', 'mvt']) {
      assert.ok(conformsTo.includes(`http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/${c}`), c);
    }
    for (const c of ['tilematrixset', 'json-tilematrixset', 'tilematrixsetlimits', 'tilesetmetadata']) {
      assert.ok(conformsTo.includes(`http://www.opengis.net/spec/tms/2.0/conf/${c}`), c);
    }
    assert.ok(conformsTo.includes('http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/datetime'));
    assert.ok(conformsTo.includes('http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter'));
    for (const c of ['cql2-text', 'cql2-json', 'basic-cql2', 'advanced-comparison-operators', 'spatial-functions', 'temporal-functions', 'array-functions', 'arithmetic']) {
      assert.ok(conformsTo.includes(`http://www.opengis.net/spec/cql2/1.0/conf/${c}`), c);
    }
    // custom functions are not implemented: not declared
    assert.ok(!conformsTo.includes('http://www.opengis.net/spec/cql2/1.0/conf/functions'));
  });

  test('collections and a collection, with tilesets and queryables links', async () => {
    const { collections } = (await get(world.tilery, '/collections')).json();
    const ids = collections.map((c: Json) => c.id).sort();
    assert.deepEqual(ids, Object.keys((await get(world.tilery, '/index.json')).json()).sort());
    const places = (await get(world.tilery, '/collections/public.places')).json();
    assertLinks({ links: places.links.filter((l: Json) => l.key !== 'vector_tiles') }, 'collection');
    assert.equal(places.id, 'public.places');
    assert.deepEqual(places.extent.spatial.bbox[0], (await get(world.tilery, '/public.places.json')).json().bounds);
    assert.equal(rel(places, 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector').href, 'http://localhost:80/collections/public.places/tiles');
    const vt = places.links.find((l: Json) => l.key === 'vector_tiles');
    assert.equal(vt.href, '/tiles/public/tiles/{z}/{x}/{y}.mvt?collections=places');
    assert.equal((await get(world.tilery, '/collections/public.nope')).status, 404);
  });

  test('queryables: a JSON Schema of the columns', async () => {
    const q = (await get(world.tilery, '/collections/public.countries/queryables')).json();
    assert.equal(q.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(q.type, 'object');
    assert.equal(q.properties.geom['x-ogc-role'], 'primary-geometry');
    assert.equal(q.properties.geom.format, 'geometry-multipolygon');
    assert.equal(q.properties.pop.type, 'integer');
    assert.equal(q.properties.area.type, 'number');
    assert.equal(q.properties.name.type, 'string');
    assert.equal(q.properties.name.description, 'Common name');
    assert.equal(q.properties.founded.format, 'date');
    assert.equal(q.properties.landlocked.type, 'boolean');
  });

  test('tilesets lists of a collection and of the dataset', async () => {
    for (const url of ['/collections/public.places/tiles', '/tiles', '/tiles?collections=public.places,public.rivers']) {
      const doc = (await get(world.tilery, url)).json();
      assertLinks(doc, url);
      assert.deepEqual(doc.tilesets.map((t: Json) => t.crs), ['http://www.opengis.net/def/crs/EPSG/0/3857', 'http://www.opengis.net/def/crs/OGC/1.3/CRS84']);
      for (const t of doc.tilesets) assertTileSet(t, url);
    }
    const selected = (await get(world.tilery, '/tiles?collections=public.places,public.rivers')).json();
    assert.match(rel(selected.tilesets[0], 'self').href, /\/tiles\/WebMercatorQuad\?collections=public.places,public.rivers$/);
    assert.equal((await get(world.tilery, '/tiles?collections=public.nope')).status, 400);
  });

  test('a TileSet document carries every required member and exact limits', async () => {
    const doc = (await get(world.tilery, '/collections/public.places/tiles/WebMercatorQuad')).json();
    assertTileSet(doc, 'tileset');
    assert.equal(doc.crs, 'http://www.opengis.net/def/crs/EPSG/0/3857');
    assert.equal(doc.tileMatrixSetURI, 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad');
    assert.equal(rel(doc, 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme').href, 'http://localhost:80/tileMatrixSets/WebMercatorQuad');
    const item = rel(doc, 'item');
    assert.equal(item.type, MVT);
    assert.equal(item.templated, true);
    assert.equal(item.href, 'http://localhost:80/collections/public.places/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}');
    assert.equal(doc.layers[0].id, 'public.places');
    assert.deepEqual(Object.keys(doc.layers[0].propertiesSchema.properties), ['id', 'name', 'rank', 'score']);
    assert.equal(doc.layers[0].geometryDimension, 0);
    assert.equal(doc.tileMatrixSetLimits.length, 23);

    // the data's own tile range, by SQL, at a few zooms
    for (const z of [0, 3, 7, 12]) {
      const span = (2 * H) / 2 ** z;
      const [truth] = await world.db.query(
        `SELECT min(floor((ST_X(geom) + $1) / $2))::int AS mincol, max(floor((ST_X(geom) + $1) / $2))::int AS maxcol,
                min(floor(($1 - ST_Y(geom)) / $2))::int AS minrow, max(floor(($1 - ST_Y(geom)) / $2))::int AS maxrow
         FROM public.places`,
        [H, span],
      );
      const l = doc.tileMatrixSetLimits.find((e: Json) => e.tileMatrix === String(z));
      assert.deepEqual([l.minTileCol, l.maxTileCol, l.minTileRow, l.maxTileRow], [truth.mincol, truth.maxcol, truth.minrow, truth.maxrow], `zoom ${z}`);
    }
  });

  test('a tile outside the limits is a 404; inside, the tile equals the catalog route tile', async () => {
    const doc = (await get(world.tilery, '/collections/public.rivers/tiles/WebMercatorQuad')).json();
    assert.equal(doc.tileMatrixSetLimits[0].tileMatrix, '2', 'per-layer minzoom applies');
    assert.equal(doc.tileMatrixSetLimits.at(-1).tileMatrix, '10', 'per-layer maxzoom applies');
    const l5 = doc.tileMatrixSetLimits.find((e: Json) => e.tileMatrix === '5');
    // the tile holding the first vertex of river 1
    const [start] = await world.db.query('SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_Transform(ST_StartPoint(geom), 4326) AS p FROM public.rivers WHERE gid = 1) s');
    const { x, y } = mercatorTileOf(start.lon, start.lat, 5);
    assert.ok(x >= l5.minTileCol && x <= l5.maxTileCol && y >= l5.minTileRow && y <= l5.maxTileRow, 'the limits hold the data');
    const inside = await get(world.tilery, `/collections/public.rivers/tiles/WebMercatorQuad/5/${y}/${x}`);
    assert.equal(inside.status, 200);
    assert.equal(inside.headers['content-type'], MVT);
    assert.ok(inside.layers['public.rivers'].features.some((f) => f.id === 1));
    const twin = await get(world.tilery, `/tiles/public/tiles/5/${x}/${y}.mvt?collections=rivers`);
    assert.deepEqual(inside.layers['public.rivers'].features, twin.layers.rivers.features);
    const outside = await get(world.tilery, `/collections/public.rivers/tiles/WebMercatorQuad/5/${l5.maxTileRow + 1}/${l5.minTileCol}`);
    assert.equal(outside.status, 404);
    assert.equal((await get(world.tilery, '/collections/public.rivers/tiles/WebMercatorQuad/1/0/1')).status, 404, 'below minzoom');
    assert.equal((await get(world.tilery, '/collections/public.rivers/tiles/WebMercatorQuad/11/0/0')).status, 404, 'above maxzoom');
    assert.equal((await get(world.tilery, '/public.rivers/1/1/0.pbf')).status, 404, 'per-layer zoom on pg_tileserv routes too');
    assert.equal((await get(world.tilery, '/tiles/public/tiles/11/1100/700.mvt?collections=rivers')).status, 404, 'and catalog routes');
    assert.equal((await get(world.tilery, '/collections/public.rivers/tiles/WebMercatorQuad/x/0/0')).status, 404);
    assert.equal((await get(world.tilery, '/collections/public.rivers/tiles/WebMercatorQuad/5/a/0')).json().parameter, 'tileRow');
  });

  test('WorldCRS84Quad tileset and its 2x1 zoom 0 tiles', async () => {
    const doc = (await get(world.tilery, '/collections/public.countries/tiles/WorldCRS84Quad')).json();
    assertTileSet(doc, 'crs84');
    assert.equal(doc.crs, 'http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    assert.deepEqual(doc.tileMatrixSetLimits[0], { tileMatrix: '0', minTileRow: 0, maxTileRow: 0, minTileCol: 0, maxTileCol: 1 });
    const west = await get(world.tilery, '/collections/public.countries/tiles/WorldCRS84Quad/0/0/0');
    const east = await get(world.tilery, '/collections/public.countries/tiles/WorldCRS84Quad/0/0/1');
    assert.ok(west.layers['public.countries'].features.length > 0 && east.layers['public.countries'].features.length > 0);
    assert.equal((await get(world.tilery, '/collections/public.countries/tiles/WorldCRS84Quad/0/1/0')).status, 404);
  });

  test('TileJSON 3.0 with f=tilejson', async () => {
    const res = await get(world.tilery, '/collections/public.places/tiles/WebMercatorQuad?f=tilejson');
    assert.match(String(res.headers['content-type']), /^application\/vnd\.mapbox\.tile\+json/);
    const tj = res.json();
    assert.equal(tj.tilejson, '3.0.0');
    assert.deepEqual(tj.tiles, ['http://localhost:80/collections/public.places/tiles/WebMercatorQuad/{z}/{y}/{x}']);
    assert.deepEqual(tj.vector_layers[0].fields, { id: 'Number', name: 'String', rank: 'Number', score: 'Number' });
    assert.equal(tj.vector_layers[0].id, 'public.places');
    const tile = await get(world.tilery, tj.tiles[0].replace('http://localhost:80', '').replace('{z}', '2').replace('{y}', '1').replace('{x}', '2'));
    assert.ok(tile.layers[tj.vector_layers[0].id].features.length > 0, 'the layer named in TileJSON is in the tile');
  });

  test('dataset tiles choose their layers with collections=', async () => {
    const both = await get(world.tilery, '/tiles/WebMercatorQuad/2/1/2?collections=public.places,public.countries');
    assert.deepEqual(Object.keys(both.layers).sort(), ['public.countries', 'public.places']);
    const ts = (await get(world.tilery, '/tiles/WebMercatorQuad?collections=public.places,public.countries')).json();
    assertTileSet(ts, 'dataset tileset');
    assert.deepEqual(ts.layers.map((l: Json) => l.id), ['public.places', 'public.countries']);
    assert.equal(rel(ts, 'item').href, 'http://localhost:80/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}?collections=public.places,public.countries');
    const all = (await get(world.tilery, '/tiles/WebMercatorQuad')).json();
    assert.equal(all.layers.length, Object.keys((await get(world.tilery, '/index.json')).json()).length);
  });

  test('the tileset version changes when the data changes', async () => {
    const version = async () => (await get(world.tilery, '/collections/public.places/tiles/WebMercatorQuad')).json().version;
    const before = await version();
    assert.equal(await version(), before);
    // PostgreSQL publishes a backend's row counters when it goes idle, at the latest after 10 s;
    // the test asks for it at once (on the connection of the insert, idle after the commit).
    const admin = await world.db.adminEngine();
    try {
      await admin.transaction(async (query) => {
        await query(`INSERT INTO public.places VALUES (200001, 'new', 1, 1, ST_Transform('SRID=4326;POINT(3.3 4.4)'::geometry, 3857))`);
        await query('SELECT pg_stat_force_next_flush()');
      });
    } finally {
      await admin.close();
    }
    let after = before;
    for (let i = 0; i < 40 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await version();
    }
    assert.notEqual(after, before);
    await world.db.query('DELETE FROM public.places WHERE id = 200001');
  });

  test('tile matrix set documents carry every required member', async () => {
    for (const id of ['WebMercatorQuad', 'WorldCRS84Quad']) {
      const doc = (await get(world.tilery, `/tileMatrixSets/${id}`)).json();
      assertTileMatrixSet(doc);
      assert.equal(doc.id, id);
      assert.equal(doc.uri, `http://www.opengis.net/def/tilematrixset/OGC/1.0/${id}`);
    }
    const crs84 = (await get(world.tilery, '/tileMatrixSets/WorldCRS84Quad')).json();
    assert.deepEqual([crs84.tileMatrices[0].matrixWidth, crs84.tileMatrices[0].matrixHeight], [2, 1]);
    assert.deepEqual(crs84.tileMatrices[0].pointOfOrigin, [-180, 90]);
    assert.ok(Math.abs(crs84.tileMatrices[0].scaleDenominator - 279541132.0143589) < 1e-3);
    const merc = (await get(world.tilery, '/tileMatrixSets/WebMercatorQuad')).json();
    assert.ok(Math.abs(merc.tileMatrices[0].scaleDenominator - 559082264.0287178) < 1e-3);
  });

  test('links honour the public URL', async () => {
    const behind = await startTilery(world.db, { public_url: 'https://maps.example.org/tiles' });
    try {
      const doc = (await get(behind, '/collections/public.places/tiles/WebMercatorQuad')).json();
      assert.equal(rel(doc, 'item').href, 'https://maps.example.org/tiles/collections/public.places/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}');
    } finally {
      await behind.close();
    }
  });

  test('CORS: browsers on other origins may read tiles', async () => {
    const res = await get(world.tilery, '/public.places/0/0/0.pbf', { origin: 'http://example.org' });
    assert.equal(res.headers['access-control-allow-origin'], '*');
  });
});
