// Layers in projected CRSs that cannot represent the whole world (UTM 32N, polar stereographic,
// LAEA Europe) and geometries of every type PostGIS stores, at low and deep zooms, alone and in
// multi-layer tiles, on every route family and in a custom matrix set reaching past its CRS:
// each tile is its SQL ground truth or empty, never a 5xx.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tilery } from '../src/index.ts';
import type { TestDatabase } from './harness/db.ts';
import { groundTruth, type LayerSpec } from './helpers/ground-truth.ts';
import { createWorldDatabase, get, startTilery, TEST_ENGINE, type TileResponse } from './helpers/tilery.ts';

/** Point layers: name, SRID, and WGS84 points spread over where such data lives. */
const PROJECTED = [
  // Germany, into the next UTM zone as German data is
  { name: 'utm_points', srid: 25832, points: 'SELECT 5.5 + (i % 11) * 1.0 AS lon, 47.2 + (i / 11) * 0.8 AS lat FROM generate_series(0, 120) AS i' },
  // Greenland and the Arctic
  { name: 'polar_points', srid: 3413, points: 'SELECT -70 + (i % 10) * 5.0 AS lon, 60 + (i / 10) * 2.9 AS lat FROM generate_series(0, 99) AS i' },
  // Europe
  { name: 'laea_points', srid: 3035, points: 'SELECT -10 + (i % 12) * 3.0 AS lon, 36 + (i / 12) * 3.0 AS lat FROM generate_series(0, 119) AS i' },
  // the world
  { name: 'merc_points', srid: 3857, points: 'SELECT -170 + (i % 18) * 20.0 AS lon, -80 + (i / 18) * 16.0 AS lat FROM generate_series(0, 179) AS i' },
] as const;

function spec(name: string, srid: number): LayerSpec {
  return { table: `public.${name}`, geom: 'geom', srid, id: 't.id', attributes: { id: 't.id', label: 't.label' } };
}

function ids(res: TileResponse, layer: string): Map<number, Record<string, unknown>> {
  return new Map((res.layers[layer]?.features ?? []).map((f) => [Number(f.id), f.properties]));
}

/** Every tile of zooms 0-2, a few of zooms 3-4, and deep tiles over each layer's data. */
const TILES: Array<{ z: number; x: number; y: number }> = [
  ...[0, 1, 2].flatMap((z) => Array.from({ length: 4 ** z }, (_, i) => ({ z, x: i % 2 ** z, y: Math.floor(i / 2 ** z) }))),
  { z: 3, x: 4, y: 2 },
  { z: 3, x: 3, y: 1 },
  { z: 4, x: 8, y: 5 },
  { z: 4, x: 7, y: 2 },
  { z: 10, x: 537, y: 346 },
  { z: 12, x: 2150, y: 1400 },
];

