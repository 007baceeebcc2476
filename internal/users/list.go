package users

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/ent/orguser"
	"orgdir/ent/predicate"
	"orgdir/ent/site"
	"orgdir/internal/access"
	"orgdir/internal/db"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/page"
)

// UserFilter narrows a Users list. On the centralized list, status is the row's
// aggregate status and the other fields match any of the account's memberships.
type UserFilter struct {
	Status           *membership.Status
	SiteID           *gid.ID
	Product          *groupgrant.Product
	GroupID          *gid.ID
	Managed          *bool
	LastActiveBefore *time.Time
}

// UserOrderField is a column a Users list can be ordered by.
type UserOrderField string

// The Users lists' order fields.
const (
	UserOrderName       UserOrderField = "NAME"
	UserOrderEmail      UserOrderField = "EMAIL"
	UserOrderLastActive UserOrderField = "LAST_ACTIVE"
	UserOrderStatus     UserOrderField = "STATUS"
)

// UserOrder orders a Users list.
type UserOrder struct {
	Field     UserOrderField
	Direction entgql.OrderDirection
}

// OrgUsers lists one page of an organization's users, one row per account across its
// sites (rule 3, centralized experience).
// With withMemberships, the rows' memberships and product access come with the page.
func (s *Service) OrgUsers(ctx context.Context, org gid.ID, pg page.Page, search *string, f *UserFilter, o *UserOrder,
	withMemberships bool) (*ent.OrgUserConnection, error) {
	if err := access.RequireOrgAdmin(ctx, org); err != nil {
		return nil, err
	}
	if err := checkPage(&pg, o); err != nil {
		return nil, err
	}
	var order *ent.OrgUserOrder
	if o != nil {
		order = &ent.OrgUserOrder{Direction: o.Direction, Field: map[UserOrderField]*ent.OrgUserOrderField{
			UserOrderName: ent.OrgUserOrderFieldNameKey, UserOrderEmail: ent.OrgUserOrderFieldEmailKey,
			UserOrderLastActive: ent.OrgUserOrderFieldLastActiveKey, UserOrderStatus: ent.OrgUserOrderFieldStatus,
		}[o.Field]}
	}
	pageCtx := ctx
	switch {
	case countedByCells(search, f):
		pageCtx = db.WithCount[*ent.OrgUserQuery](ctx, func(ctx context.Context) (int, error) { return cellsCount(ctx, s.Client, org, f) })
	case f != nil && f.Product != nil:
		pageCtx = db.WithCount[*ent.OrgUserQuery](ctx, func(ctx context.Context) (int, error) {
			return s.Client.OrgUser.Query().Where(orgUserPredicates(org, search, f, true)...).Unique(false).Count(ctx)
		})
	}
	conn, err := s.Client.OrgUser.Query().Where(OrgUserPredicates(org, search, f)...).
		Paginate(pageCtx, pg.After, pg.First, pg.Before, pg.Last, ent.WithOrgUserOrder(order))
	if err != nil || !withMemberships {
		return conn, err
	}
	return conn, s.loadPageMemberships(ctx, org, conn)
}

// countedByCells reports whether the organization's user counters answer the count of
// a centralized Users list: they are kept by status, overall and per product
// (directory.ProductScope), so a list narrowed by nothing else than a product and a
// status is a read of a row or a few. At 1M accounts the COUNT through the groups took
// 3 CPU s a page (make bench W7).
func countedByCells(search *string, f *UserFilter) bool {
	return search == nil && (f == nil || f.SiteID == nil && f.GroupID == nil && f.Managed == nil && f.LastActiveBefore == nil)
}

// cellsCount is the count countedByCells promises, from the counters.
func cellsCount(ctx context.Context, c *ent.Client, org gid.ID, f *UserFilter) (int, error) {
	scope := string(org)
	if f != nil && f.Product != nil {
		scope = directory.ProductScope(org, *f.Product)
	}
	st, err := directory.UserCounts(ctx, c, gid.ID(scope))
	if err != nil {
		return 0, err
	}
	if f == nil || f.Status == nil {
		return st.Total, nil
	}
	switch *f.Status {
	case membership.StatusACTIVE:
		return st.Active, nil
	case membership.StatusINVITED:
		return st.Invited, nil
	default:
		return st.Suspended, nil
	}
}

// OrgUserPredicates select the rows of an organization's Users list for a search and a
// filter: the page and its CSV export read the same rows.
func OrgUserPredicates(org gid.ID, search *string, f *UserFilter) []predicate.OrgUser {
	return orgUserPredicates(org, search, f, false)
}

