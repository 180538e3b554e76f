import { createHash } from 'node:crypto';
import type { CacheKey } from '../cache/provider.ts';
import type { TileDefaults, TileRequest } from './request.ts';
import { functionParamsVariant } from './function-params.ts';
import { isFunctionLayer } from '../catalog/index.ts';
import { tileEnvelopes } from './plan.ts';

/** Everything but the tile address that changes a tile's bytes, in a stable JSON form. */
function variant(req: TileRequest): unknown[] {
  const { params } = req;
  return [
    // a function names its layer itself: the route's naming does not change its bytes
    req.collections.every(isFunctionLayer) ? 'name' : req.layerNaming,
    params.properties === null ? null : [...params.properties].sort(),
    params.limit,
    params.resolution,
    params.buffer,
    params.filters,
    params.simplification,
    params.simplificationAlgorithm,
    ...functionParamsVariant(params.functionParams),
    // a role's tiles are its own: never shared with another role's or the public ones
    ...(req.role === null ? [] : [{ role: req.role }]),
  ];
}

/**
 * A tile's identity: everything that changes its bytes and nothing else. Collections are kept in
 * request order (it is the order of the layers in the tile). JSON, not a join: collection ids
 * may hold any character, separators included.
 */
function keyId(req: TileRequest, variantJson: string): string {
  return `${JSON.stringify([req.collections.map((c) => c.id), req.tms.id, req.z, req.x, req.y, req.format])}${variantJson}`;
}

const plainVariants = new WeakMap<TileDefaults, Map<string, string>>();

/** The variant of a plain request: one collection on a catalog route, every parameter at its default (memoized). */
function plainVariant(d: TileDefaults, simplificationAlgorithm: string): string {
  let byAlgorithm = plainVariants.get(d);
  if (!byAlgorithm) plainVariants.set(d, (byAlgorithm = new Map()));
  let v = byAlgorithm.get(simplificationAlgorithm);
  if (v === undefined) {
    const filters = { cql2: null, filterSrid: 4326, datetime: null, subset: [] };
    v = JSON.stringify(['name', null, d.defaultLimit, d.defaultResolution, Math.min(d.defaultBuffer, d.defaultResolution), filters, null, simplificationAlgorithm]);
    byAlgorithm.set(simplificationAlgorithm, v);
  }
  return v;
}

/** The structured key the caches store a tile under (see cache/provider.ts). */
export function cacheKey(req: TileRequest, defaults: TileDefaults): CacheKey {
  const v = JSON.stringify(variant(req));
  const plain = req.collections.length === 1 && v === plainVariant(defaults, req.params.simplificationAlgorithm);
  // What the content covers: a change there changes the tile.
  const env = tileEnvelopes(req).buffered;
  return {
    catalogs: [...new Set(req.collections.map((c) => c.schema))],
    collections: req.collections.map((c) => c.id),
    tmsId: req.tms.id,
    z: req.z,
    x: req.x,
    y: req.y,
    format: req.format,
    paramHash: plain ? null : createHash('sha256').update(v).digest('hex').slice(0, 16),
    id: keyId(req, v),
    envelope: [env.minx, env.miny, env.maxx, env.maxy],
    srid: req.tms.srid,
    role: req.role,
  };
}

/** A strong ETag: a hash of the bytes. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}
