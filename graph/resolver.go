// Package graph is orgdir's GraphQL layer: thin resolvers that take arguments, call
// the area packages under internal/ and return their results.
package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"orgdir/ent"
	"orgdir/graph/generated"
	"orgdir/internal/auth"
	"orgdir/internal/directory"
	"orgdir/internal/domains"
	"orgdir/internal/users"
)

// Resolver holds what the resolvers call.
type Resolver struct {
	client    *ent.Client
	directory *directory.Service
	auth      *auth.Service
	users     *users.Service
	domains   *domains.Service
}

// NewSchema returns the executable schema the server and the tests both use.
func NewSchema(client *ent.Client, dir *directory.Service, auth *auth.Service, users *users.Service,
	domains *domains.Service) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{
		Resolvers:  &Resolver{client: client, directory: dir, auth: auth, users: users, domains: domains},
		Complexity: complexity(),
	})
}