// orgUserPredicates are OrgUserPredicates; forCount writes the product filter for
// counting every match rather than finding a page's first few (see accountsGranted).
func orgUserPredicates(org gid.ID, search *string, f *UserFilter, forCount bool) []predicate.OrgUser {
	preds := []predicate.OrgUser{orguser.OrgID(org)}
	if search != nil {
		preds = append(preds, orguser.HasAccountWith(db.AccountSearch(*search)))
	}
	if f != nil {
		if f.Status != nil {
			preds = append(preds, orguser.StatusEQ(orguser.Status(*f.Status)))
		}
		if f.Managed != nil {
			preds = append(preds, orguser.Managed(*f.Managed))
		}
		if f.LastActiveBefore != nil {
			preds = append(preds, orguser.LastActiveAtLT(*f.LastActiveBefore))
		}
		if forCount && f.Product != nil {
			preds = append(preds, accountsGranted(org, *f.Product, f.membershipPredicates(false)))
		} else if mp := f.MembershipPredicates(); len(mp) > 0 {
			mp = append(mp, membership.RemovedAtIsNil(), membership.HasSiteWith(site.OrgID(org)))
			preds = append(preds, orguser.HasAccountWith(account.HasMembershipsWith(mp...)))
		}
	}
	return preds
}

// SiteUsers lists one page of a site's users, one row per membership (rule 3, original
// experience).
func (s *Service) SiteUsers(ctx context.Context, st *ent.Site, pg page.Page, search *string, f *UserFilter, o *UserOrder) (*ent.MembershipConnection, error) {
	if err := checkPage(&pg, o); err != nil {
		return nil, err
	}
	var order *ent.MembershipOrder
	if o != nil {
		order = &ent.MembershipOrder{Direction: o.Direction, Field: map[UserOrderField]*ent.MembershipOrderField{
			UserOrderName: ent.MembershipOrderFieldNameKey, UserOrderEmail: ent.MembershipOrderFieldEmailKey,
			UserOrderLastActive: ent.MembershipOrderFieldLastActiveKey, UserOrderStatus: ent.MembershipOrderFieldStatus,
		}[o.Field]}
	}
	return s.Client.Membership.Query().Where(SiteUserPredicates(st, search, f)...).
		Paginate(ctx, pg.After, pg.First, pg.Before, pg.Last, ent.WithMembershipOrder(order))
}

// SiteUserPredicates select the rows of a site's Users list for a search and a filter:
// the page and its CSV export read the same rows.
func SiteUserPredicates(st *ent.Site, search *string, f *UserFilter) []predicate.Membership {
	preds := []predicate.Membership{membership.SiteID(st.ID), membership.RemovedAtIsNil()}
	if search != nil {
		preds = append(preds, membership.HasAccountWith(db.AccountSearch(*search)))
	}
	if f != nil {
		preds = append(preds, f.MembershipPredicates()...)
		if f.Status != nil {
			preds = append(preds, membership.StatusEQ(*f.Status))
		}
		if f.Managed != nil {
			managed := membership.HasAccountWith(account.ManagingOrgID(st.OrgID))
			if !*f.Managed {
				managed = membership.Not(managed)
			}
			preds = append(preds, managed)
		}
		if f.LastActiveBefore != nil {
			preds = append(preds, membership.LastActiveAtLT(*f.LastActiveBefore))
		}
	}
	return preds
}

// MembershipPredicates are the filters that test a membership's site, groups and products.
func (f *UserFilter) MembershipPredicates() []predicate.Membership {
	return f.membershipPredicates(true)
}

func (f *UserFilter) membershipPredicates(product bool) []predicate.Membership {
	var ps []predicate.Membership
	if f.SiteID != nil {
		ps = append(ps, membership.SiteID(*f.SiteID))
	}
	if f.GroupID != nil {
		ps = append(ps, membership.HasGroupsWith(group.ID(*f.GroupID)))
	}
	if product && f.Product != nil {
		ps = append(ps, grantsProduct(*f.Product))
	}
	return ps
}

// grantsProduct matches memberships one of whose groups grants product. It is a
// correlated EXISTS through group_members' membership index: ent's HasGroupsWith
// builds "id IN (every membership of every group granting it)", which the database
// materializes whole before the page's LIMIT applies (380 ms for a page at 20k
// accounts, 10 ms this way; measured by make bench, W7).
func grantsProduct(product groupgrant.Product) predicate.Membership {
	return func(s *sql.Selector) {
		gm := sql.Table(membership.GroupsTable)
		gg := sql.Table(groupgrant.Table)
		s.Where(sql.Exists(sql.Select(gm.C(membership.GroupsPrimaryKey[1])).From(gm).
			Join(gg).On(gm.C(membership.GroupsPrimaryKey[0]), gg.C(groupgrant.FieldGroupID)).
			Where(sql.And(
				sql.ColumnsEQ(gm.C(membership.GroupsPrimaryKey[1]), s.C(membership.FieldID)),
				sql.EQ(gg.C(groupgrant.FieldProduct), product),
			))))
	}
}

