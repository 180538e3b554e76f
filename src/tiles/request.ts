import { propertiesOf, type CatalogSnapshot, type Collection } from '../catalog/index.ts';
import type { TileryConfig } from '../config/index.ts';
import { invalidParameter, TileryError } from '../errors.ts';
import { tileOutOfRange, type TileMatrixSet } from '../tms/index.ts';
import { checkDatetimeApplies, checkLayerFilters, parseTileFilters, type TileFilters } from './filters.ts';
import { checkContentTypes, checkFunctionOnlyParams, checkFunctionTms, parseFunctionParams, takesFunctionParams, type FunctionParams } from './function-params.ts';
import { single, splitList, type Query } from './query.ts';

export type TileFormat = 'mvt';

/** Parameters that change a tile's bytes (and so belong to its cache key). */
export interface TileParams {
  /** Attribute columns to include; null: all. */
  readonly properties: readonly string[] | null;
  readonly limit: number;
  /** Tile extent in MVT units. */
  readonly resolution: number;
  /** Buffer in MVT units. */
  readonly buffer: number;
  /** filter (CQL2), filter-crs, datetime, subset. */
  readonly filters: TileFilters;
  /** Simplification tolerance in TMS CRS units for this zoom; null: none. */
  readonly simplification: number | null;
  readonly simplificationAlgorithm: SimplificationAlgorithm;
  /** The `query_params` of the function layers; present only when the request has one. */
  readonly functionParams?: FunctionParams;
}

export type SimplificationAlgorithm = 'topology_preserving' | 'douglas_peucker';

/**
 * How the caches take part: `use` them; `bypass` every cache layer, reading and writing
 * (`disable_cache`); `refresh`: forget the tile everywhere, then generate and store it again
 * (`refresh_cache`).
 */
export type CacheMode = 'use' | 'bypass' | 'refresh';

/** One tile request, parsed and validated once, whatever route it came through. */
export interface TileRequest {
  readonly collections: readonly Collection[];
  readonly tms: TileMatrixSet;
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly format: TileFormat;
  /** MVT layer names: `id` (`schema.name`, pg_tileserv routes) or `name` (catalog routes). */
  readonly layerNaming: 'id' | 'name';
  readonly params: TileParams;
  /**
   * The database role the layer queries run as (an authenticated user's), whose grants and
   * row-level security decide the features; null: tilery's own. Part of the cache key.
   */
  readonly role: string | null;
  /** Not part of the cache key: it changes where the bytes come from, not what they are. */
  readonly cache: CacheMode;
}

/** What a route's URL says: which tile of which layers, named how. */
export interface TileTarget {
  readonly collections: readonly Collection[];
  readonly tms: TileMatrixSet;
  readonly coords: { readonly z: number; readonly x: number; readonly y: number };
  readonly format: TileFormat;
  /** MVT layer names: `id` (`schema.name`, pg_tileserv routes) or `name` (catalog routes). */
  readonly layerNaming: 'id' | 'name';
}

export interface TileDefaults {
  defaultLimit: number;
  maxLimit: number;
  defaultResolution: number;
  defaultBuffer: number;
}

const defaultsOf = new WeakMap<object, TileDefaults>();

/** The defaults and bounds of the tile parameters, as configured (one object per configuration: every tile request asks). */
export function tileDefaults(config: Pick<TileryConfig, 'tiles'>): TileDefaults {
  let d = defaultsOf.get(config.tiles);
  if (!d) {
    d = Object.freeze({
      defaultLimit: config.tiles.default_limit,
      maxLimit: config.tiles.max_limit,
      defaultResolution: config.tiles.default_resolution,
      defaultBuffer: config.tiles.default_buffer,
    });
    defaultsOf.set(config.tiles, d);
  }
  return d;
}

const FORMATS: Record<string, TileFormat> = { mvt: 'mvt', pbf: 'mvt' };
export const MAX_RESOLUTION = 65536;

/** Split `12.pbf` into the row/y number text and the format. */
export function splitFormat(last: string, parameter = 'format'): { value: string; format: TileFormat } {
  const dot = last.lastIndexOf('.');
  if (dot < 0) throw invalidParameter(parameter, 'the tile path must end with .mvt or .pbf');
  const ext = last.slice(dot + 1).toLowerCase();
  const format = FORMATS[ext];
  if (!format) throw invalidParameter(parameter, `unsupported format "${ext}"; use mvt or pbf`);
  return { value: last.slice(0, dot), format };
}

