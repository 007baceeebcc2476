package graph

import (
	"entgo.io/contrib/entgql"

	"orgdir/ent"
	"orgdir/graph/generated"
	"orgdir/internal/audit"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/page"
	"orgdir/internal/users"
)

type cursor = *entgql.Cursor[gid.ID]

// complexity makes lists cost what they can return: a connection costs its page size
// times its children and a list argument its length times the children, so page-size
// and alias abuse hit the server's complexity limit.
func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	c.Organization.ManagedAccounts = func(child int, first *int, _ cursor, last *int, _ cursor, _ *string, _ *directory.ManagedAccountFilter, _ *ent.AccountOrder) int {
		return pageCost(first, last, child)
	}
	c.Organization.Users = func(child int, first *int, _ cursor, last *int, _ cursor, _ *string, _ *users.UserFilter, _ *users.UserOrder) int {
		return pageCost(first, last, child)
	}
	c.Site.Users = func(child int, first *int, _ cursor, last *int, _ cursor, _ *string, _ *users.UserFilter, _ *users.UserOrder) int {
		return pageCost(first, last, child)
	}
	c.Organization.AuditEvents = func(child int, first *int, _ cursor, _ *audit.AuditEventFilter) int {
		return pageCost(first, nil, child)
	}
	c.Account.AuditEvents = func(child int, first *int, _ cursor) int { return pageCost(first, nil, child) }
	c.ClaimPreview.Accounts = func(child int, first *int, _ cursor) int { return pageCost(first, nil, child) }
	c.Query.Nodes = func(child int, ids []gid.ID) int { return 1 + len(ids)*child }
	c.Mutation.DeactivateAccounts = func(child int, ids []gid.ID, _ *string) int { return 1 + len(ids)*child }
	c.Mutation.ReactivateAccounts = func(child int, ids []gid.ID) int { return 1 + len(ids)*child }
	c.Mutation.InviteUsers = func(child int, _ gid.ID, emails []string, _ []*users.ProductAccessInput, _ []gid.ID) int {
		return 1 + len(emails)*child
	}
	return c
}

// pageCost is the cost of a page: its size (the default when none is given) times its children.
func pageCost(first, last *int, child int) int {
	n := page.Default
	switch {
	case first != nil:
		n = *first
	case last != nil:
		n = *last
	}
	return 1 + max(n, 1)*child
}
