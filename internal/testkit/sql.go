package testkit

import (
	"context"
	"database/sql"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
)

// Tests that look at rows directly write their SQL once with ? placeholders and
// portable syntax; these helpers rewrite the placeholders for the database the test runs
// on (as the product's own hand-written statements are, internal/db/rebind.go).

// Exec runs a statement on the test's database.
func (e *Env) Exec(query string, args ...any) (sql.Result, error) {
	return e.App.DB.SQL.ExecContext(context.Background(), db.Rebind(e.App.DB.Dialect, query), args...)
}

// QueryRow runs a query that returns one row.
func (e *Env) QueryRow(query string, args ...any) *sql.Row {
	return e.App.DB.SQL.QueryRowContext(context.Background(), db.Rebind(e.App.DB.Dialect, query), args...)
}

// Query runs a query; the caller closes the rows.
func (e *Env) Query(query string, args ...any) (*sql.Rows, error) {
	return e.App.DB.SQL.QueryContext(context.Background(), db.Rebind(e.App.DB.Dialect, query), args...)
}

// Count runs a COUNT query and returns its figure.
func (e *Env) Count(query string, args ...any) int {
	e.T.Helper()
	var n int
	require.NoError(e.T, e.QueryRow(query, args...).Scan(&n), query)
	return n
}

// Tables lists the application's tables (not the database's own catalog).
func (e *Env) Tables() []string {
	e.T.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if e.App.DB.Dialect == dialect.Postgres {
		q = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := e.Query(q)
	require.NoError(e.T, err)
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		require.NoError(e.T, rows.Scan(&name))
		names = append(names, name)
	}
	require.NoError(e.T, rows.Err())
	return names
}

// Ident quotes a table or column name the way ent's statements (and so the SQL log)
// spell it on the database tests run on: `name` on SQLite, "name" on PostgreSQL.
func Ident(name string) string {
	if Postgres() {
		return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
	}
	return "`" + name + "`"
}
