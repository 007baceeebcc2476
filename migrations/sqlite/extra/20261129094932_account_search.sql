-- Substring search over account names and emails: an FTS5 trigram index kept in sync
-- by triggers. It lives outside schema/ because ent does not model virtual tables and
-- Atlas cannot replay FTS5 shadow tables. External content: the index stores no copy.
CREATE VIRTUAL TABLE account_search USING fts5(name, email, content='accounts', content_rowid='rowid', tokenize='trigram');
INSERT INTO account_search(account_search) VALUES ('rebuild');
CREATE TRIGGER account_search_insert AFTER INSERT ON accounts BEGIN
  INSERT INTO account_search(rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
CREATE TRIGGER account_search_delete AFTER DELETE ON accounts BEGIN
  INSERT INTO account_search(account_search, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email);
END;
CREATE TRIGGER account_search_update AFTER UPDATE OF name, email ON accounts BEGIN
  INSERT INTO account_search(account_search, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email);
  INSERT INTO account_search(rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
