package export_test

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
)

var usersHeader = append([]string{"Account ID", "Name", "Email", "Managed", "Status", "Site", "Invited at", "Last active"},
	productHeaders...)

type apiMembership struct {
	Site struct {
		ID   gid.ID
		Name string
	}
	Status        string
	InvitedAt     *time.Time
	LastActiveAt  *time.Time
	ProductAccess []struct{ Product, Role string }
	Groups        []struct {
		ID   gid.ID
		Name string
	}
}

type apiUser struct {
	Account struct {
		ID          gid.ID
		Name, Email string
		Status      string
		Managed     bool
	}
	apiMembership
}

const membershipFields = `site { id name } status invitedAt lastActiveAt productAccess { product role } groups { id name }`

// orgUsers reads every page of an organization's Users list, one entry per membership.
func (f *fixture) orgUsers(vars map[string]any) []apiUser {
	f.t.Helper()
	var all []apiUser
	var after any
	for {
		v := map[string]any{"org": f.w.Acme, "after": after}
		for k, x := range vars {
			v[k] = x
		}
		var out struct {
			Organization struct {
				Users struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct {
						Node struct {
							Account struct {
								ID                  gid.ID
								Name, Email, Status string
								Managed             bool
							}
							Memberships []apiMembership
						}
					}
				}
			}
		}
		f.acme.MustQuery(`query($org: ID!, $after: Cursor, $where: UserFilter, $search: String, $order: UserOrder) {
			organization(id: $org) { users(first: 100, after: $after, where: $where, search: $search, orderBy: $order) {
				pageInfo { hasNextPage endCursor }
				edges { node { account { id name email status managed } memberships { `+membershipFields+` } } } } } }`, v, &out)
		for _, e := range out.Organization.Users.Edges {
			ms := e.Node.Memberships
			sort.Slice(ms, func(i, j int) bool { return ms[i].Site.Name < ms[j].Site.Name })
			for _, m := range ms {
				u := apiUser{apiMembership: m}
				u.Account.ID, u.Account.Name, u.Account.Email = e.Node.Account.ID, e.Node.Account.Name, e.Node.Account.Email
				u.Account.Status, u.Account.Managed = e.Node.Account.Status, e.Node.Account.Managed
				all = append(all, u)
			}
		}
		if !out.Organization.Users.PageInfo.HasNextPage {
			return all
		}
		after = out.Organization.Users.PageInfo.EndCursor
	}
}

// siteUsers reads every page of a site's Users list.
func (f *fixture) siteUsers(c interface {
	MustQuery(string, map[string]any, any)
}, site gid.ID, vars map[string]any) []apiUser {
	f.t.Helper()
	var all []apiUser
	var after any
	for {
		v := map[string]any{"site": site, "after": after}
		for k, x := range vars {
			v[k] = x
		}
		var out struct {
			Site struct {
				Users struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct{ Node apiUser }
				}
			}
		}
		c.MustQuery(`query($site: ID!, $after: Cursor, $where: UserFilter, $search: String, $order: UserOrder) {
			site(id: $site) { users(first: 100, after: $after, where: $where, search: $search, orderBy: $order) {
				pageInfo { hasNextPage endCursor }
				edges { node { account { id name email status managed } `+membershipFields+` } } } } }`, v, &out)
		for _, e := range out.Site.Users.Edges {
			all = append(all, e.Node)
		}
		if !out.Site.Users.PageInfo.HasNextPage {
			return all
		}
		after = out.Site.Users.PageInfo.EndCursor
	}
}

// expectedUserRow is the row of PRODUCT.md §6 for one membership; pivot is the number
// of Group columns, or -1 for one Groups cell.
func expectedUserRow(u apiUser, pivot int) []string {
	words := map[string]string{"ACTIVE": "Active", "INVITED": "Invited", "SUSPENDED": "Suspended"}
	row := []string{string(u.Account.ID), neutralized(u.Account.Name), neutralized(u.Account.Email), yesNo(u.Account.Managed),
		words[u.Status], neutralized(u.Site.Name), day(u.InvitedAt), lastActive(u.LastActiveAt)}
	for _, p := range products {
		role := ""
		for _, pa := range u.ProductAccess {
			if pa.Product == p && (role == "" || pa.Role == "ADMIN") {
				role = map[string]string{"USER": "User", "ADMIN": "Admin"}[pa.Role]
			}
		}
		row = append(row, role)
	}
	var groups []string
	for _, g := range u.Groups {
		groups = append(groups, neutralized(g.Name))
	}
	sort.Strings(groups)
	if pivot < 0 {
		return append(row, strings.Join(groups, ", "))
	}
	for i := range pivot {
		cell := ""
		if i < len(groups) {
			cell = groups[i]
		}
		row = append(row, cell)
	}
	return row
}