/** Parse z/x/y text (names as the route calls them) and check them against the TMS (404). */
export function parseTileCoordinates(
  tms: TileMatrixSet,
  raw: { z: string; x: string; y: string },
  names: { z: string; x: string; y: string } = { z: 'z', x: 'x', y: 'y' },
): { z: number; x: number; y: number } {
  const z = parseIndex(raw.z, names.z);
  const x = parseIndex(raw.x, names.x);
  const y = parseIndex(raw.y, names.y);
  const reason = tileOutOfRange(tms, z, x, y);
  if (reason) throw new TileryError('tile_out_of_range', { z, x, y, tms: tms.id, reason });
  return { z, x, y };
}

/**
 * OGC routes name the matrix by its id and give row then column; z is the matrix's position in
 * the set. An unknown matrix id or a row/column outside it is a 404.
 */
export function parseTileMatrixCoordinates(
  tms: TileMatrixSet,
  raw: { tileMatrix: string; tileRow: string; tileCol: string },
): { z: number; x: number; y: number } {
  const z = tms.tileMatrices.findIndex((m) => m.id === raw.tileMatrix);
  const y = parseIndex(raw.tileRow, 'tileRow');
  const x = parseIndex(raw.tileCol, 'tileCol');
  if (z < 0) {
    throw new TileryError('tile_out_of_range', { z: raw.tileMatrix, x, y, tms: tms.id, reason: `no tile matrix "${raw.tileMatrix}"` });
  }
  return parseTileCoordinates(tms, { z: String(z), x: String(x), y: String(y) }, { z: 'tileMatrix', x: 'tileCol', y: 'tileRow' });
}

function parseIndex(text: string, parameter: string): number {
  if (!/^\d{1,9}$/.test(text)) throw invalidParameter(parameter, `expected a non-negative integer, got "${text}"`);
  return Number(text);
}

/**
 * Resolve layer names against the catalog (within `dataset` when given). An unknown name in the
 * path is a 404; in a query parameter (catalog routes' `collections`) a 400 naming it.
 */
export function resolveCollections(
  snapshot: CatalogSnapshot,
  names: readonly string[],
  options: { dataset?: string; parameter?: string } = {},
): Collection[] {
  const { dataset, parameter } = options;
  if (names.length === 0) throw invalidParameter(parameter ?? 'collections', 'at least one collection is required');
  const seen = new Set<string>();
  const out: Collection[] = [];
  for (const name of names) {
    const found = dataset === undefined ? snapshot.collections.get(name) : findInDataset(snapshot, dataset, name);
    if (!found && parameter) throw invalidParameter(parameter, `unknown collection "${name}"${dataset ? ` in dataset "${dataset}"` : ''}`);
    if (!found) throw new TileryError('unknown_collection', { collection: name });
    if (!seen.has(found.id)) out.push(found);
    seen.add(found.id);
  }
  return out;
}

function findInDataset(snapshot: CatalogSnapshot, dataset: string, name: string): Collection | undefined {
  const members = snapshot.datasets.get(dataset) ?? [];
  return members.find((c) => c.name === name) ?? members.find((c) => c.id === name);
}

export function parseTileParams(query: Query, collections: readonly Collection[], defaults: TileDefaults, z = 0): TileParams {
  checkFunctionOnlyParams(query, collections);
  const resolution = parseInteger(query, 'resolution', defaults.defaultResolution, 1, MAX_RESOLUTION);
  const filters = parseTileFilters(query);
  checkDatetimeApplies(collections, filters);
  return {
    properties: parseProperties(query, collections),
    limit: parseInteger(query, 'limit', defaults.defaultLimit, 0, defaults.maxLimit),
    resolution,
    buffer: parseInteger(query, 'buffer', Math.min(defaults.defaultBuffer, resolution), 0, resolution),
    filters,
    simplification: parseSimplification(query, z),
    simplificationAlgorithm: parseAlgorithm(query),
    ...(takesFunctionParams(collections) && { functionParams: parseFunctionParams(query, collections) }),
  };
}

