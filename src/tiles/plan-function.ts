import type { FunctionLayer } from '../catalog/index.ts';
import { quoteIdent, quoteQualified } from '../engine/index.ts';
import { namedArguments } from './function-params.ts';
import type { PlannedQuery } from './planned.ts';
import type { TileRequest } from './request.ts';

const planned = new WeakMap<FunctionLayer, Map<string, string>>();

/**
 * The call of a function layer: `SELECT "schema"."fn"($1::int4, $2::int4, $3::int4,
 * $4::json) AS mvt`, or with named arguments `…, "name_prefix" => $4::text)` for those the
 * request gives (the others take their defaults); the name and types from the catalog, every
 * value bound. Its bytea is the layer's tile as is (NULL or empty: no layer); the engine needs
 * no `ST_AsMVT` of its own for it. Planned once per collection snapshot and arguments given.
 */
export function planFunctionLayer(c: FunctionLayer, req: TileRequest): PlannedQuery {
  const { paramsType } = c.function;
  const params = req.params.functionParams ?? {};
  const given = namedArguments(c).filter((a) => Object.hasOwn(params, a.name));
  const memoKey = given.map((a) => a.name).join('\u0000');
  let byArgs = planned.get(c);
  if (!byArgs) planned.set(c, (byArgs = new Map()));
  let sql = byArgs.get(memoKey);
  if (sql === undefined) {
    const args = ['$1::int4', '$2::int4', '$3::int4'];
    if (paramsType === 'json' || paramsType === 'jsonb') args.push(`$4::${paramsType}`);
    given.forEach((a, i) => args.push(`${quoteIdent(a.name)} => $${4 + i}::${a.type}`));
    sql = `SELECT ${quoteQualified(c.schema, c.name)}(${args.join(', ')}) AS mvt`;
    if (byArgs.size > 64) byArgs.clear();
    byArgs.set(memoKey, sql);
  }
  const values: unknown[] = [req.z, req.x, req.y];
  if (paramsType === 'json' || paramsType === 'jsonb') values.push(JSON.stringify(params));
  for (const a of given) values.push(params[a.name]);
  return { sql, values, encoding: 'database' };
}
