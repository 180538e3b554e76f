-- The retirement log: every retirement of cached tiles is a row here, whatever its source (a
-- data change seen by the freshness triggers, an admin DELETE, a schema, grant or policy change,
-- an age bound). Writing a row and applying it in every store happen in one transaction
-- (tilery.apply_retirements), so the shared stores are never stale once it committed; every
-- instance reads the rows its last snapshot did not see and applies them to its memory (L1).
-- A save refuses a tile that a row its snapshot did not see retires (see guard.ts). Idempotent.
CREATE SCHEMA IF NOT EXISTS tilery;

CREATE TABLE IF NOT EXISTS tilery.changes (
  seq bigserial PRIMARY KEY,
  -- the collection whose tiles are retired (every tile holding it, in every TMS and variant)
  collection text NOT NULL,
  -- WGS84 bounds touched; NULL: all of the collection
  bounds geometry(Geometry, 4326),
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- when it was logged (close to the commit of a short transaction)
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- 'all': every tile; 'roles': only the tiles read as a database role (authenticated users')
ALTER TABLE tilery.changes ADD COLUMN IF NOT EXISTS scope text NOT NULL DEFAULT 'all';
-- one tile only: its cache key id
ALTER TABLE tilery.changes ADD COLUMN IF NOT EXISTS tile text;
-- only the tiles generated before this time (an age bound)
ALTER TABLE tilery.changes ADD COLUMN IF NOT EXISTS generated_before timestamptz;
CREATE INDEX IF NOT EXISTS changes_collection ON tilery.changes (collection, seq);
CREATE INDEX IF NOT EXISTS changes_xid ON tilery.changes (xid);

-- Whether log row c retires a tile of its collection with these bounds, role, key hash and
-- generation time. The one definition of "retires": the stores and the save guard all use it.
CREATE OR REPLACE FUNCTION tilery.retires(c tilery.changes, bounds geometry, role text, key_hash text, generated_at timestamptz)
  RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT (c.bounds IS NULL OR bounds IS NULL OR c.bounds && bounds)
     AND (c.scope = 'all' OR role IS NOT NULL)
     AND (c.tile IS NULL OR encode(sha256(convert_to(c.tile, 'UTF8')), 'hex') = key_hash)
     AND (c.generated_before IS NULL OR generated_at IS NULL OR generated_at < c.generated_before)
$$;

-- Retire tiles: r is a JSON array of {collection, bounds: [minlon, minlat, maxlon, maxlat] | null,
-- scope, tile, generated_before (ms since the epoch)}. Logs them, applies them in every store
-- and tells every instance, in the calling transaction. The collections' advisory locks are
-- shared with the freshness triggers and taken alone by a save (see guard.ts), so that a save
-- from an older snapshot never lands after a retirement; a retirement of one tile (a refresh)
-- says nothing of the data, so it takes none: a tile table busy with refreshes (tilery seed
-- --force) does not make the saves of its collection wait.
-- Resolves to {"logged": n, <store>: rows retired, …}.
CREATE OR REPLACE FUNCTION tilery.retire(r json) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  first_seq bigint;
  n integer;
  counts jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('tilery.collection:' || c, 0))
     FROM (SELECT DISTINCT x->>'collection' AS c FROM json_array_elements(r) AS x WHERE x->>'tile' IS NULL ORDER BY 1) AS s;
  first_seq := (SELECT coalesce(max(seq), 0) FROM tilery.changes WHERE xid = pg_current_xact_id());
  INSERT INTO tilery.changes (collection, bounds, scope, tile, generated_before)
  SELECT x->>'collection',
         CASE WHEN json_typeof(x->'bounds') = 'array'
              THEN ST_MakeEnvelope((x->'bounds'->>0)::float8, (x->'bounds'->>1)::float8, (x->'bounds'->>2)::float8, (x->'bounds'->>3)::float8, 4326) END,
         coalesce(x->>'scope', 'all'),
         x->>'tile',
         to_timestamp((x->>'generated_before')::float8 / 1000)
    FROM json_array_elements(r) AS x;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := tilery.apply_retirements(first_seq);
  PERFORM pg_notify('tilery_changes', '');
  RETURN counts || jsonb_build_object('logged', n);
END
$$;

GRANT USAGE ON SCHEMA tilery TO PUBLIC;
GRANT SELECT, DELETE ON tilery.changes TO PUBLIC;
