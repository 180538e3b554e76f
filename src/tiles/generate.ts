import type { Engine, QueryOptions } from '../engine/index.ts';
import { encodeMvt, type MvtFeature, type MvtValue } from '../formats/mvt/index.ts';
import type { Collection } from '../catalog/index.ts';
import type { Envelope } from '../tms/index.ts';
import { findsBoxByGrid, planLayer, tileEnvelopes } from './plan.ts';
import { GEOM_COLUMN, ID_COLUMN, layerName, type PlannedQuery, type RowEncoding } from './planned.ts';
import { isTransformError, probeTransformedBox } from './transform-probe.ts';
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
      const layer = (filterBox?: Envelope) => runLayer(engine, c, req, planLayer(c, req, encoding, filterBox));
      try {
        return await layer();
      } catch (err) {
        // (a transform error elsewhere, in a filter's geometry, is the filter's: a 400)
        if (c.kind === 'function' || !findsBoxByGrid(c, req.tms) || !isTransformError(err)) throw err;
        // Part of the tile lies where the layer's CRS cannot go: find the box of the part it can.
        const box = await probeTransformedBox(engine, tileEnvelopes(req).buffered, req.tms.srid, c.srid);
        return box === null ? null : layer(box);
      }
    }),
  );
  const nonEmpty = parts.filter((p): p is Buffer => p !== null && p.length > 0);
  return nonEmpty.length === 1 ? nonEmpty[0] : Buffer.concat(nonEmpty);
}

async function runLayer(engine: Engine, c: Collection, req: TileRequest, plan: PlannedQuery): Promise<Buffer | null> {
  if (plan.encoding === 'database') {
    const { rows } = await engine.query<{ mvt: Buffer | null }>(plan.sql, plan.values, queryOptions(req));
    return rows[0]?.mvt ?? null;
  }
  const { rows } = await engine.query<Record<string, unknown>>(plan.sql, plan.values, queryOptions(req));
  const bytes = encodeMvt([{ name: layerName(c, req), extent: req.params.resolution, features: features(rows, plan.encoding) }]);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