describe('projected CRSs and geometry types', () => {
  let db: TestDatabase;
  let tilery: Tilery;

  before(async () => {
    db = await createWorldDatabase();
    for (const l of PROJECTED) {
      await db.query(`CREATE TABLE public.${l.name} (id integer PRIMARY KEY, label text, geom geometry(Point, ${l.srid}))`);
      await db.query(
        `INSERT INTO public.${l.name} SELECT row_number() OVER ()::int, 'p' || row_number() OVER (), ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), ${l.srid}) FROM (${l.points}) AS p`,
      );
      await db.query(`GRANT SELECT ON public.${l.name} TO "${db.readerRole}"`);
    }
    tilery = await startTilery(db, { admin_token: 'sesame' });
  });
  after(async () => {
    await tilery?.close();
    await db?.drop();
  });

  for (const l of PROJECTED) {
    test(`${l.name} (EPSG:${l.srid}): every tile of zooms 0-2 and some deeper equals its SQL ground truth, or is empty`, async () => {
      let nonEmpty = 0;
      for (const t of TILES) {
        const res = await get(tilery, `/public.${l.name}/${t.z}/${t.x}/${t.y}.pbf`);
        const expected = await groundTruth(db, spec(l.name, l.srid), t);
        const where = `${t.z}/${t.x}/${t.y}: ${res.status} ${res.status >= 400 ? res.body.toString() : ''}`;
        assert.equal(res.status, expected.size === 0 ? 204 : 200, where);
        assert.deepEqual(ids(res, `public.${l.name}`), expected, where);
        if (expected.size > 0) nonEmpty++;
      }
      assert.ok(nonEmpty >= 4, `the fixture reaches several tiles (${nonEmpty})`);
    });
  }

  test('a multi-layer tile of all four holds each layer equal to its ground truth, on the pg_tileserv, catalog and OGC routes', async () => {
    const names = PROJECTED.map((l) => l.name);
    for (const t of TILES.filter((t) => t.z <= 2)) {
      const routes = [
        `/${names.map((n) => `public.${n}`).join(',')}/${t.z}/${t.x}/${t.y}.pbf`,
        `/tiles/public/tiles/${t.z}/${t.x}/${t.y}.mvt?collections=${names.join(',')}`,
        `/tiles/WebMercatorQuad/${t.z}/${t.y}/${t.x}?collections=${names.map((n) => `public.${n}`).join(',')}`,
      ];
      for (const url of routes) {
        const res = await get(tilery, url);
        assert.ok(res.status < 500, `${url}: ${res.status} ${res.body.toString()}`);
        const catalogNames = url.startsWith('/tiles/public/');
        for (const l of PROJECTED) {
          const expected = await groundTruth(db, spec(l.name, l.srid), t);
          // the OGC routes answer 404 outside the data's tileMatrixSetLimits
          if (res.status === 404) {
            assert.equal(expected.size, 0, `${url}: 404 over data of ${l.name}`);
            continue;
          }
          assert.deepEqual(ids(res, catalogNames ? l.name : `public.${l.name}`), expected, `${url} ${l.name}`);
        }
      }
    }
  });

  test("a filter geometry in CRS84 reaching where the layer's CRS cannot go selects by SQL in longitude/latitude", async () => {
    const polygons = [
      'POLYGON((-180 -90, 180 -90, 180 90, -180 90, -180 -90))',
      'POLYGON((5 47, 11 47, 11 52, 5 52, 5 47))',
      'POLYGON((-170 -80, 170 -80, 170 80, -170 80, -170 -80))',
    ];
    for (const l of PROJECTED) {
      for (const wkt of polygons) {
        for (const t of [{ z: 0, x: 0, y: 0 }, { z: 2, x: 2, y: 1 }]) {
          const truth = await groundTruth(db, spec(l.name, l.srid), t);
          const inside = await db.query(`SELECT id FROM public.${l.name} WHERE ST_Intersects(ST_Transform(geom, 4326), ST_GeomFromText($1, 4326))`, [wkt]);
          const keep = new Set(inside.map((r) => Number(r.id)));
          const expected = new Map([...truth].filter(([id]) => keep.has(id)));
          const res = await get(tilery, `/public.${l.name}/${t.z}/${t.x}/${t.y}.pbf?filter=${encodeURIComponent(`S_INTERSECTS(geom, ${wkt})`)}`);
          const where = `${l.name} ${wkt} ${t.z}/${t.x}/${t.y}: ${res.status} ${res.status >= 400 ? res.body.toString() : ''}`;
          assert.equal(res.status, expected.size === 0 ? 204 : 200, where);
          assert.deepEqual(ids(res, `public.${l.name}`), expected, where);
        }
      }
    }
  });

  test('in WorldCRS84Quad each layer holds the points of the tile by SQL in longitude/latitude', async () => {
    for (const l of PROJECTED) {
      for (const [z, x, y] of [[0, 0, 0], [0, 1, 0], [1, 2, 0], [1, 1, 1], [2, 4, 1]]) {
        const span = 180 / 2 ** z;
        const b = span / 16;
        const env = [Math.max(-180, -180 + x * span - b), Math.max(-90, 90 - (y + 1) * span - b), Math.min(180, -180 + (x + 1) * span + b), Math.min(90, 90 - y * span + b)];
        const rows = await db.query(
          `SELECT id FROM public.${l.name} WHERE ST_Intersects(ST_Transform(geom, 4326), ST_MakeEnvelope($1, $2, $3, $4, 4326)) ORDER BY id`,
          env,
        );
        const res = await get(tilery, `/tiles/public/tiles/WorldCRS84Quad/${z}/${x}/${y}.mvt?collections=${l.name}`);
        assert.equal(res.status, rows.length === 0 ? 204 : 200, `${l.name} ${z}/${x}/${y}: ${res.body.toString()}`);
        assert.deepEqual([...ids(res, l.name).keys()].sort((a, b) => a - b), rows.map((r) => Number(r.id)), `${l.name} ${z}/${x}/${y}`);
      }
    }
  });

  test('a custom matrix set in EPSG:3035 whose tiles reach far past Europe: 200 where there is data, else 204 or 404, never 5xx', async () => {
    // LAEA Europe, but 40,000 km wide: its outer tiles lie where the projection has no inverse
    const wide = {
      id: 'WideLAEAQuad',
      crs: 'http://www.opengis.net/def/crs/EPSG/0/3035',
      orderedAxes: ['Y', 'X'],
      tileMatrices: Array.from({ length: 5 }, (_, z) => ({
        id: String(z),
        scaleDenominator: 40000000 / 256 / 0.00028 / 2 ** z,
        cellSize: 40000000 / 256 / 2 ** z,
        cornerOfOrigin: 'topLeft',
        pointOfOrigin: [23500000, -15000000],
        tileWidth: 256,
        tileHeight: 256,
        matrixWidth: 2 ** z,
        matrixHeight: 2 ** z,
      })),
    };
    await db.query(`GRANT CREATE ON DATABASE "${db.name}" TO "${db.readerRole}"`);
    const created = await tilery.app.inject({
      method: 'POST',
      url: '/tiles/public/tileMatrixSets',
      headers: { authorization: 'Bearer sesame', 'content-type': 'application/json' },
      payload: JSON.stringify(wide),
    });
    assert.equal(created.statusCode, 201, created.body);
    let withData = 0;
    for (let z = 0; z <= 3; z++) {
      for (let x = 0; x < 2 ** z; x++) {
        for (let y = 0; y < 2 ** z; y++) {
          const span = 40000000 / 2 ** z;
          const b = span / 16;
          const env = [-15000000 + x * span - b, 23500000 - (y + 1) * span - b, -15000000 + (x + 1) * span + b, 23500000 - y * span + b];
          const collections = PROJECTED.map((l) => l.name).join(',');
          const res = await get(tilery, `/tiles/public/tiles/WideLAEAQuad/${z}/${x}/${y}.mvt?collections=${collections}`);
          assert.ok([200, 204, 404].includes(res.status), `${z}/${x}/${y}: ${res.status} ${res.body.toString()}`);
          for (const l of PROJECTED) {
            // ground truth in LAEA of the points that LAEA represents (all of these do)
            const rows = await db.query(
              `SELECT id FROM public.${l.name} WHERE ST_Intersects(ST_Transform(geom, 3035), ST_MakeEnvelope($1, $2, $3, $4, 3035)) ORDER BY id`,
              env,
            );
            const got = [...ids(res, l.name).keys()].sort((a, b) => a - b);
            const expected = rows.map((r) => Number(r.id));
            if (l.name === 'merc_points') {
              // world-wide points reach the rim of the disk LAEA maps the sphere to, which tiles
              // past it cross: there the layer is cut to what a grid of the tile's points finds,
              // and holds nothing that is not in the tile (give or take the half pixel a point
              // on the edge of the buffer is rounded by)
              const half = span / 4096 / 2;
              const loose = await db.query(
                `SELECT id FROM public.${l.name} WHERE ST_Intersects(ST_Transform(geom, 3035), ST_MakeEnvelope($1, $2, $3, $4, 3035))`,
                [env[0] - half, env[1] - half, env[2] + half, env[3] + half],
              );
              const around = new Set(loose.map((r) => Number(r.id)));
              assert.ok(got.every((id) => around.has(id)), `${l.name} ${z}/${x}/${y}`);
            } else {
              assert.deepEqual(got, expected, `${l.name} ${z}/${x}/${y}`);
            }
            if (expected.length > 0) withData++;
          }
        }
      }
    }
    assert.ok(withData > 4);
  });

  describe('geometry types', () => {
    /** Every type PostGIS stores, curves and collections included, with invalid and empty ones. */
    const SHAPES: Array<[string, string]> = [
      ['point', 'POINT(10 10)'],
      ['multipoint', 'MULTIPOINT((10 10), (11 11))'],
      ['line', 'LINESTRING(8 8, 12 12)'],
      ['multiline', 'MULTILINESTRING((8 8, 12 12), (8 12, 12 8))'],
      ['polygon', 'POLYGON((8 8, 12 8, 12 12, 8 12, 8 8))'],
      ['multipolygon', 'MULTIPOLYGON(((8 8, 9 8, 9 9, 8 8)), ((11 11, 12 11, 12 12, 11 11)))'],
      ['bowtie', 'POLYGON((8 8, 12 12, 12 8, 8 12, 8 8))'],
      ['self-touching', 'POLYGON((8 8, 12 8, 12 12, 10 8, 8 12, 8 8))'],
      ['collection', 'GEOMETRYCOLLECTION(POINT(10 10), LINESTRING(8 8, 12 12), POLYGON((8 8, 9 8, 9 9, 8 8)))'],
      ['circularstring', 'CIRCULARSTRING(8 10, 10 12, 12 10)'],
      ['compoundcurve', 'COMPOUNDCURVE(CIRCULARSTRING(8 10, 10 12, 12 10), (12 10, 12 8))'],
      ['curvepolygon', 'CURVEPOLYGON(CIRCULARSTRING(8 10, 10 12, 12 10, 10 8, 8 10))'],
      ['multicurve', 'MULTICURVE((8 8, 12 12), CIRCULARSTRING(8 10, 10 12, 12 10))'],
      ['multisurface', 'MULTISURFACE(CURVEPOLYGON(CIRCULARSTRING(8 10, 10 12, 12 10, 10 8, 8 10)), ((8 8, 9 8, 9 9, 8 8)))'],
      ['empty', 'POLYGON EMPTY'],
    ];
    const TYPE_TILES = [
      { z: 0, x: 0, y: 0 },
      { z: 3, x: 4, y: 3 },
      { z: 6, x: 33, y: 30 },
      { z: 10, x: 540, y: 483 },
      { z: 14, x: 8646, y: 7737 },
    ];

    before(async () => {
      await db.query(`CREATE TABLE public.shapes (id integer PRIMARY KEY, kind text, geom geometry(Geometry, 4326))`);
      await db.query(`CREATE TABLE public.shapes_zm (id integer PRIMARY KEY, kind text, geom geometry(GeometryZM, 4326))`);
      for (const [i, [kind, wkt]] of SHAPES.entries()) {
        await db.query('INSERT INTO public.shapes VALUES ($1, $2, ST_GeomFromText($3, 4326))', [i + 1, kind, wkt]);
        await db.query('INSERT INTO public.shapes_zm VALUES ($1, $2, ST_Force4D(ST_GeomFromText($3, 4326), 5, 7))', [i + 1, kind, wkt]);
      }
      await db.query(`GRANT SELECT ON public.shapes, public.shapes_zm TO "${db.readerRole}"`);
      await tilery.catalog.refresh();
    });

    /**
     * What ST_AsMVTGeom gives for the valid, linearized geometry's part within the buffered tile
     * (for a collection the part matters: ST_AsMVTGeom keeps only its parts of the highest
     * dimension): whether a feature of each id is in the tile, and its MVT geometry type. The
     * embedded engine's PostGIS has no ST_AsMVTGeom: there, the part within the buffered tile.
     */
    async function truth(table: string, t: { z: number; x: number; y: number }): Promise<Map<number, number>> {
      const part = `ST_ClipByBox2D(ST_Transform(ST_MakeValid(ST_CurveToLine(ST_Force2D(t.geom))), 3857), ST_TileEnvelope($1, $2, $3, margin => 256.0 / 4096))`;
      const inTile = TEST_ENGINE === 'pg' ? `ST_AsMVTGeom(${part}, ST_TileEnvelope($1, $2, $3), 4096, 256, true)` : part;
      const rows = await db.query(
        `SELECT id, GeometryType(g) AS type FROM (SELECT t.id, ${inTile} AS g FROM ${table} t WHERE NOT ST_IsEmpty(t.geom)) AS q
         WHERE g IS NOT NULL AND NOT ST_IsEmpty(g)`,
        [t.z, t.x, t.y],
      );
      const mvtType = (type: string) => (/POINT/.test(type) ? 1 : /LINE/.test(type) ? 2 : 3);
      return new Map(rows.map((r) => [Number(r.id), mvtType(String(r.type))]));
    }

    for (const table of ['shapes', 'shapes_zm']) {
      test(`${table}: every type at low and deep zooms is a tile of what ST_AsMVTGeom makes of it, alone and with other layers`, async () => {
        for (const t of TYPE_TILES) {
          const res = await get(tilery, `/public.${table}/${t.z}/${t.x}/${t.y}.pbf`);
          assert.ok(res.status === 200 || res.status === 204, `${t.z}/${t.x}/${t.y}: ${res.status} ${res.body.toString()}`);
          const features = res.layers[`public.${table}`]?.features ?? [];
          const got = new Map(features.map((f) => [Number(f.id), f.type]));
          const expected = await truth(`public.${table}`, t);
          // a collection may come out as the polygons, lines or points it holds: compare ids, and types where one type is whole
          assert.deepEqual([...got.keys()].sort((a, b) => a - b), [...expected.keys()].sort((a, b) => a - b), `${table} ${t.z}/${t.x}/${t.y}`);
          for (const [id, type] of expected) if (SHAPES[id - 1][0] !== 'collection') assert.equal(got.get(id), type, `${SHAPES[id - 1][0]} at ${t.z}/${t.x}/${t.y}`);
          const mixed = await get(tilery, `/public.${table},public.merc_points,public.utm_points/${t.z}/${t.x}/${t.y}.pbf`);
          assert.ok(mixed.status === 200 || mixed.status === 204, `mixed ${t.z}/${t.x}/${t.y}: ${mixed.status}`);
          assert.deepEqual(ids(mixed, `public.${table}`).size, got.size);
        }
      });
    }
  });
});
