-- The schemas whose layers are published, as conditions on the pg_namespace row `n`: not the
-- system's nor tilery's own, within the included ones ($1, NULL: all) and outside the excluded
-- ones ($2), and usable by the connecting role. Tables and functions share it: the discovery
-- queries name it with the line `-- published schema of n`.
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'tilery')
  AND n.nspname !~ '^pg_(toast|temp)'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND NOT (n.nspname = ANY ($2::text[]))
  AND has_schema_privilege(n.oid, 'USAGE')
