package graph_test

import (
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/app"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
)

// sqlRecorder keeps the statements a test server runs that contain every one of parts.
type sqlRecorder struct {
	mu    sync.Mutex
	parts []string
	seen  []string
}

func (r *sqlRecorder) log(q string) {
	for _, p := range r.parts {
		if !strings.Contains(q, p) {
			return
		}
	}
	r.mu.Lock()
	r.seen = append(r.seen, q)
	r.mu.Unlock()
}

func (r *sqlRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.seen
	r.seen = nil
	return out
}

// tablesRead counts, for each of tables, the statements of stmts that load its rows:
// those whose selected columns, before the first FROM, are the table's.
func tablesRead(stmts []string, tables ...string) map[string]int {
	out := map[string]int{}
	for _, q := range stmts {
		start, end := strings.Index(q, "SELECT "), strings.Index(q, " FROM ")
		if start < 0 || end < start {
			continue
		}
		for _, table := range tables {
			if strings.Contains(q[start:end], testkit.Ident(table)+".") {
				out[table]++
			}
		}
	}
	return out
}

// A product-filtered Users list counts its matches from the grants' side, as a set
// (the groups granting the product, their members, those accounts), not with the
// page's per-row EXISTS, which made the database walk every membership of the
// organization: 43 s at 1M accounts (make bench, W7). The count is still exact: it
// equals the rows the page's own predicates find, under every other filter too.
// byCounters reports whether a centralized Users list is counted from the counters:
// no search, and no filter but product and status.
func byCounters(search *string, where map[string]any) bool {
	for k := range where {
		if k != "product" && k != "status" {
			return false
		}
	}
	return search == nil
}

func TestUsersProductFilterCountIsSetBasedAndExact(t *testing.T) {
	rec := &sqlRecorder{parts: []string{"COUNT(", "FROM " + testkit.Ident("org_users")}}
	env := testkit.NewWithOptions(t, app.Options{SQLLog: rec.log})
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	us1BuildFilterWorld(t, acme, w)
	day := testkit.Start.Add(-24 * time.Hour).Format(time.RFC3339)

	cases := []struct {
		name   string
		search *string
		where  map[string]any
		want   int
	}{
		{"JIRA", nil, map[string]any{"product": "JIRA"}, 2},
		{"JIRA, ACTIVE", nil, map[string]any{"product": "JIRA", "status": "ACTIVE"}, 2},
		{"JIRA, INVITED", nil, map[string]any{"product": "JIRA", "status": "INVITED"}, 0},
		{"CONFLUENCE, INVITED", nil, map[string]any{"product": "CONFLUENCE", "status": "INVITED"}, 1},
		{"CONFLUENCE on acme-support, where Xena has no access", nil,
			map[string]any{"product": "CONFLUENCE", "siteId": w.AcmeSupport}, 0},
		{"JIRA in the Jira users group", nil, map[string]any{"product": "JIRA", "groupId": w.AcmeJiraUsers}, 2},
		{"JIRA, managed", nil, map[string]any{"product": "JIRA", "managed": true}, 1},
		{"JIRA_SERVICE_MANAGEMENT, inactive for a day", nil,
			map[string]any{"product": "JIRA_SERVICE_MANAGEMENT", "lastActiveBefore": day}, 1},
		{"TRELLO, on no Acme site", nil, map[string]any{"product": "TRELLO"}, 0},
		{"JIRA, searching gus", ptr("gus"), map[string]any{"product": "JIRA"}, 1},
		{"INVITED, any product", nil, map[string]any{"status": "INVITED"}, -1},
		{"no filter", nil, nil, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out struct {
				Organization struct {
					Users struct {
						TotalCount int
						Edges      []struct{ Node struct{ ID gid.ID } }
					}
				}
			}
			rec.take()
			acme.MustQuery(`query($org: ID!, $where: UserFilter, $search: String) { organization(id: $org) {
			  users(first: 100, where: $where, search: $search) { totalCount edges { node { id } } } } }`,
				map[string]any{"org": w.Acme, "where": tc.where, "search": tc.search}, &out)
			want := tc.want
			if want < 0 { // every row the filter lists, counted in SQL
				st, _ := tc.where["status"].(string)
				require.NoError(t, env.QueryRow(`SELECT COUNT(*) FROM org_users WHERE org_id = ? AND (status = ? OR ? = '')`,
					string(w.Acme), st, st).Scan(&want))
				require.Positive(t, want)
			}
			require.Len(t, out.Organization.Users.Edges, want, "the page's rows")
			require.Equal(t, want, out.Organization.Users.TotalCount)
			counts := rec.take()
			if byCounters(tc.search, tc.where) {
				require.Empty(t, counts, "product and status alone, or none: the count is read from the counters")
				return
			}
			require.Len(t, counts, 1)
			require.NotContains(t, counts[0], "EXISTS (SELECT "+testkit.Ident("group_members"), "no per-row EXISTS in the count")
			require.Contains(t, counts[0], testkit.Ident("group_grants"))
		})
	}
}

