package testkit

import (
	"context"

	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
)

// Tests that need hundreds of thousands of accounts insert them with one set-based
// statement. These spell its dialect-specific pieces.

// Series is a WITH clause naming seq(i): the integers 1 to n, n being its one ?.
func Series() string {
	if Postgres() {
		return `WITH seq(i) AS (SELECT generate_series(1, CAST(? AS integer)))`
	}
	return `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)`
}

// AccountIDOf is the id 'acc_' followed by the integer expr zero-padded to 26 digits.
func AccountIDOf(expr string) string {
	if Postgres() {
		return `'acc_' || lpad(CAST(` + expr + ` AS text), 26, '0')`
	}
	return `'acc_' || printf('%026d', ` + expr + `)`
}

// UnixTime is the timestamp of the integer expr seconds since 1970, as the accounts
// table stores it.
func UnixTime(expr string) string {
	if Postgres() {
		return `to_timestamp(` + expr + `)`
	}
	return `datetime(` + expr + `, 'unixepoch') || '+00:00'`
}

// Timestamp is the timestamp literal ts ("2026-03-02 09:00:00+00:00") as the accounts
// table stores it (PostgreSQL types a bare literal of an INSERT ... SELECT as text).
func Timestamp(ts string) string {
	if Postgres() {
		return `CAST('` + ts + `' AS timestamptz)`
	}
	return `'` + ts + `'`
}

// BulkInsert runs a set-based insert into accounts. On SQLite the search index's
// trigger is set aside meanwhile (a trigger run per row is most of the cost, and
// minutes under -race) and the new rows are indexed in one statement after, as the
// seed does; PostgreSQL's search needs no trigger.
func (e *Env) BulkInsert(query string, args ...any) {
	e.T.Helper()
	if Postgres() {
		_, err := e.Exec(query, args...)
		require.NoError(e.T, err)
		return
	}
	ctx := context.Background()
	var trigger string
	var maxRowID int64
	require.NoError(e.T, e.App.DB.SQL.QueryRowContext(ctx,
		`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'account_search_insert'`).Scan(&trigger))
	require.NoError(e.T, e.App.DB.SQL.QueryRowContext(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM accounts`).Scan(&maxRowID))
	_, err := e.App.DB.SQL.ExecContext(ctx, `DROP TRIGGER account_search_insert`)
	require.NoError(e.T, err)
	_, err = e.Exec(query, args...)
	require.NoError(e.T, err)
	require.NoError(e.T, db.IndexAccountsAfter(ctx, e.App.DB.SQL, maxRowID))
	_, err = e.App.DB.SQL.ExecContext(ctx, trigger)
	require.NoError(e.T, err)
}
