// The function layers of test/function-layers.test.ts, made in the test's own database:
// point layers from the world fixtures, written with ST_AsMVT on PostgreSQL, and with a small
// MVT writer in PL/pgSQL on the embedded engine, whose PostGIS has no ST_AsMVT.
import type { TestDatabase } from '../harness/db.ts';
import { TEST_ENGINE } from './tilery.ts';

export const PLACES_FN = 'public.places_by_prefix';
/** A `(z, x, y)` function whose schema and name need quoting. */
export const LABEL_FN = 'My Schema.Tile "label".v1';

/**
 * The MVT of one point layer from rows holding `geom` (a Web Mercator point), `id` when
 * `withId`, and the `columns` as attributes: `ST_AsMVT` on PostgreSQL, as a user's function
 * would; on the embedded engine, whose PostGIS has no `ST_AsMVT`, the small MVT writer below.
 * $1-$3 are z/x/y: the arguments' names play no part.
 */
function mvtOf(layer: string, rows: string, columns: string[], withId: boolean): string {
  if (TEST_ENGINE === 'pg') {
    return `SELECT ST_AsMVT(q, '${layer}', 4096, 'mvtgeom'${withId ? ", 'id'" : ''}) FROM (
      SELECT ${[...(withId ? ['r.id'] : []), ...columns.map((c) => `r.${c}`)].join(', ')},
             ST_AsMVTGeom(r.geom, ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS mvtgeom
      FROM (${rows}) AS r) AS q`;
  }
  return `SELECT public.test_mvt_layer('${layer}', 4096, jsonb_agg(jsonb_build_object(
      'id', ${withId ? 'r.id' : 'NULL'},
      'x', round((ST_X(r.geom) - ST_XMin(e.env)) / (ST_XMax(e.env) - ST_XMin(e.env)) * 4096)::int,
      'y', round((ST_YMax(e.env) - ST_Y(r.geom)) / (ST_YMax(e.env) - ST_YMin(e.env)) * 4096)::int,
      'props', jsonb_build_object(${columns.map((c) => `'${c}', r.${c}`).join(', ')}))))
    FROM (${rows}) AS r, (SELECT ST_TileEnvelope($1, $2, $3) AS env) AS e`;
}

/** A Mapbox Vector Tile 2.1 writer for point layers in PL/pgSQL (embedded engine only). */
const MVT_WRITER = [
  `CREATE FUNCTION public.test_varint(n bigint) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
   DECLARE out bytea := ''::bytea;
   BEGIN
     LOOP
       IF n < 128 THEN RETURN out || set_byte('\\x00'::bytea, 0, n::int); END IF;
       out := out || set_byte('\\x00'::bytea, 0, ((n & 127) | 128)::int);
       n := n >> 7;
     END LOOP;
   END $$`,
  `CREATE FUNCTION public.test_field(tag int, wire int, body bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
     SELECT public.test_varint((tag << 3 | wire)::bigint) || CASE WHEN wire = 2 THEN public.test_varint(length(body)) || body ELSE body END
   $$`,
  `CREATE FUNCTION public.test_zigzag(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN n >= 0 THEN 2 * n ELSE -2 * n - 1 END
   $$`,
  `CREATE FUNCTION public.test_mvt_layer(layer_name text, extent int, features jsonb) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
   DECLARE
     keys text[] := '{}';
     feats bytea := ''::bytea;
     vals bytea := ''::bytea;
     nvals int := 0;
     layer bytea; tags bytea; feat bytea; f jsonb; k text; v jsonb; ki int;
   BEGIN
     IF features IS NULL OR jsonb_array_length(features) = 0 THEN RETURN NULL; END IF;
     FOR f IN SELECT value FROM jsonb_array_elements(features) LOOP
       tags := ''::bytea;
       FOR k, v IN SELECT key, value FROM jsonb_each(f->'props') LOOP
         CONTINUE WHEN jsonb_typeof(v) = 'null';
         ki := array_position(keys, k);
         IF ki IS NULL THEN keys := keys || k; ki := cardinality(keys); END IF;
         tags := tags || public.test_varint(ki - 1) || public.test_varint(nvals);
         vals := vals || public.test_field(4, 2, CASE jsonb_typeof(v)
           WHEN 'number' THEN CASE WHEN (v #>> '{}')::bigint >= 0
             THEN public.test_field(5, 0, public.test_varint((v #>> '{}')::bigint))
             ELSE public.test_field(6, 0, public.test_varint(public.test_zigzag((v #>> '{}')::bigint))) END
           ELSE public.test_field(1, 2, convert_to(v #>> '{}', 'UTF8')) END);
         nvals := nvals + 1;
       END LOOP;
       feat := ''::bytea;
       IF jsonb_typeof(f->'id') = 'number' THEN feat := public.test_field(1, 0, public.test_varint((f->>'id')::bigint)); END IF;
       feat := feat || public.test_field(2, 2, tags) || public.test_field(3, 0, public.test_varint(1))
         || public.test_field(4, 2, public.test_varint(9) || public.test_varint(public.test_zigzag((f->>'x')::bigint))
                                   || public.test_varint(public.test_zigzag((f->>'y')::bigint)));
       feats := feats || public.test_field(2, 2, feat);
     END LOOP;
     layer := public.test_field(15, 0, public.test_varint(2)) || public.test_field(1, 2, convert_to(layer_name, 'UTF8')) || feats;
     FOREACH k IN ARRAY keys LOOP layer := layer || public.test_field(3, 2, convert_to(k, 'UTF8')); END LOOP;
     RETURN public.test_field(3, 2, layer || vals || public.test_field(5, 0, public.test_varint(extent)));
   END $$`,
];

