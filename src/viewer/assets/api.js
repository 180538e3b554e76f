// What the viewer asks tilery, always relative to the page's <base> (tilery's root, behind any
// proxy prefix). Plain browser module, no build step.

/**
 * The read API key the page was opened with (`/?api_key=…`), when tilery asks for one: sent
 * with every request to tilery as the `X-API-Key` header, never written into tile URLs.
 */
const API_KEY = new URLSearchParams(location.search).get('api_key');

/** Headers of a request to tilery. */
export function authHeaders() {
  return API_KEY ? { 'x-api-key': API_KEY } : {};
}

/** MapLibre's `transformRequest`: the key goes with the requests to tilery's own origin only. */
export function transformRequest(url) {
  return API_KEY && new URL(url).origin === location.origin ? { url, headers: authHeaders() } : undefined;
}

/** An absolute URL below tilery's root (MapLibre's workers need absolute tile URLs). */
export function apiUrl(path) {
  return new URL(path, document.baseURI).href;
}

/** An error of tilery's JSON body (`code`, `description`, `parameter`, `position`) or of the network. */
export class ApiError extends Error {
  constructor(status, body, url) {
    super(body?.description ?? `HTTP ${status} for ${url}`);
    this.status = status;
    this.body = body ?? null;
    this.url = url;
  }
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(response.status, body, response.url);
}

export async function getJson(path) {
  const response = await fetch(apiUrl(path), { headers: { accept: 'application/json', ...authHeaders() } });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

/** The published collections (OGC API – Common part 2). */
export async function listCollections() {
  const doc = await getJson('collections?f=json');
  return doc.collections;
}

/** The layer document of pg_tileserv: properties with their types and descriptions, SRID, id column. */
export function layerDetail(id) {
  return getJson(`${encodeURIComponent(id)}.json`);
}

export async function listTileMatrixSets() {
  const doc = await getJson('tileMatrixSets?f=json');
  return doc.tileMatrixSets;
}

/** `{ available, reason }` of the cache debug overlay. */
export function cacheOverlayStatus() {
  return getJson('viewer/cache-overlay');
}

/**
 * The multi-layer tile URL template of some collections (pg_tileserv's `/{a,b}/{z}/{x}/{y}.pbf`:
 * one MVT layer per collection, named after its id), with the CQL2 text filter.
 */
export function tileUrlTemplate(ids, filter) {
  const layers = ids.map((id) => encodeURIComponent(id)).join(',');
  const query = filter ? `?filter=${encodeURIComponent(filter)}` : '';
  // MapLibre fills {z}/{x}/{y}: they must stay unencoded
  return `${apiUrl(layers)}/{z}/{x}/{y}.pbf${query}`;
}

/** The cache debug layer: outlines of the cached tiles holding one of `ids` (all when empty). */
export function cacheTileUrlTemplate(ids) {
  const query = ids.length ? `?collections=${ids.map((id) => encodeURIComponent(id)).join(',')}` : '';
  return `${apiUrl('_cache')}/{z}/{x}/{y}.pbf${query}`;
}

/**
 * Asks tilery to check a filter against the collections before the map loads tiles with it: one
 * tile that returns no feature (limit=0, no cache), so that a mistake is one clear 400 (its
 * message names the parameter and the position) rather than a map of failed tiles.
 */
export async function checkFilter(ids, filter, zoom) {
  const url = tileUrlTemplate(ids, filter).replace('{z}', String(zoom)).replace('{x}', '0').replace('{y}', '0');
  const response = await fetch(`${url}&limit=0&disable_cache=true`, { headers: authHeaders() });
  if (!response.ok) throw await errorOf(response);
}

/** The error body of a failed tile (MapLibre reports the status only). */
export async function tileError(url) {
  try {
    const response = await fetch(url, { headers: authHeaders() });
    if (!response.ok) return await errorOf(response);
  } catch (err) {
    return new ApiError(0, { description: String(err?.message ?? err) }, url);
  }
  return null;
}
