-- The search index, keyed by organization: an entry's rowid is the managing
-- organization's rowid times 2^40 plus the account's rowid (organization 0 for accounts
-- no organization manages and for deleted ones). An organization's Managed accounts are
-- then one rowid range of the index, so a search counts them in the index alone. Before
-- this, the exact totalCount of a common term looked up every match's row to check its
-- organization: 18,840 lookups, 113-174 ms at 1M accounts (make bench W3c).
-- Contentless: the rowids no longer match accounts, and nothing reads the text back.
-- internal/db/search.go reads the ranges; internal/seed and internal/testkit fill the
-- index with the same key when they insert in bulk (db.IndexAccountsAfter). Filled in key
-- order: FTS5 flushes its pending terms whenever a rowid is lower than the one before;
-- with a 64 MiB table of pending terms (default 1 MiB) for the fill only.
DROP TRIGGER account_search_insert;
DROP TRIGGER account_search_delete;
DROP TRIGGER account_search_update;
DROP TABLE account_search;
CREATE VIRTUAL TABLE account_search USING fts5(name, email, content='', tokenize='trigram');
INSERT INTO account_search(account_search, rank) VALUES ('hashsize', 67108864);
INSERT INTO account_search(rowid, name, email)
	SELECT (COALESCE(CASE WHEN status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = managing_org_id) END, 0) << 40) + rowid,
		name, email FROM accounts ORDER BY 1;
INSERT INTO account_search(account_search, rank) VALUES ('hashsize', 1048576);
CREATE TRIGGER account_search_insert AFTER INSERT ON accounts BEGIN
	INSERT INTO account_search(rowid, name, email) VALUES (
		(COALESCE(CASE WHEN new.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = new.managing_org_id) END, 0) << 40) + new.rowid,
		new.name, new.email);
END;
CREATE TRIGGER account_search_delete AFTER DELETE ON accounts BEGIN
	INSERT INTO account_search(account_search, rowid, name, email) VALUES ('delete',
		(COALESCE(CASE WHEN old.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = old.managing_org_id) END, 0) << 40) + old.rowid,
		old.name, old.email);
END;
CREATE TRIGGER account_search_update AFTER UPDATE OF name, email, status ON accounts
WHEN old.name IS NOT new.name OR old.email IS NOT new.email OR (old.status = 'DELETED') <> (new.status = 'DELETED')
BEGIN
	INSERT INTO account_search(account_search, rowid, name, email) VALUES ('delete',
		(COALESCE(CASE WHEN old.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = old.managing_org_id) END, 0) << 40) + old.rowid,
		old.name, old.email);
	INSERT INTO account_search(rowid, name, email) VALUES (
		(COALESCE(CASE WHEN new.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = new.managing_org_id) END, 0) << 40) + new.rowid,
		new.name, new.email);
END;
-- A change of managing organization moves the entry too, but not here: the claim and
-- the release of a domain's accounts move theirs in two set-based statements before
-- their UPDATE (db.RekeySearch), since moving entries row by row makes FTS5 flush at
-- every row (25.6 s instead of 3.2 s for 100,000 accounts). This makes sure no change of
-- organization skips that step (it updates no name, email or status at the same time).
CREATE TRIGGER account_search_rekeyed BEFORE UPDATE OF managing_org_id ON accounts
WHEN old.managing_org_id IS NOT new.managing_org_id AND NOT EXISTS (SELECT 1 FROM account_search WHERE rowid =
	(COALESCE(CASE WHEN new.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = new.managing_org_id) END, 0) << 40) + new.rowid)
BEGIN
	SELECT RAISE(ABORT, 'the search index was not moved to the new managing organization first (db.RekeySearch)');
END;
-- The keys above need an organization's rowid for as long as it manages accounts, and
-- orgdir never deletes organizations: a deletion by hand would leave entries whose key
-- nothing can compute any more.
CREATE TRIGGER organizations_kept BEFORE DELETE ON organizations BEGIN
	SELECT RAISE(ABORT, 'organizations are not deleted: the account search index is keyed by them');
END;
