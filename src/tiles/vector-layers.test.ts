import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TableLayer } from '../catalog/index.ts';
import { vectorLayers } from './vector-layers.ts';

const collection = (over: Partial<TableLayer>): TableLayer => ({
  id: 'public.places',
  schema: 'public',
  name: 'places',
  kind: 'table',
  description: 'Grid of places',
  geometryColumn: 'geom',
  geometryType: 'Point',
  srid: 3857,
  idColumn: 'id',
  properties: [],
  temporalColumns: [],
  bounds: [-180, -80, 180, 80],
  center: [0, 0, 0],
  minzoom: 0,
  maxzoom: 22,
  estimatedRows: 0,
  tracked: true,
  fingerprint: '',
  ...over,
});

test('one layer per collection meeting the zooms, named as the route names it, zooms cut', () => {
  const places = collection({
    properties: [
      { name: 'name', type: 'text', description: '' },
      { name: 'rank', type: 'int4', description: '' },
      { name: 'score', type: 'float8', description: '' },
    ],
    minzoom: 2,
  });
  const late = collection({ id: 'public.late', name: 'late', minzoom: 10, maxzoom: 14 });
  assert.deepEqual(vectorLayers([places, late], 'name', { min: 0, max: 8 }), [
    { id: 'places', description: 'Grid of places', minzoom: 2, maxzoom: 8, fields: { name: 'String', rank: 'Number', score: 'Number' } },
  ]);
  assert.equal(vectorLayers([places], 'id', { min: 0, max: 3 })[0].id, 'public.places');
});
