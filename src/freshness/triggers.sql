-- tilery's freshness triggers: installed by the owner of the published tables (install.ts).
-- Each statement that changes a table logs the changed rows' old and new bounds (a TRUNCATE:
-- the whole collection) in the retirement log, and applies them in every store, in the
-- changing transaction itself (cache/retirement-log.sql). TG_ARGV[0]: the collection id,
-- TG_ARGV[1]: the geometry column.
CREATE OR REPLACE FUNCTION tilery.record_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  coll text := TG_ARGV[0];
  geom text := TG_ARGV[1];
  first_seq bigint;
BEGIN
  -- The lock that orders this retiring with the saving of a tile of the collection (see
  -- cache/guard.ts): writers share it, a saver takes it alone for its check and insert.
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('tilery.collection:' || coll, 0));
  first_seq := (SELECT coalesce(max(seq), 0) FROM tilery.changes WHERE xid = pg_current_xact_id());
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO tilery.changes (collection, bounds) VALUES (coll, NULL);
  ELSE
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      EXECUTE format('INSERT INTO tilery.changes (collection, bounds)
                      SELECT $1, ST_Envelope(ST_Transform(%I, 4326)) FROM old_rows WHERE %I IS NOT NULL', geom, geom) USING coll;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
      EXECUTE format('INSERT INTO tilery.changes (collection, bounds)
                      SELECT $1, ST_Envelope(ST_Transform(%I, 4326)) FROM new_rows WHERE %I IS NOT NULL', geom, geom) USING coll;
    END IF;
  END IF;
  PERFORM tilery.apply_retirements(first_seq);
  PERFORM pg_notify('tilery_changes', coll);
  RETURN NULL;
END
$$;
