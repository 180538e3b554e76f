import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bufferEnvelope,
  intersectEnvelopes,
  matrixExtent,
  tileEnvelope,
  tileMatrixAt,
  tileOutOfRange,
  WEB_MERCATOR_QUAD,
  type Envelope,
} from './index.ts';
import { rng } from '../../test/helpers/rng.ts';

const T = WEB_MERCATOR_QUAD;
/** Half the width of the Web Mercator world, in metres (EPSG:3857). */
/** Half the WGS84 equator, π·6378137 m (TMS documents print it rounded: 20037508.3427892). */
const H = Math.PI * 6378137;
const WORLD: Envelope = { minx: -H, miny: -H, maxx: H, maxy: H };
const MAX_ZOOM = 24;

function assertClose(actual: number, expected: number, tolerance: number, message?: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${message ?? ''} expected ${expected} ± ${tolerance}, got ${actual} (off by ${actual - expected})`,
  );
}

function assertEnvelopeClose(actual: Envelope, expected: Envelope, tolerance: number, message = ''): void {
  for (const k of ['minx', 'miny', 'maxx', 'maxy'] as const) assertClose(actual[k], expected[k], tolerance, `${message} ${k}:`);
}

const randomInt = (r: () => number, n: number): number => Math.floor(r() * n);

describe('WEB_MERCATOR_QUAD definition', () => {
  test('identity', () => {
    assert.equal(T.id, 'WebMercatorQuad');
    assert.equal(T.srid, 3857);
    assert.equal(T.crs, 'http://www.opengis.net/def/crs/EPSG/0/3857');
    assert.equal(T.northingFirst, false);
    assert.deepEqual(T.orderedAxes, ['X', 'Y']);
  });

  test('has zoom levels 0..24', () => {
    assert.equal(T.tileMatrices.length, MAX_ZOOM + 1);
    T.tileMatrices.forEach((m, z) => assert.equal(m.id, String(z)));
  });

  test('each matrix is 2^z × 2^z tiles of 256 × 256 pixels, origin top left at (-H, H)', () => {
    T.tileMatrices.forEach((m, z) => {
      assert.equal(m.matrixWidth, 2 ** z);
      assert.equal(m.matrixHeight, 2 ** z);
      assert.equal(m.tileWidth, 256);
      assert.equal(m.tileHeight, 256);
      assert.equal(m.cornerOfOrigin, 'topLeft');
      assert.deepEqual(m.pointOfOrigin, [-H, H]);
    });
  });

  test('cellSize matches 2*H/256/2^z and scaleDenominator = cellSize/0.00028 (independent formula)', () => {
    // Independent reference: the OGC TMS 2.0 WebMercatorQuad table gives, at zoom 0,
    // cellSize 156543.033928041 m and scaleDenominator 559082264.028717.
    for (let z = 0; z <= MAX_ZOOM; z++) {
      const m = T.tileMatrices[z];
      const cellSize = (2 * H) / 256 / Math.pow(2, z);
      const scaleDenominator = cellSize / 0.00028;
      assertClose(m.cellSize, cellSize, cellSize * 1e-12, `cellSize z=${z}:`);
      assertClose(m.scaleDenominator, scaleDenominator, scaleDenominator * 1e-12, `scaleDenominator z=${z}:`);
    }
  });

  test('zoom 0 values agree with the OGC TMS 2.0 table', () => {
    const m0 = T.tileMatrices[0];
    assertClose(m0.cellSize, 156543.033928041, 1e-6);
    assertClose(m0.scaleDenominator, 559082264.028717, 1e-3);
    // zoom 24 from the zoom 0 table value: 156543.033928041 / 2^24
    assertClose(T.tileMatrices[24].cellSize, 156543.033928041 / 16777216, 1e-12);
  });

  test('each zoom halves the cell size', () => {
    for (let z = 1; z <= MAX_ZOOM; z++) {
      assert.equal(T.tileMatrices[z].cellSize * 2, T.tileMatrices[z - 1].cellSize);
    }
  });

  test('the definition is frozen', () => {
    assert.ok(Object.isFrozen(T));
    assert.ok(Object.isFrozen(T.tileMatrices));
    assert.ok(Object.isFrozen(T.tileMatrices[3]));
    assert.ok(Object.isFrozen(T.tileMatrices[3].pointOfOrigin));
  });
});

describe('tileMatrixAt', () => {
  test('returns the matrix for every valid zoom', () => {
    for (let z = 0; z <= MAX_ZOOM; z++) assert.equal(tileMatrixAt(T, z), T.tileMatrices[z]);
  });

  test('returns null outside 0..24 and for non-integers', () => {
    for (const z of [-1, 25, 100, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(tileMatrixAt(T, z), null, `z=${z}`);
  });
});

describe('tileEnvelope', () => {
  test('0/0/0 is the whole Web Mercator world', () => {
    assertEnvelopeClose(tileEnvelope(T, 0, 0, 0), WORLD, 1e-6);
  });

  test('zoom 1 tiles are the four quadrants (y grows southwards)', () => {
    assertEnvelopeClose(tileEnvelope(T, 1, 0, 0), { minx: -H, miny: 0, maxx: 0, maxy: H }, 1e-6, 'NW');
    assertEnvelopeClose(tileEnvelope(T, 1, 1, 0), { minx: 0, miny: 0, maxx: H, maxy: H }, 1e-6, 'NE');
    assertEnvelopeClose(tileEnvelope(T, 1, 0, 1), { minx: -H, miny: -H, maxx: 0, maxy: 0 }, 1e-6, 'SW');
    assertEnvelopeClose(tileEnvelope(T, 1, 1, 1), { minx: 0, miny: -H, maxx: H, maxy: 0 }, 1e-6, 'SE');
  });

  test('a known tile: 2/1/2 lies just west and south of the origin', () => {
    assertEnvelopeClose(tileEnvelope(T, 2, 1, 2), { minx: -H / 2, miny: -H / 2, maxx: 0, maxy: 0 }, 1e-6);
  });

  test('envelopes have the tile span on both axes and min < max', () => {
    for (let z = 0; z <= MAX_ZOOM; z++) {
      const span = (2 * H) / 2 ** z;
      const n = 2 ** z;
      for (const [x, y] of [[0, 0], [n - 1, n - 1], [Math.floor(n / 3), Math.floor((2 * n) / 3)]]) {
        const e = tileEnvelope(T, z, x, y);
        assert.ok(e.minx < e.maxx && e.miny < e.maxy, `z=${z}`);
        assertClose(e.maxx - e.minx, span, 1e-6, `width z=${z}:`);
        assertClose(e.maxy - e.miny, span, 1e-6, `height z=${z}:`);
      }
    }
  });

  test('round trip: the centre of tile z/x/y maps back to x, y (random tiles at every zoom)', () => {
    const r = rng(0x711e);
    for (let i = 0; i < 5000; i++) {
      const z = randomInt(r, MAX_ZOOM + 1);
      const n = 2 ** z;
      const x = randomInt(r, n);
      const y = randomInt(r, n);
      const e = tileEnvelope(T, z, x, y);
      const cx = (e.minx + e.maxx) / 2;
      const cy = (e.miny + e.maxy) / 2;
      const m = T.tileMatrices[z];
      const span = m.cellSize * m.tileWidth;
      const [originX, originY] = m.pointOfOrigin;
      assert.equal(Math.floor((cx - originX) / span), x, `x of ${z}/${x}/${y}`);
      assert.equal(Math.floor((originY - cy) / span), y, `y of ${z}/${x}/${y}`);
    }
  });

  test('round trip at the corners of every zoom', () => {
    for (let z = 0; z <= MAX_ZOOM; z++) {
      const n = 2 ** z;
      const m = T.tileMatrices[z];
      const span = m.cellSize * m.tileWidth;
      for (const [x, y] of [[0, 0], [n - 1, 0], [0, n - 1], [n - 1, n - 1]]) {
        const e = tileEnvelope(T, z, x, y);
        assert.equal(Math.floor(((e.minx + e.maxx) / 2 + H) / span), x);
        assert.equal(Math.floor((H - (e.miny + e.maxy) / 2) / span), y);
      }
    }
  });

  test('adjacent tiles share edges bit for bit', () => {
    const r = rng(42);
    for (let i = 0; i < 5000; i++) {
      const z = 1 + randomInt(r, MAX_ZOOM);
      const n = 2 ** z;
      const x = randomInt(r, n - 1);
      const y = randomInt(r, n - 1);
      const a = tileEnvelope(T, z, x, y);
      const east = tileEnvelope(T, z, x + 1, y);
      const south = tileEnvelope(T, z, x, y + 1);
      assert.equal(a.maxx, east.minx, `east edge of ${z}/${x}/${y}`);
      assert.equal(a.miny, east.miny, `same row, same miny ${z}/${x}/${y}`);
      assert.equal(a.maxy, east.maxy, `same row, same maxy ${z}/${x}/${y}`);
      assert.equal(a.miny, south.maxy, `south edge of ${z}/${x}/${y}`);
      assert.equal(a.minx, south.minx, `same column, same minx ${z}/${x}/${y}`);
      assert.equal(a.maxx, south.maxx, `same column, same maxx ${z}/${x}/${y}`);
    }
  });

  test('the four children of a tile tile their parent', () => {
    const r = rng(7);
    for (let i = 0; i < 500; i++) {
      const z = randomInt(r, MAX_ZOOM);
      const n = 2 ** z;
      const x = randomInt(r, n);
      const y = randomInt(r, n);
      const parent = tileEnvelope(T, z, x, y);
      const nw = tileEnvelope(T, z + 1, 2 * x, 2 * y);
      const se = tileEnvelope(T, z + 1, 2 * x + 1, 2 * y + 1);
      assertEnvelopeClose({ minx: nw.minx, miny: se.miny, maxx: se.maxx, maxy: nw.maxy }, parent, 1e-6, `${z}/${x}/${y}`);
    }
  });
});

describe('tileOutOfRange', () => {
  test('null for tiles inside the matrix set', () => {
    assert.equal(tileOutOfRange(T, 0, 0, 0), null);
    assert.equal(tileOutOfRange(T, 1, 1, 1), null);
    assert.equal(tileOutOfRange(T, 24, 2 ** 24 - 1, 2 ** 24 - 1), null);
    assert.equal(tileOutOfRange(T, 12, 1234, 2345), null);
  });

  test('a message for zoom 25 and other bad zooms', () => {
    for (const z of [25, 30, -1, 1.5]) {
      const msg = tileOutOfRange(T, z, 0, 0);
      assert.equal(typeof msg, 'string', `z=${z}`);
      assert.match(msg!, /zoom must be between 0 and 24/);
    }
  });

  test('a message for a negative or too large column', () => {
    assert.match(tileOutOfRange(T, 3, -1, 0)!, /column \(x\) must be between 0 and 7 at zoom 3/);
    assert.match(tileOutOfRange(T, 3, 8, 0)!, /column \(x\)/);
    assert.match(tileOutOfRange(T, 0, 1, 0)!, /column \(x\) must be between 0 and 0/);
  });

  test('a message for a negative or too large row', () => {
    assert.match(tileOutOfRange(T, 3, 0, -1)!, /row \(y\) must be between 0 and 7 at zoom 3/);
    assert.match(tileOutOfRange(T, 3, 0, 8)!, /row \(y\)/);
    assert.match(tileOutOfRange(T, 24, 0, 2 ** 24)!, /row \(y\) must be between 0 and 16777215 at zoom 24/);
  });

  test('the last valid index is inside, the next one outside, at every zoom', () => {
    for (let z = 0; z <= MAX_ZOOM; z++) {
      const n = 2 ** z;
      assert.equal(tileOutOfRange(T, z, n - 1, n - 1), null);
      assert.notEqual(tileOutOfRange(T, z, n, 0), null);
      assert.notEqual(tileOutOfRange(T, z, 0, n), null);
    }
  });
});

describe('matrixExtent', () => {
  test('equals the world at every zoom (within 1e-6 m)', () => {
    for (let z = 0; z <= MAX_ZOOM; z++) assertEnvelopeClose(matrixExtent(T, z), WORLD, 1e-6, `z=${z}`);
  });

  test('the west and north edges are exact at every zoom', () => {
    for (let z = 0; z <= MAX_ZOOM; z++) {
      const e = matrixExtent(T, z);
      assert.equal(e.minx, -H);
      assert.equal(e.maxy, H);
    }
  });
});

describe('bufferEnvelope', () => {
  test('256 pixels of a 4096 extent grow each side by 1/16 of the size', () => {
    const env: Envelope = { minx: 100, miny: -50, maxx: 1700, maxy: 750 };
    const b = bufferEnvelope(env, 256, 4096);
    assert.equal(b.minx, 100 - 1600 / 16);
    assert.equal(b.maxx, 1700 + 1600 / 16);
    assert.equal(b.miny, -50 - 800 / 16);
    assert.equal(b.maxy, 750 + 800 / 16);
  });

  test('on a real tile', () => {
    const env = tileEnvelope(T, 5, 10, 12);
    const b = bufferEnvelope(env, 256, 4096);
    const w = env.maxx - env.minx;
    const h = env.maxy - env.miny;
    assertClose(env.minx - b.minx, w / 16, 1e-6);
    assertClose(b.maxx - env.maxx, w / 16, 1e-6);
    assertClose(env.miny - b.miny, h / 16, 1e-6);
    assertClose(b.maxy - env.maxy, h / 16, 1e-6);
    assertClose(b.maxx - b.minx, w * (1 + 2 / 16), 1e-6);
  });

  test('zero pixels leaves the envelope unchanged', () => {
    const env: Envelope = { minx: 1, miny: 2, maxx: 3, maxy: 5 };
    assert.deepEqual(bufferEnvelope(env, 0, 4096), env);
  });

  test('does not modify its input', () => {
    const env: Envelope = Object.freeze({ minx: 0, miny: 0, maxx: 10, maxy: 10 });
    bufferEnvelope(env, 64, 4096);
    assert.deepEqual(env, { minx: 0, miny: 0, maxx: 10, maxy: 10 });
  });
});

describe('intersectEnvelopes', () => {
  test('overlapping envelopes', () => {
    assert.deepEqual(
      intersectEnvelopes({ minx: 0, miny: 0, maxx: 10, maxy: 10 }, { minx: 5, miny: -5, maxx: 15, maxy: 8 }),
      { minx: 5, miny: 0, maxx: 10, maxy: 8 },
    );
  });

  test('is commutative', () => {
    const a: Envelope = { minx: -3, miny: 1, maxx: 4, maxy: 9 };
    const b: Envelope = { minx: 0, miny: -2, maxx: 7, maxy: 5 };
    assert.deepEqual(intersectEnvelopes(a, b), intersectEnvelopes(b, a));
  });

  test('an envelope inside another is itself', () => {
    const inner: Envelope = { minx: 1, miny: 1, maxx: 2, maxy: 2 };
    assert.deepEqual(intersectEnvelopes(WORLD, inner), inner);
  });

  test('a buffered tile clipped to the world stays inside the world', () => {
    const corner = bufferEnvelope(tileEnvelope(T, 0, 0, 0), 256, 4096);
    assertEnvelopeClose(intersectEnvelopes(corner, matrixExtent(T, 0)), WORLD, 1e-6);
  });

  test('disjoint envelopes give an empty (inverted) envelope', () => {
    const e = intersectEnvelopes({ minx: 0, miny: 0, maxx: 1, maxy: 1 }, { minx: 2, miny: 2, maxx: 3, maxy: 3 });
    assert.ok(e.minx > e.maxx && e.miny > e.maxy);
  });
});

describe('tileEnvelope: axis order and corner of origin', () => {
  const matrix = { id: 'a', scaleDenominator: 1, cellSize: 10, pointOfOrigin: [1000, 0] as [number, number], tileWidth: 10, tileHeight: 10, matrixWidth: 10, matrixHeight: 10 };
  const base = { id: 'T', title: 'T', crs: 'x', srid: 3035, orderedAxes: ['Y', 'X'] as const, global: false, catalog: 'public' };

  test('a northing-first origin is read as (northing, easting)', () => {
    const tms = { ...base, northingFirst: true, tileMatrices: [{ ...matrix, cornerOfOrigin: 'topLeft' as const }] };
    assert.deepEqual(tileEnvelope(tms, 0, 2, 3), { minx: 200, miny: 600, maxx: 300, maxy: 700 });
  });

  test('a bottom-left origin counts rows upwards', () => {
    const tms = { ...base, northingFirst: false, tileMatrices: [{ ...matrix, pointOfOrigin: [0, 0] as [number, number], cornerOfOrigin: 'bottomLeft' as const }] };
    assert.deepEqual(tileEnvelope(tms, 0, 2, 3), { minx: 200, miny: 300, maxx: 300, maxy: 400 });
  });
});
