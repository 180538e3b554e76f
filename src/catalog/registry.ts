import { TileryError } from '../errors.ts';
import type { Engine } from '../engine/index.ts';
import { discoverCollections, type DiscoverOptions } from './discover.ts';
import { discoverFunctions } from './discover-functions.ts';
import { reportSkipped } from './skipped.ts';
import type { Collection } from './model.ts';

/** One immutable view of what is published; a refresh replaces it whole. */
export interface CatalogSnapshot {
  readonly collections: ReadonlyMap<string, Collection>;
  /** Collections by schema (the catalog routes' `dataset`). */
  readonly datasets: ReadonlyMap<string, readonly Collection[]>;
  readonly loadedAt: Date | null;
  /**
   * tilery's event triggers are installed (freshness/events.sql): grant, policy and schema
   * changes are told at once, so the tiles of authenticated users need no age bound.
   */
  readonly authorizationTracked: boolean;
  /** A digest of the database's roles and memberships: a change retires every role's tiles. */
  readonly rolesFingerprint: string;
}

/** The event triggers that tell tilery of grant, policy and schema changes (freshness/events.sql). */
export const EVENT_TRIGGERS = ['tilery_ddl', 'tilery_drop'];

/**
 * SQL of a digest of the roles tilery's role may run requests as (those it is a member of: a
 * token's role must be one) and of their memberships (anyone may read them).
 */
export const ROLES_FINGERPRINT_SQL = `(WITH r AS (SELECT * FROM pg_roles WHERE pg_has_role(current_user, oid, 'MEMBER'))
  SELECT md5(coalesce((SELECT string_agg(concat_ws(':', oid, rolname, rolsuper, rolinherit, rolcanlogin, rolbypassrls, rolvaliduntil), ',' ORDER BY oid) FROM r), '')
    || '|' || coalesce((SELECT string_agg(roleid || ':' || member, ',' ORDER BY roleid, member) FROM pg_auth_members WHERE member IN (SELECT oid FROM r)), '')))`;

const STATE_SQL = `SELECT (SELECT count(*) FROM pg_event_trigger WHERE evtname = ANY ($1::text[]) AND evtenabled <> 'D') = cardinality($1::text[]) AS events,
  ${ROLES_FINGERPRINT_SQL} AS roles`;

export interface CatalogRegistry {
  current(): CatalogSnapshot;
  /**
   * Discover again now: one refresh at a time; a caller arriving while one is under way gets the
   * next one, after it (callers meanwhile share that one).
   */
  refresh(): Promise<CatalogSnapshot>;
  /** What a discovery finds now, without publishing it (to install triggers before the first snapshot). */
  discover(): Promise<Collection[]>;
  /**
   * The snapshot to answer a request with. If no discovery has succeeded yet (the database was
   * away at start), try once more now, and answer 503 if the database is still away.
   */
  ready(): Promise<CatalogSnapshot>;
  start(): void;
  stop(): void;
}

export interface RegistryOptions extends DiscoverOptions {
  refreshIntervalS: number;
  /**
   * Told of each new snapshot (and the one it replaces) before the refresh resolves: who retires
   * the tiles of what changed. A failure is logged; the snapshot stands.
   */
  afterRefresh?: (snapshot: CatalogSnapshot, previous: CatalogSnapshot) => Promise<void>;
}

const EMPTY: CatalogSnapshot = Object.freeze({ collections: new Map(), datasets: new Map(), loadedAt: null, authorizationTracked: false, rolesFingerprint: '' });

export function createCatalogRegistry(engine: Engine, options: RegistryOptions): CatalogRegistry {
  let snapshot = EMPTY;
  /** What reportSkipped said already. */
  const reported = new Set<string>();
  let inFlight: Promise<CatalogSnapshot> | null = null;
  /** The one reading queued behind the one under way (callers meanwhile share it). */
  let queued: Promise<CatalogSnapshot> | null = null;
  let timer: NodeJS.Timeout | null = null;

  function refresh(): Promise<CatalogSnapshot> {
    // A caller arriving while a reading is under way may know of a change that reading, which
    // started before, did not see (an event trigger's notification, a query that failed on a
    // relation just dropped): it gets the next reading, after this one, not this one.
    if (inFlight) {
      queued ??= inFlight
        .catch(() => {})
        .then(() => {
          queued = null;
          return refresh();
        });
      return queued;
    }
    // tables first: a function of the same `schema.name` as a table is not published
    inFlight = Promise.all([
      discoverCollections(engine, options),
      discoverFunctions(engine, options),
      engine.query<{ events: boolean; roles: string }>(STATE_SQL, [EVENT_TRIGGERS]),
    ])
      .then(async ([tables, functions, state]) => {
        const previous = snapshot;
        const list = [...tables, ...functions];
        const next = toSnapshot(list, state.rows[0], options.logger);
        if (options.logger) await reportSkipped(engine, options, options.logger, reported);
        await options.afterRefresh?.(next, previous).catch((err) => options.logger?.warn({ err: (err as Error).message }, 'cannot retire the tiles of what changed'));
        snapshot = next;
        options.logger?.debug({ collections: list.length }, 'catalog refreshed');
        return snapshot;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  return {
    current: () => snapshot,
    refresh,
    async discover() {
      const [tables, functions] = await Promise.all([discoverCollections(engine, options), discoverFunctions(engine, options)]);
      return [...tables, ...functions];
    },
    async ready() {
      if (snapshot.loadedAt) return snapshot;
      try {
        return await refresh();
      } catch (err) {
        if (err instanceof TileryError) throw err;
        throw new TileryError('database_unavailable', { reason: (err as Error).message });
      }
    },
    start() {
      if (timer || options.refreshIntervalS <= 0) return;
      timer = setInterval(() => {
        refresh().catch((err) => options.logger?.warn({ err: (err as Error).message }, 'catalog refresh failed'));
      }, options.refreshIntervalS * 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

function toSnapshot(list: Collection[], state: { events: boolean; roles: string }, logger?: RegistryOptions['logger']): CatalogSnapshot {
  const collections = new Map<string, Collection>();
  const datasets = new Map<string, Collection[]>();
  for (const c of list) {
    // `schema.name` is ambiguous when names hold dots ("a.b"."c" and "a"."b.c"): the first
    // in the catalog's order is published, the other is reported.
    if (collections.has(c.id)) {
      logger?.warn({ collection: c.id, schema: c.schema, name: c.name }, 'another relation has the same id; not published');
      continue;
    }
    collections.set(c.id, c);
    const group = datasets.get(c.schema) ?? [];
    group.push(c);
    datasets.set(c.schema, group);
  }
  return Object.freeze({ collections, datasets, loadedAt: new Date(), authorizationTracked: state.events, rolesFingerprint: state.roles });
}
