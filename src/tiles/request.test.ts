import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Collection } from '../catalog/model.ts';
import { tableLayer } from '../../test/helpers/layers.ts';
import { TileryError, type ErrorCode } from '../errors.ts';
import { WEB_MERCATOR_QUAD, type TileMatrixSet } from '../tms/index.ts';
import {
  buildTileRequest,
  parseTileCoordinates,
  parseTileParams,
  splitFormat,
  type TileDefaults,
  type TileParams,
} from './request.ts';
import { single, splitList, type Query } from './query.ts';
import { NO_FILTERS } from './filters.ts';

const T = WEB_MERCATOR_QUAD;
/** The parameters of a request without filter or simplification. */
const UNFILTERED = { filters: NO_FILTERS, simplification: null, simplificationAlgorithm: 'topology_preserving' };

function collection(schema: string, name: string, properties: string[] = [], zooms: [number, number] = [0, 22]): Collection {
  return tableLayer(schema, name, properties, { minzoom: zooms[0], maxzoom: zooms[1] });
}

const places = collection('public', 'places', ['name', 'population', 'kind']);
const roads = collection('public', 'roads', ['name', 'ref', 'lanes']);

const DEFAULTS: TileDefaults = { defaultLimit: 50000, maxLimit: 1000000, defaultResolution: 4096, defaultBuffer: 256 };

