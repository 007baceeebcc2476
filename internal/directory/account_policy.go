package directory

import (
	"context"
	"sync"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/internal/gid"
)

// policyCache keeps the authentication policies read during one request: a page of
// accounts shares a handful of policies, so each is read once, not once per row.
type policyCache struct {
	mu sync.Mutex
	m  map[gid.ID]*ent.AuthenticationPolicy
}

type policyCacheKey struct{}

// WithRequestCache returns ctx with empty per-request caches: policies, the product
// access a page preloads for its memberships (PreloadMembershipAccess), and accounts'
// memberships (AccountMemberships).
func WithRequestCache(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, policyCacheKey{}, &policyCache{m: map[gid.ID]*ent.AuthenticationPolicy{}})
	return context.WithValue(ctx, accessCacheKey{}, &accessCache{m: map[gid.ID]*membershipAccess{}, accounts: map[gid.ID][]*ent.Membership{}})
}

// policy returns a's policy if the viewer sees it (the managing org's admins), else nil.
func (s *Service) policy(ctx context.Context, a *ent.Account) (*ent.AuthenticationPolicy, error) {
	if a.PolicyID == nil || !ManagedByOrgAdmin(ctx, a) {
		return nil, nil
	}
	c, _ := ctx.Value(policyCacheKey{}).(*policyCache)
	if c != nil {
		c.mu.Lock()
		p, ok := c.m[*a.PolicyID]
		c.mu.Unlock()
		if ok {
			return p, nil
		}
	}
	p, err := s.Client.AuthenticationPolicy.Get(ctx, *a.PolicyID)
	if ent.IsNotFound(err) {
		p, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	if c != nil {
		c.mu.Lock()
		c.m[*a.PolicyID] = p
		c.mu.Unlock()
	}
	return p, nil
}

// SecureLogin: SSO enforced by the account's policy, or two-step verification on.
func (s *Service) SecureLogin(ctx context.Context, a *ent.Account) (bool, error) {
	if a.TwoStepVerification {
		return true, nil
	}
	p, err := s.policy(ctx, a)
	return p != nil && p.EnforceSSO, err
}

// Billable: a managed account in a billable policy that is ACTIVE (rule 15).
func (s *Service) Billable(ctx context.Context, a *ent.Account) (bool, error) {
	if a.Status != account.StatusACTIVE {
		return false, nil
	}
	p, err := s.policy(ctx, a)
	return BillableUnder(a, p), err
}

// BillableUnder is rule 15 for a managed account whose policy p is already known (nil
// for none), so an export of a million accounts does not look the policy up per row.
func BillableUnder(a *ent.Account, p *ent.AuthenticationPolicy) bool {
	return a.Status == account.StatusACTIVE && p != nil && p.Billable
}

// GroupProductAccess lists the (product, role) pairs a group grants.
func (s *Service) GroupProductAccess(ctx context.Context, g *ent.Group) ([]*ProductAccess, error) {
	grants, err := s.Client.GroupGrant.Query().Where(groupgrant.HasGroupWith(group.ID(g.ID))).All(ctx)
	if err != nil {
		return nil, err
	}
	site, err := g.Site(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*ProductAccess, len(grants))
	for i, gr := range grants {
		out[i] = &ProductAccess{Site: site, Product: gr.Product, Role: gr.Role}
	}
	sortAccess(out)
	return out, nil
}

// SiteProducts returns the products installed on a site.
func SiteProducts(s *ent.Site) []groupgrant.Product {
	out := make([]groupgrant.Product, len(s.Products))
	for i, p := range s.Products {
		out[i] = groupgrant.Product(p)
	}
	return out
}
