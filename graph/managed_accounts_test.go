package graph_test

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/membership"
	"orgdir/internal/app"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// Helpers of the Managed accounts tests (this file and stats_test.go). They are
// prefixed "ma" so they do not collide with the helpers of other test files.

// maTx runs fn in one transaction as the system viewer: the data-layer calls the
// API does not offer yet (accounts created by an invitation, memberships, activity).
func maTx(env *testkit.Env, fn func(ctx context.Context, tx *ent.Tx) error) error {
	ctx := viewer.System(context.Background())
	return directory.WithTx(ctx, env.App.DB.Client, func(tx *ent.Tx) error { return fn(ctx, tx) })
}

// maCreateAccount creates an account the way an invitation would.
func maCreateAccount(t testing.TB, env *testkit.Env, email, name string, twoStep bool) gid.ID {
	t.Helper()
	var id gid.ID
	require.NoError(t, maTx(env, func(ctx context.Context, tx *ent.Tx) error {
		a, err := directory.CreateAccount(ctx, tx, env.Clock.Now(), directory.NewAccount{Email: email, Name: name, TwoStepVerification: twoStep})
		if err != nil {
			return err
		}
		id = a.ID
		return nil
	}), "create %s", email)
	return id
}

// maJoin gives an account a current membership on a site.
func maJoin(t testing.TB, env *testkit.Env, accountID, siteID gid.ID, status membership.Status) {
	t.Helper()
	require.NoError(t, maTx(env, func(ctx context.Context, tx *ent.Tx) error {
		st, err := tx.Site.Get(ctx, siteID)
		if err != nil {
			return err
		}
		a, err := tx.Account.Get(ctx, accountID)
		if err != nil {
			return err
		}
		_, err = directory.AddMembership(ctx, tx, env.Clock.Now(), st, a, status, nil)
		return err
	}))
}

// maRecordActivity records activity of an account on a site it is a member of.
func maRecordActivity(t testing.TB, env *testkit.Env, accountID, siteID gid.ID, at time.Time) {
	t.Helper()
	require.NoError(t, maTx(env, func(ctx context.Context, tx *ent.Tx) error {
		m, err := tx.Membership.Query().Where(membership.AccountID(accountID), membership.SiteID(siteID),
			membership.RemovedAtIsNil()).Only(ctx)
		if err != nil {
			return err
		}
		_, err = directory.RecordActivity(ctx, tx, m, at)
		return err
	}))
}

// maRemoveFromSite removes an account's membership of a site, as rule 8 will.
func maRemoveFromSite(t testing.TB, env *testkit.Env, accountID, siteID gid.ID) {
	t.Helper()
	require.NoError(t, maTx(env, func(ctx context.Context, tx *ent.Tx) error {
		m, err := tx.Membership.Query().Where(membership.AccountID(accountID), membership.SiteID(siteID),
			membership.RemovedAtIsNil()).Only(ctx)
		if err != nil {
			return err
		}
		if err := directory.RemoveMembership(ctx, tx, m, env.Clock.Now()); err != nil {
			return err
		}
		return directory.RefreshSiteAccess(ctx, tx, accountID)
	}))
}

// maAssignPolicy puts a managed account in a policy of its organization.
func maAssignPolicy(t testing.TB, env *testkit.Env, accountID, policyID gid.ID) {
	t.Helper()
	require.NoError(t, maTx(env, func(ctx context.Context, tx *ent.Tx) error {
		a, err := tx.Account.Get(ctx, accountID)
		if err != nil {
			return err
		}
		p, err := tx.AuthenticationPolicy.Get(ctx, policyID)
		if err != nil {
			return err
		}
		_, err = directory.AssignPolicy(ctx, tx, env.Clock.Now(), a, p)
		return err
	}))
}

// maMutate runs a lifecycle mutation that takes only an account id and returns its error code ("" on success).
func maMutate(t testing.TB, c *testkit.Client, mutation string, id gid.ID) string {
	t.Helper()
	r := c.Query(`mutation($id: ID!) { m: `+mutation+`(accountId: $id) { id status } }`, map[string]any{"id": id})
	return r.Code()
}

type maPolicy struct {
	ID                   gid.ID
	Name                 string
	Billable, EnforceSSO bool
}

