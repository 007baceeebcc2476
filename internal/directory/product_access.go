package directory

import (
	"context"
	"slices"
	"strings"
	"time"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/ent/site"
	"orgdir/internal/viewer"
)

// ProductAccess is one (product, role) a membership's groups grant on a site.
type ProductAccess struct {
	Site    *ent.Site
	Product groupgrant.Product
	Role    groupgrant.Role
}

// ExternalProductAccess is a product a managed account uses on another organization's
// site (rule 17): only the site's name and URL are shown, nothing else of it.
type ExternalProductAccess struct {
	SiteName     string
	SiteURL      string
	Product      groupgrant.Product
	Role         groupgrant.Role
	LastActiveAt *time.Time
}

// WithAccess loads what product access (MembershipAccess) needs of memberships: their
// site and their groups' grants.
func WithAccess(q *ent.MembershipQuery) *ent.MembershipQuery { return withAccess(q) }

func withAccess(q *ent.MembershipQuery) *ent.MembershipQuery {
	return q.WithSite().WithGroups(func(g *ent.GroupQuery) { g.WithGrants() })
}

// MembershipAccess lists what the groups of m grant, whatever the membership's status
// (so a suspended user's access can be seen and is given back on restore). m must have
// been loaded with its site and groups' grants.
func MembershipAccess(m *ent.Membership) []*ProductAccess {
	var out []*ProductAccess
	for _, g := range m.Edges.Groups {
		for _, gr := range g.Edges.Grants {
			pa := &ProductAccess{Site: m.Edges.Site, Product: gr.Product, Role: gr.Role}
			if !slices.ContainsFunc(out, func(o *ProductAccess) bool { return o.Product == pa.Product && o.Role == pa.Role }) {
				out = append(out, pa)
			}
		}
	}
	sortAccess(out)
	return out
}

// AccessInEffect reports whether a membership's product access is in effect: only
// while the membership and its account are both ACTIVE (rules 7 and 10).
func AccessInEffect(m *ent.Membership, a *ent.Account) bool {
	return m.Status == membership.StatusACTIVE && a.Status == account.StatusACTIVE
}

// MembershipProductAccess loads and lists the product access of one membership.
func (s *Service) MembershipProductAccess(ctx context.Context, m *ent.Membership) ([]*ProductAccess, error) {
	if ma, ok := preloadedAccess(ctx, m.ID); ok {
		return ma.access, nil
	}
	full, err := withAccess(s.Client.Membership.Query().Where(membership.ID(m.ID))).Only(ctx)
	if err != nil {
		return nil, err
	}
	return MembershipAccess(full), nil
}

// EffectiveProductAccess is the product access of m that is in effect now.
func (s *Service) EffectiveProductAccess(ctx context.Context, m *ent.Membership) ([]*ProductAccess, error) {
	if ma, ok := preloadedAccess(ctx, m.ID); ok && ma.m.Edges.Account != nil {
		if !AccessInEffect(ma.m, ma.m.Edges.Account) {
			return []*ProductAccess{}, nil
		}
		return ma.access, nil
	}
	a, err := s.Client.Account.Get(ctx, m.AccountID)
	if err != nil {
		return nil, err
	}
	if !AccessInEffect(m, a) {
		return []*ProductAccess{}, nil
	}
	return s.MembershipProductAccess(ctx, m)
}

// AccountProductAccess lists the product access of a on the sites the viewer administers.
func (s *Service) AccountProductAccess(ctx context.Context, a *ent.Account) ([]*ProductAccess, error) {
	ms, err := s.AccountMemberships(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []*ProductAccess{}
	for _, m := range ms {
		out = append(out, MembershipAccess(m)...)
	}
	sortAccess(out)
	return out, nil
}

// ExternalAccess lists what an account the viewer manages uses on sites of other
// organizations (rule 17); empty for an account it does not manage.
func (s *Service) ExternalAccess(ctx context.Context, a *ent.Account) ([]*ExternalProductAccess, error) {
	out := []*ExternalProductAccess{}
	if !ManagedByOrgAdmin(ctx, a) {
		return out, nil
	}
	v := viewer.FromContext(ctx)
	// No "has a group with grants" predicate: ent writes it as "id IN (every membership
	// of every granting group)", 8 s at 1M accounts (make bench, W1). The account's few
	// memberships are loaded with their groups' grants anyway, and one without grants
	// adds nothing below.
	ms, err := withAccess(s.Client.Membership.Query().Where(
		membership.AccountID(a.ID), membership.RemovedAtIsNil(),
		membership.HasSiteWith(site.OrgIDNotIn(v.OrgAdmin...)),
	)).All(systemCtx(ctx))
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		for _, pa := range MembershipAccess(m) {
			out = append(out, &ExternalProductAccess{SiteName: pa.Site.Name, SiteURL: pa.Site.URL,
				Product: pa.Product, Role: pa.Role, LastActiveAt: m.LastActiveAt})
		}
	}
	return out, nil
}

func sortAccess(pas []*ProductAccess) {
	slices.SortFunc(pas, func(x, y *ProductAccess) int {
		if c := strings.Compare(x.Site.Name, y.Site.Name); c != 0 {
			return c
		}
		if c := strings.Compare(string(x.Product), string(y.Product)); c != 0 {
			return c
		}
		return strings.Compare(string(x.Role), string(y.Role))
	})
}
