//go:build ignore

// Runs `gqlgen generate` with one change: every field of a request is resolved on the
// request's goroutine, one after the other, instead of a goroutine per field and per
// list element. Why: docs/DECISIONS.md, "GraphQL fields resolved in order".
package main

import (
	"bytes"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// inOrder marks every object as gqlgen marks Mutation: its fields are resolved in order.
// gqlgen has no setting for it (99designs/gqlgen#4321); a plugin's GenerateCode runs
// before the executor is written, so the templates see the change.
type inOrder struct{}

func (inOrder) Name() string { return "inorder" }

func (inOrder) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		o.DisableConcurrency = true
	}
	return nil
}

// The list template calls graphql.MarshalSliceConcurrently whatever the objects say; the
// executor's package has an in-order stand-in with the same parameters.
var (
	concurrentSlice = []byte("graphql.MarshalSliceConcurrently(")
	inOrderSlice    = []byte("marshalSliceInOrder(")
)

func main() {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		log.Fatalf("gqlgen config: %v", err)
	}
	if err := api.Generate(cfg, api.AddPlugin(inOrder{})); err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
	src, err := os.ReadFile(cfg.Exec.Filename)
	if err != nil {
		log.Fatal(err)
	}
	if !bytes.Contains(src, concurrentSlice) {
		log.Fatalf("%s no longer calls %s: check graph/gqlgen.go against this gqlgen", cfg.Exec.Filename, concurrentSlice)
	}
	src = bytes.ReplaceAll(src, concurrentSlice, inOrderSlice)
	if err := os.WriteFile(cfg.Exec.Filename, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
