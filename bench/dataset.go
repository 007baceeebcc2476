package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"orgdir/internal/db"
)

// adminPassword is the password the bench gives the seeded admins: a cached SQLite
// file can then be reused without asking anyone.
const adminPassword = "bench-admin-password"

// seedVersion changes the cache key when the seed command's output would differ.
const seedVersion = 3

// dataset is a seeded database the bench may change (a working copy for SQLite, a
// scratch database for PostgreSQL) and how to drop it.
type dataset struct {
	kind    string
	dsn     string
	cleanup func()
	seeded  time.Duration // 0 when taken from the cache
	cached  bool
}

// prepare makes the dataset of c for kind: `orgdir seed --accounts N --orgs M` into a
// cached SQLite file (copied for each run, since W5 and W8 write) or into a scratch
// PostgreSQL database dropped at the end.
func prepare(ctx context.Context, c config, kind string) (*dataset, error) {
	switch kind {
	case "sqlite":
		return prepareSQLite(ctx, c)
	case "postgres":
		return preparePostgres(ctx, c)
	}
	return nil, fmt.Errorf("unknown database %q", kind)
}

func prepareSQLite(ctx context.Context, c config) (*dataset, error) {
	if err := os.MkdirAll(c.dataDir, 0o755); err != nil {
		return nil, err
	}
	cache := filepath.Join(c.dataDir, fmt.Sprintf("seed-v%d-accounts%d-orgs%d.db", seedVersion, c.accounts, c.orgs))
	ds := &dataset{kind: "sqlite", cached: true}
	if _, err := os.Stat(cache); err != nil {
		ds.cached = false
		partial := cache + ".partial"
		removeSQLite(partial)
		began := time.Now()
		if err := seed(ctx, c, "sqlite:"+partial); err != nil {
			removeSQLite(partial)
			return nil, err
		}
		ds.seeded = time.Since(began)
		if err := checkpoint(ctx, partial); err != nil {
			return nil, err
		}
		if err := os.Rename(partial, cache); err != nil {
			return nil, err
		}
	}
	// Bring the cached file up to the binary's migrations once, not in every copy.
	if out, err := exec.CommandContext(ctx, c.bin, "migrate", "--db", "sqlite:"+cache).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("migrate %s: %w: %s", cache, err, out)
	}
	work, err := os.MkdirTemp(c.dataDir, "run-")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(work, "orgdir.db")
	if err := copyFile(cache, path); err != nil {
		os.RemoveAll(work)
		return nil, err
	}
	ds.dsn = "sqlite:" + path
	ds.cleanup = func() { os.RemoveAll(work) }
	return ds, nil
}

// checkpoint folds the WAL into the database file so the file alone is the dataset.
func checkpoint(ctx context.Context, path string) error {
	d, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = d.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func removeSQLite(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func preparePostgres(ctx context.Context, c config) (*dataset, error) {
	admin, err := sql.Open("pgx", c.pgURL)
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := admin.PingContext(pingCtx); err != nil {
		admin.Close()
		return nil, fmt.Errorf("PostgreSQL at %s is not reachable (make bench starts the local server): %w", db.Redact(c.pgURL), err)
	}
	name := fmt.Sprintf("orgdir_bench_%d_%d", os.Getpid(), time.Now().Unix())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, err
	}
	u, _ := url.Parse(c.pgURL)
	u.Path = "/" + name
	ds := &dataset{kind: "postgres", dsn: u.String()}
	ds.cleanup = func() {
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "bench: could not drop scratch database %s: %v\n", name, err)
		}
	}
	began := time.Now()
	if err := seed(ctx, c, ds.dsn); err != nil {
		ds.cleanup()
		return nil, err
	}
	ds.seeded = time.Since(began)
	return ds, nil
}

// seed runs `orgdir seed`, showing its progress.
func seed(ctx context.Context, c config, dsn string) error {
	cmd := exec.CommandContext(ctx, c.bin, "seed", "--db", dsn, "--accounts", fmt.Sprint(c.accounts),
		"--orgs", fmt.Sprint(c.orgs), "--admin-password", adminPassword)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s seed: %w\n%s", c.bin, err, out)
	}
	logf(c, "seed: %s", strings.TrimSpace(string(out)))
	return nil
}
