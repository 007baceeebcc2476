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
	env := testkit.NewWithOptions(t, app.Options{SQLLog: func(q string) {
		if strings.Contains(q, "FROM "+testkit.Ident("memberships")) && strings.Contains(q, testkit.Ident("account_id")+" IN") {
			mu.Lock()
			loads++
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
}
