-- Indexes for lookups by account and by membership that the primary keys do not serve,
-- found by `make bench` (issue 7): the account page reads an account's devices and API
-- tokens, and the Users page and product access read each membership's groups through
-- the group_members join table, whose primary key starts with group_id. Without them
-- each lookup scanned the whole table (about 1M devices and 3M group memberships at 1M
-- accounts). The join table is ent's, which cannot declare indexes on it, so these live
-- beside the search index rather than in ent/schema.
CREATE INDEX IF NOT EXISTS group_members_membership_id ON group_members (membership_id);
CREATE INDEX IF NOT EXISTS devices_account_id ON devices (account_id);
CREATE INDEX IF NOT EXISTS api_tokens_account_id ON api_tokens (account_id);
