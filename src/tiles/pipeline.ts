import type { MemoryTile, Retirement, SaveOutcome, TieredCache, TileSource } from '../cache/index.ts';
import type { CatalogSnapshot } from '../catalog/index.ts';
import type { Engine } from '../engine/index.ts';
import type { ChangeWatcher } from '../freshness/index.ts';
import { TileryError } from '../errors.ts';
import { filtersLayer } from './filters.ts';
import { namedArguments, takesFunctionParams } from './function-params.ts';
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
  /**
   * When the tile stops being served (ms since the epoch): its generation plus the age bound of
   * an untracked collection (or of an authenticated user's tile without the event triggers).
   * Absent: until retired.
   */
  readonly expiresAt?: number;
}

export interface TilePipeline {
  /** The tile of a request, through the caches as `req.cache` says. */
  getTile(req: TileRequest): Promise<TileResult>;
  /**
   * Retire tiles everywhere (see TieredCache.retire), and read the retirement back before
   * resolving: from then on this instance neither serves nor keeps a tile generated before it.
   */
  retire(retirements: readonly Retirement[]): Promise<Record<string, number>>;
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
  /**
   * How long a tile is served at most after its generation (ms) when tilery cannot see what
   * changes it: a collection without freshness triggers, or a role's tile without the event
   * triggers (`cache.untracked_max_age_seconds`). Absent: 60 s.
   */
  untrackedMaxAgeMs?: number;
  /**
   * The catalog: whether grant and policy changes are told at once (event triggers), and a new
   * reading of it when a query finds a relation or column gone.
   */
  catalog?: { current(): CatalogSnapshot; refresh(): Promise<CatalogSnapshot> };
}

