-- FerretDB v1 pushes an equality filter on _id down as `_jsonb->'_id' @> $1`, which the
-- btree index it creates on (_jsonb->'_id') cannot serve: every findOne, update and
-- compare-and-set by _id scanned the whole collection (6 ms at 10k documents, growing
-- linearly). A GIN index on the same expression serves @>, so every FerretDB collection table
-- gets one, and one on `outboxPending`, the outbox relay's filter (filters on nested fields
-- are not pushed down at all by the embeddable FerretDB, so the relay cannot filter on
-- outbox.published): an event trigger for the tables created from now on, and a pass over
-- those that exist. Local servers only; MongoDB (docker-compose) uses the app's own indexes.
CREATE OR REPLACE FUNCTION rop_add_id_lookup_index(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  stem text := (SELECT left(relname, 50) FROM pg_class WHERE oid = target);
BEGIN
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = '_jsonb' AND NOT attisdropped) THEN
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> ''_id'') jsonb_path_ops)',
                   stem || '_id_gin', target);
    -- The outbox relay's filter (orders' outboxPending: true); documents without it add nothing.
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> ''outboxPending'') jsonb_path_ops)',
                   stem || '_pending_gin', target);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION rop_id_lookup_index_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    PERFORM rop_add_id_lookup_index(created.objid::regclass);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS rop_id_lookup_index;
CREATE EVENT TRIGGER rop_id_lookup_index ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION rop_id_lookup_index_on_create();

SELECT rop_add_id_lookup_index(c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema');
