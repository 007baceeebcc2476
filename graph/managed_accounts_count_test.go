package graph_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/ent/account"
	"orgdir/ent/predicate"
	"orgdir/internal/app"
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
