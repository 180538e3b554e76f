import type { Logger } from 'pino';
import type { Engine } from '../engine/index.ts';
import type { CacheKey } from './provider.ts';
import { cacheTablesOnce } from './tables.ts';

/** The channel every instance listens on for retirements (see retirement-log.sql). */
export const RETIREMENT_CHANNEL = 'tilery_changes';

/** WGS84 bounds: [minlon, minlat, maxlon, maxlat]. */
export type Wgs84Bounds = readonly [number, number, number, number];

/**
 * "Retire these tiles": the one shape of every retirement, whatever its source (a data change, an
 * admin DELETE, a schema, grant or policy change, an age bound). A tile is retired when it holds
 * the collection and meets every other condition given.
 */
export interface Retirement {
  readonly collection: string;
  /** Only tiles whose content (the tile grown by its buffer) meets these bounds; null: anywhere. */
  readonly bounds: Wgs84Bounds | null;
  /** `roles`: only tiles read as a database role (authenticated users'); `all` (default): every tile. */
  readonly scope?: 'all' | 'roles';
  /** One tile only: its cache key id. */
  readonly tile?: string;
  /** Only tiles generated before this time (ms since the epoch). */
  readonly generatedBefore?: number;
  /**
   * The transaction that logged it (as read back from the log): a tile generated from a snapshot
   * that sees it holds what it retires already.
   */
  readonly xid?: string;
}

/**
 * Whether transaction `xid` is visible in snapshot `snapshot` (`pg_current_snapshot()` text,
 * `xmin:xmax:xip,…`): what PostgreSQL's `pg_visible_in_snapshot` answers, for a committed xid.
 */
export function visibleIn(xid: string, snapshot: string): boolean {
  const [xmin, xmax, xip] = snapshot.split(':');
  const x = BigInt(xid);
  if (x < BigInt(xmin)) return true;
  if (x >= BigInt(xmax)) return false;
  return !(xip ?? '').split(',').some((p) => p !== '' && BigInt(p) === x);
}

const R = 6378137;

/** WGS84 bounds of what a cache key covers; null when its CRS is neither 3857 nor 4326 (then any area retirement of the collection touches it). */
export function keyBoundsWgs84(key: CacheKey): [number, number, number, number] | null {
  const [minx, miny, maxx, maxy] = key.envelope;
  if (key.srid === 4326) return [minx, miny, maxx, maxy];
  if (key.srid !== 3857) return null;
  const lon = (x: number) => (x / R) * (180 / Math.PI);
  const lat = (y: number) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);
  return [lon(minx), lat(miny), lon(maxx), lat(maxy)];
}

/**
 * Whether `r` retires the tile of `key` generated at `generatedAt` (ms; unknown: retired by any
 * age bound) from snapshot `epoch` (unknown: as if before every retirement). The same rule as
 * tilery.retires in SQL.
 */
export function retires(r: Retirement, key: CacheKey, generatedAt?: number, epoch?: string): boolean {
  if (!key.collections.includes(r.collection)) return false;
  if (r.xid !== undefined && epoch !== undefined && visibleIn(r.xid, epoch)) return false;
  if (r.scope === 'roles' && key.role === null) return false;
  if (r.tile !== undefined && r.tile !== key.id) return false;
  if (r.generatedBefore !== undefined && generatedAt !== undefined && generatedAt >= r.generatedBefore) return false;
  if (r.bounds === null) return true;
  const b = keyBoundsWgs84(key);
  if (b === null) return true;
  const c = r.bounds;
  // a tile's buffer may reach past the antimeridian: compare in longitude modulo 360 as well
  const overlaps = (shift: number) => c[0] + shift <= b[2] && c[2] + shift >= b[0] && c[1] <= b[3] && c[3] >= b[1];
  return overlaps(0) || overlaps(360) || overlaps(-360);
}

/** Retirements as `tilery.retire` and the notifications carry them. */
export function retirementsJson(retirements: readonly Retirement[]): string {
  return JSON.stringify(
    retirements.map((r) => ({
      collection: r.collection,
      bounds: r.bounds,
      scope: r.scope ?? 'all',
      tile: r.tile ?? null,
      generated_before: r.generatedBefore ?? null,
    })),
  );
}

/** The other way: retirements from a notification's JSON payload; null when the payload is not such a list. */
export function parseRetirements(payload: string): Retirement[] | null {
  if (!payload.startsWith('[')) return null;
  try {
    const list = JSON.parse(payload) as Array<Record<string, unknown>>;
    return list.map((x) => ({
      collection: String(x.collection),
      bounds: Array.isArray(x.bounds) ? (x.bounds.map(Number) as unknown as Wgs84Bounds) : null,
      scope: x.scope === 'roles' ? 'roles' : 'all',
      ...(typeof x.tile === 'string' ? { tile: x.tile } : {}),
      ...(typeof x.generated_before === 'number' ? { generatedBefore: x.generated_before } : {}),
    }));
  } catch {
    return null;
  }
}

const UNDEFINED = new Set(['42P01', '42883', '3F000']);
/** A notification carries at most this many bytes (PostgreSQL's limit is 8000). */
const MAX_PAYLOAD = 7900;

export interface RetirementLog {
  /**
   * Log `retirements` and apply them in every store, in one transaction, then tell every
   * instance. Where tilery's tables cannot exist (a role without CREATE, and nobody ran
   * install-triggers), there are no shared stores: the instances are told the retirements
   * themselves. Resolves to how many tiles each store retired, by provider name, and how many
   * retirements were logged (`logged`: 0 when only told).
   */
  write(retirements: readonly Retirement[]): Promise<Record<string, number>>;
}

export function createRetirementLog(engine: Engine, logger?: Logger): RetirementLog {
  const ensure = cacheTablesOnce(engine);
  return {
    async write(retirements) {
      if (retirements.length === 0) return { logged: 0 };
      const json = retirementsJson(retirements);
      try {
        await ensure();
        const { rows } = await engine.query<{ counts: Record<string, number> }>('SELECT tilery.retire($1::json) AS counts', [json]);
        return rows[0].counts;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!UNDEFINED.has(code ?? '') && code !== '42501') throw err;
        logger?.warn({ err: (err as Error).message }, 'no retirement log (tilery cannot create its tables): telling the instances only');
        // one notification per batch that fits, so that each stays under the payload limit
        let batch: Retirement[] = [];
        const flush = async () => {
          if (batch.length) await engine.notify(RETIREMENT_CHANNEL, retirementsJson(batch));
          batch = [];
        };
        for (const r of retirements) {
          if (retirementsJson([...batch, r]).length > MAX_PAYLOAD) await flush();
          batch.push(r);
        }
        await flush();
        return { logged: 0 };
      }
    },
  };
}
