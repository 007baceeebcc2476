package db_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/page"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
	"orgdir/migrations"
)

func TestMigrationsMatchTheEntSchema(t *testing.T) {
	// A change to ent/schema without `make migration` would leave the database behind the code.
	dir := t.TempDir()
	src := filepath.Join("..", "..", "migrations", "sqlite", "schema")
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
	}
	err = db.PlanSQLite(context.Background(), dir, "check")
	require.True(t, errors.Is(err, db.ErrNoChanges), "ent/schema has changes without a migration (run make migration name=...): %v", err)
}

func TestMigrateAppliesEveryMigrationOnceAndCreatesTheDirectory(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "dir", "orgdir.db")
	d, err := db.Open("sqlite:" + path)
	require.NoError(t, err)
	defer d.Close()
	pending, err := d.Pending(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, pending)
	require.NoError(t, d.Migrate(ctx))
	pending, err = d.Pending(ctx)
	require.NoError(t, err)
	require.Empty(t, pending, "a second look finds nothing to apply")
	require.NoError(t, d.Migrate(ctx), "migrating twice is harmless")
	var n int
	require.NoError(t, d.SQL.QueryRow(`SELECT count(*) FROM account_search`).Scan(&n), "the search index exists")
}

func TestOpenRejectsUnknownDatabases(t *testing.T) {
	for _, dsn := range []string{"mysql://x", "nothing", "sqlite:"} {
		_, err := db.Open(dsn)
		require.Error(t, err, dsn)
	}
}

func TestPostgresMigrationsMatchTheEntSchema(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("runs in the PostgreSQL pass (ORGDIR_TEST_DB=postgres, make test-postgres)")
	}
	// The same check as SQLite's: replay migrations/postgres/schema on a scratch database
	// and ask ent for the difference to ent/schema.
	dir := t.TempDir()
	src := filepath.Join("..", "..", "migrations", "postgres", "schema")
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
	}
	err = db.PlanPostgres(context.Background(), testkit.PostgresAdmin(), dir, "check")
	require.True(t, errors.Is(err, db.ErrNoChanges), "ent/schema has changes without a PostgreSQL migration: %v", err)
}

// A directory made before the product counters gets them, and each Users row its
// products, from the migrations that add them (on SQLite and PostgreSQL alike).
func TestProductCounterMigrationsFillAnExistingDirectory(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	before := env.ProductCounters(t)
	require.NotEmpty(t, before, "the fixture's users have products")
	for _, q := range []string{
		`DELETE FROM user_stat_cells WHERE scope_id LIKE '%/%'`,
		`ALTER TABLE org_users DROP COLUMN products`,
		`DELETE FROM orgdir_migrations WHERE version IN ('20261206111923_org_user_products', '20261206111924_org_user_products_fill')`,
	} {
		_, err := env.Exec(q)
		require.NoError(t, err, q)
	}
	require.NoError(t, env.App.DB.Migrate(context.Background()))
	require.Equal(t, before, env.ProductCounters(t))
	env.RequireProductCountersMatchRecount(t)
}