type maAccount struct {
	ID                                                  gid.ID
	Email, Name, Status                                 string
	TwoStepVerification, SecureLogin, Billable, Managed bool
	LastActiveAt                                        *time.Time
	AuthenticationPolicy                                *maPolicy
	Memberships                                         []struct {
		ID   gid.ID
		Site struct{ ID gid.ID }
	}
}

type maConnection struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   maAccount
	}
}

const maListQuery = `query($org: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $search: String,
    $where: ManagedAccountFilter, $orderBy: AccountOrder) {
  organization(id: $org) {
    managedAccounts(first: $first, after: $after, last: $last, before: $before, search: $search, where: $where, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id email name status twoStepVerification secureLogin billable managed lastActiveAt
        authenticationPolicy { id name billable enforceSSO } memberships { id site { id } } } }
    }
  }
}`

// maPage asks for one page; args are the managedAccounts arguments (first, after, search, where, ...).
func maPage(t testing.TB, c *testkit.Client, org gid.ID, args map[string]any) (maConnection, testkit.Response) {
	t.Helper()
	vars := map[string]any{"org": org}
	for k, v := range args {
		vars[k] = v
	}
	r := c.Query(maListQuery, vars)
	var out struct {
		Organization *struct{ ManagedAccounts maConnection }
	}
	if len(r.Errors) == 0 {
		r.Decode(&out)
		require.NotNil(t, out.Organization)
		return out.Organization.ManagedAccounts, r
	}
	return maConnection{}, r
}

// maListAll pages forward through every managed account matching args, 50 at a time.
func maListAll(t testing.TB, c *testkit.Client, org gid.ID, args map[string]any) []maAccount {
	t.Helper()
	var out []maAccount
	vars := map[string]any{"first": 50}
	for k, v := range args {
		vars[k] = v
	}
	for {
		conn, r := maPage(t, c, org, vars)
		require.Empty(t, r.Errors, "unexpected errors: %+v", r.Errors)
		for _, e := range conn.Edges {
			out = append(out, e.Node)
		}
		if !conn.PageInfo.HasNextPage {
			return out
		}
		require.NotNil(t, conn.PageInfo.EndCursor)
		vars["after"] = *conn.PageInfo.EndCursor
	}
}

// maEmails lists the emails of the managed accounts matching search and where, sorted.
func maEmails(t testing.TB, c *testkit.Client, org gid.ID, search string, where map[string]any) []string {
	t.Helper()
	args := map[string]any{}
	if search != "" {
		args["search"] = search
	}
	if where != nil {
		args["where"] = where
	}
	out := []string{}
	for _, a := range maListAll(t, c, org, args) {
		out = append(out, a.Email)
	}
	sort.Strings(out)
	return out
}

func maFind(accts []maAccount, id gid.ID) *maAccount {
	for i := range accts {
		if accts[i].ID == id {
			return &accts[i]
		}
	}
	return nil
}

func TestRule2_ManagedAccountsListsEveryManagedAccountWhetherOrNotOnASite(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	t.Run("Bob, claimed and on no site, is listed with no memberships", func(t *testing.T) {
		all := maListAll(t, admin, w.Acme, nil)
		emails := []string{}
		for _, a := range all {
			emails = append(emails, a.Email)
		}
		require.ElementsMatch(t, []string{testkit.AcmeAdminEmail, "alice@acme.test", "bob@acme.test", "pat@acme.test"}, emails)
		bob := maFind(all, w.Bob)
		require.NotNil(t, bob)
		require.Equal(t, "Bob Brown", bob.Name)
		require.Equal(t, "ACTIVE", bob.Status)
		require.True(t, bob.Managed)
		require.Empty(t, bob.Memberships)
		require.NotNil(t, bob.AuthenticationPolicy)
		require.Equal(t, w.Default, bob.AuthenticationPolicy.ID)
	})

	t.Run("external users of Acme's sites are not on the page", func(t *testing.T) {
		all := maListAll(t, admin, w.Acme, nil)
		require.Nil(t, maFind(all, w.Gus), "Gus is managed by Globex")
		require.Nil(t, maFind(all, w.Eve), "Eve is managed by nobody")
		require.Nil(t, maFind(all, w.Gina), "Gina is invisible to Acme")
	})

	t.Run("withoutSiteAccess counts Bob, Pat and the admin", func(t *testing.T) {
		st := maStats(t, admin, w.Acme)
		require.Equal(t, 4, st.Total)
		require.Equal(t, 3, st.WithoutSiteAccess)
	})

	t.Run("removing Alice from her only Acme site keeps her on the page and counts her without site access", func(t *testing.T) {
		maRemoveFromSite(t, env, w.Alice, w.AcmeEng)
		all := maListAll(t, admin, w.Acme, nil)
		alice := maFind(all, w.Alice)
		require.NotNil(t, alice)
		require.Empty(t, alice.Memberships, "her Globex membership is not on Acme's sites")
		require.NotNil(t, alice.LastActiveAt, "her last-active date remains")
		st := maStats(t, admin, w.Acme)
		require.Equal(t, 4, st.Total)
		require.Equal(t, 4, st.WithoutSiteAccess)
		require.Equal(t, 1, maTotalCount(t, admin, w.Acme, map[string]any{"where": map[string]any{"hasSiteAccess": false}, "search": "alice"}))
	})
}