func ptr[T any](v T) *T { return &v }

// The Users page loads its rows' memberships, their sites, groups and grants once for
// the page, not once a row (gqlgen resolves each row's fields on a goroutine of its own,
// and 50 rows' queries each kept a 1M-account page waiting on the pool: make bench, W7).
// Each row still shows what the row on its own shows: its current memberships on the
// organization's sites only (not Gus's Globex site, not Xena's removed membership).
func TestUsersPageLoadsRowsMembershipsOnceWithTheSameRows(t *testing.T) {
	rec := &sqlRecorder{parts: []string{"FROM "}}
	env := testkit.NewWithOptions(t, app.Options{SQLLog: rec.log})
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	fw := us1BuildFilterWorld(t, acme, w)
	us1MustInvite(t, acme, w.AcmeSupport, []string{"alice@acme.test"},
		[]map[string]any{{"product": "JIRA_SERVICE_MANAGEMENT", "role": "ADMIN"}}, nil)
	var grant struct{ GrantProductAccess struct{ ID gid.ID } }
	acme.MustQuery(`mutation($site: ID!, $acct: ID!) { grantProductAccess(siteId: $site, accountId: $acct, product: CONFLUENCE, role: ADMIN) { id } }`,
		map[string]any{"site": w.AcmeEng, "acct": w.Alice}, &grant)
	_, r := us1Remove(t, acme, w.AcmeSupport, fw.Xena)
	require.Empty(t, r.Errors)

	type row struct {
		ID          gid.ID
		Account     struct{ Email string }
		Memberships []struct {
			ID     gid.ID
			Status string
			Site   struct{ Name string }
			Groups []struct{ Name string }
		}
		ProductAccess []struct {
			Product, Role string
			Site          struct{ ID gid.ID }
		}
	}
	const fields = `id account { email } memberships { id status site { name } groups { name } } productAccess { product role site { id } }`
	norm := func(r row) row {
		for _, m := range r.Memberships {
			sort.Slice(m.Groups, func(i, j int) bool { return m.Groups[i].Name < m.Groups[j].Name })
		}
		return r
	}
	var page struct {
		Organization struct {
			Users struct{ Edges []struct{ Node row } }
		}
	}
	rec.take()
	acme.MustQuery(`query($org: ID!) { organization(id: $org) { users(first: 100) { edges { node { ...Row } } } } }
	  fragment Row on OrgUser { `+fields+` }`, map[string]any{"org": w.Acme}, &page)
	tables := tablesRead(rec.take(), "memberships", "groups", "group_grants", "sites")
	require.Equal(t, map[string]int{"memberships": 1, "groups": 1, "group_grants": 1, "sites": 1}, tables,
		"one query a table for the whole page")

	require.NotEmpty(t, page.Organization.Users.Edges)
	seen := map[string]bool{}
	for _, e := range page.Organization.Users.Edges {
		var one struct{ Node row }
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on OrgUser { `+fields+` } } }`,
			map[string]any{"id": e.Node.ID}, &one)
		require.Equal(t, norm(one.Node), norm(e.Node), "row %s", e.Node.Account.Email)
		seen[e.Node.Account.Email] = true
		if e.Node.Account.Email == "alice@acme.test" {
			require.Len(t, e.Node.Memberships, 2)
			require.NotEmpty(t, e.Node.ProductAccess)
		}
		if e.Node.Account.Email == "xena@ext.test" || e.Node.Account.Email == "gus@globex.test" {
			require.Len(t, e.Node.Memberships, 1, "%s: only current memberships on Acme's sites", e.Node.Account.Email)
		}
	}
	require.True(t, seen["alice@acme.test"] && seen["gus@globex.test"] && seen["xena@ext.test"])
}

// A site's Users page reads its rows' product access, and the access in effect, with a
// few statements for the whole page: it was nine a row. Each row still shows what it
// shows on its own.
func TestSiteUsersPageLoadsRowsAccessOnceWithTheSameRows(t *testing.T) {
	rec := &sqlRecorder{parts: []string{"FROM "}}
	env := testkit.NewWithOptions(t, app.Options{SQLLog: rec.log})
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	us1BuildFilterWorld(t, acme, w)

	type access struct{ Product, Role string }
	type row struct {
		ID                     gid.ID
		Status                 string
		Account                struct{ Email, Status string }
		Groups                 []struct{ Name string }
		ProductAccess          []access
		EffectiveProductAccess []access
	}
	const fields = `id status account { email status } groups { name } productAccess { product role } effectiveProductAccess { product role }`
	var page struct {
		Node struct {
			Users struct{ Edges []struct{ Node row } }
		}
	}
	rec.take()
	acme.MustQuery(`query($site: ID!) { node(id: $site) { ... on Site { users(first: 100) { edges { node { ...Row } } } } } }
	  fragment Row on Membership { `+fields+` }`, map[string]any{"site": w.AcmeEng}, &page)
	tables := tablesRead(rec.take(), "memberships", "accounts", "groups", "group_grants", "sites")
	require.Len(t, page.Node.Users.Edges, 5)
	// sites: the page's site, then its rows'.
	require.Equal(t, map[string]int{"memberships": 2, "accounts": 2, "groups": 1, "group_grants": 1, "sites": 2}, tables,
		"the same statements whatever the number of rows")

	inEffect := map[string]bool{}
	for _, e := range page.Node.Users.Edges {
		var one struct{ Node row }
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Membership { `+fields+` } } }`,
			map[string]any{"id": e.Node.ID}, &one)
		for _, r := range []*row{&one.Node, &e.Node} {
			sort.Slice(r.Groups, func(i, j int) bool { return r.Groups[i].Name < r.Groups[j].Name })
		}
		require.Equal(t, one.Node, e.Node, "row %s", e.Node.Account.Email)
		inEffect[e.Node.Account.Email] = len(e.Node.EffectiveProductAccess) > 0
	}
	require.Equal(t, map[string]bool{"alice@acme.test": true, "gus@globex.test": true,
		"eve@gmail.test": false, "xena@ext.test": false, "yuri@ext.test": false}, inEffect)
}

// Caches that live for a request (policies, a page's preloaded access) are for queries
// only: in a mutation document, a later field changes what an earlier one read.
func TestAMutationFieldSeesTheChangesOfTheFieldsBeforeIt(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	type access struct{ Product, Role string }
	var out struct {
		A struct {
			Site struct {
				Users struct {
					Edges []struct {
						Node struct {
							ID            gid.ID
							ProductAccess []access
						}
					}
				}
			}
		}
		B struct{ ProductAccess []access }
	}
	acme.MustQuery(`mutation($site: ID!, $acct: ID!) {
	  a: grantProductAccess(siteId: $site, accountId: $acct, product: JIRA, role: ADMIN) {
	    site { users(first: 50) { edges { node { id productAccess { product role } } } } } }
	  b: grantProductAccess(siteId: $site, accountId: $acct, product: CONFLUENCE, role: ADMIN) { productAccess { product role } }
	}`, map[string]any{"site": w.AcmeEng, "acct": w.Alice}, &out)
	require.NotEmpty(t, out.A.Site.Users.Edges)
	require.Contains(t, out.B.ProductAccess, access{"CONFLUENCE", "ADMIN"}, "b sees its own grant")
}
