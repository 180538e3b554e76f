-- Function layers: functions the connecting role may EXECUTE, in schemas it may use, returning
-- bytea and declared (z integer, x integer, y integer) followed by nothing, by one json or jsonb
-- argument (query_params, which receives the request's other parameters), or by named
-- arguments of any type but pseudo-types (each a query parameter of its name; those with a
-- default may be left out). The names of z, x and y do not matter, their types and order do. Of
-- the overloads of one name, one taking json wins, then jsonb, then named arguments (the most
-- first), then (z, x, y).
-- $1: schemas to include (NULL: all), $2: schemas to exclude.
SELECT DISTINCT ON (n.nspname, p.proname)
  n.nspname::text AS schema,
  p.proname::text AS name,
  obj_description(p.oid, 'pg_proc') AS description,
  CASE
    WHEN p.pronargs = 4 AND p.proargtypes[3] IN ('json'::regtype, 'jsonb'::regtype) THEN format_type(p.proargtypes[3], NULL)
    WHEN p.pronargs > 3 THEN 'named'
  END AS params_type,
  -- what changes its tiles when it changes: its identity, body, settings and grants
  concat_ws('|', p.oid, md5(p.prosrc), p.proconfig::text, p.prosecdef, p.proacl::text) AS state,
  (
    SELECT json_agg(json_build_object(
      'name', COALESCE(p.proargnames[i], ''),
      'type', format_type(p.proargtypes[i - 1], NULL),
      'default', pg_get_function_arg_default(p.oid, i)
    ) ORDER BY i)
    FROM generate_series(1, p.pronargs) AS i
  ) AS arguments
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind = 'f'
  AND p.prorettype = 'bytea'::regtype
  AND NOT p.proretset
  AND p.provariadic = 0
  -- IN arguments only (proallargtypes lists OUT and INOUT ones too)
  AND p.proallargtypes IS NULL
  AND p.pronargs >= 3
  AND p.proargtypes[0] = 'int4'::regtype
  AND p.proargtypes[1] = 'int4'::regtype
  AND p.proargtypes[2] = 'int4'::regtype
  AND (
    p.pronargs = 3
    OR (p.pronargs = 4 AND p.proargtypes[3] IN ('json'::regtype, 'jsonb'::regtype))
    OR NOT EXISTS (
      SELECT 1 FROM generate_series(3, p.pronargs - 1) AS i
      JOIN pg_type t ON t.oid = p.proargtypes[i]
      WHERE COALESCE(p.proargnames[i + 1], '') = '' OR t.typtype = 'p'
    )
  )
  -- published schema of n
  AND has_function_privilege(p.oid, 'EXECUTE')
ORDER BY n.nspname, p.proname,
  CASE WHEN p.pronargs = 4 AND p.proargtypes[3] = 'json'::regtype THEN 0
       WHEN p.pronargs = 4 AND p.proargtypes[3] = 'jsonb'::regtype THEN 1
       WHEN p.pronargs > 3 THEN 2
       ELSE 3 END,
  p.pronargs DESC