func maTotalCount(t testing.TB, c *testkit.Client, org gid.ID, args map[string]any) int {
	t.Helper()
	vars := map[string]any{"first": 1}
	for k, v := range args {
		vars[k] = v
	}
	conn, r := maPage(t, c, org, vars)
	require.Empty(t, r.Errors, "unexpected errors: %+v", r.Errors)
	return conn.TotalCount
}

func TestRule1_AccountsCreatedLaterOnAClaimedDomainAreManagedFromTheStart(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	before := maStats(t, admin, w.Acme)

	newbie := maCreateAccount(t, env, "Newbie@Acme.test", "Nora Newbie", false)
	maCreateAccount(t, env, "someone@acme.dev", "Unverified Domain", false)
	maCreateAccount(t, env, "someone@eu.acme.test", "Sub Domain", false)
	globexNewbie := maCreateAccount(t, env, "newbie@globex.test", "Globex Newbie", false)

	t.Run("the new acme.test account is listed, managed, ACTIVE, in the default policy, with no site access", func(t *testing.T) {
		all := maListAll(t, admin, w.Acme, nil)
		require.Len(t, all, 5)
		a := maFind(all, newbie)
		require.NotNil(t, a)
		require.Equal(t, "Newbie@Acme.test", a.Email)
		require.Equal(t, "ACTIVE", a.Status)
		require.True(t, a.Managed)
		require.True(t, a.Billable)
		require.Empty(t, a.Memberships)
		require.NotNil(t, a.AuthenticationPolicy)
		require.Equal(t, w.Default, a.AuthenticationPolicy.ID)
	})

	t.Run("accounts on an unverified domain, a subdomain or another org's domain are not Acme's", func(t *testing.T) {
		require.Equal(t, []string{}, maEmails(t, admin, w.Acme, "acme.dev", nil))
		require.Equal(t, []string{}, maEmails(t, admin, w.Acme, "eu.acme", nil))
		require.Equal(t, []string{}, maEmails(t, admin, w.Acme, "globex", nil))
	})

	t.Run("Acme's counters show the new account from the start", func(t *testing.T) {
		want := before
		want.Total++
		want.Active++
		want.Billable++
		want.WithoutSiteAccess++
		want.LastActive.Never++
		want.SecureLoginPercent = 20 // Bob's two-step verification, 1 of 5
		require.Equal(t, want, maStats(t, admin, w.Acme))
	})

	t.Run("Acme's audit log shows the new account", func(t *testing.T) {
		var out struct {
			Organization struct {
				AuditEvents struct {
					Edges []struct {
						Node struct{ Action, TargetLabel, TargetID string }
					}
				}
			}
		}
		admin.MustQuery(`query($org: ID!, $target: ID!) { organization(id: $org) {
			auditEvents(first: 10, where: {targetId: $target}) { edges { node { action targetLabel targetID } } } } }`,
			map[string]any{"org": w.Acme, "target": newbie}, &out)
		require.Len(t, out.Organization.AuditEvents.Edges, 1)
		ev := out.Organization.AuditEvents.Edges[0].Node
		require.Equal(t, "account.created_managed", ev.Action)
		require.Equal(t, "Newbie@Acme.test", ev.TargetLabel)
		require.Equal(t, string(newbie), ev.TargetID)
	})

	t.Run("the globex.test account is Globex's", func(t *testing.T) {
		globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
		all := maListAll(t, globex, w.Globex, nil)
		require.NotNil(t, maFind(all, globexNewbie))
		require.Equal(t, 5, maStats(t, globex, w.Globex).Total)
	})
}

