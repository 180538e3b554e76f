import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readWkb, type Geometry } from './wkb.ts';
import { wkb, type Shape, type WkbFlavour } from '../../../test/helpers/wkb.ts';

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)));
}

/** The geometry with its coordinate arrays as plain arrays, for deepEqual. */
function plain(g: Geometry): unknown {
  const run = (c: Float64Array) => Array.from(c);
  switch (g.type) {
    case 'Point':
    case 'LineString':
    case 'MultiPoint':
      return { type: g.type, coordinates: run(g.coordinates) };
    case 'Polygon':
    case 'MultiLineString':
      return { type: g.type, coordinates: g.coordinates.map(run) };
    case 'MultiPolygon':
      return { type: g.type, coordinates: g.coordinates.map((p) => p.map(run)) };
    case 'GeometryCollection':
      return { type: g.type, geometries: g.geometries.map(plain) };
  }
}

const square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
const hole = [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]];

const SHAPES: readonly { shape: Shape; expected: unknown }[] = [
  { shape: { type: 'Point', coordinates: [1.5, -2] }, expected: { type: 'Point', coordinates: [1.5, -2] } },
  { shape: { type: 'Point', coordinates: [] }, expected: { type: 'Point', coordinates: [NaN, NaN] } },
  {
    shape: { type: 'LineString', coordinates: [[0, 0], [4096, 1], [-64, 4160.5]] },
    expected: { type: 'LineString', coordinates: [0, 0, 4096, 1, -64, 4160.5] },
  },
  { shape: { type: 'LineString', coordinates: [] }, expected: { type: 'LineString', coordinates: [] } },
  {
    shape: { type: 'Polygon', coordinates: [square, hole] },
    expected: { type: 'Polygon', coordinates: [square.flat(), hole.flat()] },
  },
  { shape: { type: 'Polygon', coordinates: [] }, expected: { type: 'Polygon', coordinates: [] } },
  {
    shape: { type: 'MultiPoint', coordinates: [[1, 2], [], [3, 4]] },
    expected: { type: 'MultiPoint', coordinates: [1, 2, NaN, NaN, 3, 4] },
  },
  {
    shape: { type: 'MultiLineString', coordinates: [[[1, 1], [2, 2]], [[3, 3], [4, 5], [6, 7]]] },
    expected: { type: 'MultiLineString', coordinates: [[1, 1, 2, 2], [3, 3, 4, 5, 6, 7]] },
  },
  {
    shape: { type: 'MultiPolygon', coordinates: [[square, hole], [[[20, 20], [30, 20], [30, 30], [20, 20]]]] },
    expected: { type: 'MultiPolygon', coordinates: [[square.flat(), hole.flat()], [[20, 20, 30, 20, 30, 30, 20, 20]]] },
  },
  {
    shape: {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [9, 8] },
        { type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[1, 2], [3, 4]] }, { type: 'GeometryCollection', geometries: [] }] },
        { type: 'MultiPolygon', coordinates: [[hole]] },
      ],
    },
    expected: {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [9, 8] },
        { type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [1, 2, 3, 4] }, { type: 'GeometryCollection', geometries: [] }] },
        { type: 'MultiPolygon', coordinates: [[hole.flat()]] },
      ],
    },
  },
];

const FLAVOURS: readonly (WkbFlavour & { name: string })[] = [
  { name: 'ISO WKB, little-endian', little: true },
  { name: 'ISO WKB, big-endian', little: false },
  { name: 'ISO WKB Z (1000s)', z: true },
  { name: 'ISO WKB M (2000s), big-endian', m: true, little: false },
  { name: 'ISO WKB ZM (3000s)', z: true, m: true },
  { name: 'EWKB with SRID 3857 and Z, little-endian', dialect: 'ewkb', srid: 3857, z: true },
  { name: 'EWKB with SRID 4326 and Z, big-endian', dialect: 'ewkb', srid: 4326, z: true, little: false },
  { name: 'EWKB M without SRID', dialect: 'ewkb', m: true },
  { name: 'EWKB ZM with SRID, big-endian', dialect: 'ewkb', srid: 3035, z: true, m: true, little: false },
];

