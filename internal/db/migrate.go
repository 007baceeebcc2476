package db

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"orgdir/migrations"
)

// Migrate applies, in order and each in its own transaction, every migration file of
// the database's dialect that has not been applied yet. Files under schema/ are
// planned by ent (make migration); files under extra/ are hand-written SQL that ent
// cannot model (the search index). Both share one version sequence.
func (d *DB) Migrate(ctx context.Context) error {
	if err := d.createMigrationsTable(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	files, err := migrationFiles(d.Dialect)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := d.apply(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// Pending lists the migrations not applied yet.
func (d *DB) Pending(ctx context.Context) ([]string, error) {
	files, err := migrationFiles(d.Dialect)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		var n int
		err := d.SQL.QueryRowContext(ctx, `SELECT count(*) FROM orgdir_migrations WHERE version = `+d.placeholder(1), version(f)).Scan(&n)
		if err != nil || n == 0 {
			out = append(out, version(f))
		}
	}
	return out, nil
}

// migrationLock is the PostgreSQL advisory lock that makes processes starting together
// on one database migrate it one after the other (SQLite's write lock does that there).
const migrationLock = 7_031_907_311

// lockMigrations waits, inside tx, until no other process is migrating (PostgreSQL).
func (d *DB) lockMigrations(ctx context.Context, tx *sql.Tx) error {
	if d.Dialect != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock))
	return err
}

func (d *DB) createMigrationsTable(ctx context.Context) error {
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.lockMigrations(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS orgdir_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	return tx.Commit()
}

func (d *DB) placeholder(i int) string {
	if d.Dialect == "postgres" {
		return fmt.Sprintf("$%d", i)
	}
	return "?"
}

func (d *DB) apply(ctx context.Context, file string) error {
	v := version(file)
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", v, err)
	}
	defer tx.Rollback()
	if err := d.lockMigrations(ctx, tx); err != nil {
		return fmt.Errorf("migrate %s: %w", v, err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orgdir_migrations WHERE version = `+d.placeholder(1), v).Scan(&n); err != nil {
		return fmt.Errorf("migrate %s: %w", v, err)
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(migrations.FS, file)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", v, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migrate %s: %w", v, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO orgdir_migrations (version, applied_at) VALUES (`+d.placeholder(1)+`, `+d.placeholder(2)+`)`,
		v, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("migrate %s: %w", v, err)
	}
	return tx.Commit()
}

// migrationFiles returns the .sql files of a dialect, ordered by version (file name).
func migrationFiles(dialectName string) ([]string, error) {
	var files []string
	base := map[string]string{"sqlite3": "sqlite", "postgres": "postgres"}[dialectName]
	for _, dir := range []string{"schema", "extra"} {
		root := base + "/" + dir
		entries, err := fs.ReadDir(migrations.FS, root)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".sql") && !strings.HasSuffix(e.Name(), ".down.sql") {
				files = append(files, root+"/"+e.Name())
			}
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("migrate: no migrations for %s", dialectName)
	}
	slices.SortFunc(files, func(a, b string) int { return strings.Compare(version(a), version(b)) })
	return files, nil
}

func version(file string) string {
	name := file[strings.LastIndex(file, "/")+1:]
	return strings.TrimSuffix(strings.TrimSuffix(name, ".sql"), ".up")
}
