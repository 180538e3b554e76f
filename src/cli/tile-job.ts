/**
 * What `tilery seed` and `tilery export` share: their flags, tilery built from the
 * configuration, the tiles of some collections over zooms and a box, and a clean stop on Ctrl-C.
 */
import { Command } from 'commander';
import pino from 'pino';
import { isFunctionLayer, type Bounds, type Collection } from '../catalog/index.ts';
import { loadConfig, type TileryConfig } from '../config/index.ts';
import { TileryError } from '../errors.ts';
import { createTilery, type Tilery } from '../index.ts';
import { buildTileRequest, checkFunctionTms, tileDefaults, limitsOfBounds, resolveCollections, splitList, type CacheMode, type TileRequest } from '../tiles/index.ts';
import { countTiles, enumerateTiles, intersectBounds, rectsFromLimits, type TileAddress, type TileRect } from '../tiles/enumerate.ts';
import type { TileMatrixSet } from '../tms/index.ts';
import { parseBbox, parseZoomRange, positiveInteger, secondsAsMs, type ZoomRange } from './args.ts';

export interface TileJobFlags {
  dataset: string;
  collections?: string;
  tms: string;
  zoom: ZoomRange;
  bbox?: Bounds;
  concurrency?: number;
  progressInterval?: number;
  config?: string;
  databaseUrl?: string;
}

export const MAX_CONCURRENCY = 1024;

/** The flags both commands take, in the order `--help` lists them. */
export function withTileJobOptions(command: Command): Command {
  return command
    .requiredOption('-d, --dataset <schema>', 'the dataset (database schema) of the collections')
    .option('--collections <list>', 'comma-separated collection names of the dataset; default: all of them but the function layers')
    .option('--tms <id>', 'tile matrix set', 'WebMercatorQuad')
    .requiredOption('-z, --zoom <range>', 'zooms, e.g. 0-12, or one zoom; each collection is cut to its own zoom range', parseZoomRange)
    .option(
      '--bbox <minlon,minlat,maxlon,maxlat>',
      'area in degrees (WGS84); tiles whose envelope meets both it and a collection\'s bounds; default: the collections\' bounds',
      parseBbox,
    )
    .option('--concurrency <n>', 'tiles generated at a time; default: the pool size (database.pool_size)', positiveInteger(MAX_CONCURRENCY))
    .option('--progress-interval <seconds>', 'seconds between progress lines when stderr is not a terminal (default: 5)', secondsAsMs)
    .option('-c, --config <file>', 'YAML configuration file (env TILERY_CONFIG)')
    .option('--database-url <url>', 'PostgreSQL + PostGIS connection URL (env DATABASE_URL)');
}

/** The configuration (defaults < YAML < environment < flags), and tilery built from it, logging warnings to stderr. */
export async function openTilery(flags: TileJobFlags): Promise<{ config: TileryConfig; tilery: Tilery }> {
  const config = loadConfig({ file: flags.config, env: process.env, flags: { database_url: flags.databaseUrl, log_level: 'warn' } });
  // stdout carries the summary; the log (warnings: a failing provider, …) goes with the progress to stderr
  const logger = pino({ level: config.log_level, base: { service: 'tilery' } }, pino.destination(2));
  return { config, tilery: await createTilery(config, { logger }) };
}

/** Collections, TMS, zooms and box of a job, checked; the tile rectangles of each collection. */
export interface TilePlan {
  readonly dataset: string;
  readonly collections: readonly Collection[];
  readonly tms: TileMatrixSet;
  readonly zoom: ZoomRange;
  readonly bbox: Bounds | null;
  /** Per collection id: its tiles, as rectangles per zoom. */
  readonly rects: ReadonlyMap<string, readonly TileRect[]>;
}

/**
 * Resolve the flags against the catalog and the TMS registry, and find each collection's tiles:
 * those of its zooms within `--zoom` whose envelope meets its bounds (cut to `--bbox`), as the
 * TMS's limits give them. Every problem is an error naming the flag.
 */
