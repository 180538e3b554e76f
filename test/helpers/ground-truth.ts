import type { TestDatabase } from '../harness/db.ts';

export interface LayerSpec {
  /** Qualified, quoted table name. */
  table: string;
  /** Quoted geometry column. */
  geom: string;
  srid: number;
  /** SQL expression of the feature key (the primary key). */
  id: string;
  /**
   * SQL expressions of the expected MVT attributes, by attribute name, written so that
   * node-postgres returns what the decoded tile holds (e.g. `t.pop::float8` for a bigint).
   */
  attributes: Record<string, string>;
}

/**
 * The features a Web Mercator tile must hold, by plain SQL that shares nothing with tilery's
 * planner: PostGIS's own ST_TileEnvelope with the buffer as margin, clipped to the world, and
 * the comparison made in WGS84 for 4326 layers and in Web Mercator otherwise. Rows come back
 * keyed by id with the attributes as MVT would carry them (NULLs left out).
 */
export async function groundTruth(
  db: Pick<TestDatabase, 'query'>,
  layer: LayerSpec,
  tile: { z: number; x: number; y: number },
  bufferFraction = 256 / 4096,
): Promise<Map<number, Record<string, unknown>>> {
  const attrs = Object.entries(layer.attributes)
    .map(([name, expr]) => `${expr} AS "${name.replaceAll(`"`, `""`)}"`)
    .join(', ');
  const test =
    layer.srid === 4326
      ? `ST_Intersects(t.${layer.geom}, ST_Transform(env.e, 4326))`
      : `ST_Intersects(ST_Transform(t.${layer.geom}, 3857), env.e)`;
  const rows = await db.query(
    `WITH env AS (SELECT ST_Intersection(ST_TileEnvelope($1, $2, $3, margin => $4), ST_TileEnvelope(0, 0, 0)) AS e)
     SELECT ${layer.id} AS __id${attrs ? `, ${attrs}` : ''} FROM ${layer.table} AS t, env WHERE ${test}`,
    [tile.z, tile.x, tile.y, bufferFraction],
  );
  const out = new Map<number, Record<string, unknown>>();
  for (const row of rows) {
    const { __id, ...rest } = row as Record<string, unknown>;
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rest)) if (v !== null) props[k] = v;
    out.set(Number(__id), props);
  }
  return out;
}