/** Assert that `fn` throws a TileryError with this code, status and (optionally) detail members. */
function throwsTilery(fn: () => unknown, code: ErrorCode, status: number, detail: Record<string, unknown> = {}): TileryError {
  let caught: unknown;
  assert.throws(fn, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof TileryError, `expected a TileryError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.status, status);
  for (const [k, v] of Object.entries(detail)) assert.equal(caught.detail[k], v, `detail.${k} of: ${caught.message}`);
  return caught;
}

function throwsInvalid(fn: () => unknown, parameter: string): TileryError {
  return throwsTilery(fn, 'invalid_parameter', 400, { parameter });
}

describe('splitFormat', () => {
  test('.pbf, .mvt and upper case extensions give mvt', () => {
    assert.deepEqual(splitFormat('12.pbf'), { value: '12', format: 'mvt' });
    assert.deepEqual(splitFormat('12.mvt'), { value: '12', format: 'mvt' });
    assert.deepEqual(splitFormat('12.MVT'), { value: '12', format: 'mvt' });
    assert.deepEqual(splitFormat('12.Pbf'), { value: '12', format: 'mvt' });
  });

  test('only the last dot separates the format', () => {
    assert.deepEqual(splitFormat('1.2.pbf'), { value: '1.2', format: 'mvt' });
  });

  test('an unsupported extension is a 400 naming "format"', () => {
    const err = throwsInvalid(() => splitFormat('12.png'), 'format');
    assert.match(err.message, /png/);
    throwsInvalid(() => splitFormat('12.json'), 'format');
    throwsInvalid(() => splitFormat('12.'), 'format');
    throwsInvalid(() => splitFormat('12.pbf.gz'), 'format');
  });

  test('no extension at all is a 400 naming "format"', () => {
    const err = throwsInvalid(() => splitFormat('12'), 'format');
    assert.match(err.message, /mvt|pbf/);
    throwsInvalid(() => splitFormat(''), 'format');
  });

  test('a custom parameter name is used in the error', () => {
    throwsInvalid(() => splitFormat('12.png', 'tileCol'), 'tileCol');
    throwsInvalid(() => splitFormat('12', 'y'), 'y');
  });
});

describe('parseTileCoordinates', () => {
  test('valid coordinates are parsed to numbers', () => {
    assert.deepEqual(parseTileCoordinates(T, { z: '0', x: '0', y: '0' }), { z: 0, x: 0, y: 0 });
    assert.deepEqual(parseTileCoordinates(T, { z: '12', x: '2048', y: '1361' }), { z: 12, x: 2048, y: 1361 });
    assert.deepEqual(parseTileCoordinates(T, { z: '24', x: '16777215', y: '16777215' }), { z: 24, x: 16777215, y: 16777215 });
  });

  test('leading zeros are accepted', () => {
    assert.deepEqual(parseTileCoordinates(T, { z: '03', x: '007', y: '0' }), { z: 3, x: 7, y: 0 });
  });

  const badText = ['a', '', '-1', '1.5', '1e3', ' 1', '1 ', '+1', '0x1', '١', '1234567890'];
  for (const text of badText) {
    test(`non-numeric ${JSON.stringify(text)} is a 400 naming the coordinate`, () => {
      throwsInvalid(() => parseTileCoordinates(T, { z: text, x: '0', y: '0' }), 'z');
      throwsInvalid(() => parseTileCoordinates(T, { z: '0', x: text, y: '0' }), 'x');
      throwsInvalid(() => parseTileCoordinates(T, { z: '0', x: '0', y: text }), 'y');
    });
  }

  test('custom names are used in the error (OGC tileMatrix/tileRow/tileCol)', () => {
    const names = { z: 'tileMatrix', x: 'tileCol', y: 'tileRow' };
    throwsInvalid(() => parseTileCoordinates(T, { z: 'WebMercatorQuad', x: '0', y: '0' }, names), 'tileMatrix');
    throwsInvalid(() => parseTileCoordinates(T, { z: '0', x: 'a', y: '0' }, names), 'tileCol');
    throwsInvalid(() => parseTileCoordinates(T, { z: '0', x: '0', y: 'b' }, names), 'tileRow');
  });

  test('z is checked before x and y', () => {
    throwsInvalid(() => parseTileCoordinates(T, { z: 'a', x: 'b', y: 'c' }), 'z');
    throwsInvalid(() => parseTileCoordinates(T, { z: '1', x: 'b', y: 'c' }), 'x');
  });

  test('out of range is tile_out_of_range with status 404', () => {
    const cases: Array<[string, string, string, RegExp]> = [
      ['25', '0', '0', /zoom/],
      ['99', '0', '0', /zoom/],
      ['0', '1', '0', /column/],
      ['0', '0', '1', /row/],
      ['3', '8', '0', /column/],
      ['3', '0', '8', /row/],
      ['24', '16777216', '0', /column/],
    ];
    for (const [z, x, y, reason] of cases) {
      const err = throwsTilery(() => parseTileCoordinates(T, { z, x, y }), 'tile_out_of_range', 404, {
        z: Number(z),
        x: Number(x),
        y: Number(y),
        tms: 'WebMercatorQuad',
      });
      assert.match(String(err.detail.reason), reason);
      assert.match(err.message, new RegExp(`${z}/${x}/${y}`));
    }
  });

  test('the TMS given is the one checked against', () => {
    const small: TileMatrixSet = { ...T, id: 'Small', tileMatrices: T.tileMatrices.slice(0, 3) };
    assert.deepEqual(parseTileCoordinates(small, { z: '2', x: '3', y: '3' }), { z: 2, x: 3, y: 3 });
    throwsTilery(() => parseTileCoordinates(small, { z: '3', x: '0', y: '0' }), 'tile_out_of_range', 404, { tms: 'Small' });
  });
});

describe('splitList', () => {
  test('splits on commas', () => {
    assert.deepEqual(splitList('a,b,c'), ['a', 'b', 'c']);
  });
  test('trims items and drops empty ones', () => {
    assert.deepEqual(splitList(' a , b ,, c ,'), ['a', 'b', 'c']);
    assert.deepEqual(splitList(',,,'), []);
    assert.deepEqual(splitList(''), []);
    assert.deepEqual(splitList('   '), []);
  });
  test('keeps order and duplicates', () => {
    assert.deepEqual(splitList('b,a,b'), ['b', 'a', 'b']);
  });
  test('a single item', () => {
    assert.deepEqual(splitList('public.places'), ['public.places']);
  });
});

describe('single', () => {
  test('absent → undefined, present → string', () => {
    assert.equal(single({}, 'limit'), undefined);
    assert.equal(single({ limit: '5' }, 'limit'), '5');
    assert.equal(single({ limit: 5 }, 'limit'), '5');
  });
  test('an array (repeated parameter) is a 400 naming it', () => {
    throwsInvalid(() => single({ limit: ['1', '2'] }, 'limit'), 'limit');
  });
});

describe('parseTileParams', () => {
  const parse = (query: Query, defaults: TileDefaults = DEFAULTS, collections: readonly Collection[] = [places]): TileParams =>
    parseTileParams(query, collections, defaults);

  test('defaults when the query is empty', () => {
    assert.deepEqual(parse({}), { properties: null, limit: 50000, resolution: 4096, buffer: 256, ...UNFILTERED });
  });

  test('empty values fall back to the defaults', () => {
    assert.deepEqual(parse({ limit: '', resolution: '', buffer: '' }), { properties: null, limit: 50000, resolution: 4096, buffer: 256, ...UNFILTERED });
  });

  test('explicit values are used', () => {
    assert.deepEqual(parse({ limit: '10', resolution: '512', buffer: '16' }), { properties: null, limit: 10, resolution: 512, buffer: 16, ...UNFILTERED });
  });

  test('unknown query parameters are ignored', () => {
    assert.deepEqual(parse({ foo: 'bar', f: 'mvt' }), parse({}));
  });

  describe('limit', () => {
    test('bounds 0 .. maxLimit are accepted', () => {
      assert.equal(parse({ limit: '0' }).limit, 0);
      assert.equal(parse({ limit: '1000000' }).limit, 1000000);
      assert.equal(parse({ limit: '7' }, { ...DEFAULTS, maxLimit: 7 }).limit, 7);
    });
    for (const bad of ['-1', '1000001', '99999999999999999999']) {
      test(`limit=${bad} is out of range (400 "limit")`, () => {
        throwsInvalid(() => parse({ limit: bad }), 'limit');
      });
    }
    test('above a lowered maxLimit is a 400', () => {
      throwsInvalid(() => parse({ limit: '8' }, { ...DEFAULTS, maxLimit: 7 }), 'limit');
    });
    for (const bad of ['ten', '1.5', '1e3', ' 1', '+1', '0x10', '1,2']) {
      test(`limit=${JSON.stringify(bad)} is not an integer (400 "limit")`, () => {
        throwsInvalid(() => parse({ limit: bad }), 'limit');
      });
    }
  });

  describe('resolution', () => {
    test('bounds 1 .. 65536 are accepted', () => {
      assert.equal(parse({ resolution: '1' }).resolution, 1);
      assert.equal(parse({ resolution: '65536' }).resolution, 65536);
    });
    for (const bad of ['0', '-4096', '65537', '4096.5', 'high']) {
      test(`resolution=${bad} is a 400 naming "resolution"`, () => {
        throwsInvalid(() => parse({ resolution: bad }), 'resolution');
      });
    }
  });

  describe('buffer', () => {
    test('bounds 0 .. resolution are accepted', () => {
      assert.equal(parse({ buffer: '0' }).buffer, 0);
      assert.equal(parse({ buffer: '4096' }).buffer, 4096);
      assert.equal(parse({ resolution: '512', buffer: '512' }).buffer, 512);
    });
    test('above the resolution is a 400 naming "buffer"', () => {
      throwsInvalid(() => parse({ buffer: '4097' }), 'buffer');
      throwsInvalid(() => parse({ resolution: '512', buffer: '513' }), 'buffer');
    });
    for (const bad of ['-1', '2.5', 'wide', '99999']) {
      test(`buffer=${bad} is a 400 naming "buffer"`, () => {
        throwsInvalid(() => parse({ buffer: bad }), 'buffer');
      });
    }
    test('the default is min(defaultBuffer, resolution)', () => {
      assert.equal(parse({}).buffer, 256);
      assert.equal(parse({ resolution: '1024' }).buffer, 256);
      assert.equal(parse({ resolution: '256' }).buffer, 256);
      assert.equal(parse({ resolution: '128' }).buffer, 128);
      assert.equal(parse({ resolution: '1' }).buffer, 1);
      assert.equal(parse({}, { ...DEFAULTS, defaultResolution: 100, defaultBuffer: 256 }).buffer, 100);
      assert.equal(parse({}, { ...DEFAULTS, defaultBuffer: 0 }).buffer, 0);
    });
  });

  describe('properties', () => {
    test('absent → null (all properties)', () => {
      assert.equal(parse({}).properties, null);
    });
    test('a list of known properties, deduplicated, in order', () => {
      assert.deepEqual(parse({ properties: 'population,name' }).properties, ['population', 'name']);
      assert.deepEqual(parse({ properties: ' name , kind,name ' }).properties, ['name', 'kind']);
    });
    test('an empty value selects no properties', () => {
      assert.deepEqual(parse({ properties: '' }).properties, []);
    });
    test('an unknown property is a 400 naming "properties" and the property', () => {
      const err = throwsInvalid(() => parse({ properties: 'name,nope' }), 'properties');
      assert.match(err.message, /nope/);
    });
    test('a property of any of the collections is known', () => {
      assert.deepEqual(parse({ properties: 'ref,population' }, DEFAULTS, [places, roads]).properties, ['ref', 'population']);
      throwsInvalid(() => parse({ properties: 'ref' }, DEFAULTS, [places]), 'properties');
    });
    test('property names are case sensitive', () => {
      throwsInvalid(() => parse({ properties: 'Name' }), 'properties');
    });
  });

  describe('a repeated parameter (array) is a 400 naming it', () => {
    for (const name of ['limit', 'resolution', 'buffer', 'properties']) {
      test(name, () => {
        throwsInvalid(() => parse({ [name]: ['1', '2'] }), name);
      });
    }
  });
});

describe('buildTileRequest', () => {
  const base = {
    collections: [places],
    tms: T,
    coords: { z: 3, x: 1, y: 2 },
    format: 'mvt' as const,
    layerNaming: 'id' as const,
    query: {},
    defaults: DEFAULTS,
  };

  test('builds a frozen request with the parsed params', () => {
    const req = buildTileRequest({ ...base, query: { limit: '5' } });
    assert.equal(req.z, 3);
    assert.equal(req.x, 1);
    assert.equal(req.y, 2);
    assert.equal(req.params.limit, 5);
    assert.deepEqual(req.collections, [places]);
    assert.ok(Object.isFrozen(req));
    assert.ok(Object.isFrozen(req.params));
    assert.ok(Object.isFrozen(req.collections));
  });

  test('collections whose zoom range excludes z are left out', () => {
    const high = collection('public', 'buildings', [], [14, 22]);
    const req = buildTileRequest({ ...base, collections: [high, places] });
    assert.deepEqual(req.collections, [places]);
  });

  test('the role is set before the request is frozen; absent, tilery\'s own (null)', () => {
    assert.equal(buildTileRequest(base).role, null);
    const req = buildTileRequest({ ...base, role: 'alice' });
    assert.equal(req.role, 'alice');
    assert.ok(Object.isFrozen(req));
  });

  test('disable_cache and refresh_cache give the cache mode; bypass wins; the caller may override', () => {
    const mode = (query: Query) => buildTileRequest({ ...base, query }).cache;
    assert.equal(mode({}), 'use');
    assert.equal(mode({ disable_cache: '' }), 'bypass');
    assert.equal(mode({ disable_cache: 'true' }), 'bypass');
    assert.equal(mode({ disable_cache: 'false' }), 'use');
    assert.equal(mode({ refresh_cache: '1' }), 'refresh');
    assert.equal(mode({ refresh_cache: 'yes', disable_cache: 'yes' }), 'bypass');
    assert.equal(buildTileRequest({ ...base, query: { refresh_cache: 'true' }, cache: 'bypass' }).cache, 'bypass');
    throwsInvalid(() => mode({ refresh_cache: 'maybe' }), 'refresh_cache');
    throwsInvalid(() => mode({ disable_cache: ['1', '1'] }), 'disable_cache');
  });

  test('a filter that does not fit a layer is a 400 naming the parameter and property, when the request is built', () => {
    const err = throwsInvalid(() => buildTileRequest({ ...base, query: { filter: 'height > 3' } }), 'filter');
    assert.equal(err.detail.property, 'height');
    throwsInvalid(() => buildTileRequest({ ...base, query: { subset: 'height(1:2)' } }), 'subset');
    assert.ok(buildTileRequest({ ...base, query: { filter: "population = '3'" } }));
  });

  test('no collection in range at z is tile_out_of_range (404)', () => {
    const high = collection('public', 'buildings', [], [14, 22]);
    const err = throwsTilery(() => buildTileRequest({ ...base, collections: [high] }), 'tile_out_of_range', 404, { z: 3 });
    assert.match(err.message, /14-22/);
  });
});
