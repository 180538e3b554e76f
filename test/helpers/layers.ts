// Collections built in memory, for unit tests that need a layer but no database.
import { MVT_CONTENT_TYPE, WORLD_BOUNDS, type FunctionLayer, type FunctionSignature, type Property, type TableLayer } from '../../src/catalog/model.ts';

/** What every layer has, for `schema.name`. */
function base(schema: string, name: string) {
  return { id: `${schema}.${name}`, schema, name, description: '', bounds: WORLD_BOUNDS, center: [0, 0, 0] as const, minzoom: 0, maxzoom: 22, tracked: true, fingerprint: '' };
}

/** A point table `schema.name` (id column `id`, SRID 4326) with text properties, changed by `over`. */
export function tableLayer(schema: string, name: string, properties: readonly (string | Property)[] = [], over: Partial<TableLayer> = {}): TableLayer {
  return Object.freeze({
    ...base(schema, name),
    kind: 'table',
    geometryColumn: 'geom',
    geometryType: 'Point',
    srid: 4326,
    idColumn: 'id',
    properties: properties.map((p) => (typeof p === 'string' ? { name: p, type: 'text', description: '' } : p)),
    temporalColumns: [],
    estimatedRows: 100,
    ...over,
  });
}

/** A function layer `schema.name` with this signature (returning MVT unless it says otherwise). */
export function functionLayer(schema: string, name: string, signature: Omit<FunctionSignature, 'contentType'> & { contentType?: string }): FunctionLayer {
  return Object.freeze({ ...base(schema, name), kind: 'function', tracked: false, function: { contentType: MVT_CONTENT_TYPE, ...signature } });
}
