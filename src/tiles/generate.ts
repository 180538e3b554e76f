import type { Engine, QueryOptions } from '../engine/index.ts';
import { encodeMvt, type MvtFeature, type MvtValue } from '../formats/mvt/index.ts';
import { GEOM_COLUMN, ID_COLUMN, layerName, planLayer, type RowEncoding } from './plan.ts';
import type { TileRequest } from './request.ts';

/**
 * Run one query per layer (in parallel, each on its own pooled connection) and concatenate
 * the layers' MVT bytes in request order. An empty result is a tile with no feature. Where the
 * engine has no `ST_AsMVT`, the layers' rows are encoded here.
 */
export async function generateTile(engine: Engine, req: TileRequest): Promise<Buffer> {
  const encoding = engine.capabilities.asMvt ? 'database' : 'typescript';
  const parts = await Promise.all(
    req.collections.map(async (c) => {
      const plan = planLayer(c, req, encoding);
      if (plan.encoding === 'database') {
        const { rows } = await engine.query<{ mvt: Buffer | null }>(plan.sql, plan.values, queryOptions(req));
        return rows[0]?.mvt ?? null;
      }
      const { rows } = await engine.query<Record<string, unknown>>(plan.sql, plan.values, queryOptions(req));
      const bytes = encodeMvt([{ name: layerName(c, req), extent: req.params.resolution, features: features(rows, plan.encoding) }]);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }),
  );
  const nonEmpty = parts.filter((p): p is Buffer => p !== null && p.length > 0);
  return nonEmpty.length === 1 ? nonEmpty[0] : Buffer.concat(nonEmpty);
}

const PREPARED: QueryOptions = { prepare: true };

/** Tile queries are prepared; an authenticated user's run as its database role. */
export function queryOptions(req: TileRequest): QueryOptions {
  return req.role === null ? PREPARED : { prepare: true, role: req.role };
}

function* features(rows: readonly Record<string, unknown>[], encoding: RowEncoding): Iterable<MvtFeature> {
  for (const row of rows) {
    const geometry = row[GEOM_COLUMN] as Uint8Array | null;
    if (!geometry) continue;
    const properties: Record<string, MvtValue> = {};
    for (const name of encoding.attributes) {
      const value = row[name] as MvtValue;
      properties[name] = typeof value === 'string' && encoding.int8.has(name) ? BigInt(value) : value;
    }
    yield { id: row[ID_COLUMN] as MvtFeature['id'], geometry, properties };
  }
}
