import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { get, useWorld } from './helpers/tilery.ts';

/**
 * Each case: a filter on a collection, and the plain SQL condition that selects the same rows.
 * The tile is zoom 0 (the whole world), so the ids in the tile are exactly the rows that match.
 */
interface Case {
  readonly name: string;
  readonly collection: 'places' | 'countries' | 'events';
  readonly text: string;
  readonly json?: unknown;
  readonly sql: string;
  readonly crs?: string;
}

const CASES: Case[] = [
  { name: 'comparison', collection: 'places', text: 'rank > 7', json: { op: '>', args: [{ property: 'rank' }, 7] }, sql: 'rank > 7' },
  { name: 'and/or/not', collection: 'places', text: "(rank = 1 OR rank = 2) AND NOT name = 'place 1'", sql: "(rank = 1 OR rank = 2) AND NOT name = 'place 1'" },
  { name: 'like', collection: 'places', text: "name LIKE 'place 12%'", json: { op: 'like', args: [{ property: 'name' }, 'place 12%'] }, sql: "name LIKE 'place 12%'" },
  { name: 'not like', collection: 'places', text: "name NOT LIKE 'place 1%'", json: { op: 'not', args: [{ op: 'like', args: [{ property: 'name' }, 'place 1%'] }] }, sql: "name NOT LIKE 'place 1%'" },
  { name: 'between', collection: 'places', text: 'score BETWEEN 100 AND 200.5', json: { op: 'between', args: [{ property: 'score' }, 100, 200.5] }, sql: 'score BETWEEN 100 AND 200.5' },
  { name: 'in', collection: 'places', text: 'rank IN (1, 3, 5)', json: { op: 'in', args: [{ property: 'rank' }, [1, 3, 5]] }, sql: 'rank IN (1, 3, 5)' },
  { name: 'not in', collection: 'places', text: 'rank NOT IN (1, 3, 5)', sql: 'rank NOT IN (1, 3, 5)' },
  { name: 'is null', collection: 'countries', text: 'pop IS NULL', json: { op: 'isNull', args: [{ property: 'pop' }] }, sql: 'pop IS NULL' },
  { name: 'is not null', collection: 'countries', text: 'founded IS NOT NULL', sql: 'founded IS NOT NULL' },
  { name: 'casei', collection: 'places', text: "CASEI(name) = casei('PLACE 10')", json: { op: '=', args: [{ op: 'casei', args: [{ property: 'name' }] }, { op: 'casei', args: ['PLACE 10'] }] }, sql: "lower(name) = 'place 10'" },
  {
    name: 'accenti',
    collection: 'events',
    text: "ACCENTI(CASEI(name)) LIKE ACCENTI(CASEI('CAFE%'))",
    json: { op: 'like', args: [{ op: 'accenti', args: [{ op: 'casei', args: [{ property: 'name' }] }] }, { op: 'accenti', args: [{ op: 'casei', args: ['CAFE%'] }] }] },
    sql: "(lower(name) LIKE 'café%' OR lower(name) LIKE 'cafe%')" },
  {
    name: 'arithmetic',
    collection: 'places',
    text: 'score * 2 > rank + 3000',
    json: { op: '>', args: [{ op: '*', args: [{ property: 'score' }, 2] }, { op: '+', args: [{ property: 'rank' }, 3000] }] },
    sql: 'score * 2 > rank + 3000',
  },
  { name: 'arithmetic: div, %, ^ and unary minus', collection: 'places', text: '-rank < -8 OR (id div 1000) ^ 2 = 16 AND id % 7 = 0', sql: '-rank < -8 OR ((id / 1000) ^ 2 = 16 AND id % 7 = 0)' },
  {
    name: 'property-property',
    collection: 'places',
    text: 'score < rank * 10',
    json: { op: '<', args: [{ property: 'score' }, { op: '*', args: [{ property: 'rank' }, 10] }] },
    sql: 'score < rank * 10',
  },
  { name: 'boolean and numeric columns', collection: 'countries', text: 'landlocked = TRUE AND area > 100', sql: 'landlocked AND area > 100' },
  {
    name: 's_intersects bbox (CRS84 on a 3857 layer)',
    collection: 'places',
    text: 'S_INTERSECTS(geom, BBOX(-10, 40, 10, 50))',
    json: { op: 's_intersects', args: [{ property: 'geom' }, { bbox: [-10, 40, 10, 50] }] },
    sql: 'ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(-10, 40, 10, 50, 4326), 3857))',
  },
  {
    name: 's_within polygon',
    collection: 'places',
    text: 'S_WITHIN(geom, POLYGON((0 0, 30 0, 30 30, 0 30, 0 0)))',
    json: { op: 's_within', args: [{ property: 'geom' }, { type: 'Polygon', coordinates: [[[0, 0], [30, 0], [30, 30], [0, 30], [0, 0]]] }] },
    sql: "ST_Within(geom, ST_Transform('SRID=4326;POLYGON((0 0, 30 0, 30 30, 0 30, 0 0))'::geometry, 3857))",
  },
  {
    name: 's_intersects with filter-crs EPSG:3857',
    collection: 'countries',
    crs: 'http://www.opengis.net/def/crs/EPSG/0/3857',
    text: 'S_INTERSECTS(geom, POINT(-111319.5 5500000))',
    json: { op: 's_intersects', args: [{ property: 'geom' }, { type: 'Point', coordinates: [-111319.5, 5500000] }] },
    sql: "ST_Intersects(geom, ST_Transform('SRID=3857;POINT(-111319.5 5500000)'::geometry, 4326))",
  },
  {
    name: 's_disjoint',
    collection: 'countries',
    text: 'S_DISJOINT(geom, BBOX(0, 0, 50, 60))',
    json: { op: 's_disjoint', args: [{ property: 'geom' }, { bbox: [0, 0, 50, 60] }] },
    sql: 'ST_Disjoint(geom, ST_MakeEnvelope(0, 0, 50, 60, 4326))',
  },
  {
    name: 's_contains, s_touches, s_crosses, s_overlaps, s_equals',
    collection: 'countries',
    text: "S_CONTAINS(geom, POINT(0 45)) OR S_TOUCHES(geom, POLYGON((35.9 50, 40 50, 40 52, 35.9 52, 35.9 50))) OR S_CROSSES(geom, LINESTRING(100 0, 120 0)) OR S_OVERLAPS(geom, POLYGON((-175 -15, -160 -15, -160 -5, -175 -5, -175 -15))) OR S_EQUALS(geom, MULTIPOLYGON(((-60.2 -90, 60.3 -90, 60.3 -70.1, -60.2 -70.1, -60.2 -90))))",
    sql: "ST_Contains(geom, 'SRID=4326;POINT(0 45)') OR ST_Touches(geom, 'SRID=4326;POLYGON((35.9 50, 40 50, 40 52, 35.9 52, 35.9 50))') OR ST_Crosses(geom, 'SRID=4326;LINESTRING(100 0, 120 0)') OR ST_Overlaps(geom, 'SRID=4326;POLYGON((-175 -15, -160 -15, -160 -5, -175 -5, -175 -15))') OR ST_Equals(geom, 'SRID=4326;MULTIPOLYGON(((-60.2 -90, 60.3 -90, 60.3 -70.1, -60.2 -70.1, -60.2 -90)))')",
  },
  { name: 't_after date', collection: 'events', text: "T_AFTER(starts, DATE('2020-06-01'))", json: { op: 't_after', args: [{ property: 'starts' }, { date: '2020-06-01' }] }, sql: "starts > DATE '2020-06-01'" },
  { name: 't_before timestamp', collection: 'events', text: "T_BEFORE(seen_at, TIMESTAMP('2019-09-01T00:00:00Z'))", sql: "seen_at < TIMESTAMPTZ '2019-09-01T00:00:00Z'" },
  {
    name: 't_during interval',
    collection: 'events',
    text: "T_DURING(seen_at, INTERVAL('2019-07-01T00:00:00Z', '2019-08-01T00:00:00Z'))",
    json: { op: 't_during', args: [{ property: 'seen_at' }, { interval: ['2019-07-01T00:00:00Z', '2019-08-01T00:00:00Z'] }] },
    sql: "seen_at > TIMESTAMPTZ '2019-07-01T00:00:00Z' AND seen_at < TIMESTAMPTZ '2019-08-01T00:00:00Z'",
  },
  {
    name: 't_intersects open interval',
    collection: 'events',
    text: "T_INTERSECTS(starts, INTERVAL('..', '2019-03-01'))",
    json: { op: 't_intersects', args: [{ property: 'starts' }, { interval: ['..', '2019-03-01'] }] },
    sql: "starts <= DATE '2019-03-01'",
  },
  {
    name: 't_overlaps of two intervals',
    collection: 'events',
    text: "T_OVERLAPS(INTERVAL(starts, ends), INTERVAL('2020-01-01', '2020-03-01'))",
    sql: "starts < DATE '2020-01-01' AND ends > DATE '2020-01-01' AND ends < DATE '2020-03-01'",
  },
  // relations that compare one end of an interval: the other end is not a value of the query
  { name: 't_after interval', collection: 'events', text: "T_AFTER(starts, INTERVAL('2019-01-01', '2020-06-01'))", sql: "starts > DATE '2020-06-01'" },
  {
    name: 't_before of two intervals',
    collection: 'events',
    text: "T_BEFORE(INTERVAL(starts, ends), INTERVAL('2020-01-01', '2021-01-01'))",
    json: { op: 't_before', args: [{ interval: [{ property: 'starts' }, { property: 'ends' }] }, { interval: ['2020-01-01', '2021-01-01'] }] },
    sql: "ends < DATE '2020-01-01'",
  },
  { name: 'a_contains', collection: 'events', text: "A_CONTAINS(tags, ('a', 'c'))", json: { op: 'a_contains', args: [{ property: 'tags' }, ['a', 'c']] }, sql: "tags @> ARRAY['a', 'c']" },
  { name: 'a_overlaps', collection: 'events', text: "A_OVERLAPS(tags, ('d', 'x'))", sql: "tags && ARRAY['d', 'x']" },
  { name: 'a_containedby', collection: 'events', text: "A_CONTAINEDBY(tags, ('a', 'b', 'c'))", sql: "tags <@ ARRAY['a', 'b', 'c']" },
  { name: 'a_equals', collection: 'events', text: "A_EQUALS(tags, ('x'))", sql: "tags = ARRAY['x']" },
];

