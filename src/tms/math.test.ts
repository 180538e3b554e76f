import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BUILTIN_TMS,
  bufferEnvelope,
  intersectEnvelopes,
  matrixExtent,
  northingFirstFromAxes,
  parseCrs,
  tileEnvelope,
  tileMatrixAt,
  tileMatrixSetLimits,
  tileOutOfRange,
  tmsDocument,
  WEB_MERCATOR_QUAD,
  WORLD_CRS84_QUAD,
  type Envelope,
  type TileMatrixSet,
} from './index.ts';
import { PUBLISHED_WEB_MERCATOR_QUAD, PUBLISHED_WORLD_CRS84_QUAD, type PublishedTms } from '../../test/helpers/ogc-registry.ts';
import { rng } from '../../test/helpers/rng.ts';
import { LAEA_QUAD } from '../../test/helpers/tms.ts';

const T = WEB_MERCATOR_QUAD;
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

/** The OGC registry document of a built-in, from its published table. */
function publishedDocument(p: PublishedTms, levels: number): Record<string, unknown> {
  return {
    id: p.id,
    title: p.title,
    uri: p.uri,
    crs: p.crs,
    orderedAxes: p.orderedAxes,
    wellKnownScaleSet: p.wellKnownScaleSet,
    tileMatrices: p.levels.slice(0, levels).map(([scaleDenominator, cellSize], z) => ({
      id: String(z),
      scaleDenominator,
      cellSize,
      cornerOfOrigin: 'topLeft',
      pointOfOrigin: p.pointOfOrigin,
      tileWidth: 256,
      tileHeight: 256,
      matrixWidth: p.matrixSize0[0] * 2 ** z,
      matrixHeight: p.matrixSize0[1] * 2 ** z,
    })),
  };
}

/**
 * Equal but for the published rounding: numbers within `relative` of each other (the registry
 * prints 15 significant digits), and within `absolute` (its origins have 7 decimals).
 */
function assertNearlyDeepEqual(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', path);
    const tolerance = Math.max(Math.abs(expected) * 1e-13, 1e-7);
    assertClose(actual as number, expected, tolerance, `${path}:`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} is not an array`);
    assert.equal(actual.length, expected.length, `${path}.length`);
    expected.forEach((e, i) => assertNearlyDeepEqual(actual[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path} is not an object`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: members`);
    for (const [k, e] of Object.entries(expected)) assertNearlyDeepEqual((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

describe('the built-in tile matrix sets are those the OGC publishes', () => {
  const builtins: Array<[TileMatrixSet, PublishedTms, number]> = [
    [WEB_MERCATOR_QUAD, PUBLISHED_WEB_MERCATOR_QUAD, 25],
    [WORLD_CRS84_QUAD, PUBLISHED_WORLD_CRS84_QUAD, 23],
  ];
  for (const [tms, published, levels] of builtins) {
    test(`${published.id}: the served document equals the registry's, level by level`, () => {
      assertNearlyDeepEqual(tmsDocument(tms), publishedDocument(published, levels));
    });

    test(`${published.id}: the SRID and axis order follow from the published CRS and axes`, () => {
      const crs = parseCrs(published.crs);
      assert.ok(crs, published.crs);
      assert.equal(tms.srid, crs.kind === 'crs84' ? 4326 : crs.code);
      assert.equal(tms.northingFirst, northingFirstFromAxes(published.orderedAxes));
    });

    test(`${published.id}: every level covers the published world, from the published top-left corner`, () => {
      const [ox, oy] = published.pointOfOrigin;
      const cellSize0 = published.levels[0][1];
      const world = {
        minx: ox,
        miny: oy - cellSize0 * 256 * published.matrixSize0[1],
        maxx: ox + cellSize0 * 256 * published.matrixSize0[0],
        maxy: oy,
      };
      for (let z = 0; z < levels; z++) assertEnvelopeClose(matrixExtent(tms, z), world, 1e-6, `z=${z}`);
    });
  }

  test('WorldCRS84Quad: zoom 0 is two square tiles, the western and eastern hemispheres', () => {
    assert.deepEqual(tileEnvelope(WORLD_CRS84_QUAD, 0, 0, 0), { minx: -180, miny: -90, maxx: 0, maxy: 90 });
    assert.deepEqual(tileEnvelope(WORLD_CRS84_QUAD, 0, 1, 0), { minx: 0, miny: -90, maxx: 180, maxy: 90 });
    assert.deepEqual(matrixExtent(WORLD_CRS84_QUAD, 22), { minx: -180, miny: -90, maxx: 180, maxy: 90 });
  });

  test('the definitions are frozen', () => {
    for (const tms of BUILTIN_TMS) {
      assert.ok(Object.isFrozen(tms));
      assert.ok(Object.isFrozen(tms.tileMatrices));
      assert.ok(Object.isFrozen(tms.tileMatrices[3]));
      assert.ok(Object.isFrozen(tms.tileMatrices[3].pointOfOrigin));
    }
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

});

