import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Collection, FunctionSignature } from '../catalog/model.ts';
import { functionLayer, tableLayer } from '../../test/helpers/layers.ts';
import { TileryError } from '../errors.ts';
import { WEB_MERCATOR_QUAD, WORLD_CRS84_QUAD } from '../tms/index.ts';
import { checkFunctionOnlyParams, checkFunctionTms, parseFunctionParams, RESERVED_PARAMETERS, servedIn, TABLE_ONLY_PARAMETERS } from './function-params.ts';
import { cacheKey } from './key.ts';
import { planLayer } from './plan.ts';
import { buildTileRequest, type TileDefaults } from './request.ts';
import type { Query } from './query.ts';

const DEFAULTS: TileDefaults = { defaultLimit: 50000, maxLimit: 1000000, defaultResolution: 4096, defaultBuffer: 256 };

function layer(schema: string, name: string, fn: Omit<FunctionSignature, 'contentType'> | null): Collection {
  return fn ? functionLayer(schema, name, fn) : tableLayer(schema, name, ['name'], { idColumn: null, tracked: false });
}

const ZXY = [
  { name: 'z', type: 'integer', default: null },
  { name: 'x', type: 'integer', default: null },
  { name: 'y', type: 'integer', default: null },
];
const withParams = layer('public', 'fn', { arguments: [...ZXY, { name: 'query_params', type: 'json', default: null }], paramsType: 'json' });
const withJsonb = layer('odd "s"', 'f.n', { arguments: [...ZXY, { name: 'p', type: 'jsonb', default: null }], paramsType: 'jsonb' });
const zxyOnly = layer('public', 'zxy', { arguments: ZXY, paramsType: null });
const table = layer('public', 'places', null);

const request = (collections: Collection[], query: Query, layerNaming: 'id' | 'name' = 'id', tms = WEB_MERCATOR_QUAD) =>
  buildTileRequest({ collections, tms, coords: { z: 3, x: 5, y: 2 }, format: 'mvt', layerNaming, query, defaults: DEFAULTS });

describe('parseFunctionParams', () => {
  test('every parameter but tilery\'s own, as text, sorted by name; a repeated one as an array', () => {
    const params = parseFunctionParams({ b: '2', a: 'x', tag: ['1', '2'], f: 'mvt', api_key: 'k', collections: 'c', filter: 'x = 1', disable_cache: 'true', empty: '' }, [withParams]);
    assert.deepEqual(params, { a: 'x', b: '2', empty: '', tag: ['1', '2'] });
    assert.deepEqual(Object.keys(params), ['a', 'b', 'empty', 'tag']);
    assert.equal(JSON.stringify(parseFunctionParams({ b: '1', a: '2' }, [withParams])), JSON.stringify(parseFunctionParams({ a: '2', b: '1' }, [withParams])));
  });

  test('no parameter of tilery reaches a function', () => {
    const query = Object.fromEntries([...RESERVED_PARAMETERS].map((p) => [p, '1']));
    assert.deepEqual(parseFunctionParams(query, [withParams]), {});
  });

  test('a parameter named __proto__ is a plain member', () => {
    const query: Query = JSON.parse('{"__proto__": "x", "a": "1"}');
    const params = parseFunctionParams(query, [withParams]);
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
    assert.equal(JSON.stringify(params), '{"__proto__":"x","a":"1"}');
  });
});

