package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
)

// Postgres reports whether tests run on PostgreSQL: ORGDIR_TEST_DB=postgres. Each
// test then gets its own database on the server of ORGDIR_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/postgres), dropped when it ends.
func Postgres() bool { return os.Getenv("ORGDIR_TEST_DB") == "postgres" }

// PostgresAdmin is the URL of the database through which tests create and drop theirs.
func PostgresAdmin() string {
	if u := os.Getenv("ORGDIR_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres"
}

// DatabasePrefix starts the name of every scratch database of this test process:
// orgdir_test_ followed by ORGDIR_TEST_RUN when set. `make test-postgres` sets a run id
// so that, after the run, it can drop whatever a killed test binary left behind
// without touching the databases of other runs on the same server.
func DatabasePrefix() string {
	run := os.Getenv("ORGDIR_TEST_RUN")
	if !regexp.MustCompile(`^[a-z0-9_]*$`).MatchString(run) {
		panic(fmt.Sprintf("ORGDIR_TEST_RUN=%q: use lower-case letters, digits and _", run))
	}
	return "orgdir_test_" + run
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
)

// admin is the connection to the server's maintenance database that creates and
// drops the scratch databases, shared by the tests of one process.
func admin() *sql.DB {
	adminOnce.Do(func() {
		db, err := sql.Open("pgx", PostgresAdmin())
		if err != nil {
			panic(err) // only a malformed ORGDIR_TEST_POSTGRES gets here
		}
		adminDB = db
	})
	return adminDB
}

// newPostgres creates a database for t (empty, or a copy of template) and drops it
// when t ends, failed or not. It returns the database's URL and name.
func newPostgres(t testing.TB, template string) (dsn, name string) {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name = DatabasePrefix() + "_" + hex.EncodeToString(b)
	stmt := "CREATE DATABASE " + name
	if template != "" {
		stmt += " TEMPLATE " + template
	}
	_, err := admin().ExecContext(context.Background(), stmt)
	require.NoError(t, err, "ORGDIR_TEST_DB=postgres needs a PostgreSQL server at %s (make test-postgres starts the local one)",
		PostgresAdmin())
	t.Cleanup(func() {
		if _, err := admin().ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop scratch database %s: %v", name, err)
		}
	})
	u, err := url.Parse(PostgresAdmin())
	require.NoError(t, err)
	u.Path = "/" + name
	return u.String(), name
}

// NewDatabase returns the DSN of a fresh, empty database for t (a file in t's temporary
// directory, or a scratch PostgreSQL database dropped when t ends), and its SQLite path.
func NewDatabase(t testing.TB) (dsn, path string) { return newDatabase(t) }

// newDatabase returns the DSN of a fresh, empty database for t, and its SQLite path.
func newDatabase(t testing.TB) (dsn, path string) {
	if !Postgres() {
		path = filepath.Join(t.TempDir(), "orgdir.db")
		return "sqlite:" + path, path
	}
	dsn, _ = newPostgres(t, "")
	return dsn, ""
}

// Snapshot is a frozen copy of a test's database, for tests that run many cases each
// on its own copy of one prepared world.
type Snapshot struct {
	path string // SQLite file
	name string // PostgreSQL database, used as a template
}

// Snapshot copies the database as it is now; the copy lives until the test ends.
func (e *Env) Snapshot() *Snapshot {
	e.T.Helper()
	ctx := context.Background()
	if !Postgres() {
		path := filepath.Join(e.T.TempDir(), "snapshot.db")
		_, err := e.App.DB.SQL.ExecContext(ctx, "VACUUM INTO ?", path)
		require.NoError(e.T, err)
		return &Snapshot{path: path}
	}
	// CREATE DATABASE ... TEMPLATE needs the source to have no other sessions: close
	// the pool's idle connections for the copy (the caller has no request in flight).
	src := e.databaseName()
	e.App.DB.SQL.SetMaxIdleConns(0)
	defer e.App.DB.SQL.SetMaxIdleConns(db.PostgresIdleConns)
	_, name := newPostgres(e.T, src)
	return &Snapshot{name: name}
}

// NewCopy returns the DSN of a new copy of the snapshot for t (and its SQLite path).
func (s *Snapshot) NewCopy(t testing.TB) (dsn, path string) {
	t.Helper()
	if s.name != "" {
		dsn, _ = newPostgres(t, s.name)
		return dsn, ""
	}
	path = filepath.Join(t.TempDir(), "orgdir.db")
	data, err := os.ReadFile(s.path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return "sqlite:" + path, path
}

func (e *Env) databaseName() string {
	e.T.Helper()
	var name string
	require.NoError(e.T, e.App.DB.SQL.QueryRowContext(context.Background(), "SELECT current_database()").Scan(&name))
	return name
}
