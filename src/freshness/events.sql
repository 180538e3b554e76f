-- tilery's event triggers: installed by a superuser (install.ts). They tell every instance of a
-- change that may change tiles without changing rows: GRANT and REVOKE, row-level security
-- policies, ALTER, RENAME, DROP (of relations, functions, triggers, policies), a view or a
-- function defined again, a materialized view refreshed. Each instance then reads its catalog
-- again and retires the tiles of what changed (freshness/schema.ts). Temporary objects and
-- tilery's own tables are left out.
CREATE OR REPLACE FUNCTION tilery.notify_schema_change() RETURNS event_trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF TG_EVENT = 'sql_drop' THEN
    IF NOT EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects() AS o
                    WHERE NOT o.is_temporary
                      AND o.object_type IN ('table', 'view', 'materialized view', 'foreign table', 'function', 'trigger', 'policy', 'table column', 'schema')) THEN
      RETURN;
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() AS c
                     WHERE c.schema_name IS NULL OR (c.schema_name NOT LIKE 'pg\_temp%' AND c.schema_name <> 'tilery')) THEN
    RETURN;
  END IF;
  PERFORM pg_notify('tilery_schema', TG_TAG);
END
$$;

DROP EVENT TRIGGER IF EXISTS tilery_ddl;
CREATE EVENT TRIGGER tilery_ddl ON ddl_command_end
  WHEN TAG IN ('GRANT', 'REVOKE', 'CREATE POLICY', 'ALTER POLICY', 'DROP POLICY',
               'ALTER TABLE', 'ALTER VIEW', 'ALTER MATERIALIZED VIEW', 'ALTER FOREIGN TABLE', 'ALTER FUNCTION', 'ALTER SCHEMA',
               'CREATE VIEW', 'CREATE FUNCTION', 'CREATE TRIGGER', 'ALTER TRIGGER', 'REFRESH MATERIALIZED VIEW', 'COMMENT')
  EXECUTE FUNCTION tilery.notify_schema_change();
DROP EVENT TRIGGER IF EXISTS tilery_drop;
CREATE EVENT TRIGGER tilery_drop ON sql_drop EXECUTE FUNCTION tilery.notify_schema_change();
