import type { MemoryTile, SaveOutcome, TieredCache, TileSource } from '../cache/index.ts';
import type { Engine } from '../engine/index.ts';
import type { ChangeWatcher } from '../freshness/index.ts';
import { TileryError } from '../errors.ts';
import { takesFunctionParams } from './function-params.ts';
import { generateTile } from './generate.ts';
import { cacheKey, etagOf } from './key.ts';
import type { TileDefaults, TileRequest } from './request.ts';

/** A tile as the pipeline answers it: bytes (or a redirect) and where they came from. */
export interface TileResult {
  readonly cache: 'hit' | 'miss';
  readonly source: TileSource;
  /** Absent for a redirect. */
  readonly tile?: MemoryTile;
  /** A signed URL to answer with a 307 (bucket in redirect mode). */
  readonly redirect?: string;
  /**
   * A generated tile's saves to the L2 providers, under way in the background; absent when the
   * tile is kept nowhere (caching off, or a change touched it meanwhile). Routes ignore it;
   * `tilery seed` waits for it.
   */
  readonly saved?: Promise<SaveOutcome>;
}

export interface TileOptions {
  /** Bypass every cache layer, reading and writing. */
  readonly disableCache?: boolean;
  /** Forget this tile everywhere, then generate and store it again. */
  readonly refreshCache?: boolean;
}

export interface TilePipeline {
  getTile(req: TileRequest, options?: TileOptions): Promise<TileResult>;
  /** The caches; null when caching is off. */
  readonly cache: TieredCache | null;
}

export interface PipelineDeps {
  engine: Engine;
  defaults: TileDefaults;
  cache?: TieredCache | null;
  /** Follows the log of changes; without it tiles are cached without the freshness checks. */
  watcher?: ChangeWatcher | null;
  /** Told how long each tile generated took (seconds, from the query to the bytes), for the metrics. */
  onGenerated?: (seconds: number) => void;
}

/** The one tile pipeline every route family uses: L1 → L2 providers in order → PostGIS. */
export function createTilePipeline(deps: PipelineDeps): TilePipeline {
  const cache = deps.cache ?? null;
  // Concurrent requests for one tile share one lookup and one generation.
  const inFlight = new Map<string, Promise<TileResult>>();

  async function generate(req: TileRequest): Promise<Buffer> {
    const started = performance.now();
    try {
      const bytes = await generateTile(deps.engine, req);
      deps.onGenerated?.((performance.now() - started) / 1000);
      return bytes;
    } catch (err) {
      throw filterValueError(err, req) ?? functionParamsError(err, req) ?? permissionError(err) ?? err;
    }
  }

  function shared(id: string, work: () => Promise<TileResult>): Promise<TileResult> {
    let pending = inFlight.get(id);
    if (!pending) {
      pending = work().finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    return pending;
  }

  return {
    cache,
    async getTile(req, options = {}) {
      const key = cacheKey(req, deps.defaults);
      const makeTile = (bytes: Buffer, etag?: string): MemoryTile => ({ key, bytes, etag: etag ?? etagOf(bytes), encodings: new Map() });
      if (!cache || options.disableCache) {
        const bytes = await shared(`nocache|${key.id}`, async () => ({ cache: 'miss', source: 'postgis', tile: makeTile(await generate(req)) }));
        return bytes;
      }
      if (options.refreshCache) {
        await cache.invalidate(key);
      } else {
        const inMemory = cache.memory.get(key.id);
        if (inMemory) return { cache: 'hit', source: 'memory', tile: inMemory };
      }
      return shared(key.id, async () => {
        const watcher = deps.watcher ?? null;
        const mark = watcher?.mark() ?? 0;
        // A change applied while this tile was read or generated may not be in it: serve it,
        // but keep it nowhere.
        const stale = () => watcher?.touchedSince(mark, key) ?? false;
        if (!options.refreshCache) {
          const found = await cache.lookup(key, makeTile);
          if (found?.kind === 'tile') {
            if (stale()) cache.memory.delete(key.id);
            return { cache: 'hit', source: found.source, tile: found.tile };
          }
          if (found?.kind === 'redirect') return { cache: 'hit', source: found.source, redirect: found.url };
        }
        const epoch = watcher ? await snapshotOf(deps.engine) : undefined;
        const tile = makeTile(await generate(req));
        const saved = stale() ? undefined : cache.store(tile, epoch, () => !stale());
        return { cache: 'miss', source: 'postgis', tile, saved };
      });
    },
  };
}

/** The database snapshot now: what a tile generated from here on sees at least. */
async function snapshotOf(engine: Engine): Promise<string | undefined> {
  try {
    const { rows } = await engine.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s');
    return rows[0].s;
  } catch {
    return undefined;
  }
}

/**
 * A filter the checker let through can still hold a value the database refuses when it runs
 * (a negative number to a fractional power, a LIKE pattern ending in its escape character, an
 * overflow, a geometry PostGIS cannot build): a 400 naming the parameter, not a 500.
 */
function filterValueError(err: unknown, req: TileRequest): TileryError | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !(code.startsWith('22') || code === 'XX000')) return null;
  if (![...req.layerFilters.values()].some((f) => f !== null)) return null;
  const f = req.params.filters;
  const parameter = f.cql2 ? 'filter' : f.datetime ? 'datetime' : 'subset';
  return new TileryError('invalid_parameter', { parameter, reason: `the database refused a value: ${(err as Error).message}` });
}

/**
 * A function layer that refuses its parameters, by a value it cannot use (22xxx) or an exception
 * of its own (P0001, RAISE EXCEPTION): a 400 naming query_params, with the function's message.
 */
function functionParamsError(err: unknown, req: TileRequest): TileryError | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !(code.startsWith('22') || code === 'P0001')) return null;
  if (!takesFunctionParams(req.collections)) return null;
  return new TileryError('invalid_parameter', { parameter: 'query_params', reason: `a function layer refused them: ${(err as Error).message}` });
}

/** A layer the role may not read (a user's role without SELECT on it): a 403 saying so. */
function permissionError(err: unknown): TileryError | null {
  if ((err as { code?: unknown }).code !== '42501') return null;
  return new TileryError('database_permission_denied', { action: 'read this tile', reason: (err as Error).message });
}
