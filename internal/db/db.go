// Package db opens orgdir's database, applies its versioned migrations and owns the
// few SQL details ent does not model (the search index). Every ent client of the
// application comes from Open, so every one has the visibility filters installed.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"orgdir/ent"
	"orgdir/internal/access"
)

// DB is an open database: the ent client and the driver underneath it.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string

	driver dialect.Driver // what the client runs its statements through
}

// Close closes the database.
func (d *DB) Close() error { return d.Client.Close() }

// sqlitePragmas are applied to every pooled connection (see ENGINEERING.md): foreign
// keys, WAL, a busy timeout, full fsync, write-locking transactions and plain timestamps.
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
	"&_pragma=synchronous(FULL)&_txlock=immediate&_time_format=sqlite"

// sqliteBusyTimeout is the busy_timeout of sqlitePragmas.
const sqliteBusyTimeout = 10 * time.Second

// Option changes how Open sets up the client.
type Option func(*options)

type options struct {
	logSQL func(string)
	hook   func(Statement)
}

// WithSQLLog passes every statement the client runs to log (tests use it to check the
// shape of queries).
func WithSQLLog(log func(query string)) Option {
	return func(o *options) { o.logSQL = log }
}

// Open opens the database named by dsn ("sqlite:path/to/file.db"), creating the
// directory of a SQLite file when missing. It does not migrate; call Migrate.
func Open(dsn string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	kind, rest, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if kind == dialect.Postgres {
		return openPostgres(dsn, o)
	}
	return openSQLite(rest, o)
}

// parseDSN names the kind of database dsn is, with the rest of a sqlite: URL (its path).
func parseDSN(dsn string) (kind, rest string, err error) {
	scheme, rest, ok := strings.Cut(dsn, ":")
	if !ok {
		return "", "", fmt.Errorf("database %q: expected sqlite:PATH or postgres://user@host:port/db", Redact(dsn))
	}
	switch scheme {
	case "sqlite":
		return dialect.SQLite, rest, nil
	case "postgres", "postgresql":
		return dialect.Postgres, rest, nil
	default:
		return "", "", fmt.Errorf("database %q: unsupported kind %q (supported: sqlite:PATH, postgres://...)", Redact(dsn), scheme)
	}
}

func openSQLite(path string, o options) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("database: sqlite needs a file path, for example sqlite:./data/orgdir.db")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("database directory %s: %w", dir, err)
		}
	}
	u := url.URL{Scheme: "file", Opaque: path, RawQuery: sqlitePragmas}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("database sqlite:%s: %w", path, err)
	}
	if err := pingSQLite(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("database sqlite:%s cannot be opened: %w", path, err)
	}
	keepIdle(db, SQLiteIdleConns)
	return wrap(db, dialect.SQLite, o), nil
}

// pingSQLite opens the first connection, trying again for up to the busy timeout while
// SQLite answers SQLITE_BUSY. Processes opening a new file at once each switch it to WAL
// from inside a read transaction; SQLite refuses all but one of them at once, without
// waiting (waiting there could deadlock), and a second try finds the file in WAL already.
func pingSQLite(db *sql.DB) error {
	deadline := time.Now().Add(sqliteBusyTimeout)
	for {
		err := db.PingContext(context.Background())
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Connections kept open between requests (keepIdle).
const (
	SQLiteIdleConns   = 16
	PostgresIdleConns = 20 // all of its pool
)

// keepIdle keeps up to n connections open between requests instead of database/sql's
// 2. A page resolves its fields on many goroutines at once, and every connection past
// the idle ones was closed and opened again on the next request: opening one parses
// the whole schema (SQLite) or authenticates (PostgreSQL). That was half the server's
// CPU on the Managed accounts page (make bench W2, profiled with --pprof-addr).
// Connections idle for five minutes are closed, so a burst does not keep its pool.
func keepIdle(db *sql.DB, n int) {
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
}

func wrap(db *sql.DB, dialectName string, o options) *DB {
	var drv dialect.Driver = newStmtCache(newGated(entsql.OpenDB(dialectName, db)), db)
	if dialectName == dialect.Postgres {
		drv = rebinder{entsql.OpenDB(dialectName, db)}
	}
	if o.hook != nil {
		drv = hooked{Driver: drv, name: dialectName, hook: o.hook}
	}
	if o.logSQL != nil {
		drv = dialect.DebugWithContext(drv, func(_ context.Context, v ...any) { o.logSQL(fmt.Sprint(v...)) })
	}
	client := ent.NewClient(ent.Driver(drv))
	access.Register(client)
	client.Account.Intercept(overrideCount(dialectName), searchPlan(drv, dialectName))
	client.OrgUser.Intercept(overrideCount(dialectName))
	return &DB{Client: client, SQL: db, Dialect: dialectName, driver: drv}
}