describe('readWkb', () => {
  for (const flavour of FLAVOURS) {
    test(`reads every type from ${flavour.name}`, () => {
      for (const { shape, expected } of SHAPES) {
        assert.deepEqual(plain(readWkb(wkb(shape, flavour))), expected, shape.type);
      }
    });
  }

  test('reads bytes written out by hand, as PostGIS prints them', () => {
    // SELECT ST_AsEWKB('SRID=3857;POINT Z(1 2 3)'::geometry, 'XDR')
    assert.deepEqual(
      plain(readWkb(hex('00 a0000001 00000f11 3ff0000000000000 4000000000000000 4008000000000000'))),
      { type: 'Point', coordinates: [1, 2] },
    );
    // SELECT ST_AsBinary('LINESTRING(1 2, 3 4)'::geometry, 'NDR')
    assert.deepEqual(
      plain(readWkb(hex('01 02000000 02000000 000000000000f03f 0000000000000040 0000000000000840 0000000000001040'))),
      { type: 'LineString', coordinates: [1, 2, 3, 4] },
    );
  });

  test('reads from a view at an odd offset into a larger buffer', () => {
    const bytes = wkb({ type: 'LineString', coordinates: [[1, 2], [3, 4]] }, { little: false });
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 3);
    assert.deepEqual(plain(readWkb(padded.subarray(3, 3 + bytes.length))), { type: 'LineString', coordinates: [1, 2, 3, 4] });
  });

  test('rejects every truncation of a valid geometry', () => {
    const bytes = wkb(
      { type: 'GeometryCollection', geometries: [{ type: 'MultiPolygon', coordinates: [[square, hole]] }, { type: 'Point', coordinates: [1, 2] }] },
      { dialect: 'ewkb', srid: 3857, z: true },
    );
    for (let n = 0; n < bytes.length; n++) {
      assert.throws(() => readWkb(bytes.subarray(0, n)), /^Error: WKB: truncated input: /, `length ${n}`);
    }
  });

  test('rejects a count larger than the input before allocating', () => {
    assert.throws(() => readWkb(hex('01 02000000 ffffffff')), {
      message: 'WKB: truncated input: 4294967295 points at offset 9 needs 68719476720 byte(s), 0 left',
    });
    assert.throws(() => readWkb(hex('01 07000000 ffffff7f')), /truncated input: 2147483647 geometries at offset 9/);
  });

  test('rejects unknown byte orders and types, trailing bytes and foreign members', () => {
    assert.throws(() => readWkb(hex('02 01000000')), { message: 'WKB: invalid byte order 2 at offset 0' });
    // CIRCULARSTRING, TRIANGLE, ISO 4000s, an unknown EWKB flag
    assert.throws(() => readWkb(hex('01 08000000 00000000')), { message: 'WKB: unsupported geometry type 8 (0x8) at offset 0' });
    assert.throws(() => readWkb(hex('00 00000011 00000000')), { message: 'WKB: unsupported geometry type 17 (0x11) at offset 0' });
    assert.throws(() => readWkb(hex('01 a10f0000 00000000')), /unsupported geometry type 4001 /);
    assert.throws(() => readWkb(hex('01 01000010 00000000')), /unsupported geometry type 268435457 /);
    assert.throws(() => readWkb(new Uint8Array(0)), { message: 'WKB: truncated input: geometry header at offset 0 needs 5 byte(s), 0 left' });
    const point = wkb({ type: 'Point', coordinates: [1, 2] });
    assert.throws(() => readWkb(Uint8Array.from([...point, 0])), { message: 'WKB: 1 trailing byte(s) after the geometry at offset 21' });
    const lineInMultiPoint = hex('01 04000000 01000000 01 02000000 00000000');
    assert.throws(() => readWkb(lineInMultiPoint), { message: 'WKB: MultiPoint holds a LineString at offset 9' });
    // A nested error keeps pointing at where it happened.
    assert.throws(() => readWkb(hex('01 07000000 01000000 05 01000000 00000000')), { message: 'WKB: invalid byte order 5 at offset 9' });
  });
});
