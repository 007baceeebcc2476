package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"syscall"

	"entgo.io/ent/dialect"
)

// ErrPostgresBackup is returned by Backup and Restore for a PostgreSQL database: its
// own tools do this better than orgdir could.
var ErrPostgresBackup = errors.New("orgdir backup and restore are for SQLite; for PostgreSQL use pg_dump and pg_restore (see docs/OPERATIONS.md)")

// sqlitePath returns the file of a sqlite: URL, or ErrPostgresBackup.
func sqlitePath(dsn string) (string, error) {
	kind, rest, err := parseDSN(dsn)
	switch {
	case err != nil:
		return "", err
	case kind == dialect.Postgres:
		return "", ErrPostgresBackup
	case rest == "":
		return "", fmt.Errorf("database: sqlite needs a file path, for example sqlite:./data/orgdir.db")
	}
	return rest, nil
}

// Backup writes a consistent copy of the SQLite database dsn to dest while other
// processes keep reading and writing it: VACUUM INTO copies one read transaction's
// snapshot. The copy is written under a temporary name, synced, checked with
// integrity_check and only then renamed to dest, so dest is never a partial file.
// An existing dest is refused unless force. It returns the size of the copy.
func Backup(ctx context.Context, dsn, dest string, force bool) (int64, error) {
	path, err := sqlitePath(dsn)
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("backup: the database %s: %w", path, err)
	}
	if _, err := os.Stat(dest); err == nil && !force {
		return 0, fmt.Errorf("backup: %s already exists; choose another file or pass --force to replace it", dest)
	}
	tmp, err := tempName(dest)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp) // a no-op once renamed
	src, err := openPlain(path, false)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return 0, fmt.Errorf("backup: copy %s: %w", path, err)
	}
	if err := checkOrgdirFile(ctx, tmp); err != nil {
		return 0, fmt.Errorf("backup: the copy is not usable: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := syncDir(filepath.Dir(dest)); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	st, err := os.Stat(dest)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	return st.Size(), nil
}

// Restore replaces the SQLite database dsn with the backup file from and migrates it.
// The server must be stopped: Restore refuses when another process has the database
// open (it holds the WAL index's lock). The backup is copied next to the database,
// checked (integrity_check, an orgdir migrations table no newer than this binary),
// and renamed over the database after its WAL has been checkpointed and removed, so
// a failure at any step leaves either the old database or the restored one.
func Restore(ctx context.Context, dsn, from string) error {
	path, err := sqlitePath(dsn)
	if err != nil {
		return err
	}
	if err := checkOrgdirFile(ctx, from); err != nil {
		return fmt.Errorf("restore: %s is not a usable orgdir backup: %w", from, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := refuseInUse(path); err != nil {
		return err
	}
	tmp, err := tempName(path)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := copyFile(from, tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := checkOrgdirFile(ctx, tmp); err != nil {
		return fmt.Errorf("restore: the copy of %s is not usable: %w", from, err)
	}
	if err := retireWAL(ctx, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	d, err := Open(dsn)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return fmt.Errorf("restore: the database was restored but not migrated (run orgdir migrate): %w", err)
	}
	return nil
}

// openPlain opens a SQLite file without orgdir's pragmas (which would switch a copy to
// WAL), read-only when ro.
func openPlain(path string, ro bool) (*sql.DB, error) {
	q := "_pragma=busy_timeout(10000)"
	if ro {
		q += "&mode=ro"
	}
	u := url.URL{Scheme: "file", Opaque: path, RawQuery: q}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// checkOrgdirFile requires a whole SQLite file with orgdir's migrations table, none of
// whose versions is unknown to this binary.
func checkOrgdirFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := openPlain(path, true)
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&result); err != nil {
		return fmt.Errorf("not a SQLite database: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("integrity_check: %s", result)
	}
	rows, err := db.QueryContext(ctx, `SELECT version FROM orgdir_migrations`)
	if err != nil {
		return fmt.Errorf("no orgdir migrations table: %w", err)
	}
	defer rows.Close()
	known := map[string]bool{}
	files, err := migrationFiles("sqlite3")
	if err != nil {
		return err
	}
	for _, f := range files {
		known[version(f)] = true
	}
	applied := 0
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		if !known[v] {
			return fmt.Errorf("it has migration %s, which this orgdir does not know (made by a newer version?)", v)
		}
		applied++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if applied == 0 {
		return errors.New("no orgdir migrations applied")
	}
	return nil
}

// refuseInUse fails when another process has the database open. Every SQLite
// connection in WAL mode holds a shared lock on the DMS byte of the -shm file (offset
// 128, SQLite's unix VFS) for as long as it is open; a write lock on it is then refused.
func refuseInUse(path string) error {
	f, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: 128, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk); err != nil {
		return fmt.Errorf("restore: %s is in use by another process (is orgdir serve running?); stop it first", path)
	}
	lk.Type = syscall.F_UNLCK
	return syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, &lk)
}

// retireWAL checkpoints the old database's WAL into it and removes the -wal and -shm
// files, so no stale log is ever applied to the restored file.
func retireWAL(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return removeSidecars(path)
	}
	db, err := openPlain(path, false)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		db.Close()
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	return removeSidecars(path)
}

func removeSidecars(path string) error {
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(path + s); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// tempName is a fresh name in the directory of path, so a rename is atomic.
func tempName(path string) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return path + ".tmp-" + hex.EncodeToString(b), nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
