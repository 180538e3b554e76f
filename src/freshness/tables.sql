-- tilery's own tables: the tile table (L2 provider "pg") and the log of changes that the
-- freshness triggers write (src/freshness/triggers.sql). Idempotent.
CREATE SCHEMA IF NOT EXISTS tilery;

-- One row a changed feature (its old or new bounds, in WGS84), or a whole collection (bounds NULL).
CREATE TABLE IF NOT EXISTS tilery.changes (
  seq bigserial PRIMARY KEY,
  collection text NOT NULL,
  bounds geometry(Geometry, 4326),
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- when the trigger ran (close to the commit of a short transaction)
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS changes_collection ON tilery.changes (collection, seq);
CREATE INDEX IF NOT EXISTS changes_xid ON tilery.changes (xid);

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
  created_at timestamptz NOT NULL DEFAULT now(),
  -- the tile's strong ETag, so that a hit does not hash the bytes again
  etag text
);
ALTER TABLE tilery.tile_cache ADD COLUMN IF NOT EXISTS etag text;
CREATE INDEX IF NOT EXISTS tile_cache_bounds ON tilery.tile_cache USING gist (bounds);
CREATE INDEX IF NOT EXISTS tile_cache_collections ON tilery.tile_cache USING gin (collections);

-- The objects of the bucket provider, so that the triggers can retire them at commit (a read
-- checks its row first) and deletions need no listing of the bucket.
CREATE TABLE IF NOT EXISTS tilery.bucket_index (
  catalog text NOT NULL,
  object_key text NOT NULL,
  collections text[] NOT NULL,
  bounds geometry(Polygon, 4326),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (catalog, object_key)
);
CREATE INDEX IF NOT EXISTS bucket_index_bounds ON tilery.bucket_index USING gist (bounds);
CREATE INDEX IF NOT EXISTS bucket_index_collections ON tilery.bucket_index USING gin (collections);
-- Objects whose rows the triggers removed, for the bucket provider to delete.
CREATE TABLE IF NOT EXISTS tilery.bucket_garbage (
  catalog text NOT NULL,
  object_key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

-- Collections served from read-only archives (PMTiles), and the changes logged for them, kept
-- (unlike tilery.changes) until their archive is written again: an archive's tile is out of
-- date when a change in its area came after the archive's file.
CREATE TABLE IF NOT EXISTS tilery.archived (collection text PRIMARY KEY);
CREATE TABLE IF NOT EXISTS tilery.archive_changes (
  collection text NOT NULL,
  bounds geometry(Geometry, 4326),
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS archive_changes_bounds ON tilery.archive_changes USING gist (bounds);
CREATE INDEX IF NOT EXISTS archive_changes_collection ON tilery.archive_changes (collection, at);

-- Whoever may read tiles may see the log and use the tile table (the triggers write both as
-- their owner).
GRANT USAGE ON SCHEMA tilery TO PUBLIC;
GRANT SELECT, DELETE ON tilery.changes TO PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON tilery.tile_cache, tilery.bucket_index, tilery.bucket_garbage, tilery.archived, tilery.archive_changes TO PUBLIC;
