-- What looks like a layer but is not published, and why: relations with a geometry column that
-- the role may not read, or whose geometry columns have no declared type and SRID (a bare
-- `geometry`); functions returning bytea whose first three arguments are integers, that the
-- role may not execute, or whose signature tilery cannot call (an unnamed or pseudo-typed
-- argument after z, x, y; OUT, variadic or set-returning). $1: schemas to include (NULL:
-- all), $2: schemas to exclude.
SELECT 'relation' AS kind, n.nspname || '.' || c.relname AS id,
  CASE WHEN NOT has_table_privilege(c.oid, 'SELECT') THEN 'no privilege: the role may not SELECT it'
       ELSE 'no geometry column with a declared type and SRID, such as geometry(Point, 4326)' END AS reason
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'geometry'::regtype)
  AND (
    NOT has_table_privilege(c.oid, 'SELECT')
    OR NOT EXISTS (
      SELECT 1 FROM pg_attribute a
      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        AND format_type(a.atttypid, a.atttypmod) ~ '^geometry\(\w+,[1-9][0-9]*\)$'
    )
  )
  -- published schema of n
UNION ALL
SELECT 'function', n.nspname || '.' || p.proname,
  CASE WHEN NOT has_function_privilege(p.oid, 'EXECUTE') THEN 'no privilege: the role may not EXECUTE it'
       ELSE 'unsupported signature ' || pg_get_function_identity_arguments(p.oid)
            || ': after (z integer, x integer, y integer) tilery takes one json or jsonb argument, or named arguments of real types' END
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind = 'f'
  AND p.prorettype = 'bytea'::regtype
  AND p.pronargs >= 3
  AND p.proargtypes[0] = 'int4'::regtype
  AND p.proargtypes[1] = 'int4'::regtype
  AND p.proargtypes[2] = 'int4'::regtype
  AND (
    NOT has_function_privilege(p.oid, 'EXECUTE')
    OR p.proretset OR p.provariadic <> 0 OR p.proallargtypes IS NOT NULL
    OR (p.pronargs > 3 AND NOT (p.pronargs = 4 AND p.proargtypes[3] IN ('json'::regtype, 'jsonb'::regtype)) AND EXISTS (
      SELECT 1 FROM generate_series(3, p.pronargs - 1) AS i
      JOIN pg_type t ON t.oid = p.proargtypes[i]
      WHERE COALESCE(p.proargnames[i + 1], '') = '' OR t.typtype = 'p'
    ))
  )
  -- published schema of n
ORDER BY 1, 2