/** Places whose name starts with `name_prefix` (all without it), in the tile's envelope. */
const PLACES_ROWS = `SELECT id, name, rank, geom FROM public.places
  WHERE geom && ST_TileEnvelope($1, $2, $3) AND name LIKE COALESCE($4 ->> 'name_prefix', '') || '%'`;
/** Places whose name starts with $4 and whose rank is at least $5, in the tile's envelope. */
const NAMED_ROWS = `SELECT id, name, rank, geom FROM public.places WHERE geom && ST_TileEnvelope($1, $2, $3) AND name LIKE $4 || '%' AND rank >= $5`;
/** The bytes raster_png returns: a PNG signature and a few bytes. */
export const PNG_HEX = '\\x89504e470d0a1a0a0000000d49484452';
/** One feature at the tile's centre. */
const CENTRE = 'ST_Centroid(ST_TileEnvelope($1, $2, $3))';

/**
 * The statements that make the functions, one each. Functions are executable by PUBLIC unless
 * revoked: the grants to the reader are explicit all the same, and secret_fn's is revoked.
 */
export function functionLayersSql(reader: string): string[] {
  const r = `"${reader}"`;
  return [
    ...(TEST_ENGINE === 'pg' ? [] : MVT_WRITER),
    // with parameters, and a default for query_params
    `CREATE FUNCTION public.places_by_prefix(z integer, x integer, y integer, query_params json DEFAULT '{}'::json) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf(PLACES_FN, PLACES_ROWS, ['name', 'rank'], true)} $$`,
    `COMMENT ON FUNCTION public.places_by_prefix(integer, integer, integer, json) IS 'Places whose name starts with name_prefix'`,
    // other argument names, jsonb
    `CREATE FUNCTION public.places_jsonb(zoom integer, col integer, "row" integer, params jsonb) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf('public.places_jsonb', PLACES_ROWS, ['name', 'rank'], true)} $$`,
    // what the function is given: the tile address and query_params, as attributes
    `CREATE FUNCTION public.echo(z integer, x integer, y integer, query_params json) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf('public.echo', `SELECT $1 AS tz, $2 AS tx, $3 AS ty, $4::text AS params, ${CENTRE} AS geom`, ['tz', 'tx', 'ty', 'params'], false)} $$`,
    // Martin's (z, x, y) form, under a name that needs quoting everywhere
    `CREATE FUNCTION "My Schema"."Tile ""label"".v1"(z integer, x integer, y integer) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf('label', `SELECT $1 AS tz, $2 AS tx, $3 AS ty, ${CENTRE} AS geom`, ['tz', 'tx', 'ty'], false)} $$`,
    // overloads: the one taking query_params wins
    `CREATE FUNCTION public.overloaded(z integer, x integer, y integer) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf('public.overloaded', `SELECT 'three' AS form, ${CENTRE} AS geom`, ['form'], false)} $$`,
    `CREATE FUNCTION public.overloaded(z integer, x integer, y integer, query_params json) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf('public.overloaded', `SELECT 'four' AS form, ${CENTRE} AS geom`, ['form'], false)} $$`,
    // no tile at all: NULL
    `CREATE FUNCTION public.nothing(z integer, x integer, y integer, query_params json) RETURNS bytea LANGUAGE sql AS $$ SELECT NULL::bytea $$`,
    // refuses parameters it cannot use: a cast that fails (22P02), an exception of its own (P0001)
    `CREATE FUNCTION public.picky(z integer, x integer, y integer, query_params json) RETURNS bytea LANGUAGE plpgsql AS $$
     BEGIN
       IF (query_params->>'min_rank')::int > 9 THEN RAISE EXCEPTION 'min_rank must be at most 9'; END IF;
       RETURN NULL;
     END $$`,
    // pg_tileserv's form: named arguments of their own types, with defaults
    `CREATE FUNCTION public.places_named(z integer, x integer, y integer, name_prefix text DEFAULT 'place 1', min_rank integer DEFAULT 0) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf('public.places_named', NAMED_ROWS, ['name', 'rank'], true)} $$`,
    // a named argument without a default: a required parameter
    `CREATE FUNCTION public.needs_level(z integer, x integer, y integer, level integer) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf('public.needs_level', `SELECT $4 AS level, ${CENTRE} AS geom`, ['level'], false)} $$`,
    // a named argument of a domain whose CHECK refuses some values
    `CREATE DOMAIN public.small_level AS integer CHECK (VALUE < 10)`,
    `CREATE FUNCTION public.levelled(z integer, x integer, y integer, level public.small_level DEFAULT 1) RETURNS bytea
       LANGUAGE sql STABLE AS $$ ${mvtOf('public.levelled', `SELECT $4::int AS level, ${CENTRE} AS geom`, ['level'], false)} $$`,
    // a raster tile function: its comment declares what it returns, as Martin reads it
    `CREATE FUNCTION public.raster_png(z integer, x integer, y integer) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT '${PNG_HEX}'::bytea $$`,
    `COMMENT ON FUNCTION public.raster_png(integer, integer, integer) IS '{"description": "A raster layer", "content_type": "image/png"}'`,
    // not layers: no EXECUTE for the reader; another signature; another return type; an unnamed argument after z, x, y
    `CREATE FUNCTION public.secret_fn(z integer, x integer, y integer, query_params json) RETURNS bytea LANGUAGE sql AS $$ SELECT NULL::bytea $$`,
    `REVOKE EXECUTE ON FUNCTION public.secret_fn(integer, integer, integer, json) FROM PUBLIC`,
    `CREATE FUNCTION public.big_zoom(z bigint, x integer, y integer) RETURNS bytea LANGUAGE sql AS $$ SELECT NULL::bytea $$`,
    `CREATE FUNCTION public.texty(z integer, x integer, y integer) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$`,
    `CREATE FUNCTION public.unnamed_extra(z integer, x integer, y integer, integer) RETURNS bytea LANGUAGE sql AS $$ SELECT NULL::bytea $$`,
    `GRANT EXECUTE ON FUNCTION public.places_by_prefix(integer, integer, integer, json), public.echo(integer, integer, integer, json),
       public.places_jsonb(integer, integer, integer, jsonb), "My Schema"."Tile ""label"".v1"(integer, integer, integer) TO ${r}`,
  ];
}

/** What places_by_prefix must return for a tile: plain SQL over the same table. */
export async function placesTruth(db: TestDatabase, t: { z: number; x: number; y: number }, prefix: string | null): Promise<Map<number, Record<string, unknown>>> {
  const rows = await db.query<{ id: number; name: string; rank: number }>(
    `SELECT id, name, rank FROM public.places WHERE geom && ST_TileEnvelope($1, $2, $3) AND name LIKE COALESCE($4, '') || '%'`,
    [t.z, t.x, t.y, prefix],
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, rank: r.rank }]));
}

/** What places_named must return for a tile: plain SQL over the same table. */
export async function namedTruth(db: TestDatabase, t: { z: number; x: number; y: number }, prefix: string, minRank: number): Promise<Map<number, Record<string, unknown>>> {
  const rows = await db.query<{ id: number; name: string; rank: number }>(
    `SELECT id, name, rank FROM public.places WHERE geom && ST_TileEnvelope($1, $2, $3) AND name LIKE $4 || '%' AND rank >= $5`,
    [t.z, t.x, t.y, prefix, minRank],
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, rank: r.rank }]));
}
