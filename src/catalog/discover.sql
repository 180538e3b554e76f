-- Relations the connecting role may read that have at least one geometry column, with their
-- columns, comments and primary key. $1: schemas to include (NULL: all), $2: schemas to exclude.
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
  ) AS primary_key
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
