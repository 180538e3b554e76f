-- Relations the connecting role may read that have at least one geometry column, with their
-- columns, comments and primary key; the freshness triggers on them (and on each partition of a
-- partitioned table); and `state`, what else changes the tiles of a relation when it changes:
-- its identity and storage (a DROP and CREATE, a TRUNCATE or REFRESH), grants, row-level
-- security and its policies, a view's definition. $1: schemas to include (NULL: all), $2:
-- schemas to exclude.
SELECT
  n.nspname::text AS schema,
  c.relname::text AS name,
  c.relkind::text AS kind,
  obj_description(c.oid, 'pg_class') AS description,
  c.reltuples::float8 AS estimated_rows,
  (
    SELECT json_agg(json_build_object(
      'name', a.attname::text,
      'type', t.typname::text,
      'format', format_type(a.atttypid, a.atttypmod),
      'description', col_description(c.oid, a.attnum)
    ) ORDER BY a.attnum)
    FROM pg_attribute a
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  ) AS columns,
  (
    SELECT array_agg(a.attname::text ORDER BY a.attnum)
    FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = c.oid AND i.indisprimary
  ) AS primary_key,
  -- the relation and its partitions: each needs the triggers, a statement fires those of its target only
  (SELECT count(*)::int FROM (SELECT c.oid UNION SELECT pt.relid FROM pg_partition_tree(c.oid) AS pt) AS r) AS relations,
  (
    -- tilery's triggers (see freshness/triggers.sql), enabled, on the relation or its partitions
    SELECT json_agg(json_build_object('rel', t.tgrelid::int8, 'name', t.tgname::text, 'args', encode(t.tgargs, 'hex')))
    FROM pg_trigger t
    WHERE t.tgrelid IN (SELECT c.oid UNION SELECT pt.relid FROM pg_partition_tree(c.oid) AS pt)
      AND t.tgname::text LIKE 'tilery\_changes\_%' AND t.tgenabled <> 'D'
      AND t.tgfoid IN (SELECT p.oid FROM pg_proc p JOIN pg_namespace pn ON pn.oid = p.pronamespace
                       WHERE pn.nspname = 'tilery' AND p.proname = 'record_change')
  ) AS triggers,
  concat_ws('|', c.oid, c.relfilenode, c.relacl::text, c.relrowsecurity, c.relforcerowsecurity,
    (SELECT string_agg(concat_ws(':', p.polname, p.polcmd, p.polpermissive, p.polroles::text,
                                 pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)), ',' ORDER BY p.polname)
     FROM pg_policy p WHERE p.polrelid = c.oid),
    CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END) AS state
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
  AND NOT c.relispartition
  -- published schema of n
  AND has_table_privilege(c.oid, 'SELECT')
  AND EXISTS (
    SELECT 1 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND t.typname = 'geometry'
  )
ORDER BY n.nspname, c.relname
