package seed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"

	"orgdir/internal/db"
)

// bulkTables are the tables that grow with the number of accounts.
var bulkTables = []string{"accounts", "memberships", "group_members", "org_users", "devices", "api_tokens"}

// setAside drops the secondary indexes of the bulk tables, and SQLite's search
// trigger, for the time of the load: building an index once from all its rows costs
// a fraction of a million random inserts into it. The returned restore recreates them
// exactly as they were (their SQL is read from the database's catalog), adds back
// and checks PostgreSQL's foreign keys of those tables, and indexes
// the new accounts for search. Both run in the seeding transaction, so a failure
// anywhere leaves the indexes as they were. Primary keys and unique constraints stay.
func setAside(ctx context.Context, w *writer) (restore func(context.Context, func(step string)) error, err error) {
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
	// PostgreSQL checks a foreign key with a query per inserted row; adding the
	// constraint back checks every row in one join. SQLite's checks are cheap lookups.
	var fkTables, fkNames, fkDefs []string
	if w.dialect == dialect.Postgres {
		rows, err := w.tx.QueryContext(ctx, `SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
			FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text IN ('`+strings.Join(bulkTables, "', '")+`')
			ORDER BY 1, 2`)
		if err != nil {
			return nil, fmt.Errorf("reading foreign keys: %w", err)
		}
		for rows.Next() {
			var t, n, def string
			if err := rows.Scan(&t, &n, &def); err != nil {
				rows.Close()
				return nil, err
			}
			fkTables, fkNames, fkDefs = append(fkTables, t), append(fkNames, n), append(fkDefs, def)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for i, n := range fkNames {
			if _, err := w.tx.ExecContext(ctx, `ALTER TABLE `+fkTables[i]+` DROP CONSTRAINT "`+n+`"`); err != nil {
				return nil, fmt.Errorf("setting foreign key %s aside: %w", n, err)
			}
		}
	}
	for _, n := range names {
		if _, err := w.tx.ExecContext(ctx, `DROP INDEX "`+n+`"`); err != nil {
			return nil, fmt.Errorf("setting index %s aside: %w", n, err)
		}
	}
	return func(ctx context.Context, step func(string)) error {
		for i, def := range defs {
			step("index " + names[i])
			if _, err := w.tx.ExecContext(ctx, def); err != nil {
				return fmt.Errorf("rebuilding index %s: %w", names[i], err)
			}
		}
		for i, n := range fkNames {
			step("foreign key " + n)
			if _, err := w.tx.ExecContext(ctx, `ALTER TABLE `+fkTables[i]+` ADD CONSTRAINT "`+n+`" `+fkDefs[i]); err != nil {
				return fmt.Errorf("checking foreign key %s: %w", n, err)
			}
		}
		if trigger == "" {
			return nil
		}
		// What the trigger would have done for each new account, in one statement.
		step("search index")
		if err := db.IndexAccountsAfter(ctx, w.tx, maxRowID); err != nil {
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
