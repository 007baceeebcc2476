//go:build ignore

// plan writes a new SQLite migration for the changes made to ent/schema:
//
//	go run ./migrations/plan.go NAME
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
	err := db.PlanSQLite(context.Background(), "migrations/sqlite/schema", os.Args[1])
	if errors.Is(err, db.ErrNoChanges) {
		log.Print("no changes: the migrations match ent/schema")
		return
	}
	if err != nil {
		log.Fatal(err)
	}
}
