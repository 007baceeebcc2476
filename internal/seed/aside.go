package seed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
)

// bulkTables are the tables that grow with the number of accounts.
var bulkTables = []string{"accounts", "memberships", "group_members", "org_users", "devices", "api_tokens"}

// setAside drops the secondary indexes of the bulk tables, and SQLite's search
// trigger, for the time of the load: building an index once from all its rows costs
// a fraction of a million random inserts into it. The returned restore recreates them
// exactly as they were (their SQL is read from the database's catalog) and indexes
// the new accounts for search. Both run in the seeding transaction, so a failure
// anywhere leaves the indexes as they were. Primary keys and unique constraints stay.
func setAside(ctx context.Context, w *writer) (restore func(context.Context) error, err error) {
	var defs []string
	var q string
	switch w.dialect {
	case dialect.SQLite:
		q = `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('` +
			strings.Join(bulkTables, "', '") + `') ORDER BY name`
	case dialect.Postgres:
		// Indexes that back a constraint (primary keys) cannot be dropped on their own.
		q = `SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() AND tablename IN ('` +
			strings.Join(bulkTables, "', '") + `') AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
			ORDER BY indexname`
	default:
		return nil, fmt.Errorf("seed: unsupported database %s", w.dialect)
	}
	names, defs, err := pairs(ctx, w.tx, q)
	if err != nil {
		return nil, fmt.Errorf("reading indexes: %w", err)
	}
	var trigger string
	var maxRowID int64
	if w.dialect == dialect.SQLite {
		err := w.tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'account_search_insert'`).Scan(&trigger)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("reading the search trigger: %w", err)
		}
		if trigger != "" {
			if err := w.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM accounts`).Scan(&maxRowID); err != nil {
				return nil, err
			}
			if _, err := w.tx.ExecContext(ctx, `DROP TRIGGER account_search_insert`); err != nil {
				return nil, err
			}
		}
	}
	for _, n := range names {
		if _, err := w.tx.ExecContext(ctx, `DROP INDEX "`+n+`"`); err != nil {
			return nil, fmt.Errorf("setting index %s aside: %w", n, err)
		}
	}
	return func(ctx context.Context) error {
		for i, def := range defs {
			if _, err := w.tx.ExecContext(ctx, def); err != nil {
				return fmt.Errorf("rebuilding index %s: %w", names[i], err)
			}
		}
		if trigger == "" {
			return nil
		}
		// What the trigger would have done for each new account, in one statement.
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO account_search (rowid, name, email)
			SELECT rowid, name, email FROM accounts WHERE rowid > ?`, maxRowID); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		_, err := w.tx.ExecContext(ctx, trigger)
		return err
	}, nil
}

func pairs(ctx context.Context, tx *sql.Tx, q string) (a, b []string, err error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var x, y string
		if err := rows.Scan(&x, &y); err != nil {
			return nil, nil, err
		}
		a, b = append(a, x), append(b, y)
	}
	return a, b, rows.Err()
}
