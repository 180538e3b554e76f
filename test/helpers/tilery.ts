import { readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { createPgEngine, type Engine } from '../../src/engine/index.ts';
import { createTilery, type Tilery, type TileryDeps } from '../../src/index.ts';
import { loadConfig, type PartialConfig } from '../../src/config/index.ts';
import { createTestDatabase, type TestDatabase } from '../harness/db.ts';

const WORLD_SQL = readFileSync(new URL('../fixtures/world.sql', import.meta.url), 'utf8');

/** A fresh database holding the world fixtures, readable by `db.readerRole`. */
export async function createWorldDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('world');
  await db.query(WORLD_SQL.replaceAll(':reader', `"${db.readerRole}"`));
  return db;
}

/** tilery connected as the reader role, configured like a user would, quiet. */
export async function startTilery(databaseUrl: string, flags: PartialConfig = {}, deps: TileryDeps = {}): Promise<Tilery> {
  const config = loadConfig({
    flags: {
      log_level: 'silent',
      ...flags,
      database_url: databaseUrl,
      catalog: { refresh_interval_s: 0, ...flags.catalog },
    },
  });
  return createTilery(config, deps);
}

/** The real engine, counting the tile queries (ST_AsMVT) that reach it. */
export function countingEngine(url: string): Engine & { tileQueries: number } {
  const inner = createPgEngine({ url, statementTimeoutMs: 10_000, poolSize: 4, connectTimeoutMs: 5000 });
  const counted = {
    capabilities: inner.capabilities,
    tileQueries: 0,
    query: ((sql: string, values?: readonly unknown[]) => {
      if (sql.includes('ST_AsMVT(')) counted.tileQueries++;
      return inner.query(sql, values);
    }) as Engine['query'],
    transaction: inner.transaction.bind(inner),
    listen: inner.listen.bind(inner),
    notify: inner.notify.bind(inner),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return counted;
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
    world.tilery = await startTilery(world.db.readerUrl, flags);
  });
  after(async () => {
    await world.tilery?.close();
    await world.db?.drop();
  });
  return world;
}