/** EuropeanETRS89_LAEAQuad as tilery holds a custom set: its origin is (northing, easting). */
const LAEA: TileMatrixSet = {
  ...LAEA_QUAD,
  srid: 3035,
  northingFirst: true,
  orderedAxes: ['Y', 'X'],
  global: false,
  catalog: 'public',
  tileMatrices: LAEA_QUAD.tileMatrices.map((m) => ({ ...m, cornerOfOrigin: 'topLeft' as const, pointOfOrigin: [m.pointOfOrigin[0], m.pointOfOrigin[1]] as const })),
};

/** WebMercatorQuad with rows counted upwards from the bottom-left corner (the TMS scheme). */
const MERCATOR_BOTTOM_LEFT: TileMatrixSet = {
  ...WEB_MERCATOR_QUAD,
  id: 'WebMercatorQuadBottomLeft',
  tileMatrices: WEB_MERCATOR_QUAD.tileMatrices.map((m) => ({ ...m, cornerOfOrigin: 'bottomLeft' as const, pointOfOrigin: [-H, -H] as const })),
};

const SETS: readonly TileMatrixSet[] = [WEB_MERCATOR_QUAD, WORLD_CRS84_QUAD, LAEA, MERCATOR_BOTTOM_LEFT];

/** A random tile of a set: zoom, column, row. */
function randomTile(r: () => number, tms: TileMatrixSet, maxZoom = tms.tileMatrices.length - 1): [number, number, number] {
  const z = randomInt(r, maxZoom + 1);
  const m = tms.tileMatrices[z];
  return [z, randomInt(r, m.matrixWidth), randomInt(r, m.matrixHeight)];
}

/** An envelope shrunk by a millionth of its size on each side: inside it, off its edges. */
function inside(e: Envelope): Envelope {
  const dx = (e.maxx - e.minx) * 1e-6;
  const dy = (e.maxy - e.miny) * 1e-6;
  return { minx: e.minx + dx, miny: e.miny + dy, maxx: e.maxx - dx, maxy: e.maxy - dy };
}

/** The columns and rows at zoom z whose tiles `env` touches, by tileMatrixSetLimits's own arithmetic. */
function tilesTouched(tms: TileMatrixSet, z: number, env: Envelope): [number, number, number, number] {
  const limits = tileMatrixSetLimits(tms, env, z, z);
  assert.equal(limits.length, 1, `${tms.id} z=${z}: ${JSON.stringify(env)} touches no tile`);
  const [l] = limits;
  return [l.minTileCol, l.maxTileCol, l.minTileRow, l.maxTileRow];
}

