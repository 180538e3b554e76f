-- tilery's freshness triggers: installed by the owner of the published tables.
-- Record the changed rows' bounds and retire the cached tiles they touch.
-- TG_ARGV[0]: the collection id, TG_ARGV[1]: the geometry column.
CREATE OR REPLACE FUNCTION tilery.record_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  coll text := TG_ARGV[0];
  geom text := TG_ARGV[1];
  first_seq bigint;
BEGIN
  SELECT coalesce(max(seq), 0) INTO first_seq FROM tilery.changes WHERE collection = coll AND xid = pg_current_xact_id();
  -- The lock that orders this retiring with the saving of a tile of the collection (see
  -- cache/pg-table.ts): writers share it, a saver takes it alone for its check and insert.
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('tilery.collection:' || coll, 0));
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO tilery.changes (collection, bounds) VALUES (coll, NULL);
    DELETE FROM tilery.tile_cache WHERE collections @> ARRAY[coll];
    WITH gone AS (DELETE FROM tilery.bucket_index WHERE collections @> ARRAY[coll] RETURNING catalog, object_key)
    INSERT INTO tilery.bucket_garbage (catalog, object_key) SELECT catalog, object_key FROM gone;
  ELSE
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      EXECUTE format('INSERT INTO tilery.changes (collection, bounds)
                      SELECT $1, ST_Envelope(ST_Transform(%I, 4326)) FROM old_rows WHERE %I IS NOT NULL', geom, geom) USING coll;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
      EXECUTE format('INSERT INTO tilery.changes (collection, bounds)
                      SELECT $1, ST_Envelope(ST_Transform(%I, 4326)) FROM new_rows WHERE %I IS NOT NULL', geom, geom) USING coll;
    END IF;
    DELETE FROM tilery.tile_cache t
     WHERE t.collections @> ARRAY[coll]
       AND EXISTS (SELECT 1 FROM tilery.changes c
                    WHERE c.collection = coll AND c.xid = pg_current_xact_id() AND c.bounds && t.bounds);
    WITH gone AS (
      DELETE FROM tilery.bucket_index b
       WHERE b.collections @> ARRAY[coll]
         AND EXISTS (SELECT 1 FROM tilery.changes c
                      WHERE c.collection = coll AND c.xid = pg_current_xact_id() AND c.bounds && b.bounds)
      RETURNING catalog, object_key)
    INSERT INTO tilery.bucket_garbage (catalog, object_key) SELECT catalog, object_key FROM gone;
  END IF;
  -- Collections with a read-only archive keep what changed until the archive is written again.
  IF EXISTS (SELECT 1 FROM tilery.archived a WHERE a.collection = coll) THEN
    INSERT INTO tilery.archive_changes (collection, bounds)
    SELECT c.collection, c.bounds FROM tilery.changes c
     WHERE c.collection = coll AND c.xid = pg_current_xact_id() AND c.seq > first_seq;
  END IF;
  PERFORM pg_notify('tilery_changes', coll);
  RETURN NULL;
END
$$;

