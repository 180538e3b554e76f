import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyRings, VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { encodeMvt, type MvtFeature, type MvtLayer, type MvtValue } from './encode.ts';
import { rawLayers, type RawFeature } from '../../../test/helpers/mvt-raw.ts';
import { wkb, type Pos, type Shape } from '../../../test/helpers/wkb.ts';

const point = (x: number, y: number): Shape => ({ type: 'Point', coordinates: [x, y] });
const line = (...coordinates: Pos[]): Shape => ({ type: 'LineString', coordinates });
const polygon = (...coordinates: Pos[][]): Shape => ({ type: 'Polygon', coordinates });

function feature(shape: Shape, properties: Record<string, MvtValue> = {}, id?: MvtFeature['id']): MvtFeature {
  return { id, geometry: wkb(shape), properties };
}

function layer(name: string, features: MvtFeature[], extent = 4096): MvtLayer {
  return { name, extent, features };
}

// ---- Decoding ----

function decode(bytes: Uint8Array): Record<string, VectorTileLayer> {
  return new VectorTile(new PbfReader(bytes)).layers;
}

/** Geometry of a feature as [x, y] pairs per ring or line. */
function coords(l: VectorTileLayer, i: number): number[][][] {
  return l.feature(i).loadGeometry().map((ring) => ring.map((p) => [p.x, p.y]));
}

/** Twice the area by the spec's surveyor's formula, in tile coordinates. */
function doubleArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/** The decoded geometry of a single-feature tile with one layer "l". */
function only(shape: Shape): { raw: RawFeature; rings: number[][][]; type: number } {
  const bytes = encodeMvt([layer('l', [feature(shape)])]);
  const raw = rawLayers(bytes);
  assert.equal(raw.length, 1);
  assert.equal(raw[0].features.length, 1);
  const l = decode(bytes).l;
  return { raw: raw[0].features[0], rings: coords(l, 0), type: l.feature(0).type };
}

function isEmpty(shape: Shape): boolean {
  return encodeMvt([layer('l', [feature(shape)])]).length === 0;
}

// ---- Tests ----

describe('encodeMvt: layers', () => {
  test('no layers, and layers without an encodable feature, give an empty tile', () => {
    assert.deepEqual(encodeMvt([]), new Uint8Array(0));
    const empty = encodeMvt([
      layer('none', []),
      layer('degenerate', [feature(line([1, 1], [1.2, 0.9])), feature(polygon([[0, 0], [5, 5], [10, 10], [0, 0]]))]),
      layer('empty', [feature({ type: 'GeometryCollection', geometries: [] }), feature({ type: 'Point', coordinates: [] })]),
    ]);
    assert.deepEqual(empty, new Uint8Array(0));
  });

  test('a tile of two layers keeps their order, names, extents and version 2', () => {
    const bytes = encodeMvt([
      layer('roads', [feature(line([0, 0], [10, 10]))], 4096),
      layer('skipped', []),
      layer('places "quoted".x', [feature(point(1, 2)), feature(point(3, 4))], 512),
    ]);
    const raw = rawLayers(bytes);
    assert.deepEqual(raw.map((l) => [l.name, l.extent, l.version, l.features.length]), [
      ['roads', 4096, 2, 1],
      ['places "quoted".x', 512, 2, 2],
    ]);
    assert.deepEqual(raw[0].fieldOrder, [1, 2, 5, 15]);
    const layers = decode(bytes);
    assert.deepEqual(Object.keys(layers), ['roads', 'places "quoted".x']);
    assert.equal(layers.roads.version, 2);
    assert.equal(layers.roads.extent, 4096);
    assert.equal(layers['places "quoted".x'].extent, 512);
    assert.deepEqual(coords(layers['places "quoted".x'], 1), [[[3, 4]]]);
  });

  test('features may be any iterable, read once', () => {
    function* rows(): Generator<MvtFeature> {
      for (let i = 0; i < 3; i++) yield feature(point(i, i), { i }, i);
    }
    const l = decode(encodeMvt([{ name: 'gen', extent: 4096, features: rows() }])).gen;
    assert.equal(l.length, 3);
    assert.deepEqual([0, 1, 2].map((i) => [l.feature(i).id, l.feature(i).properties.i, coords(l, i)]), [
      [0, 0, [[[0, 0]]]],
      [1, 1, [[[1, 1]]]],
      [2, 2, [[[2, 2]]]],
    ]);
  });

  test('rejects duplicate layer names, bad extents and bad WKB with the layer named', () => {
    assert.throws(() => encodeMvt([layer('a', []), layer('a', [])]), { message: 'MVT: two layers are named "a"' });
    assert.throws(() => encodeMvt([layer('a', [], 0)]), { message: 'MVT: layer "a" has an invalid extent 0' });
    assert.throws(() => encodeMvt([layer('a', [], 4096.5)]), /invalid extent 4096.5/);
    const bad: MvtFeature = { id: 7, geometry: Uint8Array.of(1, 2, 0, 0), properties: {} };
    assert.throws(() => encodeMvt([layer('roads', [bad])]), /^Error: MVT: layer "roads": feature \(id 7\): WKB: truncated input/);
  });
});