export async function planTiles(tilery: Tilery, flags: TileJobFlags): Promise<TilePlan> {
  const snapshot = await tilery.catalog.ready();
  if (!snapshot.datasets.has(flags.dataset)) throw new TileryError('unknown_dataset', { dataset: flags.dataset });
  let collections: Collection[];
  try {
    collections =
      flags.collections === undefined
        ? // function layers cover the whole world: they are made only when named
          (snapshot.datasets.get(flags.dataset) ?? []).filter((c) => !isFunctionLayer(c))
        : resolveCollections(snapshot, splitList(flags.collections), { dataset: flags.dataset, parameter: 'collections' });
  } catch (err) {
    if (err instanceof TileryError && err.detail.reason) throw new Error(`--collections: ${err.detail.reason}`);
    throw err;
  }
  const tms = await tilery.tms.get(flags.tms);
  if (!tms) throw new Error(`--tms: unknown tile matrix set "${flags.tms}" (tilery serves ${(await tilery.tms.list()).map((t) => t.id).join(', ')})`);
  try {
    checkFunctionTms(collections, tms);
  } catch (err) {
    if (err instanceof TileryError) throw new Error(`--tms: ${err.message}`);
    throw err;
  }
  const last = tms.tileMatrices.length - 1;
  if (flags.zoom.max > last) throw new Error(`--zoom: ${tms.id} has zooms 0-${last}, not ${flags.zoom.min}-${flags.zoom.max}`);

  const rects = new Map<string, TileRect[]>();
  for (const c of collections) {
    const minZoom = Math.max(flags.zoom.min, c.minzoom);
    const maxZoom = Math.min(flags.zoom.max, c.maxzoom);
    const area = flags.bbox ? intersectBounds(flags.bbox, c.bounds) : c.bounds;
    if (area === null || minZoom > maxZoom) {
      rects.set(c.id, []);
      continue;
    }
    rects.set(c.id, rectsFromLimits(tms, await limitsOfBounds(tilery.engine, tms, area, minZoom, maxZoom)));
  }
  if ([...rects.values()].every((r) => countTiles(r) === 0)) throw new Error(nothingToDo(collections, flags));
  return { dataset: flags.dataset, collections, tms, zoom: flags.zoom, bbox: flags.bbox ?? null, rects };
}

function nothingToDo(collections: readonly Collection[], flags: TileJobFlags): string {
  const ranges = collections.map((c) => `${c.name} ${c.minzoom}-${c.maxzoom}`).join(', ');
  const inZoom = collections.some((c) => c.minzoom <= flags.zoom.max && c.maxzoom >= flags.zoom.min);
  if (!inZoom) return `--zoom: no zoom of ${flags.zoom.min}-${flags.zoom.max} is in the zoom range of the collections (${ranges})`;
  if (flags.bbox) return `--bbox: ${flags.bbox.join(',')} does not meet the bounds of the collections within their zooms`;
  return 'no tile to make: the collections have no tile within these zooms';
}

/** One tile to make: its address and the collections (layers) it holds. */
export interface PlannedTile extends TileAddress {
  readonly collections: readonly Collection[];
}

/**
 * One tile per collection (the tiles a client of the catalog routes asks for with
 * `?collections={name}`), zoom by zoom, then collection by collection.
 */
export function separateTiles(plan: TilePlan): { total: number; tiles: Iterable<PlannedTile> } {
  const total = plan.collections.reduce((n, c) => n + countTiles(plan.rects.get(c.id) ?? []), 0);
  function* tiles(): Generator<PlannedTile> {
    for (let z = plan.zoom.min; z <= plan.zoom.max; z++) {
      for (const c of plan.collections) {
        const atZoom = (plan.rects.get(c.id) ?? []).filter((r) => r.z === z);
        for (const t of enumerateTiles(atZoom)) yield { ...t, collections: [c] };
      }
    }
  }
  return { total, tiles: tiles() };
}

/** One multi-layer tile of every collection wherever any of them has a tile (`?collections=a,b`). */
export function combinedTiles(plan: TilePlan): { total: number; tiles: Iterable<PlannedTile> } {
  const all = [...plan.rects.values()].flat();
  function* tiles(): Generator<PlannedTile> {
    for (const t of enumerateTiles(all)) yield { ...t, collections: plan.collections };
  }
  return { total: countTiles(all), tiles: tiles() };
}

/** The request a route would build for this tile, at the default parameters. */
export function tileRequest(config: TileryConfig, plan: TilePlan, tile: PlannedTile, layerNaming: TileRequest['layerNaming'], cache: CacheMode): TileRequest {
  return buildTileRequest({
    collections: tile.collections,
    tms: plan.tms,
    coords: { z: tile.z, x: tile.x, y: tile.y },
    format: 'mvt',
    layerNaming,
    query: {},
    defaults: tileDefaults(config),
    cache,
  });
}

/**
 * Ctrl-C (SIGINT, and SIGTERM) aborts the signal: the job starts nothing more and finishes the
 * tiles under way; a second Ctrl-C quits at once. `dispose` removes the handlers.
 */
export function stopOnInterrupt(onStop: (signal: string) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    onStop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** "3/1/2" and, for a multi-layer tile or more than one collection, which. */
export function describeTile(tile: PlannedTile): string {
  return `tile ${tile.z}/${tile.x}/${tile.y} of ${tile.collections.map((c) => c.name).join(',')}`;
}
