import type { Engine } from '../engine/index.ts';
import { encodeMvt, type MvtFeature, type MvtValue } from '../formats/mvt/index.ts';
import { plainMvtGeomSql } from './sql-fragments.ts';

const UNDEFINED_TABLE = '42P01';
const EXTENT = 4096;
const BUFFER = 64;

/** The cached tiles (PostGIS table and bucket index) whose bounds meet tile $1/$2/$3, optionally holding one of $4. */
const CACHED = `
    WITH env AS (SELECT ST_TileEnvelope($1, $2, $3) AS e),
         cached AS (
           SELECT 'pg' AS provider, c.tms, c.z, c.x, c.y, c.collections, c.bounds FROM tilery.tile_cache c
           UNION ALL
           SELECT 'bucket', NULL, NULL, NULL, NULL, b.collections, b.bounds FROM tilery.bucket_index b)`;
const WHERE = `FROM cached c, env WHERE c.bounds && ST_Transform(env.e, 4326) AND ($4::text[] IS NULL OR c.collections && $4::text[])`;
const PROPERTIES = ['provider', 'tms', 'z', 'x', 'y', 'collections'] as const;
const COLUMNS = `c.provider, c.tms, c.z, c.x, c.y, array_to_string(c.collections, ',') AS collections`;
const OUTLINE = 'ST_Transform(ST_Boundary(c.bounds), 3857)';

/** One row holding the layer, by `ST_AsMVT`. */
const AS_MVT_SQL = `${CACHED}
    SELECT ST_AsMVT(q, '_cache', ${EXTENT}, 'geom') AS mvt FROM (
      SELECT ST_AsMVTGeom(${OUTLINE}, env.e::box2d, ${EXTENT}, ${BUFFER}, true) AS geom, ${COLUMNS}
      ${WHERE}
    ) AS q WHERE q.geom IS NOT NULL`;

/** The features in tile coordinates, for the TypeScript encoder. */
const ENV = { minx: 'ST_XMin(env.e)', miny: 'ST_YMin(env.e)', maxx: 'ST_XMax(env.e)', maxy: 'ST_YMax(env.e)' };
const ROWS_SQL = `${CACHED}
    SELECT ST_AsBinary(${plainMvtGeomSql(OUTLINE, `ST_Expand(env.e, (ST_XMax(env.e) - ST_XMin(env.e)) * ${BUFFER / EXTENT})::box2d`, ENV, EXTENT)}) AS geom,
           ${COLUMNS}
    ${WHERE}`;

/**
 * The outlines of the cached tiles (PostGIS table and bucket index) around one Web Mercator tile,
 * as an MVT layer `_cache` with provider, tms, z, x, y and collections; optionally only those
 * holding one of `collections`. Empty bytes when nothing is cached there.
 */
export async function cachedTilesLayer(engine: Engine, z: number, x: number, y: number, collections: readonly string[] | null): Promise<Buffer> {
  const values = [z, x, y, collections];
  try {
    if (engine.capabilities.asMvt) {
      const { rows } = await engine.query<{ mvt: Buffer | null }>(AS_MVT_SQL, values);
      return rows[0]?.mvt ?? Buffer.alloc(0);
    }
    const { rows } = await engine.query<Record<string, MvtValue> & { geom: Uint8Array | null }>(ROWS_SQL, values);
    const features: MvtFeature[] = [];
    for (const row of rows) {
      if (row.geom) features.push({ geometry: row.geom, properties: Object.fromEntries(PROPERTIES.map((p) => [p, row[p]])) });
    }
    const bytes = encodeMvt([{ name: '_cache', extent: EXTENT, features }]);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (err) {
    if ((err as { code?: string }).code === UNDEFINED_TABLE) return Buffer.alloc(0);
    throw err;
  }
}
