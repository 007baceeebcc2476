package graph_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent/account"
	"orgdir/ent/predicate"
	"orgdir/internal/app"
	"orgdir/internal/db"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// Rule 14's counters answer the Managed accounts list's totalCount: for each filter the
// counters are keyed by, the count equals a COUNT of the rows, and no COUNT over the
// accounts table runs (at a million accounts it cost 0.2-4 s a page, make bench W2).
// A search or a last-active filter still counts rows.
func TestManagedAccountsTotalCountComesFromTheCounters(t *testing.T) {
	var mu sync.Mutex
	var counts int
	env := testkit.NewWithOptions(t, app.Options{SQLLog: func(q string) {
		if strings.Contains(q, "SELECT COUNT(") && strings.Contains(q, "FROM "+testkit.Ident("accounts")) {
			mu.Lock()
			counts++
			mu.Unlock()
		}
	}})
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	maCreateAccount(t, env, "two.step@acme.test", "Two Step", true)
	admin.MustQuery(`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Bob}, nil)

	const q = `query($org: ID!, $where: ManagedAccountFilter, $search: String) {
	  organization(id: $org) { managedAccounts(first: 1, where: $where, search: $search) { totalCount } } }`
	total := func(vars map[string]any) int {
		vars["org"] = w.Acme
		var out struct {
			Organization struct {
				ManagedAccounts struct{ TotalCount int }
			}
		}
		admin.MustQuery(q, vars, &out)
		return out.Organization.ManagedAccounts.TotalCount
	}
	rows := func(ps ...predicate.Account) int {
		n, err := env.App.DB.Client.Account.Query().
			Where(append(ps, account.ManagingOrgID(w.Acme), account.StatusNEQ(account.StatusDELETED))...).
			Count(viewer.System(context.Background()))
		require.NoError(t, err)
		return n
	}

	cases := []struct {
		where map[string]any
		want  int
	}{
		{nil, rows()},
		{map[string]any{"status": "DEACTIVATED"}, rows(account.StatusEQ(account.StatusDEACTIVATED))},
		{map[string]any{"status": "ACTIVE", "twoStepVerification": true}, rows(account.StatusEQ(account.StatusACTIVE), account.TwoStepVerification(true))},
		{map[string]any{"hasSiteAccess": false}, rows(account.HasSiteAccess(false))},
		{map[string]any{"policyId": w.Default}, rows(account.PolicyID(w.Default))},
	}
	require.Positive(t, cases[1].want, "the fixture has a deactivated account")
	never := rows(account.LastActiveKey(0))
	mu.Lock()
	counts = 0
	mu.Unlock()
	for _, c := range cases {
		vars := map[string]any{}
		if c.where != nil {
			vars["where"] = c.where
		}
		require.Equal(t, c.want, total(vars), "where %v", c.where)
	}
	mu.Lock()
	require.Zero(t, counts, "no COUNT over accounts for filters the counters key")
	mu.Unlock()

	require.Equal(t, 1, total(map[string]any{"search": "two step"}))
	require.Equal(t, never, total(map[string]any{"where": map[string]any{"neverActive": true}}))
	mu.Lock()
	if testkit.Postgres() {
		require.Equal(t, 2, counts, "a search and a last-active filter count rows")
	} else {
		require.Equal(t, 1, counts, "a last-active filter counts rows; SQLite counts an unfiltered search in its search index")
	}
	mu.Unlock()
}

// On PostgreSQL a searched page's count runs beside its rows, on another connection:
// each statement scans the trigram index for the term, and one after the other they were
// the request's time (make bench W3). The hook holds the count until the page's statement
// has started, which happens only if the page does not wait for the count; a count run in
// place gives up after a while and the test fails.
func TestPostgresSearchedPageCountsBesideItsRows(t *testing.T) {
	if !testkit.Postgres() {
		t.Skip("PostgreSQL only: SQLite's searched page chooses its plan from the count (internal/db/search.go)")
	}
	var armed atomic.Bool
	pageStarted := make(chan struct{})
	var once sync.Once
	var countWaited atomic.Bool
	env := testkit.NewWithOptions(t, app.Options{StatementHook: func(s db.Statement) {
		if !armed.Load() || !strings.Contains(s.Query, "LIKE") || !strings.Contains(s.Query, `FROM "accounts"`) {
			return
		}
		if strings.HasPrefix(s.Query, "SELECT COUNT(") {
			select {
			case <-pageStarted:
				countWaited.Store(true)
			case <-time.After(5 * time.Second):
			}
			return
		}
		once.Do(func() { close(pageStarted) })
	}})
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	for i := range 3 {
		maCreateAccount(t, env, fmt.Sprintf("anders%d@acme.test", i), fmt.Sprintf("Per Anders %d", i), false)
	}
	armed.Store(true)
	var out struct {
		Organization struct {
			ManagedAccounts struct {
				TotalCount int
				Edges      []struct{ Node struct{ Email string } }
			}
		}
	}
	admin.MustQuery(`query($org: ID!) { organization(id: $org) {
	  managedAccounts(first: 2, search: "anders", orderBy: {field: EMAIL, direction: ASC}) { totalCount edges { node { email } } } } }`,
		map[string]any{"org": w.Acme}, &out)
	require.True(t, countWaited.Load(), "the page's statement started while the count was held")
	// alice@acme.test is Alice Anders in the fixture.
	require.Equal(t, 4, out.Organization.ManagedAccounts.TotalCount)
	require.Len(t, out.Organization.ManagedAccounts.Edges, 2)
	require.Equal(t, "alice@acme.test", out.Organization.ManagedAccounts.Edges[0].Node.Email)
}

// A searched page that selects no edges, or asks for none, still has pageInfo from the
// count: on PostgreSQL the count runs beside the page, and no page is read here.
func TestSearchedPageInfoWithoutEdgesComesFromTheCount(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	for i := range 3 {
		maCreateAccount(t, env, fmt.Sprintf("anders%d@acme.test", i), fmt.Sprintf("Per Anders %d", i), false)
	}
	for _, tc := range []struct {
		args           string
		next, previous bool
	}{
		{`first: 2`, true, false},
		{`first: 0`, true, false},
		{`last: 2`, false, true},
		{`last: 0`, false, true},
	} {
		t.Run(tc.args, func(t *testing.T) {
			var out struct {
				Organization struct {
					ManagedAccounts struct {
						TotalCount int
						PageInfo   struct{ HasNextPage, HasPreviousPage bool }
					}
				}
			}
			admin.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(`+tc.args+`, search: "anders") {
			  totalCount pageInfo { hasNextPage hasPreviousPage } } } }`, map[string]any{"org": w.Acme}, &out)
			ma := out.Organization.ManagedAccounts
			require.Equal(t, 4, ma.TotalCount)
			require.Equal(t, tc.next, ma.PageInfo.HasNextPage, "hasNextPage")
			require.Equal(t, tc.previous, ma.PageInfo.HasPreviousPage, "hasPreviousPage")
		})
	}
}
