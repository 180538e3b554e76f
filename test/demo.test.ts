// The demo dataset, loaded into an in-memory PGlite (and into the harness's PostgreSQL when
// TILERY_TEST_DATABASE_URL is set), checked against the packages it is built from.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import pg from 'pg';
import { mesh, type TopoGeometry, type Topology } from 'topojson-client';
import type { Country } from 'world-countries';
import { DEMO_TABLES, loadDemoData, type DemoQuery } from '../src/demo/index.ts';
import { createTestDatabase } from './harness/db.ts';

const readJson = async <T>(specifier: string): Promise<T> =>
  JSON.parse(await readFile(fileURLToPath(import.meta.resolve(specifier)), 'utf8')) as T;

const topology = await readJson<Topology>('world-atlas/countries-50m.json');
const worldCountries = await readJson<Country[]>('world-countries/countries.json');
const shapes = topology.objects.countries.geometries;

/** What the sources say the borders table holds: one row per neighbour pair, one per coast. */
function expectedBorderRows(): { borders: number; coasts: number } {
  const pairs = new Set<string>();
  const coasts = new Set<TopoGeometry>();
  mesh(topology, topology.objects.countries, (a, b) => {
    if (a === b) coasts.add(a);
    else pairs.add([shapes.indexOf(a), shapes.indexOf(b)].sort((x, y) => x - y).join(':'));
    return false;
  });
  return { borders: pairs.size, coasts: coasts.size };
}

const GEOMETRY_TYPES: Record<string, string> = {
  'public.countries': 'MULTIPOLYGON',
  'public.country_points': 'POINT',
  'public.borders': 'MULTILINESTRING',
};

interface Database {
  query: DemoQuery;
  close(): Promise<void>;
}

async function openPglite(): Promise<Database> {
  const db = await PGlite.create({ extensions: { postgis } });
  return {
    query: (sql, values) => db.query<Record<string, unknown>>(sql, values as unknown[] | undefined),
    close: () => db.close(),
  };
}

async function openPostgres(): Promise<Database> {
  const testDb = await createTestDatabase('demo');
  const client = new pg.Client({ connectionString: testDb.adminUrl });
  await client.connect();
  // The harness installs PostGIS; the loader must install it itself.
  await client.query('DROP EXTENSION postgis');
  return {
    query: (sql, values) => client.query(sql, values as unknown[] | undefined),
    close: async () => {
      await client.end();
      await testDb.drop();
    },
  };
}