func TestExportUsersHasTheExactHeaderAndMatchesTheAPIForTheSameFilters(t *testing.T) {
	f := newFixture(t)
	f.richer()
	orgPath := "/export/orgs/" + string(f.w.Acme) + "/users.csv"
	sitePath := "/export/sites/" + string(f.w.AcmeEng) + "/users.csv"
	cases := []struct {
		name  string
		query url.Values
		vars  map[string]any
		keep  func(apiUser) bool // the memberships a site, group or product filter keeps
	}{
		{"no filter", nil, nil, nil},
		{"ordered by name", url.Values{"orderBy": {"NAME"}}, map[string]any{"order": map[string]any{"field": "NAME", "direction": "ASC"}}, nil},
		{"ordered by status, descending", url.Values{"orderBy": {"STATUS"}, "direction": {"DESC"}},
			map[string]any{"order": map[string]any{"field": "STATUS", "direction": "DESC"}}, nil},
		{"ordered by last active", url.Values{"orderBy": {"LAST_ACTIVE"}}, map[string]any{"order": map[string]any{"field": "LAST_ACTIVE", "direction": "ASC"}}, nil},
		{"invited", url.Values{"status": {"INVITED"}}, map[string]any{"where": map[string]any{"status": "INVITED"}}, nil},
		{"external", url.Values{"managed": {"false"}}, map[string]any{"where": map[string]any{"managed": false}}, nil},
		{"managed, searched", url.Values{"managed": {"true"}, "search": {"acme"}},
			map[string]any{"where": map[string]any{"managed": true}, "search": "acme"}, nil},
		{"active before", url.Values{"lastActiveBefore": {"2026-03-02T09:00:00Z"}}, map[string]any{"where": map[string]any{"lastActiveBefore": "2026-03-02T09:00:00Z"}}, nil},
		{"with Jira Service Management", url.Values{"product": {"JIRA_SERVICE_MANAGEMENT"}},
			map[string]any{"where": map[string]any{"product": "JIRA_SERVICE_MANAGEMENT"}}, func(u apiUser) bool {
				return slices.ContainsFunc(u.ProductAccess, func(pa struct{ Product, Role string }) bool { return pa.Product == "JIRA_SERVICE_MANAGEMENT" })
			}},
		{"on one site", url.Values{"siteId": {string(f.w.AcmeSupport)}}, map[string]any{"where": map[string]any{"siteId": f.w.AcmeSupport}},
			func(u apiUser) bool { return u.Site.ID == f.w.AcmeSupport }},
		{"in one group", url.Values{"groupId": {string(f.w.AcmeJiraUsers)}}, map[string]any{"where": map[string]any{"groupId": f.w.AcmeJiraUsers}},
			func(u apiUser) bool {
				return slices.ContainsFunc(u.Groups, func(g struct {
					ID   gid.ID
					Name string
				}) bool {
					return g.ID == f.w.AcmeJiraUsers
				})
			}},
	}
	for _, c := range cases {
		t.Run("organization: "+c.name, func(t *testing.T) {
			d := f.get(f.acme, orgPath, c.query)
			assert.Regexp(t, `^attachment; filename=acme-users-2026-03-02\.csv$`, d.header.Get("Content-Disposition"))
			rows := d.rows(t)
			require.Equal(t, append(slices.Clone(usersHeader), "Groups"), rows[0])
			var want [][]string
			for _, u := range f.orgUsers(c.vars) {
				if c.keep == nil || c.keep(u) {
					want = append(want, expectedUserRow(u, -1))
				}
			}
			require.NotEmpty(t, want, "the case must export something")
			assert.Equal(t, want, rows[1:])
		})
		t.Run("site: "+c.name, func(t *testing.T) {
			d := f.get(f.acme, sitePath, c.query)
			assert.Equal(t, "text/csv; charset=utf-8", d.header.Get("Content-Type"))
			assert.Regexp(t, `^attachment; filename=acme-eng-users-2026-03-02\.csv$`, d.header.Get("Content-Disposition"))
			rows := d.rows(t)
			require.Equal(t, append(slices.Clone(usersHeader), "Groups"), rows[0])
			want := [][]string{}
			for _, u := range f.siteUsers(f.acme, f.w.AcmeEng, c.vars) {
				want = append(want, expectedUserRow(u, -1))
			}
			assert.Equal(t, want, rows[1:])
		})
	}
	t.Run("groups pivoted into Group 1 … Group n, n the most any row has", func(t *testing.T) {
		api := f.orgUsers(nil)
		n := 0
		for _, u := range api {
			n = max(n, len(u.Groups))
		}
		require.GreaterOrEqual(t, n, 2)
		rows := f.get(f.acme, orgPath, url.Values{"groups": {"pivot"}}).rows(t)
		header := slices.Clone(usersHeader)
		for i := 1; i <= n; i++ {
			header = append(header, fmt.Sprintf("Group %d", i))
		}
		require.Equal(t, header, rows[0])
		for i, u := range api {
			assert.Equal(t, expectedUserRow(u, n), rows[i+1])
		}
	})
	t.Run("active only: the membership and the account are ACTIVE", func(t *testing.T) {
		rows := f.get(f.acme, orgPath, url.Values{"activeOnly": {"true"}}).rows(t)
		var want [][]string
		for _, u := range f.orgUsers(nil) {
			if u.Status == "ACTIVE" && u.Account.Status == "ACTIVE" {
				want = append(want, expectedUserRow(u, -1))
			}
		}
		require.NotEmpty(t, want)
		assert.Equal(t, want, rows[1:])
		siteRows := f.get(f.acme, sitePath, url.Values{"activeOnly": {"true"}, "groups": {"pivot"}}).rows(t)
		for _, r := range siteRows[1:] {
			assert.Equal(t, "Active", r[4])
		}
	})
	t.Run("a site admin exports its site as its organization's API shows it", func(t *testing.T) {
		// Managed means managed by the site's organization, as the page's Managed filter
		// reads it (the API's Account.managed is false for a site admin, who manages nothing).
		rows := f.get(f.site, "/export/sites/"+string(f.w.GlobexSite)+"/users.csv", nil).rows(t)
		var want [][]string
		for _, u := range f.siteUsers(f.globex, f.w.GlobexSite, nil) {
			want = append(want, expectedUserRow(u, -1))
		}
		require.Len(t, want, 3)
		assert.Equal(t, want, rows[1:])
	})
}
