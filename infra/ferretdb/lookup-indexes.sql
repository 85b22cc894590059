-- FerretDB v1 pushes an equality filter on _id down as `_jsonb->'_id' @> $1`, which the
-- btree index it creates on (_jsonb->'_id') cannot serve: every findOne, update and
-- compare-and-set by _id scanned the whole collection (6 ms at 10k documents, growing
-- linearly). A GIN index on the same expression serves @>, so every FerretDB collection table
-- gets one, and one on `outboxPending`, the outbox relay's filter (filters on nested fields
-- are not pushed down at all by the embeddable FerretDB, so the relay cannot filter on
-- outbox.published), and one on `listPage`, the page of a user's order list that
-- GET /orderdetails reads (the app's { listPage: 1 } index is a B-tree, which @> cannot use): an event trigger for the tables created from now on, and a pass over
-- those that exist. Local servers only; MongoDB (docker-compose) uses the app's own indexes.
-- fastupdate is off: with it on, new entries wait in a pending list that every lookup reads
-- whole until a vacuum merges it (an index scan for 32 rows took 1.1 ms after 20,000 inserts,
-- 0.015 ms merged).
CREATE OR REPLACE FUNCTION rop_add_id_lookup_index(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  stem text := (SELECT left(relname, 50) FROM pg_class WHERE oid = target);
BEGIN
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = '_jsonb' AND NOT attisdropped) THEN
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> ''_id'') jsonb_path_ops) WITH (fastupdate = off)',
                   stem || '_id_gin', target);
    -- The outbox relay's filter (orders' outboxPending: true); documents without it add nothing.
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> ''outboxPending'') jsonb_path_ops) WITH (fastupdate = off)',
                   stem || '_pending_gin', target);
    -- A page of a user's order list (orders' listPage); likewise.
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> ''listPage'') jsonb_path_ops) WITH (fastupdate = off)',
                   stem || '_list_page_gin', target);
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

-- Indexes made before fastupdate was turned off (CREATE INDEX IF NOT EXISTS leaves them be).
DO $$
DECLARE found record;
BEGIN
  FOR found IN SELECT i.oid::regclass AS name FROM pg_class i JOIN pg_am am ON am.oid = i.relam
               WHERE i.relkind = 'i' AND am.amname = 'gin' AND i.relname ~ '_(id|pending|list_page)_gin$'
               AND NOT coalesce(i.reloptions @> ARRAY['fastupdate=off'], false) LOOP
    EXECUTE format('ALTER INDEX %s SET (fastupdate = off)', found.name);
  END LOOP;
END $$;

SELECT rop_add_id_lookup_index(c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema');
