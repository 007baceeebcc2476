package access

import "context"

type managedOnlyKey struct{}

// ManagedOnly marks ctx for a query of the accounts an organization manages, made after
// RequireOrgAdmin. The account filter is then "managed by the viewer's organizations",
// a subset of what the viewer sees, so it can only hide rows, never show more. The full
// filter's per-row EXISTS over memberships made COUNT(*) of a million-account Managed
// accounts list read every row (4 s on SQLite, make bench W2); this one is answered
// from the (managing_org_id, status) index.
func ManagedOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, managedOnlyKey{}, true)
}

func managedOnly(ctx context.Context) bool {
	on, _ := ctx.Value(managedOnlyKey{}).(bool)
	return on
}
