package graph_test

import (
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/app"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
)

// The Managed accounts page loads its rows' memberships in one query for the page, not
// one a row (fifty at a page of 50 kept the database pool busy: make bench W2), and each
// row still lists only the memberships the viewer sees (rule 17: Alice's Globex site is
// not Acme's to see), the same as the account's own page.
func TestManagedAccountsPageLoadsMembershipsOnceWithTheSameVisibility(t *testing.T) {
	var mu sync.Mutex
	var loads int
	var loadSQL string
	var policyLoads int
	env := testkit.NewWithOptions(t, app.Options{SQLLog: func(q string) {
		if strings.Contains(q, "FROM "+testkit.Ident("authentication_policies")) {
			mu.Lock()
			policyLoads++
			mu.Unlock()
		}
		if strings.Contains(q, "FROM "+testkit.Ident("memberships")) && strings.Contains(q, testkit.Ident("account_id")+" IN") {
			mu.Lock()
			loads++
			loadSQL = q
			mu.Unlock()
		}
	}})
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	type row struct {
		ID          gid.ID
		Memberships []struct {
			ID   gid.ID
			Site struct{ Name string }
		}
	}
	sites := func(r row) []string {
		var out []string
		for _, m := range r.Memberships {
			out = append(out, m.Site.Name)
		}
		sort.Strings(out)
		return out
	}
	var page struct {
		Organization struct {
			ManagedAccounts struct{ Edges []struct{ Node row } }
		}
	}
	acme.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(first: 100) { edges { node { ...Row } } } } }
	  fragment Row on Account { id memberships { id site { name } } }`, map[string]any{"org": w.Acme}, &page)
	mu.Lock()
	require.Equal(t, 1, loads, "one memberships query for the whole page")
	mu.Unlock()

	require.NotEmpty(t, page.Organization.ManagedAccounts.Edges)
	sawAlice := false
	for _, e := range page.Organization.ManagedAccounts.Edges {
		var one struct{ Node row }
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { id memberships { id site { name } } } } }`,
			map[string]any{"id": e.Node.ID}, &one)
		require.Equal(t, sites(one.Node), sites(e.Node), "account %s", e.Node.ID)
		if e.Node.ID == w.Alice {
			sawAlice = true
			require.Equal(t, []string{"acme-eng"}, sites(e.Node), "not Alice's Globex site")
		}
	}
	require.True(t, sawAlice)

	t.Run("a page that asks only for the memberships' ids reads only their ids, the same ones", func(t *testing.T) {
		mu.Lock()
		loads = 0
		mu.Unlock()
		var ids struct {
			Organization struct {
				ManagedAccounts struct {
					Edges []struct {
						Node struct {
							ID          gid.ID
							Memberships []struct{ ID gid.ID }
						}
					}
				}
			}
		}
		acme.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(first: 100) { edges { node { id memberships { id } } } } } }`,
			map[string]any{"org": w.Acme}, &ids)
		mu.Lock()
		require.Equal(t, 1, loads)
		require.NotContains(t, loadSQL, testkit.Ident("status"), "only ids: %s", loadSQL)
		mu.Unlock()
		require.Len(t, ids.Organization.ManagedAccounts.Edges, len(page.Organization.ManagedAccounts.Edges))
		for i, e := range ids.Organization.ManagedAccounts.Edges {
			full := page.Organization.ManagedAccounts.Edges[i].Node
			require.Equal(t, full.ID, e.Node.ID)
			var want, got []gid.ID
			for _, m := range full.Memberships {
				want = append(want, m.ID)
			}
			for _, m := range e.Node.Memberships {
				got = append(got, m.ID)
			}
			require.ElementsMatch(t, want, got, "account %s", e.Node.ID)
		}
	})
	t.Run("the rows' policies are read once for the page, the same as each account's", func(t *testing.T) {
		mu.Lock()
		policyLoads = 0
		mu.Unlock()
		type policyRow struct {
			ID                   gid.ID
			AuthenticationPolicy *struct {
				ID   gid.ID
				Name string
			}
		}
		var pol struct {
			Organization struct {
				ManagedAccounts struct{ Edges []struct{ Node policyRow } }
			}
		}
		acme.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(first: 100) { edges { node { id authenticationPolicy { id name } } } } } }`,
			map[string]any{"org": w.Acme}, &pol)
		mu.Lock()
		require.Equal(t, 1, policyLoads, "one policies query for the whole page")
		mu.Unlock()
		withPolicy := 0
		for _, e := range pol.Organization.ManagedAccounts.Edges {
			var one struct{ Node policyRow }
			acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { id authenticationPolicy { id name } } } }`,
				map[string]any{"id": e.Node.ID}, &one)
			require.Equal(t, one.Node, e.Node)
			if e.Node.AuthenticationPolicy != nil {
				withPolicy++
			}
		}
		require.NotZero(t, withPolicy)
	})
}

// The account page loads its memberships' sites in one statement, not one a membership
// (make bench W1), and still only the sites the viewer administers (rule 17).
func TestAccountPageLoadsItsMembershipsSitesInOneStatement(t *testing.T) {
	rec := &sqlRecorder{parts: []string{"FROM "}}
	w, acme := aliceOnTwoAcmeSites(t, rec)
	rec.take()
	var one struct {
		Node struct {
			Memberships []struct{ Site struct{ Name string } }
		}
	}
	acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { memberships { site { name } } } } }`,
		map[string]any{"id": w.Alice}, &one)
	var names []string
	for _, m := range one.Node.Memberships {
		names = append(names, m.Site.Name)
	}
	sort.Strings(names)
	require.Equal(t, []string{"acme-eng", "acme-support"}, names, "not Alice's Globex site")
	require.Equal(t, map[string]int{"sites": 1}, tablesRead(rec.take(), "sites"), "one statement for the sites of both memberships")
}

