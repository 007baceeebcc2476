// Package model receives the GraphQL types gqlgen generates itself. Today every type
// binds to ent or internal/ types, so it holds only this file.
package model
