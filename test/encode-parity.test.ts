// The TypeScript MVT encoder (for engines without ST_AsMVT) against ST_AsMVT, side by side on
// the same PostGIS: every tile of a spread of layers, matrices, zooms and filters must hold the
// same features, with the same ids, attributes and geometry types, and geometries within a
// pixel or two of each other.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Engine } from '../src/engine/index.ts';
import { createPgEngine } from '../src/engine/index.ts';
import type { Tilery } from '../src/index.ts';
import type { TestDatabase } from './harness/db.ts';
import { bindEngine, createWorldDatabase, startTilery } from './helpers/tilery.ts';
import { mercatorTileOf } from './helpers/wait.ts';

/** The real engine, declaring that it cannot run ST_AsMVT. */
function withoutAsMvt(url: string): Engine {
  const inner = createPgEngine({ url, statementTimeoutMs: 10_000, poolSize: 4, connectTimeoutMs: 5000 });
  return {
    ...bindEngine(inner),
    capabilities: { asMvt: false },
    query: ((sql: string, values?: readonly unknown[]) => {
      assert.ok(!sql.includes('ST_AsMVT'), 'an engine without ST_AsMVT was asked to run it');
      return inner.query(sql, values);
    }) as Engine['query'],
  };
}

interface Feature {
  id: number | undefined;
  type: number;
  properties: Record<string, unknown>;
  box: [number, number, number, number];
}

function decode(body: Buffer): Record<string, { extent: number; features: Feature[] }> {
  const out: Record<string, { extent: number; features: Feature[] }> = {};
  if (body.length === 0) return out;
  const tile = new VectorTile(new PbfReader(body));
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: Feature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      const points = f.loadGeometry().flat();
      const xs = points.map((p) => p.x);
      const ys = points.map((p) => p.y);
      features.push({ id: f.id, type: f.type, properties: { ...f.properties }, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
    }
    out[name] = { extent: layer.extent, features: features.sort((a, b) => (a.id ?? 0) - (b.id ?? 0)) };
  }
  return out;
}

describe('TypeScript MVT encoding equals ST_AsMVT', () => {
  let db: TestDatabase;
  let native: Tilery;
  let typescript: Tilery;
  before(async () => {
    db = await createWorldDatabase();
    native = await startTilery(db.readerUrl, { cache: { storage_priority: [] } });
    typescript = await startTilery(db.readerUrl, { cache: { storage_priority: [] } }, { engine: withoutAsMvt(db.readerUrl) });
  });
  after(async () => {
    await native?.close();
    await typescript?.close();
    await db?.drop();
  });

  async function compare(url: string): Promise<number> {
    const [a, b] = await Promise.all([native.app.inject(url), typescript.app.inject(url)]);
    assert.equal(b.statusCode, a.statusCode, `${url}: status`);
    if (a.statusCode !== 200) return 0;
    const [x, y] = [decode(a.rawPayload), decode(b.rawPayload)];
    assert.deepEqual(Object.keys(y), Object.keys(x), `${url}: layers`);
    let n = 0;
    for (const [name, layer] of Object.entries(x)) {
      const other = y[name];
      assert.equal(other.extent, layer.extent, `${url} ${name}: extent`);
      assert.deepEqual(other.features.map((f) => f.id), layer.features.map((f) => f.id), `${url} ${name}: feature ids`);
      layer.features.forEach((f, i) => {
        const g = other.features[i];
        assert.deepEqual(g.properties, f.properties, `${url} ${name} #${f.id}: attributes`);
        assert.equal(g.type, f.type, `${url} ${name} #${f.id}: geometry type`);
        // ST_AsMVTGeom simplifies by half a pixel before snapping: outlines may move a little
        for (let k = 0; k < 4; k++) assert.ok(Math.abs(g.box[k] - f.box[k]) <= 2, `${url} ${name} #${f.id}: bounds ${g.box} vs ${f.box}`);
        n++;
      });
    }
    return n;
  }

  test('every layer, zooms 0-2 everywhere and deeper tiles around the features', async () => {
    const layers = ['public.countries', 'public.places', 'public.rivers', 'public.peaks', 'public.events', 'My Schema.Odd.Table Name', 'public.top_places', 'public.country_centers'];
    const tiles: Array<{ z: number; x: number; y: number }> = [];
    for (let z = 0; z <= 2; z++) for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) tiles.push({ z, x, y });
    const centers = await db.query(`SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT ST_Centroid(geom) AS c FROM public.countries UNION ALL SELECT ST_Transform(geom, 4326) FROM public.places WHERE id % 97 = 0) s`);
    for (const { lon, lat } of centers as Array<{ lon: number; lat: number }>) for (const z of [4, 7, 10]) tiles.push(mercatorTileOf(lon, lat, z));
    let features = 0;
    for (const layer of layers) {
      for (const { z, x, y } of tiles) features += await compare(`/${encodeURIComponent(layer)}/${z}/${x}/${y}.pbf`);
    }
    assert.ok(features > 500, `only ${features} features compared`);
  });

  test('multi-layer tiles, other matrices, filters, properties, resolution and buffer', async () => {
    let features = 0;
    for (const url of [
      '/public.countries,public.places,public.rivers/1/1/0.pbf',
      '/public.places/0/0/0.pbf?filter=' + encodeURIComponent('rank >= 5 AND name LIKE \'place 1%\''),
      '/public.countries/0/0/0.pbf?properties=name,pop',
      '/public.countries/2/2/1.pbf?resolution=512&buffer=8',
      '/collections/public.countries/tiles/WorldCRS84Quad/1/0/1',
      '/collections/public.rivers/tiles/WorldCRS84Quad/2/0/4',
      '/collections/public.places/tiles/WorldCRS84Quad/0/0/0',
      '/tiles/WorldCRS84Quad/1/0/1?collections=public.countries,public.places',
    ]) {
      features += await compare(url);
    }
    assert.ok(features > 100, `only ${features} features compared`);
  });
});
