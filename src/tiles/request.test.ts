import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WORLD_BOUNDS, type Collection, type Property } from '../catalog/model.ts';
import { TileryError, type ErrorCode } from '../errors.ts';
import { WEB_MERCATOR_QUAD, type TileMatrixSet } from '../tms/index.ts';
import { tileKey } from './key.ts';
import {
  buildTileRequest,
  parseTileCoordinates,
  parseTileParams,
  splitFormat,
  type TileDefaults,
  type TileParams,
  type TileRequest,
} from './request.ts';
import { single, splitList, type Query } from './query.ts';
import { NO_FILTERS } from './filters.ts';

const T = WEB_MERCATOR_QUAD;
/** The parameters of a request without filter or simplification. */
const UNFILTERED = { filters: NO_FILTERS, simplification: null, simplificationAlgorithm: 'topology_preserving' };

function prop(name: string, type = 'text'): Property {
  return { name, type, description: '' };
}

function collection(schema: string, name: string, properties: string[] = [], zooms: [number, number] = [0, 22]): Collection {
  const c: Collection = {
    id: `${schema}.${name}`,
    schema,
    name,
    kind: 'table',
    description: '',
    geometryColumn: 'geom',
    geometryType: 'Point',
    srid: 4326,
    idColumn: 'id',
    properties: properties.map((p) => prop(p)),
    temporalColumns: [],
    bounds: WORLD_BOUNDS,
    center: [0, 0, 0],
    minzoom: zooms[0],
    maxzoom: zooms[1],
    estimatedRows: 100,
    tracked: true,
    fingerprint: '',
  };
  return Object.freeze(c);
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

  test('no collection in range at z is tile_out_of_range (404)', () => {
    const high = collection('public', 'buildings', [], [14, 22]);
    const err = throwsTilery(() => buildTileRequest({ ...base, collections: [high] }), 'tile_out_of_range', 404, { z: 3 });
    assert.match(err.message, /14-22/);
  });
});

describe('tileKey', () => {
  function request(overrides: Partial<Omit<TileRequest, 'params'>> & { params?: Partial<TileParams> } = {}): TileRequest {
    const { params, ...rest } = overrides;
    return {
      collections: [places, roads],
      tms: T,
      z: 5,
      x: 10,
      y: 12,
      format: 'mvt',
      layerNaming: 'id',
      layerFilters: new Map(),
      role: null,
      ...rest,
      params: {
        properties: ['name', 'population'],
        limit: 1000,
        resolution: 4096,
        buffer: 256,
        filters: NO_FILTERS,
        simplification: null,
        simplificationAlgorithm: 'topology_preserving',
        ...params,
      },
    };
  }

  test('the same request gives the same key', () => {
    assert.equal(tileKey(request()), tileKey(request()));
  });

  test('each database role has keys of its own, apart from the public ones', () => {
    const keys = [null, 'alice', 'bob'].map((role) => tileKey(request({ role })));
    assert.equal(new Set(keys).size, 3);
    assert.equal(tileKey(request({ role: 'alice' })), tileKey(request({ role: 'alice' })));
  });

  test('requests built separately from the same query give the same key', () => {
    const build = (): TileRequest =>
      buildTileRequest({
        collections: [places, roads],
        tms: T,
        coords: parseTileCoordinates(T, { z: '5', x: '10', y: '12' }),
        format: splitFormat('12.pbf').format,
        layerNaming: 'name',
        query: { properties: 'name,ref', limit: '100' },
        defaults: DEFAULTS,
      });
    assert.equal(tileKey(build()), tileKey(build()));
  });

  test('the key is a string containing the collection ids and the tile address', () => {
    const key = tileKey(request());
    assert.equal(typeof key, 'string');
    assert.ok(key.includes('public.places'));
    assert.ok(key.includes('public.roads'));
    assert.ok(key.includes('5,10,12'));
  });

  test('ids holding the separators cannot collide: [a.b, c.d] is not the one collection "a.b,c.d"', () => {
    const two = request({ collections: [collection('a', 'b'), collection('c', 'd')] });
    const one = request({ collections: [collection('a', 'b,c.d')] });
    assert.notEqual(tileKey(two), tileKey(one));
  });

  const variants: Array<[string, TileRequest]> = [
    ['z', request({ z: 6 })],
    ['x', request({ x: 11 })],
    ['y', request({ y: 13 })],
    ['x and y swapped', request({ x: 12, y: 10 })],
    ['properties: another list', request({ params: { properties: ['name'] } })],
    ['properties: all (null)', request({ params: { properties: null } })],
    ['properties: none ([])', request({ params: { properties: [] } })],
    ['limit', request({ params: { limit: 1001 } })],
    ['resolution', request({ params: { resolution: 512 } })],
    ['buffer', request({ params: { buffer: 64 } })],
    ['layerNaming', request({ layerNaming: 'name' })],
    ['collection order', request({ collections: [roads, places] })],
    ['fewer collections', request({ collections: [places] })],
    ['another collection', request({ collections: [places, collection('other', 'roads', ['name'])] })],
    ['tms', request({ tms: { ...T, id: 'OtherQuad' } })],
  ];
  for (const [label, variant] of variants) {
    test(`a change of ${label} changes the key`, () => {
      assert.notEqual(tileKey(variant), tileKey(request()));
    });
  }

  test('all the variants have pairwise different keys', () => {
    const keys = [tileKey(request()), ...variants.map(([, v]) => tileKey(v))];
    assert.equal(new Set(keys).size, keys.length);
  });

  test('the order of properties does not matter', () => {
    assert.equal(
      tileKey(request({ params: { properties: ['population', 'name'] } })),
      tileKey(request({ params: { properties: ['name', 'population'] } })),
    );
  });

  test('properties null and [] differ ("all" vs "none")', () => {
    assert.notEqual(tileKey(request({ params: { properties: null } })), tileKey(request({ params: { properties: [] } })));
  });

  test('the key does not depend on the collection objects beyond their ids', () => {
    const samePlaces = collection('public', 'places', ['name', 'population', 'kind']);
    assert.notEqual(samePlaces, places);
    assert.equal(tileKey(request({ collections: [samePlaces, roads] })), tileKey(request()));
  });

  test('tileKey does not reorder the caller\'s properties', () => {
    const properties = ['population', 'name'];
    tileKey(request({ params: { properties } }));
    assert.deepEqual(properties, ['population', 'name']);
  });
});
