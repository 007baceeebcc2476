-- The search index holds the lower-cased keys (name_key, email_key) instead of the names
-- and emails as written, and compares them as they are (case_sensitive 1): the term is
-- lower-cased the same way (Go's strings.ToLower), so a match is a substring of a key,
-- as on PostgreSQL, whose trigram indexes are on the same keys. Before this, FTS5's own
-- case folding decided, and it differs from Go's: "ibr" did not find "İbrahim" on SQLite
-- and did on PostgreSQL. The keys and the rest of the layout are those of
-- 20261206220000_account_search_by_org.sql.
DROP TRIGGER account_search_insert;
DROP TRIGGER account_search_delete;
DROP TRIGGER account_search_update;
DROP TRIGGER account_search_rekeyed;
DROP TABLE account_search;
CREATE VIRTUAL TABLE account_search USING fts5(name_key, email_key, content='', tokenize='trigram case_sensitive 1');
INSERT INTO account_search(account_search, rank) VALUES ('hashsize', 67108864);
INSERT INTO account_search(rowid, name_key, email_key)
	SELECT (COALESCE(CASE WHEN status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = managing_org_id) END, 0) << 40) + rowid,
		name_key, email_key FROM accounts ORDER BY 1;
INSERT INTO account_search(account_search, rank) VALUES ('hashsize', 1048576);
CREATE TRIGGER account_search_insert AFTER INSERT ON accounts BEGIN
	INSERT INTO account_search(rowid, name_key, email_key) VALUES (
		(COALESCE(CASE WHEN new.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = new.managing_org_id) END, 0) << 40) + new.rowid,
		new.name_key, new.email_key);
END;
CREATE TRIGGER account_search_delete AFTER DELETE ON accounts BEGIN
	INSERT INTO account_search(account_search, rowid, name_key, email_key) VALUES ('delete',
		(COALESCE(CASE WHEN old.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = old.managing_org_id) END, 0) << 40) + old.rowid,
		old.name_key, old.email_key);
END;
CREATE TRIGGER account_search_update AFTER UPDATE OF name_key, email_key, status ON accounts
WHEN old.name_key IS NOT new.name_key OR old.email_key IS NOT new.email_key OR (old.status = 'DELETED') <> (new.status = 'DELETED')
BEGIN
	INSERT INTO account_search(account_search, rowid, name_key, email_key) VALUES ('delete',
		(COALESCE(CASE WHEN old.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = old.managing_org_id) END, 0) << 40) + old.rowid,
		old.name_key, old.email_key);
	INSERT INTO account_search(rowid, name_key, email_key) VALUES (
		(COALESCE(CASE WHEN new.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = new.managing_org_id) END, 0) << 40) + new.rowid,
		new.name_key, new.email_key);
END;
CREATE TRIGGER account_search_rekeyed BEFORE UPDATE OF managing_org_id ON accounts
WHEN old.managing_org_id IS NOT new.managing_org_id AND NOT EXISTS (SELECT 1 FROM account_search WHERE rowid =
	(COALESCE(CASE WHEN new.status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = new.managing_org_id) END, 0) << 40) + new.rowid)
BEGIN
	SELECT RAISE(ABORT, 'the search index was not moved to the new managing organization first (db.RekeySearch)');
END;