function demoSuite(name: string, open: () => Promise<Database>): void {
  describe(`demo data on ${name}`, () => {
    let db: Database;
    let query: DemoQuery;
    const rows = async (sql: string, values?: readonly unknown[]) => (await query(sql, values)).rows;
    const one = async (sql: string, values?: readonly unknown[]) => (await rows(sql, values))[0];

    before(async () => {
      db = await open();
      query = db.query;
    });
    after(() => db?.close());

    test('a failure part-way rolls everything back', async () => {
      const failing: DemoQuery = async (sql, values) => {
        if (sql.startsWith('INSERT INTO "public"."borders"')) throw new Error('injected failure');
        return query(sql, values);
      };
      await assert.rejects(loadDemoData(failing), /injected failure/);
      const left = await rows('SELECT t FROM json_array_elements_text($1::json) AS t WHERE to_regclass(t) IS NOT NULL', [
        JSON.stringify(DEMO_TABLES),
      ]);
      assert.deepEqual(left, []);
    });

    test('loads the tables, reporting each step', async (t) => {
      const messages: string[] = [];
      const started = performance.now();
      assert.equal(await loadDemoData(query, (m) => messages.push(m)), true);
      const seconds = (performance.now() - started) / 1000;
      t.diagnostic(`loaded in ${seconds.toFixed(1)} s`);
      assert.ok(messages.some((m) => m.startsWith(`demo data: countries (${shapes.length})`)), messages.join('\n'));
      assert.ok(seconds < 30, `load took ${seconds} s`);
    });

    test('DEMO_TABLES names the tables the load made, and the only ones', async () => {
      // every geometry table of the database (a fresh one: PostGIS makes none of its own)
      const found = await rows(
        "SELECT f_table_schema || '.' || f_table_name AS name FROM geometry_columns ORDER BY f_table_schema, f_table_name",
      );
      assert.deepEqual(found.map((r) => r.name).sort(), [...DEMO_TABLES].sort());
    });

    test('every country point is its world-countries entry, at its latlng', async () => {
      const found = await rows('SELECT id, iso_a3, name, ST_X(geom) AS x, ST_Y(geom) AS y FROM public.country_points ORDER BY id');
      assert.deepEqual(
        found.map((r) => ({ ...r })),
        worldCountries.map((c, i) => ({ id: i + 1, iso_a3: c.cca3, name: c.name.common, x: c.latlng[1], y: c.latlng[0] })),
      );
    });

    test('row counts equal the sources', async () => {
      const count = async (table: string, where = 'true') =>
        Number((await one(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)).n);
      const { borders, coasts } = expectedBorderRows();
      assert.equal(await count('public.countries'), shapes.length);
      assert.equal(await count('public.country_points'), worldCountries.length);
      assert.equal(await count('public.borders', "kind = 'border'"), borders);
      assert.equal(await count('public.borders', "kind = 'coast'"), coasts);
      assert.equal(await count('public.borders'), borders + coasts);
    });

    test('country attributes equal world-countries', async () => {
      for (const iso of ['FRA', 'DEU', 'ESP', 'JPN', 'BRA', 'ZAF', 'UNK']) {
        const source = worldCountries.find((c) => c.cca3 === iso)!;
        const row = await one('SELECT * FROM public.countries WHERE iso_a3 = $1', [iso]);
        assert.ok(row, `no country ${iso}`);
        const shape = shapes.find((s) => s.id === source.ccn3 || s.properties?.name === source.name.common)!;
        assert.deepEqual(
          {
            name: row.name,
            official_name: row.official_name,
            ne_name: row.ne_name,
            iso_a2: row.iso_a2,
            iso_n3: row.iso_n3,
            region: row.region,
            subregion: row.subregion,
            capital: row.capital,
            area_km2: Number(row.area_km2),
            landlocked: row.landlocked,
            independent: row.independent,
            un_member: row.un_member,
          },
          {
            name: source.name.common,
            official_name: source.name.official,
            ne_name: shape.properties?.name,
            iso_a2: source.cca2,
            iso_n3: source.ccn3 || null,
            region: source.region,
            subregion: source.subregion,
            capital: source.capital.join(', '),
            area_km2: source.area,
            landlocked: source.landlocked,
            independent: source.independent,
            un_member: source.unMember,
          },
        );
        const point = await one('SELECT name, capital, area_km2, ST_X(geom) AS x, ST_Y(geom) AS y FROM public.country_points WHERE iso_a3 = $1', [iso]);
        assert.deepEqual(
          { name: point.name, capital: point.capital, area_km2: Number(point.area_km2), x: point.x, y: point.y },
          { name: source.name.common, capital: source.capital.join(', '), area_km2: source.area, x: source.latlng[1], y: source.latlng[0] },
        );
      }
    });

    test('shapes without a world-countries entry keep their Natural Earth name', async () => {
      const unmatched = shapes
        .filter((s) => s.id === undefined && !worldCountries.some((c) => c.name.common === s.properties?.name))
        .map((s) => s.properties?.name);
      assert.ok(unmatched.includes('Somaliland'));
      const found = await rows('SELECT name FROM public.countries WHERE official_name IS NULL AND iso_n3 IS NULL ORDER BY id');
      assert.deepEqual(found.map((r) => r.name), unmatched);
      // Australia's code 036 is shared with Ashmore and Cartier Islands: one shape each.
      const australia = await rows("SELECT name, iso_a3 FROM public.countries WHERE iso_n3 = '036' ORDER BY id");
      assert.deepEqual(australia.map((r) => [r.name, r.iso_a3]).sort(), [
        ['Ashmore and Cartier Is.', null],
        ['Australia', 'AUS'],
      ]);
    });

    test('geometries are valid, of the declared type, SRID 4326, within the world', async () => {
      for (const table of DEMO_TABLES) {
        const declared = await one(
          "SELECT type, srid FROM geometry_columns WHERE f_table_schema || '.' || f_table_name = $1 AND f_geometry_column = 'geom'",
          [table],
        );
        assert.deepEqual({ ...declared }, { type: GEOMETRY_TYPES[table], srid: 4326 }, table);
        const bad = await one(
          `SELECT count(*) FILTER (WHERE NOT ST_IsValid(geom)) AS invalid,
                  count(*) FILTER (WHERE ST_IsEmpty(geom)) AS empty,
                  count(*) FILTER (WHERE ST_SRID(geom) <> 4326 OR GeometryType(geom) <> $1) AS wrong,
                  count(*) FILTER (WHERE ST_XMin(geom) < -180 OR ST_XMax(geom) > 180 OR ST_YMin(geom) < -90 OR ST_YMax(geom) > 90) AS outside
           FROM ${table}`,
          [GEOMETRY_TYPES[table]],
        );
        assert.deepEqual(Object.values(bad).map(Number), [0, 0, 0, 0], `${table}: ${JSON.stringify(bad)}`);
      }
    });

    test('countries crossing the antimeridian are cut there, with their true area', async () => {
      for (const iso of ['RUS', 'FJI', 'USA', 'NZL']) {
        const source = worldCountries.find((c) => c.cca3 === iso)!;
        const row = await one(
          'SELECT ST_Area(geom::geography) / 1e6 AS km2, ST_XMax(geom) - ST_XMin(geom) AS width FROM public.countries WHERE iso_a3 = $1',
          [iso],
        );
        const ratio = Number(row.km2) / source.area;
        assert.ok(ratio > 0.95 && ratio < 1.05, `${iso}: ${row.km2} km² against ${source.area}`);
      }
      const russia = await one("SELECT ST_XMin(geom) AS xmin, ST_XMax(geom) AS xmax FROM public.countries WHERE iso_a3 = 'RUS'");
      assert.deepEqual([russia.xmin, russia.xmax], [-180, 180]);
      const antarctica = await one("SELECT ST_YMin(geom) AS ymin, ST_Area(geom::geography) / 1e6 AS km2 FROM public.countries WHERE iso_a3 = 'ATA'");
      assert.equal(antarctica.ymin, -90);
      assert.ok(Number(antarctica.km2) > 1.1e7 && Number(antarctica.km2) < 1.5e7, String(antarctica.km2));
    });

    test('every table and column has a comment; id is the primary key; geom has a GiST index', async () => {
      for (const table of DEMO_TABLES) {
        assert.ok((await one('SELECT obj_description($1::regclass, $2) AS c', [table, 'pg_class'])).c, table);
        const columns = await rows(
          `SELECT a.attname AS name, col_description(a.attrelid, a.attnum) AS comment
           FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
          [table],
        );
        assert.ok(columns.length > 3);
        for (const c of columns) assert.ok(c.comment, `${table}.${c.name} has no comment`);
        const key = await rows(
          `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
           WHERE i.indrelid = $1::regclass AND i.indisprimary`,
          [table],
        );
        assert.deepEqual(key.map((k) => ({ ...k })), [{ name: 'id', type: 'integer' }], table);
        const gist = await rows(
          `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
           WHERE i.indrelid = $1::regclass AND am.amname = 'gist' AND a.attname = 'geom'`,
          [table],
        );
        assert.equal(gist.length, 1, table);
      }
    });

    test('France and Spain share a border; coasts have the country on their right', async () => {
      const border = await one(
        `SELECT names, length_km, abs(length_km - ST_Length(geom::geography) / 1000) AS diff FROM public.borders
         WHERE kind = 'border' AND ARRAY[left_country, right_country] @> ARRAY['France', 'Spain']`,
      );
      assert.ok(border, 'no France / Spain border');
      assert.equal(border.names, 'France / Spain');
      assert.ok(Number(border.length_km) > 300 && Number(border.length_km) < 700, String(border.length_km));
      assert.ok(Number(border.diff) < 1e-6);
      const coast = await one("SELECT left_country, right_iso_a3 FROM public.borders WHERE kind = 'coast' AND right_country = 'France'");
      assert.deepEqual({ ...coast }, { left_country: null, right_iso_a3: 'FRA' });
    });

    test('right_country lies on the right of every line', async () => {
      // A point 1e-4° to the right of the middle of each row's first segment.
      const wrong = await rows(
        `WITH seg AS (
           SELECT b.id, b.right_country, ST_PointN(ST_GeometryN(b.geom, 1), 1) AS p, ST_PointN(ST_GeometryN(b.geom, 1), 2) AS q
           FROM public.borders b),
         probe AS (
           SELECT id, right_country, ST_SetSRID(ST_MakePoint(
             (ST_X(p) + ST_X(q)) / 2 + (ST_Y(q) - ST_Y(p)) * k, (ST_Y(p) + ST_Y(q)) / 2 - (ST_X(q) - ST_X(p)) * k), 4326) AS pt
           FROM seg, LATERAL (SELECT 1e-4 / sqrt((ST_X(q) - ST_X(p)) ^ 2 + (ST_Y(q) - ST_Y(p)) ^ 2) AS k) AS scale)
         SELECT id FROM probe WHERE NOT EXISTS (
           SELECT 1 FROM public.countries c WHERE c.name = probe.right_country AND ST_Intersects(c.geom, probe.pt))`,
      );
      assert.deepEqual(wrong, []);
    });

    test('a second call returns false and changes nothing', async () => {
      const fingerprint = async () => {
        const out: unknown[] = [];
        for (const table of DEMO_TABLES) {
          out.push(await one(`SELECT count(*) AS n, md5(string_agg(id::text || ':' || ST_AsEWKT(geom), ',' ORDER BY id)) AS h FROM ${table}`));
        }
        return out;
      };
      const snapshot = await fingerprint();
      const messages: string[] = [];
      assert.equal(await loadDemoData(query, (m) => messages.push(m)), false);
      assert.deepEqual(messages, []);
      assert.deepEqual(await fingerprint(), snapshot);
    });
  });
}

demoSuite('PGlite', openPglite);
if (process.env.TILERY_TEST_DATABASE_URL) demoSuite('PostgreSQL', openPostgres);
