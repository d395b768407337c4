-- Settings of the PostgreSQL database behind FerretDB. They reach connections opened after them,
-- so scripts/services.sh (and the benchmark's and tests' own FerretDBs) apply this file before
-- FerretDB starts; scripts/ferretdb-gin-indexes.sql includes it for FerretDBs run elsewhere
-- (restart FerretDB afterwards to apply it to all its connections). Not needed on MongoDB.
DO $$ BEGIN
  -- FerretDB passes the field name as a statement parameter; a cached generic plan cannot match
  -- `_jsonb->'field'` to an index and, once chosen while a table was small, stays a table scan.
  EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan', current_database());
  -- FerretDB keeps binary fields as base64 text in jsonb. pglz, the default TOAST compressor, spent
  -- ~30% of a raw-page insert failing to compress base64 of gzip; lz4 gives up at once and also
  -- compresses articles' text faster.
  EXECUTE format('ALTER DATABASE %I SET default_toast_compression = lz4', current_database());
END $$;