// maOrderKey is the sort key of an account for an order field, as the API defines
// the orders: NAME and EMAIL compare case-insensitively, LAST_ACTIVE puts never first
// (ascending); ties are broken by id.
type maOrderKey struct {
	s  string
	n  int64
	id gid.ID
}

func maKeyOf(field string, a maAccount) maOrderKey {
	k := maOrderKey{id: a.ID}
	switch field {
	case "NAME":
		k.s = strings.ToLower(a.Name)
	case "EMAIL":
		k.s = strings.ToLower(a.Email)
	case "LAST_ACTIVE":
		if a.LastActiveAt != nil {
			k.n = a.LastActiveAt.Unix()
		}
	}
	return k
}

func (k maOrderKey) less(o maOrderKey) bool {
	if k.s != o.s {
		return k.s < o.s
	}
	if k.n != o.n {
		return k.n < o.n
	}
	return k.id < o.id
}

func TestRule2_PagingVisitsEveryAccountOnceInOrderWhileAccountsAreAdded(t *testing.T) {
	var mu sync.Mutex
	var statements []string
	env := testkit.NewWithOptions(t, app.Options{SQLLog: func(q string) {
		mu.Lock()
		statements = append(statements, q)
		mu.Unlock()
	}})
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	rng := rand.New(rand.NewSource(2))

	// Ties on every order field: equal names (also equal but for case), equal
	// last-active times, and many accounts never active.
	same := testkit.Start.Add(-36 * time.Hour)
	names := []string{"Sam Same", "Sam Same", "sam same", "SAM SAME", "Lee Park", "lee park", "Zoë Zed", "Ángel Ortiz", "Bob Brown"}
	for i := 0; i < 24; i++ {
		id := maCreateAccount(t, env, fmt.Sprintf("p%02d.%c@acme.test", i, 'a'+rune(rng.Intn(26))), names[i%len(names)], false)
		switch i % 3 {
		case 0:
			maJoin(t, env, id, w.AcmeEng, membership.StatusACTIVE)
			maRecordActivity(t, env, id, w.AcmeEng, same)
		case 1:
			maJoin(t, env, id, w.AcmeSupport, membership.StatusACTIVE)
			maRecordActivity(t, env, id, w.AcmeSupport, testkit.Start.Add(-time.Duration(rng.Intn(400))*time.Hour))
		}
	}

	late := 0
	addOne := func() {
		late++
		id := maCreateAccount(t, env, fmt.Sprintf("late%03d@acme.test", late), names[rng.Intn(len(names))], false)
		if rng.Intn(2) == 0 {
			maJoin(t, env, id, w.AcmeEng, membership.StatusACTIVE)
			at := same
			if rng.Intn(2) == 0 {
				at = testkit.Start.Add(-time.Duration(rng.Intn(400)) * time.Hour)
			}
			maRecordActivity(t, env, id, w.AcmeEng, at)
		}
	}

	atStart := func() map[gid.ID]bool {
		ids, err := env.App.DB.Client.Account.Query().
			Where(account.ManagingOrgID(w.Acme), account.StatusNEQ(account.StatusDELETED)).
			IDs(viewer.System(context.Background()))
		require.NoError(t, err)
		out := map[gid.ID]bool{}
		for _, id := range ids {
			out[id] = true
		}
		return out
	}

	for _, field := range []string{"NAME", "EMAIL", "LAST_ACTIVE"} {
		for _, dir := range []string{"ASC", "DESC"} {
			for _, backwards := range []bool{false, true} {
				how := "forwards with first: 7"
				if backwards {
					how = "backwards with last: 7"
				}
				t.Run(fmt.Sprintf("by %s %s, %s, each account exactly once and in order", field, dir, how), func(t *testing.T) {
					existing := atStart()
					var pages [][]maAccount
					args := map[string]any{"orderBy": map[string]any{"field": field, "direction": dir}}
					if backwards {
						args["last"] = 7
					} else {
						args["first"] = 7
					}
					for n := 0; ; n++ {
						require.Less(t, n, 100, "paging does not end")
						conn, r := maPage(t, admin, w.Acme, args)
						require.Empty(t, r.Errors, "unexpected errors: %+v", r.Errors)
						require.LessOrEqual(t, len(conn.Edges), 7)
						var pg []maAccount
						for _, e := range conn.Edges {
							pg = append(pg, e.Node)
						}
						pages = append(pages, pg)
						addOne()
						if backwards {
							if !conn.PageInfo.HasPreviousPage {
								break
							}
							require.NotNil(t, conn.PageInfo.StartCursor)
							args["before"] = *conn.PageInfo.StartCursor
						} else {
							if !conn.PageInfo.HasNextPage {
								break
							}
							require.NotNil(t, conn.PageInfo.EndCursor)
							args["after"] = *conn.PageInfo.EndCursor
						}
					}
					var seq []maAccount
					if backwards {
						for i := len(pages) - 1; i >= 0; i-- {
							seq = append(seq, pages[i]...)
						}
					} else {
						for _, pg := range pages {
							seq = append(seq, pg...)
						}
					}
					seen := map[gid.ID]bool{}
					for i, a := range seq {
						require.False(t, seen[a.ID], "%s (%s) returned twice", a.Email, a.ID)
						seen[a.ID] = true
						if i == 0 {
							continue
						}
						prev, cur := maKeyOf(field, seq[i-1]), maKeyOf(field, a)
						if dir == "DESC" {
							prev, cur = cur, prev
						}
						require.True(t, prev.less(cur), "%s %s: %q (%v) then %q (%v) out of order",
							field, dir, seq[i-1].Email, seq[i-1].LastActiveAt, a.Email, a.LastActiveAt)
					}
					for id := range existing {
						require.True(t, seen[id], "account %s existed before paging started and was skipped", id)
					}
				})
			}
		}
	}

	t.Run("after all the additions, one more pass returns exactly the managed accounts", func(t *testing.T) {
		existing := atStart()
		all := maListAll(t, admin, w.Acme, map[string]any{"orderBy": map[string]any{"field": "LAST_ACTIVE", "direction": "DESC"}})
		require.Len(t, all, len(existing))
		for _, a := range all {
			require.True(t, existing[a.ID])
		}
		require.Equal(t, len(existing), maTotalCount(t, admin, w.Acme, nil))
		require.Greater(t, late, 60, "accounts were added while paging")
	})

	t.Run("no statement ever used OFFSET", func(t *testing.T) {
		mu.Lock()
		defer mu.Unlock()
		require.NotEmpty(t, statements)
		sawLimit := false
		for _, q := range statements {
			require.NotContains(t, strings.ToUpper(q), "OFFSET", q)
			sawLimit = sawLimit || strings.Contains(strings.ToUpper(q), "LIMIT")
		}
		require.True(t, sawLimit, "the SQL log captured the page queries")
	})
}

