-- One pg_trgm index holds both search keys, one per line, instead of one index per key. A
-- search read two indexes and OR-ed their bitmaps: for a term whose trigrams are common
-- ("ana f" at 1M accounts) each index scan cost about 8 ms, twice per statement, for the
-- page and again for its count (make bench W3). The expression must stay the one
-- internal/db/search.go (keysContain) writes, or the planner will not match it.
CREATE INDEX IF NOT EXISTS account_keys_trgm ON accounts USING gin ((name_key || E'\n' || email_key) gin_trgm_ops);
DROP INDEX IF EXISTS account_name_key_trgm;
DROP INDEX IF EXISTS account_email_key_trgm;