describe('encodeMvt: geometry', () => {
  // The examples of the MVT 2.1 specification, section 4.3.5, with their exact command streams.
  test('spec example: point', () => {
    const { raw, rings, type } = only(point(25, 17));
    assert.deepEqual(raw.geometry, [9, 50, 34]);
    assert.deepEqual([raw.type, type, rings], [1, 1, [[[25, 17]]]]);
  });

  test('spec example: multipoint, the cursor carried from point to point', () => {
    const { raw, rings } = only({ type: 'MultiPoint', coordinates: [[5, 7], [3, 2]] });
    assert.deepEqual(raw.geometry, [17, 10, 14, 3, 9]);
    assert.deepEqual(rings, [[[5, 7]], [[3, 2]]]);
  });

  test('spec example: linestring', () => {
    const { raw, type } = only(line([2, 2], [2, 10], [10, 10]));
    assert.deepEqual(raw.geometry, [9, 4, 4, 18, 0, 16, 16, 0]);
    assert.equal(type, 2);
  });

  test('spec example: multilinestring, the cursor carried across lines', () => {
    const { raw, rings, type } = only({ type: 'MultiLineString', coordinates: [[[2, 2], [2, 10], [10, 10]], [[1, 1], [3, 5]]] });
    assert.deepEqual(raw.geometry, [9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8]);
    assert.deepEqual(rings, [[[2, 2], [2, 10], [10, 10]], [[1, 1], [3, 5]]]);
    assert.equal(type, 2);
  });

  test('spec example: polygon, the closing point dropped', () => {
    const { raw, type } = only(polygon([[3, 6], [8, 12], [20, 34], [3, 6]]));
    assert.deepEqual(raw.geometry, [9, 6, 12, 18, 10, 12, 24, 44, 15]);
    assert.equal(type, 3);
  });

  test('spec example: multipolygon with a hole, the cursor carried across rings and polygons', () => {
    const { raw, rings, type } = only({
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]],
        [[[11, 11], [20, 11], [20, 20], [11, 20], [11, 11]], [[13, 13], [13, 17], [17, 17], [17, 13], [13, 13]]],
      ],
    });
    assert.deepEqual(raw.geometry, [9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15, 9, 22, 2, 26, 18, 0, 0, 18, 17, 0, 15, 9, 4, 13, 26, 0, 8, 8, 0, 0, 7, 15]);
    assert.equal(type, 3);
    assert.deepEqual(rings.map(doubleArea), [200, 162, -32]);
    assert.deepEqual(classifyRings(rings.map((r) => r.map(([x, y]) => ({ x, y }) as never))).map((p) => p.length), [1, 2]);
  });

  test('rings of the wrong orientation are reversed, keeping their first point', () => {
    // Exterior counter-clockwise with y down (negative area), hole clockwise (positive): both wrong.
    const { rings } = only(polygon(
      [[0, 0], [0, 100], [100, 100], [100, 0], [0, 0]],
      [[10, 10], [50, 10], [50, 50], [10, 50], [10, 10]],
    ));
    assert.deepEqual(rings, [
      [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]],
      [[10, 10], [10, 50], [50, 50], [50, 10], [10, 10]],
    ]);
    assert.deepEqual(rings.map(doubleArea), [20000, -3200]);
    const polygons = classifyRings(rings.map((r) => r.map(([x, y]) => ({ x, y }) as never)));
    assert.equal(polygons.length, 1);
    assert.equal(polygons[0].length, 2);
  });

  test('coordinates are rounded, consecutive duplicates dropped, empty points skipped', () => {
    assert.deepEqual(only(line([0.4, -0.4], [0, 0], [5, 5], [5.2, 4.9], [10.5, 0], [10, 0.2], [0, 0])).rings, [[[0, 0], [5, 5], [11, 0], [10, 0], [0, 0]]]);
    assert.deepEqual(only({ type: 'MultiPoint', coordinates: [[1, 1], [1.3, 0.8], [], [2, 2], [1, 1]] }).rings, [[[1, 1]], [[2, 2]], [[1, 1]]]);
    assert.deepEqual(only({ type: 'MultiPoint', coordinates: [[1, 1], [1.3, 0.8], [], [2, 2], [1, 1]] }).raw.geometry, [25, 2, 2, 2, 2, 1, 1]);
    assert.deepEqual(only(point(-63.5, 4159.5)).rings, [[[-63, 4160]]]);
  });

  test('degenerate lines and rings are dropped; a feature left without geometry is not written', () => {
    assert.ok(isEmpty(line([3, 3])));
    assert.ok(isEmpty(line([3, 3], [3.4, 2.6], [3, 3])));
    assert.ok(isEmpty(line()));
    assert.ok(isEmpty(polygon([[0, 0], [10, 0], [0, 0]])));
    assert.ok(isEmpty(polygon([[0, 0], [5, 5], [10, 10], [0, 0]])), 'zero area');
    assert.ok(isEmpty(polygon([[0, 0], [0.2, 0.3], [0.1, 0.4], [0, 0]])), 'collapsed by rounding');
    assert.ok(isEmpty(polygon()));
    assert.ok(isEmpty({ type: 'Point', coordinates: [] }));
    assert.ok(isEmpty({ type: 'MultiPoint', coordinates: [] }));
    assert.ok(isEmpty({ type: 'MultiLineString', coordinates: [[[1, 1]], [[2, 2], [2, 2]]] }));

    const bytes = encodeMvt([layer('l', [feature(line([3, 3])), feature(line([1, 1], [2, 2]), {}, 2), feature(polygon()), feature(point(5, 5), {}, 4)])]);
    assert.deepEqual(rawLayers(bytes)[0].features.map((f) => f.id), [2n, 4n]);
  });

  test('a degenerate hole is dropped; the holes of a dropped exterior go with it', () => {
    const kept = only(polygon([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [2, 2.2], [2, 2]], [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]));
    assert.deepEqual(kept.rings, [
      [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
      [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]],
    ]);
    const multi = only({
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [0.3, 0], [0.3, 0.3], [0, 0]], [[0, 0], [0, 9], [9, 9], [0, 0]]],
        [[[20, 20], [30, 20], [30, 30], [20, 20]]],
      ],
    });
    assert.deepEqual(multi.rings, [[[20, 20], [30, 20], [30, 30], [20, 20]]]);
    assert.deepEqual(multi.raw.geometry, [9, 40, 40, 18, 20, 0, 0, 20, 15]);
  });

  test('a geometry collection keeps only its parts of the highest dimension, flattened', () => {
    const mixed = only({
      type: 'GeometryCollection',
      geometries: [
        point(1, 1),
        line([0, 0], [5, 5]),
        polygon([[0, 0], [10, 0], [10, 10], [0, 0]]),
        { type: 'GeometryCollection', geometries: [polygon([[20, 20], [20, 30], [30, 30], [20, 20]]), line([1, 1], [2, 2])] },
      ],
    });
    assert.equal(mixed.type, 3);
    // The second triangle is counter-clockwise in the input and comes out reversed; the cursor runs on.
    assert.deepEqual(mixed.rings, [[[0, 0], [10, 0], [10, 10], [0, 0]], [[20, 20], [30, 30], [20, 30], [20, 20]]]);
    assert.deepEqual(mixed.raw.geometry, [9, 0, 0, 18, 20, 0, 0, 20, 15, 9, 20, 20, 18, 20, 20, 19, 0, 15]);

    const lines = only({ type: 'GeometryCollection', geometries: [point(9, 9), { type: 'MultiLineString', coordinates: [[[0, 0], [1, 0]]] }, line([2, 0], [2, 2])] });
    assert.equal(lines.type, 2);
    assert.deepEqual(lines.rings, [[[0, 0], [1, 0]], [[2, 0], [2, 2]]]);

    const points = only({ type: 'GeometryCollection', geometries: [point(1, 2), { type: 'MultiPoint', coordinates: [[3, 4], [5, 6]] }] });
    assert.deepEqual([points.type, points.raw.geometry], [1, [25, 2, 4, 4, 4, 4, 4]]);

    // Empty parts do not count; degenerate parts of the highest dimension leave nothing.
    const beside = only({ type: 'GeometryCollection', geometries: [polygon(), { type: 'LineString', coordinates: [] }, point(7, 8)] });
    assert.deepEqual([beside.type, beside.rings], [1, [[[7, 8]]]]);
    assert.ok(isEmpty({ type: 'GeometryCollection', geometries: [polygon([[0, 0], [1, 1], [2, 2], [0, 0]]), line([0, 0], [5, 5])] }));
  });

  test('reads big-endian EWKB with SRID and Z', () => {
    // SRID=3857;POINT Z(25 17 3), big-endian
    const geometry = Uint8Array.from([0, 0xa0, 0, 0, 1, 0, 0, 0x0f, 0x11, 0x40, 0x39, 0, 0, 0, 0, 0, 0, 0x40, 0x31, 0, 0, 0, 0, 0, 0, 0x40, 0x08, 0, 0, 0, 0, 0, 0]);
    const l = decode(encodeMvt([layer('l', [{ geometry, properties: {} }])])).l;
    assert.deepEqual(coords(l, 0), [[[25, 17]]]);
  });
});

