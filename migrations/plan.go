//go:build ignore

// plan writes new migrations, for SQLite and PostgreSQL, for the changes made to
// ent/schema:
//
//	go run ./migrations/plan.go NAME
//
// PostgreSQL planning needs a server: ORGDIR_PLAN_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/postgres) names one where it may create a scratch database.
package main

import (
	"context"
	"errors"
	"log"
	"os"

	"orgdir/internal/db"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run ./migrations/plan.go NAME")
	}
	ctx := context.Background()
	report("sqlite", db.PlanSQLite(ctx, "migrations/sqlite/schema", os.Args[1]))
	admin := os.Getenv("ORGDIR_PLAN_POSTGRES")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres"
	}
	report("postgres", db.PlanPostgres(ctx, admin, "migrations/postgres/schema", os.Args[1]))
}

func report(kind string, err error) {
	switch {
	case errors.Is(err, db.ErrNoChanges):
		log.Printf("%s: no changes: the migrations match ent/schema", kind)
	case err != nil:
		log.Fatalf("%s: %v", kind, err)
	default:
		log.Printf("%s: new migration written", kind)
	}
}
