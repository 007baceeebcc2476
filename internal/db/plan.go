package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	"orgdir/ent/migrate"
)

// ErrNoChanges is returned by PlanSQLite when the migrations already match the ent schema.
var ErrNoChanges = atlas.ErrNoPlan

// PlanSQLite writes into dir a new migration named name that takes a database built by
// the migrations already in dir to the current ent schema. It replays them on a
// throw-away in-memory database, so no Atlas CLI or cgo is needed.
func PlanSQLite(ctx context.Context, dir, name string) error {
	local, err := sqltool.NewGolangMigrateDir(dir)
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	db, err := sql.Open("sqlite", "file:plan?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	drv := entsql.OpenDB(dialect.SQLite, db)
	return migrate.NewSchema(drv).NamedDiff(ctx, name,
		schema.WithDir(local),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialect.SQLite),
		schema.WithFormatter(sqltool.GolangMigrateFormatter),
		schema.WithErrNoPlan(true),
		// An index changed in ent/schema replaces the old one instead of joining it.
		schema.WithDropIndex(true),
	)
}

// PlanPostgres is PlanSQLite for PostgreSQL: it replays dir on a scratch database it
// creates on the server of adminURL (for example postgres://postgres@127.0.0.1:5432/postgres)
// and drops afterwards.
func PlanPostgres(ctx context.Context, adminURL, dir, name string) error {
	local, err := sqltool.NewGolangMigrateDir(dir)
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	scratch, drop, err := ScratchPostgres(ctx, adminURL, "orgdir_plan")
	if err != nil {
		return err
	}
	defer drop()
	db, err := sql.Open("pgx", scratch)
	if err != nil {
		return err
	}
	defer db.Close()
	drv := entsql.OpenDB(dialect.Postgres, db)
	return migrate.NewSchema(drv).NamedDiff(ctx, name,
		schema.WithDir(local),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialect.Postgres),
		schema.WithFormatter(sqltool.GolangMigrateFormatter),
		schema.WithErrNoPlan(true),
		// An index changed in ent/schema replaces the old one instead of joining it.
		schema.WithDropIndex(true),
	)
}

// ScratchPostgres creates an empty database with a fresh name on the server of adminURL
// and returns its URL and a function that drops it.
func ScratchPostgres(ctx context.Context, adminURL, prefix string) (string, func(), error) {
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create scratch database on %s: %w", Redact(adminURL), err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}
	return u.String(), drop, nil
}