func TestRule2_PageSizeOver100IsInvalidInput(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	t.Run("first: 101 is INVALID_INPUT naming first", func(t *testing.T) {
		_, r := maPage(t, admin, w.Acme, map[string]any{"first": 101})
		require.Equal(t, "INVALID_INPUT", r.Code(), r.Message())
		require.Equal(t, "first", r.Field())
	})
	t.Run("last: 101 is INVALID_INPUT naming last", func(t *testing.T) {
		_, r := maPage(t, admin, w.Acme, map[string]any{"last": 101})
		require.Equal(t, "INVALID_INPUT", r.Code(), r.Message())
		require.Equal(t, "last", r.Field())
	})
	t.Run("first: 100 is allowed", func(t *testing.T) {
		conn, r := maPage(t, admin, w.Acme, map[string]any{"first": 100})
		require.Empty(t, r.Errors)
		require.Len(t, conn.Edges, 4)
		require.False(t, conn.PageInfo.HasNextPage)
	})
}

func TestRule2_SearchMatchesNameOrEmailSubstringsCaseInsensitively(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	carla := maCreateAccount(t, env, "carla.andersen@acme.test", "Carla Andersen", false)
	maCreateAccount(t, env, "zq@acme.test", "Quentin Zed", false)
	maCreateAccount(t, env, "emilie@acme.test", "Émilie Ørsted", true)
	maCreateAccount(t, env, "ic@acme.test", "İbrahim Çelik", false)
	maCreateAccount(t, env, "wild_card@acme.test", "Sale 100% Wild_Card", false)
	maCreateAccount(t, env, "hans@globex.test", "Hans Anders", false) // Globex's
	ali := maCreateAccount(t, env, "ali.anders@gmail.test", "Ali Anders", false)
	maJoin(t, env, ali, w.AcmeEng, membership.StatusINVITED) // seen by Acme, managed by nobody

	acmeAll := []string{"admin@acme.test", "alice@acme.test", "bob@acme.test", "carla.andersen@acme.test",
		"emilie@acme.test", "ic@acme.test", "pat@acme.test", "wild_card@acme.test", "zq@acme.test"}
	cases := []struct {
		search string
		want   []string
	}{
		{"ANDERS", []string{"alice@acme.test", "carla.andersen@acme.test"}},
		{"anders", []string{"alice@acme.test", "carla.andersen@acme.test"}},
		{"  Anders  ", []string{"alice@acme.test", "carla.andersen@acme.test"}},
		{"ce@acm", []string{"alice@acme.test"}},
		{"CE@ACM", []string{"alice@acme.test"}},
		{"ali", []string{"alice@acme.test"}},
		{"n zed", []string{"zq@acme.test"}},
		{"ØRSTED", []string{"emilie@acme.test"}},
		{"ørs", []string{"emilie@acme.test"}},
		// The same on every database: Go lower-cases "İ" to "i", and both search the keys.
		{"ibr", []string{"ic@acme.test"}},
		{"İBRAHIM", []string{"ic@acme.test"}},
		{"m çel", []string{"ic@acme.test"}},
		{"acme.test", acmeAll},
		{"globex", []string{}},
		{"hans", []string{}},
		{"gmail", []string{}},
		{"nobody-has-this", []string{}},
		{`"quoted" OR *`, []string{}},
		// LIKE's wildcards are literal characters of the term.
		{"100%", []string{"wild_card@acme.test"}},
		{"d_c", []string{"wild_card@acme.test"}},
		{"1_0", []string{}},
		{"0%w", []string{}},
		{`0\%`, []string{}},
		// The name's end and the email's start are not one string.
		{"card\nwild", []string{}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%q finds %v", tc.search, tc.want), func(t *testing.T) {
			require.Equal(t, tc.want, maEmails(t, admin, w.Acme, tc.search, nil))
			require.Equal(t, len(tc.want), maTotalCount(t, admin, w.Acme, map[string]any{"search": tc.search}))
			// On SQLite the NAME and EMAIL orders test the keys in their indexes instead of
			// reading the search index: the same rows.
			for _, field := range []string{"NAME", "EMAIL"} {
				emails := []string{}
				for _, a := range maListAll(t, admin, w.Acme, map[string]any{"search": tc.search,
					"orderBy": map[string]any{"field": field, "direction": "ASC"}}) {
					emails = append(emails, a.Email)
				}
				sort.Strings(emails)
				require.Equal(t, tc.want, emails, "ordered by %s", field)
			}
		})
	}

	t.Run("search combines with filters and ordering", func(t *testing.T) {
		require.Empty(t, maMutate(t, admin, "deactivateAccount", carla))
		require.Equal(t, []string{"carla.andersen@acme.test"},
			maEmails(t, admin, w.Acme, "anders", map[string]any{"status": "DEACTIVATED"}))
		require.Equal(t, []string{"alice@acme.test"},
			maEmails(t, admin, w.Acme, "anders", map[string]any{"status": "ACTIVE"}))
		require.Equal(t, []string{"bob@acme.test", "emilie@acme.test"},
			maEmails(t, admin, w.Acme, "acme", map[string]any{"twoStepVerification": true}))
		require.Equal(t, []string{"alice@acme.test"},
			maEmails(t, admin, w.Acme, "a", map[string]any{"hasSiteAccess": true}))
		all := maListAll(t, admin, w.Acme, map[string]any{"search": "ANDERS", "orderBy": map[string]any{"field": "NAME", "direction": "DESC"}})
		require.Len(t, all, 2)
		require.Equal(t, "Carla Andersen", all[0].Name)
		require.Equal(t, "Alice Anders", all[1].Name)
	})

	t.Run("a renamed account is found by its new name and no longer by its old one", func(t *testing.T) {
		r := admin.Query(`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {name: "Robert Brown"}) { id name } }`,
			map[string]any{"id": w.Bob})
		require.Empty(t, r.Errors)
		require.Equal(t, []string{"bob@acme.test"}, maEmails(t, admin, w.Acme, "ROBERT", nil))
		require.Equal(t, []string{"bob@acme.test"}, maEmails(t, admin, w.Acme, "ro", nil))
		require.Equal(t, []string{}, maEmails(t, admin, w.Acme, "bob b", nil))
		require.Equal(t, []string{"bob@acme.test"}, maEmails(t, admin, w.Acme, "bo", nil), "still by email prefix")
	})
}

