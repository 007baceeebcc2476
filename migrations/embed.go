// Package migrations embeds the versioned SQL migrations of each database dialect.
package migrations

import "embed"

// FS holds sqlite/schema (planned by ent), sqlite/extra (hand-written) and the same for postgres.
//
//go:embed all:sqlite all:postgres
var FS embed.FS
