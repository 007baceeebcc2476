package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"orgdir/ent"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
)

// selectsOnNodes reports whether the connection field being resolved selects field on
// its nodes (edges { node { field } }, through fragments too), so a page can load it for
// all its rows at once rather than once a row.
func selectsOnNodes(ctx context.Context, field string) bool {
	selected, _ := nodeField(ctx, field)
	return selected
}

// nodeField reports whether the connection field being resolved selects field on its
// nodes, and the names of the fields it selects on field (for an object).
func nodeField(ctx context.Context, field string) (selected bool, sub []string) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false, nil
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
				if f.Name != field {
					continue
				}
				selected = true
				for _, g := range graphql.CollectFields(oc, f.Selections, nil) {
					sub = append(sub, g.Name)
				}
			}
		}
	}
	return selected, sub
}

// pageMemberships is what a Managed accounts page loads of its rows' memberships: none,
// only their ids when that is all the document asks of them (the app's list), or all.
func pageMemberships(ctx context.Context) directory.MembershipsLoad {
	selected, sub := nodeField(ctx, "memberships")
	if !selected {
		return directory.NoMemberships
	}
	for _, f := range sub {
		if f != "id" && f != "__typename" {
			return directory.FullMemberships
		}
	}
	return directory.MembershipIDs
}

// preloadAccess reads the groups and product access of a site's Users page's rows at
// once when the document selects them (queries a row otherwise).
func preloadAccess(ctx context.Context, d *directory.Service, conn *ent.MembershipConnection) error {
	if !selectsOnNodes(ctx, "groups") && !selectsOnNodes(ctx, "productAccess") && !selectsOnNodes(ctx, "effectiveProductAccess") {
		return nil
	}
	ids := make([]gid.ID, 0, len(conn.Edges))
	for _, e := range conn.Edges {
		ids = append(ids, e.Node.ID)
	}
	return d.PreloadMembershipAccess(ctx, ids)
}

// selectsBeside reports whether the object whose field is being resolved has field
// selected too (through fragments on its type as well).
func selectsBeside(ctx context.Context, field string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Parent == nil {
		return false
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Parent.Field.Selections, []string{fc.Object}) {
		if f.Name == field {
			return true
		}
	}
	return false
}

// organizationFieldsByID are the Organization fields whose resolvers read only its id:
// every other field, and any added later, needs its row.
var organizationFieldsByID = []string{"id", "__typename", "domains", "sites", "authenticationPolicies",
	"managedAccounts", "managedAccountStats", "auditEvents", "apiKeys", "admins", "users", "userStats"}

// selectsOtherThan reports whether the field being resolved has any field but fields
// selected on it, through fragments on the types it satisfies too (its type and its
// interfaces, as gqlgen's implementors lists name them).
func selectsOtherThan(ctx context.Context, satisfies []string, fields ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return true
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, satisfies) {
		if !slices.Contains(fields, f.Name) {
			return true
		}
	}
	return false
}