func TestRule2_SearchTermsUnder3CharactersMatchAPrefix(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	maCreateAccount(t, env, "zq@acme.test", "Quentin Zed", false)
	maCreateAccount(t, env, "emilie@acme.test", "Émilie Ørsted", false)
	maCreateAccount(t, env, "alfred@globex.test", "Alfred Globex", false) // Globex's
	al := maCreateAccount(t, env, "al@gmail.test", "Al External", false)
	maJoin(t, env, al, w.AcmeEng, membership.StatusINVITED) // seen by Acme, managed by nobody

	cases := []struct {
		name, search string
		want         []string
	}{
		{"a name prefix", "al", []string{"alice@acme.test"}},
		{"a name prefix in capitals", "AL", []string{"alice@acme.test"}},
		{"a name and email prefix", "bo", []string{"bob@acme.test"}},
		{"an email prefix only", "zq", []string{"zq@acme.test"}},
		{"a name prefix only", "qu", []string{"zq@acme.test"}},
		{"a non-ASCII name prefix in capitals", "ÉM", []string{"emilie@acme.test"}},
		{"one character", "a", []string{"admin@acme.test", "alice@acme.test"}},
		{"an infix of Alice that is not a prefix", "li", []string{}},
		{"an infix of alice@acme.test that is not a prefix", "ce", []string{}},
		{"a suffix of two names", "ed", []string{}},
		{"a prefix of an external user of Acme's site", "gu", []string{}},
		{"a prefix of another org's account", "gi", []string{}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s: %q finds %v", tc.name, tc.search, tc.want), func(t *testing.T) {
			require.Equal(t, tc.want, maEmails(t, admin, w.Acme, tc.search, nil))
		})
	}
}