// The migration that keys SQLite's search index by organization builds it from the
// accounts of an existing directory: every organization's searches count what their
// rows do, as before the upgrade.
func TestSearchByOrganizationMigrationIndexesAnExistingDirectory(t *testing.T) {
	if testkit.Postgres() {
		t.Skip("SQLite's search index")
	}
	env := testkit.New(t)
	w := env.Seed()
	ctx := viewer.System(context.Background())
	counts := func() map[string]int {
		out := map[string]int{}
		for _, org := range []gid.ID{w.Acme, w.Globex} {
			for _, term := range []string{"test", "acme", "globex", "gus", "ana"} {
				one := 1
				conn, err := env.App.Directory.ManagedAccounts(ctx, org, page.Page{First: &one}, &term, nil, nil, directory.NoMemberships)
				require.NoError(t, err)
				rows, err := env.App.DB.Client.Account.Query().Where(directory.ManagedAccountPredicates(org, &term, nil)...).Count(ctx)
				require.NoError(t, err)
				require.Equal(t, rows, conn.TotalCount, "%s %q", org, term)
				out[string(org)+" "+term] = rows
			}
		}
		return out
	}
	before := counts()
	require.Positive(t, before[string(w.Acme)+" acme"], "Acme's accounts match acme")
	old, err := fs.ReadFile(migrations.FS, "sqlite/extra/20261129094932_account_search.sql")
	require.NoError(t, err)
	for _, q := range []string{
		`DROP TRIGGER account_search_insert`, `DROP TRIGGER account_search_delete`, `DROP TRIGGER account_search_update`,
		`DROP TRIGGER account_search_rekeyed`, `DROP TRIGGER organizations_kept`, `DROP TABLE account_search`,
		string(old),
		`DELETE FROM orgdir_migrations WHERE version = '20261206220000_account_search_by_org'`,
	} {
		_, err := env.App.DB.SQL.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	require.NoError(t, env.App.DB.Migrate(context.Background()))
	require.Equal(t, before, counts())
	_, err = env.App.DB.SQL.ExecContext(ctx, `INSERT INTO account_search(account_search) VALUES ('integrity-check')`)
	require.NoError(t, err)
}

// The migration that puts the lower-cased keys in SQLite's search index rebuilds it from
// the accounts of an existing directory: a name that FTS5's own case folding missed is
// found after it, and every other search counts what it did.
func TestSearchKeysMigrationIndexesAnExistingDirectory(t *testing.T) {
	if testkit.Postgres() {
		t.Skip("SQLite's search index")
	}
	env := testkit.New(t)
	w := env.Seed()
	ctx := viewer.System(context.Background())
	_, err := env.Exec(`UPDATE accounts SET name = 'İbrahim Çelik', name_key = 'ibrahim çelik' WHERE id = ?`, w.Alice)
	require.NoError(t, err)
	count := func(term string) int {
		one := 1
		conn, err := env.App.Directory.ManagedAccounts(ctx, w.Acme, page.Page{First: &one}, &term, nil, nil, directory.NoMemberships)
		require.NoError(t, err)
		return conn.TotalCount
	}
	terms := []string{"ibr", "İBRAHIM", "çel", "test", "acme", "bob", "ana"}
	counts := func() map[string]int {
		out := map[string]int{}
		for _, term := range terms {
			out[term] = count(term)
		}
		return out
	}
	after := counts()
	require.Equal(t, 1, after["ibr"])
	require.Equal(t, 1, after["İBRAHIM"])

	byOrg, err := fs.ReadFile(migrations.FS, "sqlite/extra/20261206220000_account_search_by_org.sql")
	require.NoError(t, err)
	for _, q := range []string{
		`DROP TRIGGER account_search_insert`, `DROP TRIGGER account_search_delete`, `DROP TRIGGER account_search_update`,
		`DROP TRIGGER account_search_rekeyed`, `DROP TRIGGER organizations_kept`, `DROP TABLE account_search`,
		// The layout before the keys: the by-organization migration, over a table of its own to drop.
		`CREATE VIRTUAL TABLE account_search USING fts5(name, email, content='accounts', content_rowid='rowid', tokenize='trigram')`,
		`CREATE TRIGGER account_search_insert AFTER INSERT ON accounts BEGIN SELECT 1; END`,
		`CREATE TRIGGER account_search_delete AFTER DELETE ON accounts BEGIN SELECT 1; END`,
		`CREATE TRIGGER account_search_update AFTER UPDATE ON accounts BEGIN SELECT 1; END`,
		string(byOrg),
		`DELETE FROM orgdir_migrations WHERE version = '20261207070000_account_search_keys'`,
	} {
		_, err := env.App.DB.SQL.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	require.Zero(t, count("ibr"), "FTS5's folding does not turn İ into i")
	require.NoError(t, env.App.DB.Migrate(context.Background()))
	require.Equal(t, after, counts())
	_, err = env.App.DB.SQL.ExecContext(ctx, `INSERT INTO account_search(account_search) VALUES ('integrity-check')`)
	require.NoError(t, err)
}