describe('encodeMvt: properties and ids', () => {
  test('values get the type ST_AsMVT gives them', () => {
    const date = new Date(Date.UTC(2024, 1, 29, 12, 30, 0, 5));
    const bytes = encodeMvt([
      layer('l', [
        feature(point(1, 1), {
          yes: true,
          no: false,
          int: 42,
          zero: 0,
          negative: -7,
          double: 1.5,
          negativeDouble: -0.25,
          text: 'héllo',
          empty: '',
          big: 9007199254740993n,
          bigNegative: -9007199254740993n,
          smallBig: 12n,
          uint64Max: 18446744073709551615n,
          tooBig: 18446744073709551616n,
          unsafe: 2 ** 60,
          nan: NaN,
          inf: -Infinity,
          date,
          json: { a: [1, 'x', null], b: { c: true } },
          array: [1, 2],
          bytes: Uint8Array.of(0, 0xab, 0x10),
          nested: { n: 5n },
          nothing: null,
          missing: undefined,
          badDate: new Date(NaN),
        }),
      ]),
    ]);
    const [raw] = rawLayers(bytes);
    const props = Object.fromEntries(raw.keys.map((k) => [k, undefined as unknown]));
    const tags = raw.features[0].tags;
    for (let i = 0; i < tags.length; i += 2) props[raw.keys[tags[i]]] = raw.values[tags[i + 1]];
    assert.deepEqual(props, {
      yes: [7, true],
      no: [7, false],
      int: [5, 42n],
      zero: [5, 0n],
      negative: [6, -7n],
      double: [3, 1.5],
      negativeDouble: [3, -0.25],
      text: [1, 'héllo'],
      empty: [1, ''],
      big: [5, 9007199254740993n],
      bigNegative: [6, -9007199254740993n],
      smallBig: [5, 12n],
      uint64Max: [5, 18446744073709551615n],
      tooBig: [1, '18446744073709551616'],
      unsafe: [3, 2 ** 60],
      nan: [3, NaN],
      inf: [3, -Infinity],
      date: [1, '2024-02-29T12:30:00.005Z'],
      json: [1, '{"a":[1,"x",null],"b":{"c":true}}'],
      array: [1, '[1,2]'],
      bytes: [1, '\\x00ab10'],
      nested: [1, '{"n":"5"}'],
    });
    // And as a map client sees them.
    const f = decode(bytes).l.feature(0);
    assert.equal(f.properties.negative, -7);
    assert.equal(f.properties.yes, true);
    assert.equal(f.properties.text, 'héllo');
    assert.ok(!('nothing' in f.properties) && !('missing' in f.properties) && !('badDate' in f.properties));
  });

  test('keys and values tables are deduplicated across features, values by type and value', () => {
    const bytes = encodeMvt([
      layer('l', [
        feature(point(1, 1), { a: 1, b: '1', c: 1.5, d: true }),
        feature(point(2, 2), { a: 1n, b: '1', c: 1.5, e: 1 }),
        feature(point(3, 3), { d: 1, a: -1, b: 'x', c: true, f: -1n }),
      ]),
      layer('m', [feature(point(1, 1), { z: 1 })]),
    ]);
    const [l, m] = rawLayers(bytes);
    assert.deepEqual(l.keys, ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(l.values, [[5, 1n], [1, '1'], [3, 1.5], [7, true], [6, -1n], [1, 'x']]);
    assert.deepEqual(l.features.map((f) => f.tags), [
      [0, 0, 1, 1, 2, 2, 3, 3],
      [0, 0, 1, 1, 2, 2, 4, 0],
      [3, 0, 0, 4, 1, 5, 2, 3, 5, 4],
    ]);
    // Each layer has its own tables.
    assert.deepEqual([m.keys, m.values, m.features[0].tags], [['z'], [[5, 1n]], [0, 0]]);
    const d = decode(bytes).l;
    assert.deepEqual({ ...d.feature(2).properties }, { d: 1, a: -1, b: 'x', c: true, f: -1 });
  });

  test('ids: non-negative integers as number, bigint or decimal string; anything else has none', () => {
    const ids: MvtFeature['id'][] = [0, 42, 42n, '42', 18446744073709551615n, '18446744073709551615', 2 ** 53 - 1, -1, 1.5, 2 ** 53, 18446744073709551616n, '18446744073709551616', '007', '-3', '1e3', 'abc', '', null, undefined];
    const bytes = encodeMvt([layer('l', ids.map((id) => feature(point(1, 1), {}, id)))]);
    assert.deepEqual(rawLayers(bytes)[0].features.map((f) => f.id), [
      0n, 42n, 42n, 42n, 18446744073709551615n, 18446744073709551615n, 9007199254740991n,
      undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    ]);
    const l = decode(bytes).l;
    assert.equal(l.feature(1).id, 42);
    assert.equal(l.feature(7).id, undefined);
  });
});