func TestRule2_FiltersNarrowTheList(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	now := testkit.Start
	dan := maCreateAccount(t, env, "dan@acme.test", "Dan Deactivated", false)
	del := maCreateAccount(t, env, "del@acme.test", "Del Deleted", false)
	con := maCreateAccount(t, env, "con@acme.test", "Con Contractor", false)
	old := maCreateAccount(t, env, "old@acme.test", "Old Timer", true)
	sso := maCreateAccount(t, env, "sso@acme.test", "Sue SSO", false)
	require.Empty(t, maMutate(t, admin, "deactivateAccount", dan))
	require.Empty(t, maMutate(t, admin, "deleteAccount", del))
	maAssignPolicy(t, env, con, w.Contractors)
	maAssignPolicy(t, env, sso, w.SSO)
	maJoin(t, env, con, w.AcmeSupport, membership.StatusACTIVE)
	maRecordActivity(t, env, con, w.AcmeSupport, now.Add(-40*24*time.Hour))
	maJoin(t, env, old, w.AcmeEng, membership.StatusACTIVE)
	maRecordActivity(t, env, old, w.AcmeEng, now.Add(-100*24*time.Hour))
	tenDaysAgo := now.Add(-10 * 24 * time.Hour)
	maJoin(t, env, sso, w.AcmeSupport, membership.StatusINVITED)
	maRecordActivity(t, env, sso, w.AcmeSupport, tenDaysAgo)
	globexDefault := func() gid.ID {
		var out struct {
			Organization struct{ AuthenticationPolicies []maPolicy }
		}
		env.Login(testkit.GlobexAdminEmail, testkit.Password).MustQuery(`query($org: ID!) { organization(id: $org) {
			authenticationPolicies { id name billable enforceSSO } } }`, map[string]any{"org": w.Globex}, &out)
		require.Len(t, out.Organization.AuthenticationPolicies, 1)
		return out.Organization.AuthenticationPolicies[0].ID
	}()

	const (
		adm = "admin@acme.test"
		ali = "alice@acme.test"
		bob = "bob@acme.test"
		pat = "pat@acme.test"
		da  = "dan@acme.test"
		de  = "del@acme.test"
		co  = "con@acme.test"
		ol  = "old@acme.test"
		ss  = "sso@acme.test"
	)
	cases := []struct {
		name  string
		where map[string]any
		want  []string
	}{
		{"status ACTIVE", map[string]any{"status": "ACTIVE"}, []string{adm, ali, bob, co, ol, pat, ss}},
		{"status DEACTIVATED", map[string]any{"status": "DEACTIVATED"}, []string{da}},
		{"status PENDING_DELETION", map[string]any{"status": "PENDING_DELETION"}, []string{de}},
		{"status DELETED lists nothing: deleted accounts are gone", map[string]any{"status": "DELETED"}, []string{}},
		{"two-step verification on", map[string]any{"twoStepVerification": true}, []string{bob, ol}},
		{"two-step verification off", map[string]any{"twoStepVerification": false}, []string{adm, ali, co, da, de, pat, ss}},
		{"with site access", map[string]any{"hasSiteAccess": true}, []string{ali, co, ol, ss}},
		{"without site access", map[string]any{"hasSiteAccess": false}, []string{adm, bob, da, de, pat}},
		{"in the Contractors policy", map[string]any{"policyId": w.Contractors}, []string{co}},
		{"in the SSO policy", map[string]any{"policyId": w.SSO}, []string{ss}},
		{"in the Default policy", map[string]any{"policyId": w.Default}, []string{adm, ali, bob, da, de, ol, pat}},
		{"in another org's policy", map[string]any{"policyId": globexDefault}, []string{}},
		{"last active before ten days ago (exclusive)", map[string]any{"lastActiveBefore": tenDaysAgo}, []string{co, ol}},
		{"last active from ten days ago (inclusive)", map[string]any{"lastActiveAfter": tenDaysAgo}, []string{ali, ss}},
		{"last active between 60 and 30 days ago", map[string]any{"lastActiveAfter": now.Add(-60 * 24 * time.Hour),
			"lastActiveBefore": now.Add(-30 * 24 * time.Hour)}, []string{co}},
		{"never active", map[string]any{"neverActive": true}, []string{adm, bob, da, de, pat}},
		{"active at least once", map[string]any{"neverActive": false}, []string{ali, co, ol, ss}},
		{"ACTIVE and without site access", map[string]any{"status": "ACTIVE", "hasSiteAccess": false}, []string{adm, bob, pat}},
		{"never active with two-step verification", map[string]any{"neverActive": true, "twoStepVerification": true}, []string{bob}},
		{"no account matches contradictory filters", map[string]any{"neverActive": true, "lastActiveAfter": tenDaysAgo}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, maEmails(t, admin, w.Acme, "", tc.where))
			require.Equal(t, len(tc.want), maTotalCount(t, admin, w.Acme, map[string]any{"where": tc.where}))
		})
	}

	t.Run("filters keep the order asked for", func(t *testing.T) {
		all := maListAll(t, admin, w.Acme, map[string]any{"where": map[string]any{"neverActive": false},
			"orderBy": map[string]any{"field": "LAST_ACTIVE", "direction": "DESC"}})
		var got []gid.ID
		for _, a := range all {
			got = append(got, a.ID)
		}
		require.Equal(t, []gid.ID{w.Alice, sso, con, old}, got)
	})
}
