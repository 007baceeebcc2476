package export

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

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
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/users"
)

// UsersHeader is the header row of the Users export before the product columns; the
// groups come after them, in one Groups column or pivoted into Group 1 … Group n.
var UsersHeader = []string{"Account ID", "Name", "Email", "Managed", "Status", "Site", "Invited at", "Last active"}

// SiteUsers serves GET /export/sites/{site}/users.csv: one row per membership of the
// site, as its Users page lists them (original experience); site admins may export
// their site.
func (s *Service) SiteUsers() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, "site_users", func() (*export, error) { return s.siteUsers(r) })
	})
}

// OrgUsers serves GET /export/orgs/{org}/users.csv: the users the organization's Users
// page lists (one per account, centralized experience), one row per membership on the
// organization's sites; with a site, group or product filter, the memberships that
// match it.
func (s *Service) OrgUsers() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, "org_users", func() (*export, error) { return s.orgUsers(r) })
	})
}

// activeOnly keeps ACTIVE memberships of ACTIVE accounts.
func activeOnly() []predicate.Membership {
	return []predicate.Membership{membership.StatusEQ(membership.StatusACTIVE),
		membership.HasAccountWith(account.StatusEQ(account.StatusACTIVE))}
}

func (s *Service) siteUsers(r *http.Request) (*export, error) {
	ctx := r.Context()
	id, err := pathID(r, "site", "sit")
	if err != nil {
		return nil, err
	}
	st, err := access.Site(ctx, s.Client, id)
	if err != nil {
		return nil, err
	}
	search, f, k, opts, err := userParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	preds := users.SiteUserPredicates(st, search, f)
	if opts.activeOnly {
		preds = append(preds, activeOnly()...)
	}
	header, pivot, err := s.usersHeader(ctx, opts, preds)
	if err != nil {
		return nil, err
	}
	return &export{
		filename: s.filename("users", st.Name),
		header:   header,
		stream: func(ctx context.Context, out *csvStream) error {
			return batches(ctx, k,
				func(after, order func(*sql.Selector)) ([]*ent.Membership, error) {
					q := s.Client.Membership.Query().Where(preds...).Order(membership.OrderOption(order)).Limit(BatchSize).
						WithAccount().WithGroups(func(g *ent.GroupQuery) { g.WithGrants().Order(group.ByName()) })
					if after != nil {
						q.Where(predicate.Membership(after))
					}
					return q.All(ctx)
				},
				func(m *ent.Membership) (any, gid.ID) { return membershipSortValue(m, k), m.ID },
				nothing[*ent.Membership],
				func(rows []*ent.Membership, _ struct{}) error {
					for _, m := range rows {
						m.Edges.Site = st
						a := m.Edges.Account
						managed := a.ManagingOrgID != nil && *a.ManagingOrgID == st.OrgID
						if err := out.Write(userRow(a, m, managed, pivot)); err != nil {
							return err
						}
					}
					return out.Flush()
				})
		},
	}, nil
}

func (s *Service) orgUsers(r *http.Request) (*export, error) {
	ctx := r.Context()
	org, err := pathID(r, "org", "org")
	if err != nil {
		return nil, err
	}
	if err := access.RequireOrgAdmin(ctx, org); err != nil {
		return nil, err
	}
	search, f, k, opts, err := userParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	o, err := s.Client.Organization.Get(ctx, org)
	if err != nil {
		return nil, err
	}
	rowsOf := users.OrgUserPredicates(org, search, f)
	// The memberships that make the rows: on the organization's sites, matching the
	// filter's site, group and product.
	mPreds := []predicate.Membership{membership.HasSiteWith(site.OrgID(org))}
	if f != nil {
		mPreds = append(mPreds, f.MembershipPredicates()...)
	}
	if opts.activeOnly {
		rowsOf = append(rowsOf, orguser.StatusEQ(orguser.StatusACTIVE),
			orguser.HasAccountWith(account.StatusEQ(account.StatusACTIVE)))
		mPreds = append(mPreds, activeOnly()...)
	}
	all := append(slices.Clone(mPreds), membership.RemovedAtIsNil(),
		membership.HasAccountWith(account.HasOrgUsersWith(rowsOf...)))
	header, pivot, err := s.usersHeader(ctx, opts, all)
	if err != nil {
		return nil, err
	}
	return &export{
		filename: s.filename("users", o.Name),
		header:   header,
		stream: func(ctx context.Context, out *csvStream) error {
			return batches(ctx, k,
				func(after, order func(*sql.Selector)) ([]*ent.OrgUser, error) {
					q := s.Client.OrgUser.Query().Where(rowsOf...).Order(orguser.OrderOption(order)).Limit(BatchSize).
						WithAccount()
					if after != nil {
						q.Where(predicate.OrgUser(after))
					}
					return q.All(ctx)
				},
				func(u *ent.OrgUser) (any, gid.ID) { return orgUserSortValue(u, k), u.ID },
				nothing[*ent.OrgUser],
				func(rows []*ent.OrgUser, _ struct{}) error {
					ids := make([]gid.ID, len(rows))
					for i, u := range rows {
						ids[i] = u.AccountID
					}
					ms, err := s.withAccess(ctx, ids, mPreds)
					if err != nil {
						return err
					}
					byAccount := map[gid.ID][]*ent.Membership{}
					for _, m := range ms {
						byAccount[m.AccountID] = append(byAccount[m.AccountID], m)
					}
					for _, u := range rows {
						list := byAccount[u.AccountID]
						slices.SortFunc(list, func(x, y *ent.Membership) int {
							return strings.Compare(x.Edges.Site.Name, y.Edges.Site.Name)
						})
						for _, m := range list {
							if err := out.Write(userRow(u.Edges.Account, m, u.Managed, pivot)); err != nil {
								return err
							}
						}
					}
					return out.Flush()
				})
		},
	}, nil
}