for (const tms of SETS) {
  describe(`${tms.id}: tile → bounds → tile`, () => {
    const maxZoom = tms.tileMatrices.length - 1;

    test('the bounds of a random tile give that tile back, at every zoom', () => {
      const r = rng(0x711e);
      for (let i = 0; i < 3000; i++) {
        const [z, x, y] = randomTile(r, tms);
        assert.deepEqual(tilesTouched(tms, z, inside(tileEnvelope(tms, z, x, y))), [x, x, y, y], `${z}/${x}/${y}`);
      }
    });

    test('the corner tiles of every zoom give themselves back', () => {
      for (let z = 0; z <= maxZoom; z++) {
        const { matrixWidth: w, matrixHeight: h } = tms.tileMatrices[z];
        for (const [x, y] of [[0, 0], [w - 1, 0], [0, h - 1], [w - 1, h - 1]]) {
          assert.deepEqual(tilesTouched(tms, z, inside(tileEnvelope(tms, z, x, y))), [x, x, y, y], `${z}/${x}/${y}`);
        }
      }
    });

    test('the bounds of a tile are exactly its 2^k × 2^k descendants k zooms deeper', () => {
      const r = rng(0xc0de);
      for (let i = 0; i < 1000; i++) {
        const [z, x, y] = randomTile(r, tms, maxZoom - 1);
        const k = 1 + randomInt(r, Math.min(4, maxZoom - z));
        const n = 2 ** k;
        const found = tilesTouched(tms, z + k, inside(tileEnvelope(tms, z, x, y)));
        assert.deepEqual(found, [x * n, (x + 1) * n - 1, y * n, (y + 1) * n - 1], `${z}/${x}/${y} at zoom ${z + k}`);
      }
    });

    test('adjacent tiles share edges bit for bit', () => {
      const r = rng(42);
      for (let i = 0; i < 3000; i++) {
        const [z, x0, y0] = randomTile(r, tms);
        const { matrixWidth: w, matrixHeight: h } = tms.tileMatrices[z];
        if (w < 2 || h < 2) continue;
        const [x, y] = [Math.min(x0, w - 2), Math.min(y0, h - 2)];
        const a = tileEnvelope(tms, z, x, y);
        const east = tileEnvelope(tms, z, x + 1, y);
        const next = tileEnvelope(tms, z, x, y + 1);
        assert.equal(a.maxx, east.minx, `east edge of ${z}/${x}/${y}`);
        assert.deepEqual([a.miny, a.maxy], [east.miny, east.maxy], `same row ${z}/${x}/${y}`);
        // the next row lies south of a top-left origin, north of a bottom-left one
        if (tms.tileMatrices[z].cornerOfOrigin === 'topLeft') assert.equal(a.miny, next.maxy, `south edge of ${z}/${x}/${y}`);
        else assert.equal(a.maxy, next.miny, `north edge of ${z}/${x}/${y}`);
        assert.deepEqual([a.minx, a.maxx], [next.minx, next.maxx], `same column ${z}/${x}/${y}`);
      }
    });

    test('the four children of a tile cover their parent', () => {
      const r = rng(7);
      for (let i = 0; i < 500; i++) {
        const [z, x, y] = randomTile(r, tms, maxZoom - 1);
        const parent = tileEnvelope(tms, z, x, y);
        const children = [0, 1].flatMap((dx) => [0, 1].map((dy) => tileEnvelope(tms, z + 1, 2 * x + dx, 2 * y + dy)));
        const union = {
          minx: Math.min(...children.map((c) => c.minx)),
          miny: Math.min(...children.map((c) => c.miny)),
          maxx: Math.max(...children.map((c) => c.maxx)),
          maxy: Math.max(...children.map((c) => c.maxy)),
        };
        const tolerance = (parent.maxx - parent.minx) * 1e-9;
        assertEnvelopeClose(union, parent, tolerance, `${z}/${x}/${y}`);
        for (const c of children) {
          assertClose(c.maxx - c.minx, (parent.maxx - parent.minx) / 2, tolerance, 'child width:');
          assertClose(c.maxy - c.miny, (parent.maxy - parent.miny) / 2, tolerance, 'child height:');
        }
      }
    });
  });
}

describe('corner of origin', () => {
  test('row y from the top is row 2^z - 1 - y from the bottom (XYZ and TMS schemes)', () => {
    const r = rng(3);
    for (let i = 0; i < 2000; i++) {
      const [z, x, y] = randomTile(r, WEB_MERCATOR_QUAD);
      const top = tileEnvelope(WEB_MERCATOR_QUAD, z, x, y);
      const bottom = tileEnvelope(MERCATOR_BOTTOM_LEFT, z, x, 2 ** z - 1 - y);
      assertEnvelopeClose(bottom, top, 1e-6, `${z}/${x}/${y}`);
    }
  });

  test('a northing-first origin is read as (northing, easting): LAEA 0/0/0 starts at E 2000000, N 5500000', () => {
    const e = tileEnvelope(LAEA, 0, 0, 0);
    const span = 17578.125 * 256;
    assert.deepEqual(e, { minx: 2_000_000, miny: 5_500_000 - span, maxx: 2_000_000 + span, maxy: 5_500_000 });
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
