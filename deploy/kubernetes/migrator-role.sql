-- The role the migrator connects to an application's database as (runway.databases."<name>".username in the
-- runway-migrator-config Secret). It owns the application's schema and nothing else: no superuser, no new databases
-- or roles, and no other schema, so a release's migration cannot reach past the application it belongs to.
-- Run once per application database, as its owner or a superuser:
--   psql -d shop -v role=shop_migrator -v password="$SHOP_MIGRATOR_PASSWORD" -f deploy/kubernetes/migrator-role.sql
-- (the password from your secret store, never typed into a file; the migrator's Secret holds the same value).
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'password') \gexec
-- Only the owner creates objects in the schema (PostgreSQL 15 and later already say so).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SELECT format('ALTER SCHEMA public OWNER TO %I', :'role') \gexec
-- The application's existing tables, sequences and views, so that migrations may alter them.
SELECT format('ALTER TABLE %I.%I OWNER TO %I', schemaname, tablename, :'role')
  FROM pg_tables WHERE schemaname = 'public' \gexec
-- A sequence that belongs to a column follows its table; only free-standing ones are handed over.
SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', n.nspname, c.relname, :'role')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'S' AND n.nspname = 'public'
    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) \gexec
SELECT format('ALTER VIEW %I.%I OWNER TO %I', schemaname, viewname, :'role')
  FROM pg_views WHERE schemaname = 'public' \gexec
