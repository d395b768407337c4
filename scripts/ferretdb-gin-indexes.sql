-- FerretDB 1.24 (PostgreSQL backend) pushes an equality filter down as `_jsonb->'field' @> value`
-- but creates its indexes as btree on `(_jsonb->'field')`, which cannot serve `@>`: every find,
-- even by _id, becomes a sequential scan and slows down as collections grow. A GIN
-- (jsonb_path_ops) index on the same expression serves that operator, for scalar fields and for
-- arrays (an array contains a scalar). This script adds one for every ascending field of every
-- index FerretDB has recorded in its metadata (newsflow's ascending keys are the equality ones; its
-- descending keys are sort keys, which GIN cannot serve). Dotted paths are left out (FerretDB
-- uses #> for them). Idempotent; re-run it after new collections appear. CREATE INDEX without
-- CONCURRENTLY locks writes to each table while it builds: run it before a big crawl, not during.
-- Every FerretDB database (PostgreSQL schema) is covered, or only the one named by the setting
-- newsflow.gin_database (PGOPTIONS='-c newsflow.gin_database=newsflow').
-- FerretDB does not know about these indexes and needs not to: dropping a collection drops its
-- table and them with it. Not needed on MongoDB, whose own indexes serve the same queries.
-- fastupdate = off: a pending list of not-yet-merged entries is read by every lookup, and with
-- autovacuum off (as on some test machines) it is only merged when it reaches 4 MB — lookups are
-- what these indexes are for, so entries go straight into the index.
--
-- The planner prices `@>` like an integer comparison, so on a few thousand rows it still prefers
-- a sequential scan — which on FerretDB's kilobyte-sized documents costs milliseconds per query,
-- 32 times per article. Raising the function's cost (in this database only; pg_proc is per
-- database) lets it pick the index from the first rows on.
ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) COST 100;

-- The database settings scripts/services.sh applies before FerretDB starts (custom plans, lz4).
\ir ferretdb-database.sql

DO $$
DECLARE
  meta record;
  tbl text;
  field text;
  gin_name text;
  made int := 0;
BEGIN
  FOR meta IN
    SELECT table_schema AS schema_name FROM information_schema.tables
     WHERE table_name = '_ferretdb_database_metadata'
       AND coalesce(nullif(current_setting('newsflow.gin_database', true), ''), table_schema) = table_schema
  LOOP
    FOR tbl, gin_name, field IN EXECUTE format(
      $q$SELECT m._jsonb->>'table', left(m._jsonb->>'table', 40) || '_' || left(md5(k), 8) || '_gin', k
           FROM %I._ferretdb_database_metadata m,
                jsonb_array_elements(m._jsonb->'indexes') i,
                jsonb_object_keys(i->'key') k
          WHERE i->'key'->k = '1'
            AND k NOT LIKE '$%%' AND position('.' in k) = 0$q$, meta.schema_name)
    LOOP
      BEGIN
        IF to_regclass(format('%I.%I', meta.schema_name, gin_name)) IS NULL THEN
          EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb->%L) jsonb_path_ops) WITH (fastupdate = off)',
            gin_name, meta.schema_name, tbl, field);
          made := made + 1;
        ELSE
          EXECUTE format('ALTER INDEX %I.%I SET (fastupdate = off)', meta.schema_name, gin_name);
        END IF;
        -- Until autovacuum has analyzed a fast-growing table the planner still believes it is tiny.
        -- A small sample is enough for row counts and keeps ANALYZE from detoasting thousands of
        -- large documents (raw pages).
        PERFORM set_config('default_statistics_target', '10', true);
        EXECUTE format('ANALYZE %I.%I', meta.schema_name, tbl);
      EXCEPTION WHEN undefined_table OR invalid_schema_name THEN
        -- The collection (or its database) was dropped while we went through the metadata.
        NULL;
      END;
    END LOOP;
  END LOOP;
  RAISE NOTICE 'ferretdb-gin-indexes: % GIN indexes created', made;
END $$;