/** `simplification` (a tolerance), or `simplification_by_zoom` (`{"zoom": tolerance}`, the greatest key ≤ z). */
function parseSimplification(query: Query, z: number): number | null {
  const plain = single(query, 'simplification');
  const byZoom = single(query, 'simplification_by_zoom');
  if (plain !== undefined && byZoom !== undefined) throw invalidParameter('simplification_by_zoom', 'give simplification or simplification_by_zoom, not both');
  if (plain !== undefined) return tolerance(plain, 'simplification');
  if (byZoom === undefined) return null;
  let table: unknown;
  try {
    table = JSON.parse(byZoom);
  } catch {
    throw invalidParameter('simplification_by_zoom', 'expected a JSON object such as {"0": 1000, "10": 10}');
  }
  if (typeof table !== 'object' || table === null || Array.isArray(table)) throw invalidParameter('simplification_by_zoom', 'expected a JSON object of zoom: tolerance');
  let best: { zoom: number; value: number } | null = null;
  for (const [key, value] of Object.entries(table)) {
    if (!/^\d{1,2}$/.test(key)) throw invalidParameter('simplification_by_zoom', `"${key}" is not a zoom level`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidParameter('simplification_by_zoom', `the tolerance of zoom ${key} must be a non-negative number`);
    const zoom = Number(key);
    if (zoom <= z && (best === null || zoom > best.zoom)) best = { zoom, value };
  }
  return best === null || best.value === 0 ? null : best.value;
}

function tolerance(text: string, parameter: string): number | null {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw invalidParameter(parameter, `expected a non-negative number, got "${text}"`);
  return n === 0 ? null : n;
}

function parseAlgorithm(query: Query): SimplificationAlgorithm {
  const text = single(query, 'simplification_algorithm') ?? 'topology_preserving';
  if (text !== 'topology_preserving' && text !== 'douglas_peucker') {
    throw invalidParameter('simplification_algorithm', `expected topology_preserving or douglas_peucker, got "${text}"`);
  }
  return text;
}

function parseInteger(query: Query, name: string, fallback: number, min: number, max: number): number {
  const text = single(query, name);
  if (text === undefined || text === '') return fallback;
  if (!/^-?\d+$/.test(text)) throw invalidParameter(name, `expected an integer, got "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw invalidParameter(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function parseProperties(query: Query, collections: readonly Collection[]): string[] | null {
  const text = single(query, 'properties');
  if (text === undefined) return null;
  const names = splitList(text);
  const known = new Set(collections.flatMap((c) => propertiesOf(c).map((p) => p.name)));
  for (const name of names) {
    if (!known.has(name)) throw invalidParameter('properties', `unknown property "${name}"`);
  }
  return [...new Set(names)];
}

/** `disable_cache`, `refresh_cache`: present and not false/0. */
function flag(query: Query, name: string): boolean {
  const v = single(query, name);
  if (v === undefined) return false;
  if (/^(|1|true|yes)$/i.test(v)) return true;
  if (/^(0|false|no)$/i.test(v)) return false;
  throw invalidParameter(name, 'expected true or false');
}

function parseCacheMode(query: Query): CacheMode {
  const bypass = flag(query, 'disable_cache');
  const refresh = flag(query, 'refresh_cache');
  return bypass ? 'bypass' : refresh ? 'refresh' : 'use';
}

/**
 * Build the request: every parameter is parsed and checked here, once, against the layers it
 * is for (a filter naming an unknown property is a 400 before any cache is asked).
 */
export function buildTileRequest(
  input: TileTarget & {
    query: Query;
    defaults: TileDefaults;
    /** The authenticated user's database role; absent or null: tilery's own. */
    role?: string | null;
    /** Overrides `disable_cache` / `refresh_cache` (the CLI's jobs). */
    cache?: CacheMode;
  },
): TileRequest {
  const { z } = input.coords;
  checkFunctionTms(input.collections, input.tms);
  checkContentTypes(input.collections);
  // Layers whose zoom range excludes z are left out of a multi-layer tile; when none is left
  // the tile does not exist.
  const inZoom = input.collections.filter((c) => z >= c.minzoom && z <= c.maxzoom);
  if (inZoom.length === 0) {
    const c = input.collections[0];
    throw new TileryError('tile_out_of_range', {
      ...input.coords,
      tms: input.tms.id,
      reason: `zoom ${z} is outside the zoom range ${c.minzoom}-${c.maxzoom} of "${c.id}"`,
    });
  }
  const params = Object.freeze(parseTileParams(input.query, input.collections, input.defaults, z));
  checkLayerFilters(inZoom, params.filters);
  const cache = input.cache ?? parseCacheMode(input.query);
  return Object.freeze({
    collections: Object.freeze(inZoom),
    tms: input.tms,
    z,
    x: input.coords.x,
    y: input.coords.y,
    format: input.format,
    layerNaming: input.layerNaming,
    params,
    role: input.role ?? null,
    cache,
  });
}
