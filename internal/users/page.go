package users

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/membership"
	"orgdir/ent/site"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
)

// PageMemberships names the memberships OrgUsers loads with a page when asked to, on
// each row's account (Account.NamedMemberships): the row's current memberships on the
// organization's sites with their site and groups' grants, which is what the row's
// memberships and productAccess show. gqlgen resolves each row's fields on a goroutine
// of its own, and a query a row for each made 50-row pages wait on the database pool.
const PageMemberships = "users-page"

// loadPageMemberships loads the page's rows' memberships in one query (and one for each
// of their site, groups and grants) and hangs them on the rows' accounts, which it
// reloads for that: an account's named edges can only be filled by a query.
func (s *Service) loadPageMemberships(ctx context.Context, org gid.ID, conn *ent.OrgUserConnection) error {
	if len(conn.Edges) == 0 {
		return nil
	}
	ids := make([]gid.ID, 0, len(conn.Edges))
	for _, e := range conn.Edges {
		ids = append(ids, e.Node.AccountID)
	}
	accounts, err := s.Client.Account.Query().Where(account.IDIn(ids...)).
		WithNamedMemberships(PageMemberships, func(q *ent.MembershipQuery) {
			directory.WithAccess(q.Where(membership.RemovedAtIsNil(), membership.HasSiteWith(site.OrgID(org))).
				Order(membership.ByID()))
		}).All(ctx)
	if err != nil {
		return err
	}
	byID := make(map[gid.ID]*ent.Account, len(accounts))
	for _, a := range accounts {
		byID[a.ID] = a
	}
	for _, e := range conn.Edges {
		// An account the viewer does not see keeps its row's own lookups.
		if a := byID[e.Node.AccountID]; a != nil {
			e.Node.Edges.Account = a
		}
	}
	return nil
}

// pageMemberships are the memberships loadPageMemberships hung on u, if it did.
func pageMemberships(u *ent.OrgUser) ([]*ent.Membership, bool) {
	if u.Edges.Account == nil {
		return nil, false
	}
	ms, err := u.Edges.Account.NamedMemberships(PageMemberships)
	return ms, err == nil
}
