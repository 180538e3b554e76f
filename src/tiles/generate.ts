import type { Engine } from '../engine/index.ts';
import { planLayer } from './plan.ts';
import type { TileRequest } from './request.ts';

/**
 * Run one query per layer (in parallel, each on its own pooled connection) and concatenate
 * the layers' MVT bytes in request order. An empty result is a tile with no feature.
 */
export async function generateTile(engine: Engine, req: TileRequest): Promise<Buffer> {
  const parts = await Promise.all(
    req.collections.map(async (c) => {
      const { sql, values } = planLayer(c, req);
      const { rows } = await engine.query<{ mvt: Buffer | null }>(sql, values);
      return rows[0]?.mvt ?? null;
    }),
  );
  const nonEmpty = parts.filter((p): p is Buffer => p !== null && p.length > 0);
  return nonEmpty.length === 1 ? nonEmpty[0] : Buffer.concat(nonEmpty);
}