describe('requests with function layers', () => {
  test('table-only parameters on function layers only: a 400 naming the parameter', () => {
    for (const name of TABLE_ONLY_PARAMETERS) {
      assert.throws(() => checkFunctionOnlyParams({ [name]: '1' }, [withParams, zxyOnly]), (err: unknown) => {
        assert.ok(err instanceof TileryError);
        assert.equal(err.status, 400);
        assert.equal(err.detail.parameter, name);
        assert.match(err.message, /"public\.fn", "public\.zxy" are function layers/);
        return true;
      });
    }
    // empty values, and tables among the layers, are fine
    checkFunctionOnlyParams({ filter: '' }, [withParams]);
    checkFunctionOnlyParams({ filter: "name = 'a'" }, [withParams, table]);
  });

  test('function layers only in WebMercatorQuad', () => {
    checkFunctionTms([withParams, table], WEB_MERCATOR_QUAD);
    assert.throws(() => checkFunctionTms([table, withParams], WORLD_CRS84_QUAD), (err: unknown) => {
      assert.ok(err instanceof TileryError);
      assert.equal(err.code, 'function_layer_tms');
      assert.equal(err.status, 404);
      assert.match(err.message, /"public\.fn" is a function layer.*WorldCRS84Quad/);
      return true;
    });
    assert.throws(() => request([withParams], {}, 'id', WORLD_CRS84_QUAD), /function layer/);
    assert.deepEqual(servedIn([withParams, table], WORLD_CRS84_QUAD), [table]);
    assert.deepEqual(servedIn([withParams, table], WEB_MERCATOR_QUAD), [withParams, table]);
  });

  test('the call: the quoted name, z/x/y and the parameters bound, json or jsonb; none for (z, x, y)', () => {
    const req = request([withParams, withJsonb, zxyOnly, table], { name: 'a', limit: '5' });
    const fn = planLayer(withParams, req);
    assert.equal(fn.sql, 'SELECT "public"."fn"($1::int4, $2::int4, $3::int4, $4::json) AS mvt');
    assert.deepEqual(fn.values, [3, 5, 2, '{"name":"a"}']);
    assert.equal(fn.encoding, 'database');
    // the same on an engine without ST_AsMVT
    assert.deepEqual(planLayer(withParams, req, 'typescript'), fn);
    assert.equal(planLayer(withJsonb, req).sql, 'SELECT "odd ""s"""."f.n"($1::int4, $2::int4, $3::int4, $4::jsonb) AS mvt');
    const zxy = planLayer(zxyOnly, req);
    assert.equal(zxy.sql, 'SELECT "public"."zxy"($1::int4, $2::int4, $3::int4) AS mvt');
    assert.deepEqual(zxy.values, [3, 5, 2]);
    // the table keeps its own limit ($4)
    assert.equal(req.params.limit, 5);
    assert.equal(planLayer(table, req).values[3], 5);
  });
});

describe('cache keys of function tiles', () => {
  const key = (collections: Collection[], query: Query, naming: 'id' | 'name' = 'name') => cacheKey(request(collections, query, naming), DEFAULTS);

  test('a plain function tile has the plain key; its parameters give it a hash of its own', () => {
    assert.equal(key([withParams], {}).paramHash, null);
    const a = key([withParams], { name: 'a' });
    const b = key([withParams], { name: 'b' });
    assert.ok(a.paramHash && b.paramHash && a.paramHash !== b.paramHash);
    assert.notEqual(a.id, b.id);
    assert.equal(key([withParams], { x: '1', name: 'a' }).id, key([withParams], { name: 'a', x: '1' }).id);
    assert.equal(key([withParams], { name: 'a', f: 'mvt', disable_cache: 'true' }).id, a.id);
  });

  test('the route\'s layer naming does not split a function tile (the function names its layer)', () => {
    assert.equal(key([withParams], { name: 'a' }, 'id').id, key([withParams], { name: 'a' }, 'name').id);
    assert.notEqual(key([withParams, table], {}, 'id').id, key([withParams, table], {}, 'name').id);
  });

  test('parameters reach no (z, x, y) function and no table: they leave its key alone', () => {
    assert.equal(key([zxyOnly], { name: 'a' }).id, key([zxyOnly], {}).id);
    assert.equal(key([zxyOnly], { name: 'a' }).paramHash, null);
    assert.equal(key([table], { name: 'a' }).id, key([table], {}).id);
    assert.notEqual(key([table, withParams], { name: 'a' }).id, key([table, withParams], {}).id);
  });
});
