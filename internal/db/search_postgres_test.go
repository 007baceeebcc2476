package db_test

import (
	"context"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"

	"orgdir/ent/account"
	"orgdir/internal/db"
	"orgdir/internal/testkit"
)

// PostgreSQL's counterparts of the SQLite-only checks (docs/POSTGRES.md, "Tests"):
// search is served by the pg_trgm index, and the sort keys order bytes as SQLite does.

func TestPostgresSearchCanUseOneTrigramIndexForBothKeys(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("PostgreSQL only: SQLite's search is the FTS5 table (TestMigrateAppliesEveryMigrationOnceAndCreatesTheDirectory)")
	}
	env := testkit.New(t)
	env.Seed()
	ctx := context.Background()
	// On the fixture's few rows a scan is cheaper, so scans are priced out to see whether
	// the trigram index can serve, and the NAME and EMAIL orders' indexes, which hold
	// both keys too, are set aside in a transaction that is rolled back.
	tx, err := env.App.DB.SQL.BeginTx(ctx, nil)
	require.NoError(t, err)
	defer tx.Rollback()
	for _, q := range []string{`SET LOCAL enable_seqscan = off`,
		`DROP INDEX account_managing_org_id_name_key_id_email_key`,
		`DROP INDEX account_managing_org_id_email_key_id_name_key`} {
		_, err = tx.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	// The statement the search predicate writes, as ent builds it.
	sel := sql.Dialect(dialect.Postgres).Select(account.FieldID).From(sql.Table(account.Table))
	db.AccountSearch("LIC")(sel)
	query, args := sel.Query()
	rows, err := tx.QueryContext(ctx, "EXPLAIN "+query, args...)
	require.NoError(t, err, query)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		require.NoError(t, rows.Scan(&line))
		plan = append(plan, line)
	}
	require.NoError(t, rows.Err())
	text := strings.Join(plan, "\n")
	// One index holds both keys: one scan finds the candidates of either.
	require.Contains(t, text, "Bitmap Index Scan on account_keys_trgm", text)
	require.NotContains(t, text, "BitmapOr", text)
}

func TestPostgresSortKeysUseByteOrder(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("PostgreSQL only: SQLite compares text by bytes already")
	}
	env := testkit.New(t)
	rows, err := env.Query(`SELECT table_name, column_name, COALESCE(collation_name, '') FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name IN ('name_key', 'email_key')
		AND table_name IN ('accounts', 'memberships', 'org_users') ORDER BY 1, 2`)
	require.NoError(t, err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var table, column, collation string
		require.NoError(t, rows.Scan(&table, &column, &collation))
		require.Equal(t, "C", collation, "%s.%s", table, column)
		n++
	}
	require.NoError(t, rows.Err())
	require.Equal(t, 6, n)
}