// aliceOnTwoAcmeSites is the seeded world with Alice invited to acme-support too, and
// Acme's admin signed in.
func aliceOnTwoAcmeSites(t *testing.T, rec *sqlRecorder) (*testkit.World, *testkit.Client) {
	t.Helper()
	env := testkit.NewWithOptions(t, app.Options{SQLLog: rec.log})
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	acme.MustQuery(`mutation($site: ID!) { inviteUsers(siteId: $site, emails: ["alice@acme.test"]) { account { id } } }`,
		map[string]any{"site": w.AcmeSupport}, nil)
	return w, acme
}

// The account page's memberships and productAccess come from one read of the account's
// memberships, and the memberships are the same as when asked for alone.
func TestAccountPageReadsItsMembershipsOnceForMembershipsAndProductAccess(t *testing.T) {
	rec := &sqlRecorder{parts: []string{"FROM "}}
	w, acme := aliceOnTwoAcmeSites(t, rec)

	type membership struct {
		ID, Status string
		Site       struct{ Name string }
	}
	var alone, both struct {
		Node struct {
			Memberships   []membership
			ProductAccess []struct{ Product, Role string }
		}
	}
	acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { memberships { id status site { name } } } } }`,
		map[string]any{"id": w.Alice}, &alone)
	rec.take()
	acme.MustQuery(`query($id: ID!) { node(id: $id) { ...Page } } fragment Page on Account {
	  memberships { id status site { name } } productAccess { product role } }`, map[string]any{"id": w.Alice}, &both)
	require.Len(t, alone.Node.Memberships, 2, "acme-eng and acme-support, not Alice's Globex site")
	require.Equal(t, alone.Node.Memberships, both.Node.Memberships)
	require.NotEmpty(t, both.Node.ProductAccess)
	require.Equal(t, map[string]int{"memberships": 1}, tablesRead(rec.take(), "memberships"), "one read of the memberships for both fields")
}
