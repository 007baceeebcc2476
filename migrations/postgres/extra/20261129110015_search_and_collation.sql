-- Substring search over account names and emails through trigram indexes, and byte-order
-- collation on the sort keys so that NAME and EMAIL order (and so cursors) mean the same
-- on PostgreSQL as on SQLite. Ent does not model either, so they live outside schema/.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE accounts ALTER COLUMN name_key TYPE text COLLATE "C";
ALTER TABLE accounts ALTER COLUMN email_key TYPE text COLLATE "C";
ALTER TABLE memberships ALTER COLUMN name_key TYPE text COLLATE "C";
ALTER TABLE memberships ALTER COLUMN email_key TYPE text COLLATE "C";
ALTER TABLE org_users ALTER COLUMN name_key TYPE text COLLATE "C";
ALTER TABLE org_users ALTER COLUMN email_key TYPE text COLLATE "C";
CREATE INDEX account_name_key_trgm ON accounts USING gin (name_key gin_trgm_ops);
CREATE INDEX account_email_key_trgm ON accounts USING gin (email_key gin_trgm_ops);
