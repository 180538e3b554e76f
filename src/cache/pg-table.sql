-- The PostGIS tile table (L2 provider "pg"): one row a tile, keyed by a hash of its cache key,
-- its bounds (the tile grown by its buffer, WGS84) under GiST. Idempotent.
CREATE TABLE IF NOT EXISTS tilery.tile_cache (
  key_hash text PRIMARY KEY,
  catalogs text[] NOT NULL,
  collections text[] NOT NULL,
  tms text NOT NULL,
  z integer NOT NULL,
  x integer NOT NULL,
  y integer NOT NULL,
  param_hash text,
  tile bytea NOT NULL,
  bounds geometry(Polygon, 4326),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- the tile's strong ETag, so that a hit does not hash the bytes again
ALTER TABLE tilery.tile_cache ADD COLUMN IF NOT EXISTS etag text;
-- the database role the tile was read as (NULL: tilery's own)
ALTER TABLE tilery.tile_cache ADD COLUMN IF NOT EXISTS role text;
-- when its generation started (the age bound of untracked collections counts from it)
ALTER TABLE tilery.tile_cache ADD COLUMN IF NOT EXISTS generated_at timestamptz;
CREATE INDEX IF NOT EXISTS tile_cache_bounds ON tilery.tile_cache USING gist (bounds);
CREATE INDEX IF NOT EXISTS tile_cache_collections ON tilery.tile_cache USING gin (collections);

-- Apply the retirements this transaction logged after first_seq; resolves to how many rows went.
-- One tile is found by its key; the others through the collections' index.
CREATE OR REPLACE FUNCTION tilery.tile_cache_retire(first_seq bigint) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  one integer;
  many integer;
BEGIN
  DELETE FROM tilery.tile_cache t
   USING tilery.changes c
   WHERE c.xid = pg_current_xact_id() AND c.seq > first_seq AND c.tile IS NOT NULL
     AND t.key_hash = encode(sha256(convert_to(c.tile, 'UTF8')), 'hex')
     AND tilery.retires(c, t.bounds, t.role, t.key_hash, t.generated_at);
  GET DIAGNOSTICS one = ROW_COUNT;
  DELETE FROM tilery.tile_cache t
   USING (SELECT DISTINCT collection FROM tilery.changes WHERE xid = pg_current_xact_id() AND seq > first_seq AND tile IS NULL) AS k
   WHERE t.collections @> ARRAY[k.collection]
     AND EXISTS (SELECT 1 FROM tilery.changes c
                  WHERE c.xid = pg_current_xact_id() AND c.seq > first_seq AND c.tile IS NULL AND c.collection = k.collection
                    AND tilery.retires(c, t.bounds, t.role, t.key_hash, t.generated_at));
  GET DIAGNOSTICS many = ROW_COUNT;
  RETURN one + many;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON tilery.tile_cache TO PUBLIC;
