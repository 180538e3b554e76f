import type { Logger } from 'pino';
import type { CacheKey, MemoryCache } from '../cache/index.ts';
import type { Engine, Listener } from '../engine/index.ts';

export const CHANGES_CHANNEL = 'tilery_changes';
const UNDEFINED_TABLE = '42P01';
const R = 6378137;

/** One change as the log has it: a collection, and the WGS84 bounds touched (null: all of it). */
export interface Change {
  readonly collection: string;
  readonly bounds: readonly [number, number, number, number] | null;
  /** When it was logged (ms since the epoch, database clock). */
  readonly at?: number;
}

export interface ChangeWatcher {
  /** A mark to take before reading or generating a tile. */
  mark(): number;
  /** True when a change applied after `mark` touches the tile of `key`. */
  touchedSince(mark: number, key: CacheKey): boolean;
  /** Read the log now and apply what is new. */
  catchUp(): Promise<void>;
  /** Changes applied so far (for tests and metrics). */
  readonly applied: number;
  /** Delay from a change being logged to this instance dropping its L1 tiles (ms): the last and the largest seen. */
  readonly lag: { readonly lastMs: number | null; readonly maxMs: number | null };
  close(): Promise<void>;
}

/** WGS84 bounds of what a cache key covers; null when its CRS is neither 3857 nor 4326 (then any change of the collection touches it). */
export function keyBoundsWgs84(key: CacheKey): [number, number, number, number] | null {
  const [minx, miny, maxx, maxy] = key.envelope;
  if (key.srid === 4326) return [minx, miny, maxx, maxy];
  if (key.srid !== 3857) return null;
  const lon = (x: number) => (x / R) * (180 / Math.PI);
  const lat = (y: number) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);
  return [lon(minx), lat(miny), lon(maxx), lat(maxy)];
}

export function touches(change: Change, key: CacheKey): boolean {
  if (!key.collections.includes(change.collection)) return false;
  if (change.bounds === null) return true;
  const b = keyBoundsWgs84(key);
  if (b === null) return true;
  const c = change.bounds;
  // a tile's buffer may reach past the antimeridian: compare in longitude modulo 360 as well
  const overlaps = (shift: number) => c[0] + shift <= b[2] && c[2] + shift >= b[0] && c[1] <= b[3] && c[3] >= b[1];
  return overlaps(0) || overlaps(360) || overlaps(-360);
}

/**
 * Every instance follows the log of changes that the triggers write: on each notification, on
 * an interval (a lost notification costs at most `pollMs`), and after its listening connection
 * came back (then the whole L1 is dropped: what happened meanwhile is unknown). It reads the
 * changes that its last snapshot did not see, so changes committing out of order are not missed,
 * and drops the L1 tiles they touch.
 */
export async function startChangeWatcher(
  engine: Engine,
  memory: MemoryCache,
  options: {
    pollMs?: number;
    keepLogSeconds?: number;
    logger?: Logger;
    onChanges?: () => void;
    /** Told of each change applied, with how many L1 tiles it retired (metrics). */
    onApplied?: (retired: number) => void;
  } = {},
): Promise<ChangeWatcher> {
  const pollMs = options.pollMs ?? 1000;
  let snapshot: string | null = null;
  let counter = 0;
  const recent: Array<{ n: number; change: Change }> = [];
  const lag: { lastMs: number | null; maxMs: number | null } = { lastMs: null, maxMs: null };
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  async function readOnce(): Promise<void> {
    try {
      const { rows } = await engine.query<{ snap: string; changes: Change[] | null }>(
        `SELECT pg_current_snapshot()::text AS snap,
                CASE WHEN $1::text IS NULL THEN NULL ELSE (
                  SELECT json_agg(json_build_object('collection', collection, 'at', extract(epoch FROM at) * 1000, 'bounds',
                           CASE WHEN bounds IS NULL THEN NULL
                                ELSE json_build_array(ST_XMin(bounds), ST_YMin(bounds), ST_XMax(bounds), ST_YMax(bounds)) END) ORDER BY seq)
                  FROM tilery.changes
                  WHERE xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)) END AS changes`,
        [snapshot],
      );
      snapshot = rows[0].snap;
      const changes = rows[0].changes ?? [];
      for (const change of changes) apply(change);
      if (changes.length > 0) options.onChanges?.();
    } catch (err) {
      if ((err as { code?: string }).code !== UNDEFINED_TABLE) throw err;
      // no log yet: nothing to apply; remember where we are
      const { rows } = await engine.query<{ snap: string }>('SELECT pg_current_snapshot()::text AS snap');
      snapshot = rows[0].snap;
    }
  }

  function apply(change: Change): void {
    counter++;
    if (change.at !== undefined) {
      lag.lastMs = Math.max(0, Date.now() - change.at);
      lag.maxMs = Math.max(lag.maxMs ?? 0, lag.lastMs);
    }
    recent.push({ n: counter, change });
    if (recent.length > 10_000) recent.splice(0, recent.length - 10_000);
    const retired = memory.deleteWhere((k) => touches(change, k));
    options.onApplied?.(retired);
  }

  function catchUp(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await readOnce();
      } while (again && !closed);
    })()
      .catch((err) => options.logger?.warn({ err: (err as Error).message }, 'cannot read the log of changes'))
      .finally(() => {
        running = null;
      });
    return running;
  }

  const listener: Listener = await engine.listen(CHANGES_CHANNEL, () => void catchUp(), () => {
    memory.clear();
    void catchUp();
  });
  await catchUp();
  const timer = setInterval(() => void catchUp(), pollMs);
  timer.unref();
  const keep = options.keepLogSeconds ?? 3600;
  const pruner = setInterval(() => {
    engine.query(`DELETE FROM tilery.changes WHERE at < now() - make_interval(secs => $1)`, [keep]).catch(() => {});
  }, 60_000);
  pruner.unref();

  return {
    mark: () => counter,
    touchedSince(mark, key) {
      for (let i = recent.length - 1; i >= 0 && recent[i].n > mark; i--) if (touches(recent[i].change, key)) return true;
      // changes after the mark were dropped from memory: assume the worst
      return recent.length > 0 && recent[0].n > mark + 1;
    },
    catchUp,
    get applied() {
      return counter;
    },
    lag,
    async close() {
      closed = true;
      clearInterval(timer);
      clearInterval(pruner);
      await listener.close();
      await running;
    },
  };
}
