package testkit

import (
	"context"
	"database/sql"
	"strings"
	"testing"

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

// ProductCountsSQL recounts the product counters (the user_stat_cells rows whose scope
// is directory.ProductScope) from the rows they count: scope, status, count.
const ProductCountsSQL = `SELECT ou.org_id || '/' || gg.product AS scope, ou.status AS status, COUNT(DISTINCT ou.id) AS n
	FROM org_users ou
	JOIN memberships m ON m.account_id = ou.account_id AND m.removed_at IS NULL
	JOIN sites s ON s.id = m.site_id AND s.org_id = ou.org_id
	JOIN group_members gm ON gm.membership_id = m.id
	JOIN group_grants gg ON gg.group_id = gm.group_id
	GROUP BY ou.org_id, gg.product, ou.status`

// RequireProductCountersMatchRecount checks every product counter against
// ProductCountsSQL, and that each Users row records the products it is counted under.
func (e *Env) RequireProductCountersMatchRecount(t testing.TB) {
	t.Helper()
	require.Equal(t, e.countsBy(t, ProductCountsSQL), e.ProductCounters(t),
		"product counters equal a recount of the Users rows' groups")
	var wrong int
	require.NoError(t, e.QueryRow(`SELECT COUNT(*) FROM org_users ou WHERE ou.products <> COALESCE((
		SELECT `+productList(e.App.DB.Dialect)+` FROM (SELECT DISTINCT gg.product FROM memberships m
			JOIN sites s ON s.id = m.site_id JOIN group_members gm ON gm.membership_id = m.id
			JOIN group_grants gg ON gg.group_id = gm.group_id
			WHERE m.account_id = ou.account_id AND s.org_id = ou.org_id AND m.removed_at IS NULL
			ORDER BY gg.product) AS p), '')`).Scan(&wrong))
	require.Zero(t, wrong, "org_users.products lists each row's products in order")
}

// productList aggregates the product column of a subquery into a sorted, comma-separated list.
func productList(dialectName string) string {
	if dialectName == "postgres" {
		return `string_agg(product, ',' ORDER BY product)`
	}
	return `group_concat(product, ',')` // in the subquery's order, which sorts them
}

// ProductCounters reads the product counters: "scope status" to count, zeros left out.
func (e *Env) ProductCounters(t testing.TB) map[string]int {
	t.Helper()
	return e.countsBy(t, `SELECT scope_id, status, count FROM user_stat_cells WHERE scope_id LIKE '%/%'`)
}

// countsBy reads (scope, status, count) rows into "scope status" to count, zeros left out.
func (e *Env) countsBy(t testing.TB, query string) map[string]int {
	t.Helper()
	rows, err := e.Query(query)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var scope, status string
		var n int
		require.NoError(t, rows.Scan(&scope, &status, &n))
		if n != 0 {
			out[scope+" "+status] = n
		}
	}
	require.NoError(t, rows.Err())
	return out
}
