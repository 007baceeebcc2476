package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// selectsOnNodes reports whether the connection field being resolved selects field on
// its nodes (edges { node { field } }, through fragments too), so a page can load it for
// all its rows at once rather than once a row.
func selectsOnNodes(ctx context.Context, field string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	oc := graphql.GetOperationContext(ctx)
	for _, edges := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		if edges.Name != "edges" {
			continue
		}
		for _, node := range graphql.CollectFields(oc, edges.Selections, nil) {
			if node.Name != "node" {
				continue
			}
			for _, f := range graphql.CollectFields(oc, node.Selections, nil) {
				if f.Name == field {
					return true
				}
			}
		}
	}
	return false
}
