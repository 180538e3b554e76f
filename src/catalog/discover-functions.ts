import { createHash } from 'node:crypto';
import type { Engine } from '../engine/index.ts';
import { discoverySql, schemaValues, zoomRange, type DiscoverOptions } from './discover.ts';
import { MVT_CONTENT_TYPE, WORLD_BOUNDS, type FunctionArgument, type FunctionLayer } from './model.ts';

const DISCOVER_FUNCTIONS_SQL = discoverySql('./discover-functions.sql');

interface FunctionRow {
  schema: string;
  name: string;
  description: string | null;
  params_type: string | null;
  arguments: Array<{ name: string; type: string; default: string | null }> | null;
  state: string;
}

/** The names a `(z, x, y, query_params)` function's arguments get when they are unnamed. */
const POSITIONAL_NAMES = ['z', 'x', 'y', 'query_params'];

/**
 * Read the function layers of the database, under the same schema rules as tables.
 * They cover the whole world in Web Mercator: what a function draws is known only when it runs.
 */
export async function discoverFunctions(engine: Engine, options: DiscoverOptions): Promise<FunctionLayer[]> {
  const { rows } = await engine.query<FunctionRow>(DISCOVER_FUNCTIONS_SQL, schemaValues(options));
  return rows.map((row) => toFunctionLayer(row, options));
}

function toFunctionLayer(row: FunctionRow, options: DiscoverOptions): FunctionLayer {
  const id = `${row.schema}.${row.name}`;
  const { minzoom, maxzoom } = zoomRange(id, options);
  const comment = readComment(row.description);
  const args: FunctionArgument[] = (row.arguments ?? []).map((a, i) =>
    Object.freeze({ name: a.name || POSITIONAL_NAMES[i], type: a.type, default: a.default ?? null }),
  );
  return Object.freeze({
    id,
    schema: row.schema,
    name: row.name,
    kind: 'function',
    description: comment.description,
    bounds: WORLD_BOUNDS,
    center: Object.freeze([0, 0, minzoom] as const),
    minzoom,
    maxzoom,
    // what a function reads is unknown: never tracked
    tracked: false,
    fingerprint: createHash('sha256').update(JSON.stringify([row.state, row.arguments, row.params_type, row.description])).digest('base64url'),
    function: Object.freeze({
      arguments: Object.freeze(args),
      paramsType: row.params_type === 'jsonb' || row.params_type === 'json' || row.params_type === 'named' ? row.params_type : null,
      contentType: comment.contentType,
    }),
  } satisfies FunctionLayer);
}

/**
 * A function's comment: its description; or, when it is a JSON object (as Martin reads it), its
 * `description` and `content_type` members (a raster tile function says `"image/png"`).
 */
function readComment(comment: string | null): { description: string; contentType: string } {
  const text = comment ?? '';
  if (!text.trimStart().startsWith('{')) return { description: text, contentType: MVT_CONTENT_TYPE };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { description: text, contentType: MVT_CONTENT_TYPE };
  }
  const o = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { description?: unknown; content_type?: unknown };
  const contentType = typeof o.content_type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(o.content_type) ? o.content_type.toLowerCase() : MVT_CONTENT_TYPE;
  return { description: typeof o.description === 'string' ? o.description : '', contentType };
}
