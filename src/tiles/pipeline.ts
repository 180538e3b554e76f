import type { Engine } from '../engine/index.ts';
import { generateTile } from './generate.ts';
import { etagOf, tileKey } from './key.ts';
import type { TileRequest } from './request.ts';

export interface Tile {
  /** MVT bytes; empty when the tile holds no feature. */
  readonly bytes: Buffer;
  readonly etag: string;
  readonly key: string;
}

export interface TilePipeline {
  getTile(req: TileRequest): Promise<Tile>;
}

/** The one tile pipeline every route family uses. */
export function createTilePipeline(deps: { engine: Engine }): TilePipeline {
  // Concurrent requests for one tile share one generation.
  const inFlight = new Map<string, Promise<Tile>>();

  async function produce(req: TileRequest, key: string): Promise<Tile> {
    const bytes = await generateTile(deps.engine, req);
    return { bytes, etag: etagOf(bytes), key };
  }

  return {
    getTile(req) {
      const key = tileKey(req);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = produce(req, key).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