// usersHeader is the header row; with pivoted groups it has as many Group columns as
// the most groups any exported membership has (0 means no group columns), counted by
// one grouped query before the first row.
func (s *Service) usersHeader(ctx context.Context, opts userOptions, preds []predicate.Membership) ([]string, int, error) {
	header := append(slices.Clone(UsersHeader), productHeaders()...)
	if !opts.pivot {
		return append(header, "Groups"), -1, nil
	}
	var most []struct {
		N int `json:"n"`
	}
	err := s.Client.Membership.Query().Where(preds...).Modify(func(sel *sql.Selector) {
		gm := sql.Table(group.MembersTable)
		sel.Join(gm).On(sel.C(membership.FieldID), gm.C(group.MembersPrimaryKey[1])).
			GroupBy(sel.C(membership.FieldID)).
			Select(sql.As(sql.Count("*"), "n")).
			OrderBy(sql.Desc("n")).Limit(1)
	}).Scan(ctx, &most)
	if err != nil {
		return nil, 0, err
	}
	n := 0
	if len(most) > 0 {
		n = most[0].N
	}
	for i := 1; i <= n; i++ {
		header = append(header, "Group "+strconv.Itoa(i))
	}
	return header, n, nil
}

// userRow is one membership's row. pivot is the number of Group columns, or -1 for one
// Groups cell. m must carry its site and its groups with their grants.
func userRow(a *ent.Account, m *ent.Membership, managed bool, pivot int) []string {
	row := []string{string(a.ID), a.Name, a.Email, YesNo(managed), Words(string(m.Status)), m.Edges.Site.Name,
		Date(m.InvitedAt), LastActive(m.LastActiveAt)}
	roles := map[groupgrant.Product]groupgrant.Role{}
	for _, pa := range directory.MembershipAccess(m) {
		if pa.Role == groupgrant.RoleADMIN || roles[pa.Product] == "" {
			roles[pa.Product] = pa.Role
		}
	}
	for _, p := range products {
		row = append(row, Words(string(roles[p])))
	}
	names := make([]string, len(m.Edges.Groups))
	for i, g := range m.Edges.Groups {
		names[i] = g.Name
	}
	slices.Sort(names)
	if pivot < 0 {
		return append(row, strings.Join(names, ", "))
	}
	for i := range pivot {
		cell := ""
		if i < len(names) {
			cell = names[i]
		}
		row = append(row, cell)
	}
	return row
}

func membershipSortValue(m *ent.Membership, k keyset) any {
	switch k.column {
	case membership.FieldNameKey:
		return m.NameKey
	case membership.FieldEmailKey:
		return m.EmailKey
	case membership.FieldLastActiveKey:
		return m.LastActiveKey
	case membership.FieldStatus:
		return string(m.Status)
	}
	return nil
}

func orgUserSortValue(u *ent.OrgUser, k keyset) any {
	switch k.column {
	case orguser.FieldNameKey:
		return u.NameKey
	case orguser.FieldEmailKey:
		return u.EmailKey
	case orguser.FieldLastActiveKey:
		return u.LastActiveKey
	case orguser.FieldStatus:
		return string(u.Status)
	}
	return nil
}
