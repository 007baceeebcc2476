package db

import (
	"context"
	"database/sql"
	"fmt"

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
	)
}
