import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elementTypeOf, jsonSchemaOf, mvtValueCast, valueKindOf, vectorFieldType } from './pg-types.ts';

test('filters compare columns by kind; arrays by their element type', () => {
  const kinds: Record<string, string[]> = {
    text: ['text', 'varchar', 'bpchar', 'name', 'char', 'citext', 'uuid'],
    number: ['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid'],
    boolean: ['bool'],
    temporal: ['date', 'timestamp', 'timestamptz'],
    geometry: ['geometry'],
    array: ['_text', '_int4', '_timestamptz', '_geometry'],
    unknown: ['jsonb', 'json', 'time', 'bytea', 'geography', 'interval'],
  };
  for (const [kind, types] of Object.entries(kinds)) for (const t of types) assert.equal(valueKindOf(t), kind, t);
  assert.equal(elementTypeOf('_int4'), 'int4');
  assert.equal(elementTypeOf('int4'), undefined);
});

test('MVT values: native types as they are, numeric and oid as doubles, the rest as text', () => {
  for (const t of ['bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'text', 'varchar', 'bpchar', 'name']) assert.equal(mvtValueCast(t), 'none', t);
  for (const t of ['numeric', 'oid']) assert.equal(mvtValueCast(t), 'float8', t);
  for (const t of ['uuid', 'citext', 'date', 'timestamptz', 'jsonb', '_int4']) assert.equal(mvtValueCast(t), 'text', t);
});

test('field types follow the MVT value each PostgreSQL type is encoded as', () => {
  for (const t of ['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']) assert.equal(vectorFieldType(t), 'Number', t);
  assert.equal(vectorFieldType('bool'), 'Boolean');
  for (const t of ['text', 'varchar', 'date', 'timestamptz', 'jsonb', '_int4', 'uuid']) assert.equal(vectorFieldType(t), 'String', t);
});

test('JSON Schema of a column: integers apart from other numbers, formats for dates and uuids, arrays of their elements', () => {
  assert.deepEqual(jsonSchemaOf('int8'), { type: 'integer' });
  assert.deepEqual(jsonSchemaOf('oid'), { type: 'integer' });
  assert.deepEqual(jsonSchemaOf('numeric'), { type: 'number' });
  assert.deepEqual(jsonSchemaOf('float4'), { type: 'number' });
  assert.deepEqual(jsonSchemaOf('bool'), { type: 'boolean' });
  assert.deepEqual(jsonSchemaOf('date'), { type: 'string', format: 'date' });
  assert.deepEqual(jsonSchemaOf('timestamp'), { type: 'string', format: 'date-time' });
  assert.deepEqual(jsonSchemaOf('timetz'), { type: 'string', format: 'time' });
  assert.deepEqual(jsonSchemaOf('uuid'), { type: 'string', format: 'uuid' });
  assert.deepEqual(jsonSchemaOf('jsonb'), {});
  assert.deepEqual(jsonSchemaOf('citext'), { type: 'string' });
  assert.deepEqual(jsonSchemaOf('_float8'), { type: 'array', items: { type: 'number' } });
});
