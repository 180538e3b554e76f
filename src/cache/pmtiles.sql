-- Collections served from read-only PMTiles archives, and what was retired of them since, kept
-- (unlike the log) until their archive is written again: an archive's tile is out of date when
-- a retirement of its area came after the archive's file. Idempotent.
CREATE TABLE IF NOT EXISTS tilery.archived (collection text PRIMARY KEY);
CREATE TABLE IF NOT EXISTS tilery.archive_changes (
  collection text NOT NULL,
  bounds geometry(Geometry, 4326),
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS archive_changes_bounds ON tilery.archive_changes USING gist (bounds);
CREATE INDEX IF NOT EXISTS archive_changes_collection ON tilery.archive_changes (collection, at);

-- Apply the retirements this transaction logged after first_seq. An archive holds no tile read
-- as a role, and its age is its file's: those retirements do not concern it. Resolves to how
-- many were kept.
CREATE OR REPLACE FUNCTION tilery.archive_retire(first_seq bigint) RETURNS integer
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  WITH kept AS (
  INSERT INTO tilery.archive_changes (collection, bounds)
  SELECT c.collection, c.bounds FROM tilery.changes c
   WHERE c.xid = pg_current_xact_id() AND c.seq > first_seq AND c.scope = 'all' AND c.generated_before IS NULL
     AND (c.tile IS NULL OR c.bounds IS NOT NULL)
     AND EXISTS (SELECT 1 FROM tilery.archived a WHERE a.collection = c.collection)
  RETURNING 1)
  SELECT count(*)::int FROM kept
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON tilery.archived, tilery.archive_changes TO PUBLIC;
