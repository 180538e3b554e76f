-- The objects of the bucket provider, listed in the database (see db-index.ts): a read checks
-- the row first, so a tile retired at commit is never served, and deletions need no listing of
-- the bucket. Idempotent.
CREATE TABLE IF NOT EXISTS tilery.bucket_index (
  catalog text NOT NULL,
  object_key text NOT NULL,
  collections text[] NOT NULL,
  bounds geometry(Polygon, 4326),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (catalog, object_key)
);
ALTER TABLE tilery.bucket_index ADD COLUMN IF NOT EXISTS role text;
ALTER TABLE tilery.bucket_index ADD COLUMN IF NOT EXISTS key_hash text;
ALTER TABLE tilery.bucket_index ADD COLUMN IF NOT EXISTS generated_at timestamptz;
CREATE INDEX IF NOT EXISTS bucket_index_bounds ON tilery.bucket_index USING gist (bounds);
CREATE INDEX IF NOT EXISTS bucket_index_collections ON tilery.bucket_index USING gin (collections);
CREATE INDEX IF NOT EXISTS bucket_index_key_hash ON tilery.bucket_index (key_hash);
-- Objects whose rows were retired, for the bucket provider to delete (its sweep).
CREATE TABLE IF NOT EXISTS tilery.bucket_garbage (
  catalog text NOT NULL,
  object_key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

-- Apply the retirements this transaction logged after first_seq: the rows go, the objects wait
-- in the garbage for the sweep. One tile is found by its key; the others through the
-- collections' index. Resolves to how many rows went.
CREATE OR REPLACE FUNCTION tilery.bucket_index_retire(first_seq bigint) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  one integer;
  many integer;
BEGIN
  WITH gone AS (
    DELETE FROM tilery.bucket_index b
     USING tilery.changes c
     WHERE c.xid = pg_current_xact_id() AND c.seq > first_seq AND c.tile IS NOT NULL
       AND b.key_hash = encode(sha256(convert_to(c.tile, 'UTF8')), 'hex')
       AND tilery.retires(c, b.bounds, b.role, b.key_hash, b.generated_at)
    RETURNING b.catalog, b.object_key)
  INSERT INTO tilery.bucket_garbage (catalog, object_key) SELECT DISTINCT catalog, object_key FROM gone;
  GET DIAGNOSTICS one = ROW_COUNT;
  WITH gone AS (
    DELETE FROM tilery.bucket_index b
     USING (SELECT DISTINCT collection FROM tilery.changes WHERE xid = pg_current_xact_id() AND seq > first_seq AND tile IS NULL) AS k
     WHERE b.collections @> ARRAY[k.collection]
       AND EXISTS (SELECT 1 FROM tilery.changes c
                    WHERE c.xid = pg_current_xact_id() AND c.seq > first_seq AND c.tile IS NULL AND c.collection = k.collection
                      AND tilery.retires(c, b.bounds, b.role, b.key_hash, b.generated_at))
    RETURNING b.catalog, b.object_key)
  INSERT INTO tilery.bucket_garbage (catalog, object_key) SELECT DISTINCT catalog, object_key FROM gone;
  GET DIAGNOSTICS many = ROW_COUNT;
  RETURN one + many;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON tilery.bucket_index, tilery.bucket_garbage TO PUBLIC;
