/**
 * What a function layer is given besides z/x/y: the request's query parameters that
 * are not tilery's own, as one JSON object `query_params`. And the rules of requests holding
 * function layers: tilery's table-only parameters have no effect on a function's tile (a 400 if
 * every layer is a function), and a function is only called with Web Mercator tiles.
 */
import { isFunctionLayer, MVT_CONTENT_TYPE, type Collection, type FunctionArgument } from '../catalog/index.ts';
import { invalidParameter, TileryError } from '../errors.ts';
import { WEB_MERCATOR_QUAD, type TileMatrixSet } from '../tms/index.ts';
import type { Query } from './query.ts';

/** `query_params`: parameter name → its value, or its values in order when it is repeated. */
export type FunctionParams = Readonly<Record<string, string | readonly string[]>>;

/** Tile parameters that shape table layers only; functions never see them. */
export const TABLE_ONLY_PARAMETERS: readonly string[] = Object.freeze([
  'filter',
  'filter-lang',
  'filter_lang',
  'filter-crs',
  'filter_crs',
  'datetime',
  'subset',
  'properties',
  'limit',
  'resolution',
  'buffer',
  'simplification',
  'simplification_by_zoom',
  'simplification_algorithm',
]);

/** Parameters of tilery's own that never reach a function, even one declaring an argument of that name. */
const PRIVATE_PARAMETERS: ReadonlySet<string> = new Set(['collections', 'disable_cache', 'refresh_cache', 'f', 'api_key']);

/** Every parameter of tilery's own: none of them reaches a function's `query_params`. */
export const RESERVED_PARAMETERS: ReadonlySet<string> = new Set([...TABLE_ONLY_PARAMETERS, ...PRIVATE_PARAMETERS]);

/**
 * The function parameters of a query, names sorted so that equal queries give equal objects
 * (and equal cache keys) whatever their order in the URL. A function taking `query_params`
 * receives every parameter not in RESERVED_PARAMETERS, with its text value (a repeated
 * parameter: the array of its values). A function with named arguments receives those of its
 * arguments' names (a table-only parameter's name too: the function declared it), one value
 * each; an argument without a default must be given.
 */
export function parseFunctionParams(query: Query, collections: readonly Collection[]): FunctionParams {
  const functions = collections.filter(isFunctionLayer);
  const wantsAll = functions.some((c) => c.function.paramsType === 'json' || c.function.paramsType === 'jsonb');
  const named = new Map(functions.flatMap((c) => namedArguments(c).map((a) => [a.name, a] as const)));
  const entries: Array<[string, string | readonly string[]]> = [];
  for (const name of Object.keys(query).sort()) {
    const value = query[name];
    if (value === undefined) continue;
    if (named.has(name) && !PRIVATE_PARAMETERS.has(name)) {
      if (Array.isArray(value)) throw invalidParameter(name, 'given more than once');
      entries.push([name, String(value)]);
    } else if (wantsAll && !RESERVED_PARAMETERS.has(name)) {
      entries.push([name, Array.isArray(value) ? Object.freeze(value.map(String)) : String(value)]);
    }
  }
  // fromEntries defines own properties: a parameter named __proto__ is a plain member
  const params: FunctionParams = Object.freeze(Object.fromEntries(entries));
  for (const c of functions) {
    for (const a of namedArguments(c)) {
      if (a.default === null && !Object.hasOwn(params, a.name)) {
        throw invalidParameter(a.name, `required by function layer "${c.id}" (an argument of type ${a.type} without a default)`);
      }
    }
  }
  return params;
}

/** Whether some of the layers are functions given parameters (not `(z, x, y)` ones). */
export function takesFunctionParams(collections: readonly Collection[]): boolean {
  return collections.some((c) => isFunctionLayer(c) && c.function.paramsType !== null);
}

/** A function layer's arguments after z, x and y when it takes them by name; else none. */
export function namedArguments(c: Collection): readonly FunctionArgument[] {
  return c.kind === 'function' && c.function.paramsType === 'named' ? c.function.arguments.slice(3) : [];
}

/**
 * What the cache key holds of the function parameters: nothing when there are none (a plain
 * function tile keeps the plain key), else the sorted object.
 */
export function functionParamsVariant(params: FunctionParams | undefined): unknown[] {
  return params === undefined || Object.keys(params).length === 0 ? [] : [{ query_params: params }];
}

/**
 * A request whose layers are all functions: a table-only parameter given with a value would be
 * silently ignored (and split the cache for nothing), so it is a 400 naming it.
 */
export function checkFunctionOnlyParams(query: Query, collections: readonly Collection[]): void {
  if (collections.length === 0 || !collections.every(isFunctionLayer)) return;
  const declared = new Set(collections.flatMap((c) => namedArguments(c).map((a) => a.name)));
  for (const name of TABLE_ONLY_PARAMETERS) {
    const value = query[name];
    if (value === undefined || value === '' || declared.has(name)) continue;
    const ids = collections.map((c) => `"${c.id}"`).join(', ');
    throw invalidParameter(
      name,
      `applies to table layers only, and ${ids} ${collections.length === 1 ? 'is a function layer' : 'are function layers'}; ` +
        'a function receives the query parameters other than tilery\'s own as its query_params JSON',
    );
  }
}

/**
 * Function layers take z/x/y as Web Mercator tiles (as pg_tileserv's and Martin's do): in any
 * other tile matrix set they have no tiles (404 naming the collection).
 */
export function checkFunctionTms(collections: readonly Collection[], tms: TileMatrixSet): void {
  if (tms.id === WEB_MERCATOR_QUAD.id) return;
  const fn = collections.find(isFunctionLayer);
  if (fn) throw new TileryError('function_layer_tms', { collection: fn.id, tms: tms.id });
}

/** The collections that have tiles in `tms`: function layers only in WebMercatorQuad. */
export function servedIn(collections: readonly Collection[], tms: TileMatrixSet): Collection[] {
  return tms.id === WEB_MERCATOR_QUAD.id ? [...collections] : collections.filter((c) => !isFunctionLayer(c));
}

/** The media type of a tile: a function layer's own when it is alone; else MVT. */
export function tileContentType(collections: readonly Collection[]): string {
  const [c] = collections;
  return collections.length === 1 && c.kind === 'function' ? c.function.contentType : MVT_CONTENT_TYPE;
}

/** Bytes that are not MVT (a raster tile function's) cannot be joined to other layers: a 400 naming them. */
export function checkContentTypes(collections: readonly Collection[]): void {
  if (collections.length < 2) return;
  const other = collections.find((c) => c.kind === 'function' && c.function.contentType !== MVT_CONTENT_TYPE);
  if (other?.kind === 'function') {
    throw invalidParameter('collections', `"${other.id}" returns ${other.function.contentType}, not vector tiles: it can only be asked for alone`);
  }
}