// accountsGranted matches rows whose account has a current membership on org's sites,
// matching mp, in a group that grants product. It is for counting all the matches, so
// it goes from the grants' side as a set: the few groups granting product, their
// members, those memberships' accounts. Per row, grantsProduct's EXISTS made the
// database walk every membership of the organization (1.2M on the 1M-account SQLite
// dataset, 9.4 CPU s for a COUNT of 620k users; this way 2.9 CPU s, docs/DECISIONS.md).
func accountsGranted(org gid.ID, product groupgrant.Product, mp []predicate.Membership) predicate.OrgUser {
	return func(s *sql.Selector) {
		gg := sql.Table(groupgrant.Table)
		gm := sql.Table(membership.GroupsTable)
		m := sql.Table(membership.Table)
		granting := sql.Select(gg.C(groupgrant.FieldGroupID)).From(gg).Where(sql.EQ(gg.C(groupgrant.FieldProduct), product))
		members := sql.Select(gm.C(membership.GroupsPrimaryKey[1])).From(gm).
			Where(sql.In(gm.C(membership.GroupsPrimaryKey[0]), granting))
		st := sql.Table(site.Table)
		orgSites := sql.Select(st.C(site.FieldID)).From(st).Where(sql.EQ(st.C(site.FieldOrgID), org))
		accounts := sql.Select(m.C(membership.FieldAccountID)).From(m).Where(sql.And(
			sql.In(m.C(membership.FieldID), members), sql.In(m.C(membership.FieldSiteID), orgSites)))
		for _, p := range append(mp, membership.RemovedAtIsNil()) {
			p(accounts)
		}
		s.Where(sql.In(s.C(orguser.FieldAccountID), accounts))
	}
}

func checkPage(pg *page.Page, o *UserOrder) error {
	if err := pg.Check(); err != nil {
		return err
	}
	if o != nil {
		switch o.Field {
		case UserOrderLastActive:
			pg.KeepZeroSortValue(int64(0))
		default:
			pg.KeepZeroSortValue("")
		}
	}
	return nil
}

// OrgUserStats are an organization's Users counts, one per account, by aggregate status.
func (s *Service) OrgUserStats(ctx context.Context, org gid.ID) (*directory.UserStats, error) {
	if err := access.RequireOrgAdmin(ctx, org); err != nil {
		return nil, err
	}
	return directory.UserCounts(ctx, s.Client, org)
}

// SiteUserStats are a site's Users counts, one per membership.
func (s *Service) SiteUserStats(ctx context.Context, st *ent.Site) (*directory.UserStats, error) {
	return directory.UserCounts(ctx, s.Client, st.ID)
}

// Memberships lists an organization row's current memberships on the organization's sites.
func Memberships(ctx context.Context, u *ent.OrgUser) ([]*ent.Membership, error) {
	if ms, ok := pageMemberships(u); ok {
		return ms, nil
	}
	return u.QueryAccount().QueryMemberships().
		Where(membership.RemovedAtIsNil(), membership.HasSiteWith(site.OrgID(u.OrgID))).
		Order(membership.ByID()).All(ctx)
}

// ProductAccess lists what an organization row's groups grant on the organization's sites.
func (s *Service) ProductAccess(ctx context.Context, u *ent.OrgUser) ([]*directory.ProductAccess, error) {
	if ms, ok := pageMemberships(u); ok {
		out := []*directory.ProductAccess{}
		for _, m := range ms {
			out = append(out, directory.MembershipAccess(m)...)
		}
		return out, nil
	}
	ms, err := Memberships(ctx, u)
	if err != nil {
		return nil, err
	}
	dir := directory.New(s.Client, s.Clock)
	out := []*directory.ProductAccess{}
	for _, m := range ms {
		pa, err := dir.MembershipProductAccess(ctx, m)
		if err != nil {
			return nil, err
		}
		out = append(out, pa...)
	}
	return out, nil
}

func orgUser(ctx context.Context, c *ent.Client, org, accountID gid.ID) (*ent.OrgUser, error) {
	u, err := c.OrgUser.Query().Where(orguser.OrgID(org), orguser.AccountID(accountID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return u, err
}