const DEFAULT_UNTRACKED_MAX_AGE_MS = 60_000;

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
      const changed = await catalogChangedError(err, req, deps.catalog);
      throw changed ?? filterValueError(err, req) ?? (await functionParamsError(err, req, deps.engine)) ?? permissionError(err) ?? err;
    }
  }

  const untrackedMaxAgeMs = deps.untrackedMaxAgeMs ?? DEFAULT_UNTRACKED_MAX_AGE_MS;
  /** How long a tile of `req` may be served after its generation (ms); null: until retired. */
  function maxAgeOf(req: TileRequest): number | null {
    const untracked = req.collections.some((c) => !c.tracked);
    const roleBounded = req.role !== null && !(deps.catalog?.current().authorizationTracked ?? false);
    return untracked || roleBounded ? untrackedMaxAgeMs : null;
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
    async retire(retirements) {
      if (!cache) return {};
      const counts = await cache.retire(retirements);
      // a generation under way that straddled it must see it before it stores its tile
      await deps.watcher?.catchUp();
      return counts;
    },
    async getTile(req) {
      const key = cacheKey(req, deps.defaults);
      const makeTile = (bytes: Buffer, etag: string | undefined, generatedAt: number): MemoryTile => ({
        key,
        bytes,
        etag: etag ?? etagOf(bytes),
        generatedAt,
        encodings: new Map(),
      });
      const maxAge = maxAgeOf(req);
      const expiry = (generatedAt: number | undefined) => (maxAge === null ? {} : { expiresAt: (generatedAt ?? 0) + maxAge });
      // a bound of 0: such tiles are kept nowhere
      if (!cache || req.cache === 'bypass' || maxAge === 0) {
        return shared(`nocache|${key.id}`, async () => {
          const generatedAt = Date.now();
          return { cache: 'miss', source: 'postgis', tile: makeTile(await generate(req), undefined, generatedAt), ...expiry(generatedAt) };
        });
      }
      const notBefore = maxAge === null ? null : Date.now() - maxAge;
      if (req.cache === 'refresh') {
        await cache.invalidate(key);
      } else {
        const inMemory = cache.memory.get(key.id);
        if (inMemory && (notBefore === null || inMemory.generatedAt >= notBefore)) {
          return { cache: 'hit', source: 'memory', tile: inMemory, ...expiry(inMemory.generatedAt) };
        }
      }
      return shared(key.id, async () => {
        const watcher = deps.watcher ?? null;
        const mark = watcher?.mark() ?? 0;
        // A retirement applied while this tile was read or generated may not be in it: serve
        // it, but keep it nowhere.
        const stale = (generatedAt?: number, epoch?: string) => watcher?.touchedSince(mark, key, generatedAt, epoch) ?? false;
        if (req.cache !== 'refresh') {
          const found = await cache.lookup(key, makeTile, notBefore);
          if (found?.kind === 'tile') {
            if (stale(found.tile.generatedAt)) cache.memory.delete(key.id);
            return { cache: 'hit', source: found.source, tile: found.tile, ...expiry(found.tile.generatedAt) };
          }
          if (found?.kind === 'redirect') return { cache: 'hit', source: found.source, redirect: found.url, ...expiry(found.generatedAt) };
        }
        // the age of a tile counts from before its snapshot: it holds nothing older
        const generatedAt = Date.now();
        const epoch = watcher ? await snapshotOf(deps.engine) : undefined;
        const tile = { ...makeTile(await generate(req), undefined, generatedAt), epoch };
        const saved = stale(generatedAt, epoch) ? undefined : cache.store(tile, epoch, () => !stale(generatedAt, epoch));
        return { cache: 'miss', source: 'postgis', tile, saved, ...expiry(generatedAt) };
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

/** SQLSTATEs of a query on a relation, column or function that is not (or no longer) as the catalog says. */
const SCHEMA_SQLSTATES = new Set(['42P01', '42703', '42883', '0A000']);
/** Readings of the catalog asked for by failing queries are this far apart at least (ms). */
const READING_GAP_MS = 1000;
const nextReadings = new WeakMap<object, Promise<CatalogSnapshot>>();

/**
 * A reading of the catalog that starts after the caller's failure, at most one a second: a layer
 * that keeps failing must not turn every request into a reading of the whole catalog.
 */
function readAgain(catalog: NonNullable<PipelineDeps['catalog']>): Promise<CatalogSnapshot> {
  const since = Date.now() - (catalog.current().loadedAt?.getTime() ?? 0);
  if (since >= READING_GAP_MS) return catalog.refresh();
  let next = nextReadings.get(catalog);
  if (!next) {
    next = new Promise<void>((resolve) => setTimeout(resolve, READING_GAP_MS - since))
      .then(() => catalog.refresh())
      .finally(() => nextReadings.delete(catalog));
    nextReadings.set(catalog, next);
  }
  return next;
}

/**
 * A query that failed because a layer's relation, column or function is gone or changed (a
 * DROP, RENAME or ALTER since the catalog was read): the catalog is read again (which retires
 * the tiles of what changed), and the tile is a 404 when a layer is gone, else a 503 to retry.
 * Tilery's own role losing its grant counts too (a role's query lacking one is a 403, below).
 */
async function catalogChangedError(err: unknown, req: TileRequest, catalog: PipelineDeps['catalog']): Promise<TileryError | null> {
  const e = err as { code?: unknown; message?: string };
  const code = typeof e.code === 'string' ? e.code : '';
  const schema = SCHEMA_SQLSTATES.has(code) || (code === '42501' && req.role === null) || (code === 'XX000' && /could not open relation/.test(e.message ?? ''));
  if (!schema || !catalog) return null;
  let snapshot: CatalogSnapshot;
  try {
    snapshot = await readAgain(catalog);
  } catch {
    return new TileryError('catalog_changed', { collection: req.collections.map((c) => c.id).join(','), reason: e.message ?? code });
  }
  const gone = req.collections.find((c) => snapshot.collections.get(c.id) === undefined);
  if (gone) return new TileryError('unknown_collection', { collection: gone.id });
  const changed = req.collections.find((c) => snapshot.collections.get(c.id)?.fingerprint !== c.fingerprint);
  // nothing changed after all: the failure is of another kind
  return changed ? new TileryError('catalog_changed', { collection: changed.id, reason: e.message ?? code }) : null;
}

/**
 * A filter the checker let through can still hold a value the database refuses when it runs
 * (a negative number to a fractional power, a LIKE pattern ending in its escape character, an
 * overflow, a geometry PostGIS cannot build): a 400 naming the parameter, not a 500.
 */
function filterValueError(err: unknown, req: TileRequest): TileryError | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !(code.startsWith('22') || code === 'XX000')) return null;
  const f = req.params.filters;
  if (!req.collections.some((c) => filtersLayer(c, f))) return null;
  const message = (err as Error).message;
  // an SRID PostGIS does not know is the filter-crs's fault, not the filter's
  const parameter = f.filterSrid !== 4326 && /SRID|spatial_ref_sys/i.test(message) ? 'filter-crs' : f.cql2 ? 'filter' : f.datetime ? 'datetime' : 'subset';
  return new TileryError('invalid_parameter', { parameter, reason: `the database refused a value: ${message}` });
}

/**
 * A function layer that refuses its parameters, by a value it cannot use (22xxx), one its
 * argument's domain refuses (23xxx, a CHECK) or an exception of its own (P0001, RAISE
 * EXCEPTION): a 400 naming the argument (or query_params), with the database's message.
 */
async function functionParamsError(err: unknown, req: TileRequest, engine: Engine): Promise<TileryError | null> {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !(code.startsWith('22') || code.startsWith('23') || code === 'P0001')) return null;
  if (!takesFunctionParams(req.collections)) return null;
  const refused = (await refusedArgument(req, engine)) ?? { parameter: 'query_params', reason: `a function layer refused them: ${(err as Error).message}` };
  return new TileryError('invalid_parameter', refused);
}

/** The first named argument whose value does not cast to its declared type, if any. */
async function refusedArgument(req: TileRequest, engine: Engine): Promise<{ parameter: string; reason: string } | null> {
  const params = req.params.functionParams ?? {};
  for (const a of req.collections.flatMap(namedArguments)) {
    if (!Object.hasOwn(params, a.name)) continue;
    try {
      await engine.query(`SELECT $1::${a.type}`, [params[a.name]]);
    } catch (castErr) {
      return { parameter: a.name, reason: `not a value of type ${a.type}: ${(castErr as Error).message}` };
    }
  }
  return null;
}

/** A layer the role may not read (a user's role without SELECT on it): a 403 saying so. */
function permissionError(err: unknown): TileryError | null {
  if ((err as { code?: unknown }).code !== '42501') return null;
  return new TileryError('database_permission_denied', { action: 'read this tile', reason: (err as Error).message });
}
