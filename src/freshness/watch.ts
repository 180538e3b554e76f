import type { Logger } from 'pino';
import { parseRetirements, retires, RETIREMENT_CHANNEL, type CacheKey, type MemoryCache, type Retirement } from '../cache/index.ts';
import { ROLES_FINGERPRINT_SQL } from '../catalog/index.ts';
import type { Engine, Listener } from '../engine/index.ts';

const UNDEFINED_TABLE = '42P01';

export interface ChangeWatcher {
  /** A mark to take before reading or generating a tile. */
  mark(): number;
  /** True when a retirement applied after `mark` retires the tile of `key` (generated at `generatedAt` from snapshot `epoch`). */
  touchedSince(mark: number, key: CacheKey, generatedAt?: number, epoch?: string): boolean;
  /** Read the log now and apply what is new. */
  catchUp(): Promise<void>;
  /** Retirements applied so far (for tests and metrics). */
  readonly applied: number;
  /** Delay from a retirement being logged to this instance dropping its L1 tiles (ms): the last and the largest seen. */
  readonly lag: { readonly lastMs: number | null; readonly maxMs: number | null };
  /** Every such delay seen, oldest first (the last 10,000), for the freshness benchmark. */
  readonly lags: readonly number[];
  close(): Promise<void>;
}

interface LogRow {
  collection: string;
  at: number;
  bounds: [number, number, number, number] | null;
  scope: 'all' | 'roles';
  tile: string | null;
  generated_before: number | null;
  xid: string;
}

function toRetirement(row: LogRow): Retirement {
  return {
    collection: row.collection,
    bounds: row.bounds,
    scope: row.scope,
    ...(row.tile !== null ? { tile: row.tile } : {}),
    ...(row.generated_before !== null ? { generatedBefore: Number(row.generated_before) } : {}),
    xid: row.xid,
  };
}

/**
 * Every instance follows the retirement log (cache/retirement-log.sql): on each notification, on
 * an interval (a lost notification costs at most `pollMs`), and after its listening connection
 * came back (then the whole L1 is dropped: what happened meanwhile is unknown). It reads the
 * rows that its last snapshot did not see, so retirements committing out of order are not
 * missed, and drops the L1 tiles they retire. Each read also looks at the database's roles:
 * `onRolesChanged` is told when they changed (no event trigger sees a role dropped).
 */
export async function startChangeWatcher(
  engine: Engine,
  memory: MemoryCache,
  options: {
    pollMs?: number;
    keepLogSeconds?: number;
    logger?: Logger;
    onChanges?: () => void;
    /** Told of each retirement applied, with how many L1 tiles it retired (metrics). */
    onApplied?: (retired: number) => void;
    /** Told when the roles or role memberships changed since the last read. */
    onRolesChanged?: () => void;
  } = {},
): Promise<ChangeWatcher> {
  const pollMs = options.pollMs ?? 1000;
  let snapshot: string | null = null;
  let counter = 0;
  const recent: Array<{ n: number; retirement: Retirement }> = [];
  const lag: { lastMs: number | null; maxMs: number | null } = { lastMs: null, maxMs: null };
  const lags: number[] = [];
  let roles: string | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  /** The roles are looked at by the poll (and the first read), not on every notification: that read is the lag. */
  let rolesDue = true;
  const rolesSql = () => {
    const due = rolesDue;
    rolesDue = false;
    return due ? `${ROLES_FINGERPRINT_SQL} AS roles` : 'NULL::text AS roles';
  };

  async function readOnce(): Promise<void> {
    try {
      const { rows } = await engine.query<{ snap: string; roles: string | null; changes: LogRow[] | null }>(
        `SELECT pg_current_snapshot()::text AS snap, ${rolesSql()},
                CASE WHEN $1::text IS NULL THEN NULL ELSE (
                  SELECT json_agg(json_build_object('collection', collection, 'at', extract(epoch FROM at) * 1000, 'bounds',
                           CASE WHEN bounds IS NULL THEN NULL
                                ELSE json_build_array(ST_XMin(bounds), ST_YMin(bounds), ST_XMax(bounds), ST_YMax(bounds)) END,
                           'scope', scope, 'tile', tile, 'generated_before', extract(epoch FROM generated_before) * 1000, 'xid', xid::text) ORDER BY seq)
                  FROM tilery.changes
                  WHERE xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)) END AS changes`,
        [snapshot],
      );
      snapshot = rows[0].snap;
      noticeRoles(rows[0].roles);
      const changes = rows[0].changes ?? [];
      for (const row of changes) apply(toRetirement(row), row.at);
      if (changes.length > 0) options.onChanges?.();
    } catch (err) {
      if ((err as { code?: string }).code !== UNDEFINED_TABLE) throw err;
      // no log yet: nothing to apply; remember where we are
      const { rows } = await engine.query<{ snap: string; roles: string | null }>(`SELECT pg_current_snapshot()::text AS snap, ${ROLES_FINGERPRINT_SQL} AS roles`);
      snapshot = rows[0].snap;
      noticeRoles(rows[0].roles);
    }
  }

  function noticeRoles(now: string | null): void {
    if (now === null) return;
    const before = roles;
    roles = now;
    if (before !== null && before !== now) options.onRolesChanged?.();
  }

  function apply(r: Retirement, at?: number): void {
    counter++;
    if (at !== undefined) {
      lag.lastMs = Math.max(0, Date.now() - at);
      lag.maxMs = Math.max(lag.maxMs ?? 0, lag.lastMs);
      lags.push(lag.lastMs);
      if (lags.length > 10_000) lags.splice(0, lags.length - 10_000);
    }
    recent.push({ n: counter, retirement: r });
    if (recent.length > 10_000) recent.splice(0, recent.length - 10_000);
    options.onApplied?.(memory.retire(r));
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

  const listener: Listener = await engine.listen(
    RETIREMENT_CHANNEL,
    (payload) => {
      // retirements told directly, where there is no log (see cache/retirement.ts); else, read the log
      const told = parseRetirements(payload);
      if (told) for (const r of told) apply(r);
      else void catchUp();
    },
    () => {
      memory.clear();
      void catchUp();
    },
  );
  await catchUp();
  const timer = setInterval(() => {
    rolesDue = true;
    void catchUp();
  }, pollMs);
  timer.unref();
  const keep = options.keepLogSeconds ?? 3600;
  const pruner = setInterval(() => {
    engine.query(`DELETE FROM tilery.changes WHERE at < now() - make_interval(secs => $1)`, [keep]).catch(() => {});
  }, 60_000);
  pruner.unref();

  return {
    mark: () => counter,
    touchedSince(mark, key, generatedAt, epoch) {
      for (let i = recent.length - 1; i >= 0 && recent[i].n > mark; i--) if (retires(recent[i].retirement, key, generatedAt, epoch)) return true;
      // changes after the mark were dropped from memory: assume the worst
      return recent.length > 0 && recent[0].n > mark + 1;
    },
    catchUp,
    get applied() {
      return counter;
    },
    lag,
    lags,
    async close() {
      closed = true;
      clearInterval(timer);
      clearInterval(pruner);
      await listener.close();
      await running;
    },
  };
}