const TABLE = { places: 'public.places', countries: 'public.countries', events: 'public.events' } as const;

describe('filters: CQL2, datetime, subset, simplification', () => {
  const world = useWorld();

  async function tileIds(collection: string, query: string): Promise<number[]> {
    const res = await get(world.tilery, `/tiles/public/tiles/0/0/0.mvt?collections=${collection}&${query}`);
    assert.ok(res.status === 200 || res.status === 204, `${query}: ${res.status} ${res.body}`);
    return (res.layers[collection]?.features ?? []).map((f) => Number(f.id)).sort((a, b) => a - b);
  }

  async function truth(collection: keyof typeof TABLE, condition: string): Promise<number[]> {
    const rows = await world.db.query(`SELECT id FROM ${TABLE[collection]} WHERE ${condition} ORDER BY id`);
    return rows.map((r) => Number(r.id));
  }

  for (const c of CASES) {
    test(`${c.name}: ${c.text}`, async () => {
      const expected = await truth(c.collection, c.sql);
      assert.ok(expected.length > 0, 'the case selects something');
      const crs = c.crs ? `&filter-crs=${encodeURIComponent(c.crs)}` : '';
      assert.deepEqual(await tileIds(c.collection, `filter=${encodeURIComponent(c.text)}${crs}`), expected, 'cql2-text');
      if (c.json) {
        const got = await tileIds(c.collection, `filter-lang=cql2-json&filter=${encodeURIComponent(JSON.stringify(c.json))}${crs}`);
        assert.deepEqual(got, expected, 'cql2-json');
      }
    });
  }

  test('pg_tileserv routes and OGC routes take the same filter; filter_lang is an alias', async () => {
    const expected = await truth('places', 'rank = 9');
    const pg = await get(world.tilery, `/public.places/0/0/0.pbf?filter=${encodeURIComponent('rank = 9')}`);
    assert.deepEqual(pg.layers['public.places'].features.map((f) => Number(f.id)).sort((a, b) => a - b), expected);
    const ogc = await get(world.tilery, `/collections/public.places/tiles/WebMercatorQuad/0/0/0?filter_lang=cql2-json&filter=${encodeURIComponent('{"op":"=","args":[{"property":"rank"},9]}')}`);
    assert.deepEqual(ogc.layers['public.places'].features.map((f) => Number(f.id)).sort((a, b) => a - b), expected);
    const srid = await get(world.tilery, `/public.countries/0/0/0.pbf?filter-crs=3857&filter=${encodeURIComponent('S_INTERSECTS(geom, POINT(-111319.5 5500000))')}`);
    assert.deepEqual(srid.layers['public.countries'].features.map((f) => f.properties.name), ['Westland']);
  });

  test('a filter on a multi-layer tile applies to each layer', async () => {
    const res = await get(world.tilery, `/tiles/public/tiles/0/0/0.mvt?collections=places,events&filter=${encodeURIComponent("S_INTERSECTS(geom, BBOX(0, 0, 40, 40))")}`);
    assert.deepEqual(res.layers.places.features.map((f) => Number(f.id)).sort((a, b) => a - b), await truth('places', 'ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(0, 0, 40, 40, 4326), 3857))'));
    assert.deepEqual(res.layers.events.features.map((f) => Number(f.id)).sort((a, b) => a - b), await truth('events', 'ST_Intersects(geom, ST_MakeEnvelope(0, 0, 40, 40, 4326))'));
  });

  const datetimes: Array<[string, string]> = [
    ['2019-08-01', "starts <= DATE '2019-08-01' AND ends >= DATE '2019-08-01'"],
    ['2019-08-01/2019-09-01', "starts <= DATE '2019-09-01' AND ends >= DATE '2019-08-01'"],
    ['../2019-03-01', "starts <= DATE '2019-03-01'"],
    ['2021-01-01/..', "ends >= DATE '2021-01-01'"],
    ['2019-08-01T12:00:00Z/2019-08-02T00:00:00Z', "starts <= DATE '2019-08-02' AND ends >= DATE '2019-08-01' + 1"],
  ];
  for (const [datetime, sql] of datetimes) {
    test(`datetime=${datetime} on the start/end columns of events`, async () => {
      const expected = await truth('events', sql);
      assert.ok(expected.length > 0);
      assert.deepEqual(await tileIds('events', `datetime=${encodeURIComponent(datetime)}`), expected);
    });
  }

  test('datetime on a single temporal column, configured columns, and layers without one', async () => {
    const expected = await truth('countries', "founded = DATE '1950-06-15'");
    assert.deepEqual(await tileIds('countries', 'datetime=1950-06-15'), expected);
    // a multi-layer tile: places has no temporal column and is left unfiltered
    const res = await get(world.tilery, '/tiles/public/tiles/0/0/0.mvt?collections=countries,places&datetime=1950-06-15');
    assert.equal(res.layers.countries.features.length, 1);
    assert.ok(res.layers.places.features.length > 1000);
    const none = await get(world.tilery, '/tiles/public/tiles/0/0/0.mvt?collections=places&datetime=2020-01-01');
    assert.equal(none.status, 400);
    assert.equal(none.json().parameter, 'datetime');
  });

  test('subset: a value, a range, an open range, several', async () => {
    assert.deepEqual(await tileIds('events', `subset=${encodeURIComponent('kind("quake")')}`), await truth('events', "kind = 'quake'"));
    assert.deepEqual(await tileIds('events', `subset=${encodeURIComponent('magnitude(2:5)')}`), await truth('events', 'magnitude BETWEEN 2 AND 5'));
    assert.deepEqual(await tileIds('events', `subset=${encodeURIComponent('magnitude(6:*)')}`), await truth('events', 'magnitude >= 6'));
    assert.deepEqual(
      await tileIds('events', `subset=${encodeURIComponent('kind("fire"),magnitude(1:3)')}&datetime=2019-01-01/2019-12-31`),
      await truth('events', "kind = 'fire' AND magnitude BETWEEN 1 AND 3 AND starts <= DATE '2019-12-31' AND ends >= DATE '2019-01-01'"),
    );
  });

  test('simplification lowers the vertex count; the algorithm and the per-zoom table are honoured', async () => {
    await world.db.query(`CREATE TABLE public.wiggly (id integer PRIMARY KEY, geom geometry(Polygon, 3857));
      INSERT INTO public.wiggly SELECT 1, ST_Buffer(ST_MakePoint(0, 0), 5000000, 64);
      GRANT SELECT ON public.wiggly TO "${world.db.readerRole}"`);
    await world.tilery.catalog.refresh();
    const bytes = async (q: string) => (await get(world.tilery, `/public.wiggly/0/0/0.pbf${q}`)).body.length;
    const full = await bytes('');
    const simplified = await bytes('?simplification=500000');
    assert.ok(simplified < full / 2, `${simplified} < ${full} / 2`);
    assert.notEqual(await bytes('?simplification=500000&simplification_algorithm=douglas_peucker'), full);
    assert.equal(await bytes('?simplification_by_zoom=' + encodeURIComponent('{"0": 500000, "5": 1}')), simplified);
    assert.equal(await bytes('?simplification_by_zoom=' + encodeURIComponent('{"1": 500000}')), full, 'no entry at or below zoom 0');
    for (const q of ['?simplification=-1', '?simplification=abc', '?simplification_algorithm=magic', '?simplification_by_zoom=nope', '?simplification=1&simplification_by_zoom={}']) {
      const res = await get(world.tilery, `/public.wiggly/0/0/0.pbf${q}`);
      assert.equal(res.status, 400, q);
      assert.match(res.json().parameter, /^simplification/);
    }
  });

  test('errors name the parameter, the position and the property', async () => {
    const bad = async (query: string) => {
      const res = await get(world.tilery, `/tiles/public/tiles/0/0/0.mvt?collections=places&${query}`);
      assert.equal(res.status, 400, `${query}: ${res.body}`);
      return res.json();
    };
    const syntax = await bad(`filter=${encodeURIComponent("rank = 'x")}`);
    assert.equal(syntax.parameter, 'filter');
    assert.equal(syntax.position, 7);
    const unknown = await bad(`filter=${encodeURIComponent('nope = 1')}`);
    assert.equal(unknown.parameter, 'filter');
    assert.equal(unknown.property, 'nope');
    const mismatch = await bad(`filter=${encodeURIComponent("rank = 'seven'")}`);
    assert.equal(mismatch.property, 'rank');
    assert.equal((await bad('filter-lang=sql&filter=1')).parameter, 'filter-lang');
    assert.equal((await bad(`filter-lang=cql2-json&filter=${encodeURIComponent('{"op": "=", "args": [1]}')}`)).parameter, 'filter');
    assert.equal((await bad('filter-crs=nonsense&filter=rank%3D1')).parameter, 'filter-crs');
    assert.equal((await bad('datetime=yesterday')).parameter, 'datetime');
    assert.equal((await bad('datetime=2020-02-01/2020-01-01')).parameter, 'datetime');
    assert.equal((await bad(`subset=${encodeURIComponent('rank(1:2')}`)).parameter, 'subset');
    const subsetProperty = await bad(`subset=${encodeURIComponent('nope("x")')}`);
    assert.equal(subsetProperty.parameter, 'subset');
    assert.equal(subsetProperty.property, 'nope');
  });

  test('filters are values, never SQL', async () => {
    const attempts = [
      "name = 'x'' OR ''1''=''1'",
      "name = 'x'); DROP TABLE public.places; --'",
      '"name; DROP TABLE public.places" = 1',
    ];
    for (const text of attempts) {
      const res = await get(world.tilery, `/tiles/public/tiles/0/0/0.mvt?collections=places&filter=${encodeURIComponent(text)}`);
      assert.ok([204, 400].includes(res.status), `${text}: ${res.status}`);
    }
    const [{ n }] = await world.db.query('SELECT count(*)::int AS n FROM public.places');
    assert.equal(n, 120 * 54 + 2);
  });

  test('filtered tiles and unfiltered tiles are different cache entries', async () => {
    const a = await get(world.tilery, '/public.places/0/0/0.pbf?filter=rank%3D1');
    const b = await get(world.tilery, '/public.places/0/0/0.pbf?filter=rank%3D2');
    assert.notDeepEqual(a.body, b.body);
  });
});
