package directory

import (
	"context"
	"sync"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/membership"
	"orgdir/internal/gid"
)

// accessCache keeps the groups and product access of the memberships a page preloaded,
// so that each row's groups, productAccess and effectiveProductAccess are not queries
// of their own (ten statements a row on a site's Users page before).
// It also keeps an account's memberships for its page (AccountMemberships).
type accessCache struct {
	mu       sync.Mutex
	m        map[gid.ID]*membershipAccess
	accounts map[gid.ID][]*ent.Membership
}

type accessCacheKey struct{}

// membershipAccess is what a preload read of one membership: the membership with its
// account's status (no account when the viewer does not see it) and its access.
type membershipAccess struct {
	m      *ent.Membership
	access []*ProductAccess
}

// PreloadMembershipAccess reads the product access of the memberships ids, with their
// status and their accounts', in one query (and one for each of their site, groups,
// grants and accounts), for MembershipProductAccess and EffectiveProductAccess later in
// the same request. Without a request cache in ctx it does nothing.
func (s *Service) PreloadMembershipAccess(ctx context.Context, ids []gid.ID) error {
	c, _ := ctx.Value(accessCacheKey{}).(*accessCache)
	if c == nil || len(ids) == 0 {
		return nil
	}
	ms, err := withAccess(s.Client.Membership.Query().Where(membership.IDIn(ids...))).
		WithAccount(func(q *ent.AccountQuery) { q.Select(account.FieldStatus) }).All(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range ms {
		c.m[m.ID] = &membershipAccess{m: m, access: MembershipAccess(m)}
	}
	return nil
}

// preloadedAccess is what PreloadMembershipAccess read of the membership id, if it did.
func preloadedAccess(ctx context.Context, id gid.ID) (*membershipAccess, bool) {
	c, _ := ctx.Value(accessCacheKey{}).(*accessCache)
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ma, ok := c.m[id]
	return ma, ok
}

// MembershipGroups lists m's groups: from m's loaded edge, from a page's preload, or
// read.
func (s *Service) MembershipGroups(ctx context.Context, m *ent.Membership) ([]*ent.Group, error) {
	if gs, err := m.Edges.GroupsOrErr(); err == nil {
		return gs, nil
	}
	if ma, ok := preloadedAccess(ctx, m.ID); ok {
		return ma.m.Edges.Groups, nil
	}
	return m.QueryGroups().All(ctx)
}

// AccountMemberships lists the memberships of a that the viewer sees, with their site
// and their groups' grants: what the account page's memberships and productAccess both
// show, read once for the two in a query.
func (s *Service) AccountMemberships(ctx context.Context, a *ent.Account) ([]*ent.Membership, error) {
	c, _ := ctx.Value(accessCacheKey{}).(*accessCache)
	if c != nil {
		c.mu.Lock()
		ms, ok := c.accounts[a.ID]
		c.mu.Unlock()
		if ok {
			return ms, nil
		}
	}
	ms, err := withAccess(s.Client.Membership.Query().Where(membership.AccountID(a.ID))).All(ctx)
	if err != nil {
		return nil, err
	}
	if c != nil {
		c.mu.Lock()
		c.accounts[a.ID] = ms
		c.mu.Unlock()
	}
	return ms, nil
}
