import type { Engine } from '../engine/index.ts';
import { TileryError } from '../errors.ts';
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
    let bytes: Buffer;
    try {
      bytes = await generateTile(deps.engine, req);
    } catch (err) {
      throw filterValueError(err, req) ?? err;
    }
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
