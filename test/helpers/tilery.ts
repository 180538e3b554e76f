import { after, before } from 'node:test';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import type { Engine } from '../../src/engine/index.ts';
import { createTilery, type Tilery, type TileryDeps } from '../../src/index.ts';
import { loadConfig, type PartialConfig } from '../../src/config/index.ts';
import { GEOM_COLUMN } from '../../src/tiles/planned.ts';
import { createTestDatabase, testEngineKind, testPgEngine, type TestDatabase } from '../harness/db.ts';
import { createPgliteTestDatabase, worldSql } from '../harness/pglite.ts';

/** The engine this run tests: `TILERY_TEST_ENGINE` (pg, the default, or pglite). */
export const TEST_ENGINE = testEngineKind();

/**
 * node:test's `skip` for a test about PostgreSQL servers themselves (restarts, connections, other
 * processes on one database), which the embedded engine does not have: its reason on pglite.
 */
export function postgresOnly(reason: string): string | false {
  return TEST_ENGINE === 'pglite' ? `PostgreSQL only: ${reason}` : false;
}

/** A fresh database of this run's engine holding the world fixtures, readable by `db.readerRole`. */
export async function createWorldDatabase(): Promise<TestDatabase> {
  // the embedded engine copies a template that holds them already
  if (TEST_ENGINE === 'pglite') return createPgliteTestDatabase('world');
  const db = await createTestDatabase('world');
  try {
    await db.query(worldSql(db.readerRole));
  } catch (err) {
    await db.drop().catch(() => {});
    throw err;
  }
  return db;
}

/**
 * tilery connected as the reader role, configured like a user would, quiet: to a database URL,
 * or to a test database of either engine (on the embedded one, over the same database).
 */
export async function startTilery(database: string | TestDatabase, flags: PartialConfig = {}, deps: TileryDeps = {}): Promise<Tilery> {
  const embedded = typeof database !== 'string' && database.kind === 'pglite';
  const engine = deps.engine ?? (embedded ? await database.readerEngine() : undefined);
  const config = loadConfig({
    flags: {
      log_level: 'silent',
      ...flags,
      database_url: typeof database === 'string' ? database : embedded ? undefined : database.readerUrl,
      catalog: { refresh_interval_s: 0, ...flags.catalog },
    },
  });
  try {
    return await createTilery(config, { ...deps, engine });
  } catch (err) {
    if (engine && !deps.engine) await engine.close().catch(() => {});
    throw err;
  }
}

/** A real engine (on a URL, or given), counting the tile queries that reach it. */
export function countingEngine(target: string | Engine): Engine & { tileQueries: number } {
  const inner = typeof target === 'string' ? testPgEngine(target) : target;
  const counted = {
    ...bindEngine(inner),
    tileQueries: 0,
    // a layer query of either encoding (ST_AsMVT or rows for the TypeScript encoder)
    query: ((sql: string, values?: readonly unknown[], options?: Parameters<Engine['query']>[2]) => {
      if (sql.includes(GEOM_COLUMN)) counted.tileQueries++;
      return inner.query(sql, values, options);
    }) as Engine['query'],
  };
  return counted;
}

/** An engine's methods bound to it, for a test double to override some of. */
export function bindEngine(inner: Engine): Engine {
  return {
    capabilities: inner.capabilities,
    query: inner.query.bind(inner),
    transaction: inner.transaction.bind(inner),
    listen: inner.listen.bind(inner),
    notify: inner.notify.bind(inner),
    ping: () => inner.ping(),
    stats: () => inner.stats(),
    close: () => inner.close(),
  };
}

export interface DecodedFeature {
  id: number | undefined;
  properties: Record<string, unknown>;
  type: number;
}

export interface TileResponse {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
  json: () => any;
  layers: Record<string, { extent: number; features: DecodedFeature[] }>;
}

/** GET through `app.inject()` and decode the MVT body with @mapbox/vector-tile. */
export async function get(tilery: Tilery, url: string, headers: Record<string, string> = {}): Promise<TileResponse> {
  const res = await tilery.app.inject({ method: 'GET', url, headers });
  const body = res.rawPayload;
  const layers: TileResponse['layers'] = {};
  if (res.statusCode === 200 && String(res.headers['content-type']).startsWith('application/vnd.mapbox-vector-tile')) {
    const tile = new VectorTile(new Pbf(body));
    for (const [name, layer] of Object.entries(tile.layers)) {
      const features: DecodedFeature[] = [];
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        features.push({ id: f.id, properties: { ...f.properties }, type: f.type });
      }
      layers[name] = { extent: layer.extent, features };
    }
  }
  return { status: res.statusCode, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')), layers };
}

/**
 * Hooks of a describe block that works on the world fixtures: a fresh database and a tilery
 * on it before the block, both gone after it. Read `db` and `tilery` inside tests.
 */
export function useWorld(flags: PartialConfig = {}): { readonly db: TestDatabase; readonly tilery: Tilery } {
  const world = {} as { db: TestDatabase; tilery: Tilery };
  before(async () => {
    world.db = await createWorldDatabase();
    world.tilery = await startTilery(world.db, flags);
  });
  after(async () => {
    await world.tilery?.close();
    await world.db?.drop();
  });
  return world;
}
