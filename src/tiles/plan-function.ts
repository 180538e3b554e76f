import type { FunctionLayer } from '../catalog/index.ts';
import { quoteQualified } from '../engine/index.ts';
import type { PlannedQuery } from './planned.ts';
import type { TileRequest } from './request.ts';

const planned = new WeakMap<FunctionLayer, string>();

/**
 * The call of a function layer: `SELECT "schema"."fn"($1::int4, $2::int4, $3::int4,
 * $4::json) AS mvt`, the name from the catalog, z/x/y and the request's function parameters
 * bound. Its bytea is the layer's MVT as is (NULL or empty: no layer); the engine needs no
 * `ST_AsMVT` of its own for it. Planned once per collection snapshot.
 */
export function planFunctionLayer(c: FunctionLayer, req: TileRequest): PlannedQuery {
  const { paramsType } = c.function;
  let sql = planned.get(c);
  if (sql === undefined) {
    const args = ['$1::int4', '$2::int4', '$3::int4', ...(paramsType === null ? [] : [`$4::${paramsType}`])];
    sql = `SELECT ${quoteQualified(c.schema, c.name)}(${args.join(', ')}) AS mvt`;
    planned.set(c, sql);
  }
  const values: unknown[] = [req.z, req.x, req.y];
  if (paramsType !== null) values.push(JSON.stringify(req.params.functionParams ?? {}));
  return { sql, values, encoding: 'database' };
}
