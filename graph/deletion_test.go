package graph_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// accessView is a ProductAccess as the tests compare it.
type accessView struct {
	Site    struct{ Name string }
	Product string
	Role    string
}

type membershipView struct {
	ID                     gid.ID
	Status                 string
	Site                   struct{ Name string }
	ProductAccess          []accessView
	EffectiveProductAccess []accessView
}

type accountAccessView struct {
	ID                  gid.ID
	Status              string
	Billable            bool
	DeactivatedAt       *time.Time
	DeactivationMessage *string
	Memberships         []membershipView
}

const accountAccessQuery = `query($id: ID!) { node(id: $id) { ... on Account {
  id status billable deactivatedAt deactivationMessage
  memberships { id status site { name }
    productAccess { site { name } product role }
    effectiveProductAccess { site { name } product role } } } } }`

func accountAccess(t *testing.T, c *testkit.Client, id gid.ID) accountAccessView {
	t.Helper()
	var out struct{ Node accountAccessView }
	c.MustQuery(accountAccessQuery, map[string]any{"id": id}, &out)
	return out.Node
}

func access(site, product, role string) accessView {
	a := accessView{Product: product, Role: role}
	a.Site.Name = site
	return a
}

type statsView struct {
	Total, Active, Deactivated, PendingDeletion, SecureLogin, Billable, WithoutSiteAccess int
	SecureLoginPercent                                                                    float64
	LastActive                                                                            struct{ Last30Days, Days30To90, Over90Days, Never int }
}

const statsQuery = `query($org: ID!) { organization(id: $org) { managedAccountStats {
  total active deactivated pendingDeletion secureLogin secureLoginPercent billable withoutSiteAccess
  lastActive { last30Days days30To90 over90Days never } } } }`

func orgStats(t *testing.T, c *testkit.Client, org gid.ID) statsView {
	t.Helper()
	var out struct {
		Organization struct{ ManagedAccountStats statsView }
	}
	c.MustQuery(statsQuery, map[string]any{"org": org}, &out)
	return out.Organization.ManagedAccountStats
}

// recountStats is what the stats must be, computed from the accounts themselves.
func recountStats(t *testing.T, env *testkit.Env, org gid.ID) statsView {
	t.Helper()
	st, err := env.App.Directory.Recount(context.Background(), org)
	require.NoError(t, err)
	v := statsView{Total: st.Total, Active: st.Active, Deactivated: st.Deactivated, PendingDeletion: st.PendingDeletion,
		SecureLogin: st.SecureLogin, Billable: st.Billable, WithoutSiteAccess: st.WithoutSiteAccess,
		SecureLoginPercent: st.SecureLoginPercent}
	v.LastActive.Last30Days, v.LastActive.Days30To90 = st.LastActive.Last30Days, st.LastActive.Days30To90
	v.LastActive.Over90Days, v.LastActive.Never = st.LastActive.Over90Days, st.LastActive.Never
	return v
}

// managedEmails lists every account on org's Managed accounts page (all pages).
func managedEmails(t *testing.T, c *testkit.Client, org gid.ID) []string {
	t.Helper()
	var emails []string
	var after any
	for {
		var out struct {
			Organization struct {
				ManagedAccounts struct {
					TotalCount int
					PageInfo   struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct{ Node struct{ Email string } }
				}
			}
		}
		c.MustQuery(`query($org: ID!, $after: Cursor) { organization(id: $org) {
		  managedAccounts(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { email } } } } }`,
			map[string]any{"org": org, "after": after}, &out)
		for _, e := range out.Organization.ManagedAccounts.Edges {
			emails = append(emails, e.Node.Email)
		}
		if !out.Organization.ManagedAccounts.PageInfo.HasNextPage {
			require.Len(t, emails, out.Organization.ManagedAccounts.TotalCount)
			return emails
		}
		after = out.Organization.ManagedAccounts.PageInfo.EndCursor
	}
}

// createManagedAccounts creates n ACTIVE accounts on acme.test (so Acme manages them),
// through the same rules the API uses.
func createManagedAccounts(t *testing.T, env *testkit.Env, prefix string, n int) []gid.ID {
	t.Helper()
	ctx := viewer.System(context.Background())
	ids := make([]gid.ID, n)
	err := directory.WithTx(ctx, env.App.DB.Client, func(tx *ent.Tx) error {
		for i := range ids {
			a, err := directory.CreateAccount(ctx, tx, env.Clock.Now(), directory.NewAccount{
				Email: fmt.Sprintf("%s%02d@acme.test", prefix, i), Name: fmt.Sprintf("%s Person %02d", prefix, i)})
			if err != nil {
				return err
			}
			ids[i] = a.ID
		}
		return nil
	})
	require.NoError(t, err)
	return ids
}

// sqlCount runs a COUNT query on the test's database.
func sqlCount(t *testing.T, env *testkit.Env, query string, args ...any) int {
	t.Helper()
	return env.Count(query, args...)
}

// rowsContaining lists "table.column" for every cell of every table of the database
// whose text contains one of needles (case-insensitively), with the row's first column.
func rowsContaining(t *testing.T, env *testkit.Env, needles ...string) []string {
	t.Helper()
	tables := env.Tables()
	require.Contains(t, tables, "accounts")
	require.Contains(t, tables, "audit_events")

	var found []string
	for _, table := range tables {
		rows, err := env.Query(`SELECT * FROM "` + table + `"`)
		require.NoError(t, err, table)
		cols, err := rows.Columns()
		require.NoError(t, err)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			for i, v := range vals {
				var s string
				switch v := v.(type) {
				case string:
					s = v
				case []byte:
					s = string(v)
				default:
					continue
				}
				for _, n := range needles {
					if strings.Contains(strings.ToLower(s), strings.ToLower(n)) {
						found = append(found, fmt.Sprintf("%s.%s (row %v) contains %q", table, cols[i], vals[0], n))
					}
				}
			}
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
	}
	return found
}

func TestRule10_DeactivateCutsAccessEverywhere(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)

	acmeAccess := []accessView{access("acme-eng", "JIRA", "USER")}
	globexAccess := []accessView{access("globex", "JIRA", "USER")}

	// requireAccess checks Alice's one membership as each admin sees it.
	requireAccess := func(t *testing.T, c *testkit.Client, site string, granted, effective []accessView) accountAccessView {
		t.Helper()
		a := accountAccess(t, c, w.Alice)
		require.Len(t, a.Memberships, 1)
		m := a.Memberships[0]
		require.Equal(t, site, m.Site.Name)
		require.Equal(t, "ACTIVE", m.Status, "the membership is kept as it was")
		require.Equal(t, granted, m.ProductAccess)
		require.Equal(t, effective, m.EffectiveProductAccess)
		return a
	}
	before := orgStats(t, acme, w.Acme)

	t.Run("before: Alice's Jira access is in effect on Acme's site and on Globex's site", func(t *testing.T) {
		a := requireAccess(t, acme, "acme-eng", acmeAccess, acmeAccess)
		require.Equal(t, "ACTIVE", a.Status)
		require.True(t, a.Billable)
		requireAccess(t, globex, "globex", globexAccess, globexAccess)
	})

	t.Run("deactivate shows DEACTIVATED with the date and the message, and is not billable", func(t *testing.T) {
		env.Clock.Advance(time.Hour)
		var out struct{ DeactivateAccount accountAccessView }
		acme.MustQuery(`mutation($id: ID!, $msg: String) { deactivateAccount(accountId: $id, message: $msg) {
		  id status billable deactivatedAt deactivationMessage
		  memberships { id status site { name }
		    productAccess { site { name } product role }
		    effectiveProductAccess { site { name } product role } } } }`,
			map[string]any{"id": w.Alice, "msg": "Left the company on March 2nd"}, &out)
		got := out.DeactivateAccount
		require.Equal(t, "DEACTIVATED", got.Status)
		require.Len(t, got.Memberships, 1, "the answer to the mutation shows the membership")
		require.Equal(t, acmeAccess, got.Memberships[0].ProductAccess)
		require.Equal(t, []accessView{}, got.Memberships[0].EffectiveProductAccess)
		require.False(t, got.Billable)
		require.NotNil(t, got.DeactivatedAt)
		require.True(t, got.DeactivatedAt.Equal(testkit.Start.Add(time.Hour)), "deactivated at %s", got.DeactivatedAt)
		require.NotNil(t, got.DeactivationMessage)
		require.Equal(t, "Left the company on March 2nd", *got.DeactivationMessage)
	})

	t.Run("Acme's admin sees the grants kept but no access in effect on its site", func(t *testing.T) {
		a := requireAccess(t, acme, "acme-eng", acmeAccess, []accessView{})
		require.Equal(t, "DEACTIVATED", a.Status)
		require.False(t, a.Billable)
		require.NotNil(t, a.DeactivatedAt)
		require.Equal(t, "Left the company on March 2nd", *a.DeactivationMessage)
	})

	t.Run("Globex's admin sees the grants kept but no access in effect on its site", func(t *testing.T) {
		a := requireAccess(t, globex, "globex", globexAccess, []accessView{})
		require.Equal(t, "DEACTIVATED", a.Status)
	})

	t.Run("the Managed accounts stats count Alice as deactivated and not billable", func(t *testing.T) {
		st := orgStats(t, acme, w.Acme)
		require.Equal(t, before.Total, st.Total)
		require.Equal(t, before.Active-1, st.Active)
		require.Equal(t, before.Deactivated+1, st.Deactivated)
		require.Equal(t, before.Billable-1, st.Billable)
		require.Equal(t, recountStats(t, env, w.Acme), st)
	})

	t.Run("deactivating without a message stores none", func(t *testing.T) {
		var out struct{ DeactivateAccount accountAccessView }
		acme.MustQuery(`mutation($id: ID!) { deactivateAccount(accountId: $id) { id status deactivationMessage } }`,
			map[string]any{"id": w.Bob}, &out)
		require.Equal(t, "DEACTIVATED", out.DeactivateAccount.Status)
		require.Nil(t, out.DeactivateAccount.DeactivationMessage)
	})

	t.Run("reactivate restores access everywhere and clears the deactivation", func(t *testing.T) {
		var out struct{ ReactivateAccount accountAccessView }
		acme.MustQuery(`mutation($id: ID!) { reactivateAccount(accountId: $id) {
		  id status billable deactivatedAt deactivationMessage
		  memberships { id status site { name }
		    productAccess { site { name } product role }
		    effectiveProductAccess { site { name } product role } } } }`,
			map[string]any{"id": w.Alice}, &out)
		got := out.ReactivateAccount
		require.Equal(t, "ACTIVE", got.Status)
		require.True(t, got.Billable)
		require.Nil(t, got.DeactivatedAt)
		require.Len(t, got.Memberships, 1)
		require.Equal(t, acmeAccess, got.Memberships[0].EffectiveProductAccess)

		a := requireAccess(t, acme, "acme-eng", acmeAccess, acmeAccess)
		require.Nil(t, a.DeactivationMessage)
		requireAccess(t, globex, "globex", globexAccess, globexAccess)

		st := orgStats(t, acme, w.Acme)
		require.Equal(t, before.Active-1, st.Active, "only Bob is still deactivated")
		require.Equal(t, before.Billable-1, st.Billable)
		require.Equal(t, recountStats(t, env, w.Acme), st)
	})
}

func TestRule11_DeletionFinalizesAfterGracePeriod(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	ctx := context.Background()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)

	// Give Alice some history first, so that the audit log holds her personal data.
	const oldEmail, newEmail, oldName = "alice@acme.test", "alice.anders@acme.test", "Alice Anders"
	acme.MustQuery(`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {nickname: "Ali", jobTitle: "Engineer"}) { id } }`,
		map[string]any{"id": w.Alice}, nil)
	acme.MustQuery(`mutation($id: ID!) { changeAccountEmail(accountId: $id, email: "alice.anders@acme.test") { id } }`,
		map[string]any{"id": w.Alice}, nil)
	acme.MustQuery(`mutation($id: ID!) { deactivateAccount(accountId: $id, message: "Alice Anders left") { id } }`,
		map[string]any{"id": w.Alice}, nil)

	aliceAcme := accountAccess(t, acme, w.Alice)
	require.Len(t, aliceAcme.Memberships, 1)
	aliceGlobex := accountAccess(t, globex, w.Alice)
	require.Len(t, aliceGlobex.Memberships, 1)
	acmeMembership, globexMembership := aliceAcme.Memberships[0].ID, aliceGlobex.Memberships[0].ID
	require.NotEmpty(t, rowsContaining(t, env, oldEmail, newEmail, oldName),
		"before deletion the database holds Alice's personal data (the test would prove nothing otherwise)")
	require.NotZero(t, sqlCount(t, env, `SELECT COUNT(*) FROM audit_events WHERE target_label LIKE '%alice%' OR CAST(details AS TEXT) LIKE '%alice%'`))

	statsBefore := orgStats(t, acme, w.Acme)
	emailsBefore := managedEmails(t, acme, w.Acme)
	require.Contains(t, emailsBefore, newEmail)

	t.Run("delete puts the account in PENDING_DELETION for 14 days", func(t *testing.T) {
		got, r := mutateAccount(t, acme, "deleteAccount", w.Alice)
		require.Empty(t, r.Errors)
		require.Equal(t, "PENDING_DELETION", got.Status)
		require.True(t, got.DeletionScheduledFor.Equal(testkit.Start.Add(14*24*time.Hour)), "scheduled for %s", got.DeletionScheduledFor)
		st := orgStats(t, acme, w.Acme)
		require.Equal(t, statsBefore.Total, st.Total)
		require.Equal(t, statsBefore.Deactivated-1, st.Deactivated)
		require.Equal(t, statsBefore.PendingDeletion+1, st.PendingDeletion)
	})

	t.Run("before the 14 days are over the job does nothing", func(t *testing.T) {
		env.Clock.Advance(14*24*time.Hour - time.Minute)
		env.App.Jobs.RunOnce(ctx)
		acme = env.Login(testkit.AcmeAdminEmail, testkit.Password)
		globex = env.Login(testkit.GlobexAdminEmail, testkit.Password)
		a := accountAccess(t, acme, w.Alice)
		require.Equal(t, "PENDING_DELETION", a.Status)
		require.Len(t, a.Memberships, 1)
		require.Len(t, accountAccess(t, globex, w.Alice).Memberships, 1)
		require.Equal(t, emailsBefore, managedEmails(t, acme, w.Acme))
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM audit_events WHERE action = 'account.deleted'`))
	})

	t.Run("after 14 days and a minute the job deletes the account for good", func(t *testing.T) {
		env.Clock.Advance(2 * time.Minute)
		env.App.Jobs.RunOnce(ctx)
		var status, email, name string
		require.NoError(t, env.QueryRow(`SELECT status, email, name FROM accounts WHERE id = ?`, w.Alice).
			Scan(&status, &email, &name))
		require.Equal(t, "DELETED", status)
		require.NotContains(t, strings.ToLower(email), "alice")
		require.NotContains(t, strings.ToLower(name), "alice")
	})

	t.Run("the account is NOT_FOUND for Acme and for Globex, like an id that never existed", func(t *testing.T) {
		random := acme.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid.New("acc")})
		require.Equal(t, "NOT_FOUND", random.Code())
		for name, c := range map[string]*testkit.Client{"Acme": acme, "Globex": globex} {
			r := c.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": w.Alice})
			require.Equal(t, "NOT_FOUND", r.Code(), name)
			require.Equal(t, random.Message(), r.Message(), name)
			r = c.Query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []gid.ID{w.Alice}})
			require.Equal(t, "NOT_FOUND", r.Code(), name)
		}
		_, r := mutateAccount(t, acme, "cancelAccountDeletion", w.Alice)
		require.Equal(t, "NOT_FOUND", r.Code())
	})

	t.Run("its memberships are gone from both organizations' sites", func(t *testing.T) {
		for name, tc := range map[string]struct {
			c  *testkit.Client
			id gid.ID
		}{"Acme": {acme, acmeMembership}, "Globex": {globex, globexMembership}} {
			r := tc.c.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": tc.id})
			require.Equal(t, "NOT_FOUND", r.Code(), name)
		}
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM memberships WHERE account_id = ? AND removed_at IS NULL`, w.Alice))
		require.Equal(t, 2, sqlCount(t, env, `SELECT COUNT(*) FROM memberships WHERE account_id = ?`, w.Alice),
			"removed memberships are kept for the sites' history")
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM group_members gm JOIN memberships m ON m.id = gm.membership_id
		  WHERE m.account_id = ?`, w.Alice))
		// Gina, another user of Globex's site, is untouched.
		var out struct{ Node accountAccessView }
		globex.MustQuery(accountAccessQuery, map[string]any{"id": w.Gina}, &out)
		require.Len(t, out.Node.Memberships, 1)
	})

	t.Run("it is gone from Managed accounts and from the stats", func(t *testing.T) {
		emails := managedEmails(t, acme, w.Acme)
		require.Len(t, emails, len(emailsBefore)-1)
		require.NotContains(t, emails, newEmail)
		for _, e := range emails {
			require.NotContains(t, e, "deleted")
		}
		var out struct {
			Organization struct{ ManagedAccounts struct{ TotalCount int } }
		}
		acme.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(search: "alice") { totalCount } } }`,
			map[string]any{"org": w.Acme}, &out)
		require.Zero(t, out.Organization.ManagedAccounts.TotalCount)
		acme.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(search: "deleted") { totalCount } } }`,
			map[string]any{"org": w.Acme}, &out)
		require.Zero(t, out.Organization.ManagedAccounts.TotalCount)

		st := orgStats(t, acme, w.Acme)
		require.Equal(t, statsBefore.Total-1, st.Total)
		require.Equal(t, statsBefore.Deactivated-1, st.Deactivated)
		require.Zero(t, st.PendingDeletion)
		require.Equal(t, recountStats(t, env, w.Acme), st)
	})

	t.Run("its devices, API tokens and sessions are gone", func(t *testing.T) {
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM devices WHERE account_id = ?`, w.Alice))
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM api_tokens WHERE account_id = ?`, w.Alice))
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM sessions WHERE account_id = ?`, w.Alice))
		require.Equal(t, 1, sqlCount(t, env, `SELECT COUNT(*) FROM devices WHERE account_id = ?`, w.Gus), "Gus keeps his device")
	})

	t.Run("personal data is erased everywhere in the database, audit events included", func(t *testing.T) {
		require.Empty(t, rowsContaining(t, env, oldEmail, newEmail, oldName, "Alice Anders left", "Ali\""))
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM audit_events WHERE
		  lower(target_label) LIKE '%alice%' OR lower(actor_label) LIKE '%alice%' OR lower(COALESCE(CAST(details AS TEXT), '')) LIKE '%alice%'`))
	})

	t.Run("one account.deleted event is written, by the system, in Acme's log", func(t *testing.T) {
		var out struct {
			Organization struct {
				AuditEvents struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							ActorType, ActorLabel, Action, TargetType, TargetLabel string
							TargetID                                               *string
						}
					}
				}
			}
		}
		acme.MustQuery(`query($org: ID!) { organization(id: $org) { auditEvents(where: {action: "account.deleted"}) {
		  totalCount edges { node { actorType actorLabel action targetType targetID targetLabel } } } } }`,
			map[string]any{"org": w.Acme}, &out)
		require.Equal(t, 1, out.Organization.AuditEvents.TotalCount)
		ev := out.Organization.AuditEvents.Edges[0].Node
		require.Equal(t, "SYSTEM", ev.ActorType)
		require.Equal(t, "Account", ev.TargetType)
		require.Equal(t, string(w.Alice), *ev.TargetID)
		require.Equal(t, directory.DeletedName, ev.TargetLabel)
	})

	t.Run("running the job again changes nothing", func(t *testing.T) {
		n := sqlCount(t, env, `SELECT COUNT(*) FROM audit_events`)
		env.Clock.Advance(time.Hour)
		env.App.Jobs.RunOnce(ctx)
		require.Equal(t, n, sqlCount(t, env, `SELECT COUNT(*) FROM audit_events`))
		require.Equal(t, recountStats(t, env, w.Acme), orgStats(t, env.Login(testkit.AcmeAdminEmail, testkit.Password), w.Acme))
	})
}

func TestRule11_TwoJobRunnersFinalizeEachAccountOnce(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	other := env.Open() // a second server process on the same database file
	ctx := context.Background()

	// scheduleDeletions creates n managed accounts and deletes them through the API.
	scheduleDeletions := func(t *testing.T, prefix string, n int) []gid.ID {
		t.Helper()
		ids := createManagedAccounts(t, env, prefix, n)
		admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
		for _, id := range ids {
			got, r := mutateAccount(t, admin, "deleteAccount", id)
			require.Empty(t, r.Errors)
			require.Equal(t, "PENDING_DELETION", got.Status)
		}
		return ids
	}
	requireDeletedOnce := func(t *testing.T, ids []gid.ID) {
		t.Helper()
		for _, id := range ids {
			var status string
			require.NoError(t, env.QueryRow(`SELECT status FROM accounts WHERE id = ?`, id).Scan(&status))
			require.Equal(t, "DELETED", status, id)
			require.Equal(t, 1, sqlCount(t, env, `SELECT COUNT(*) FROM audit_events WHERE action = 'account.deleted' AND target_id = ?`, id),
				"exactly one account.deleted event for %s", id)
		}
		admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
		st := orgStats(t, admin, w.Acme)
		require.Zero(t, st.PendingDeletion)
		require.Equal(t, recountStats(t, env, w.Acme), st)
		otherAdmin := other.Login(testkit.AcmeAdminEmail, testkit.Password)
		require.Equal(t, st, orgStats(t, otherAdmin, w.Acme), "both processes read the same counters")
	}

	t.Run("the job runners of two processes racing several times finalize each account once", func(t *testing.T) {
		ids := scheduleDeletions(t, "race", 20)
		before := orgStats(t, env.Login(testkit.AcmeAdminEmail, testkit.Password), w.Acme)
		require.Equal(t, 20, before.PendingDeletion)
		env.Clock.Advance(14*24*time.Hour + time.Minute)

		var wg sync.WaitGroup
		for range 4 {
			for _, e := range []*testkit.Env{env, other} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					e.App.Jobs.RunOnce(ctx)
				}()
			}
		}
		wg.Wait()
		requireDeletedOnce(t, ids)
		require.Equal(t, 20, sqlCount(t, env, `SELECT COUNT(*) FROM audit_events WHERE action = 'account.deleted'`))
		st := orgStats(t, env.Login(testkit.AcmeAdminEmail, testkit.Password), w.Acme)
		require.Equal(t, before.Total-20, st.Total)
	})

	t.Run("racing finalizers report 20 accounts between them and never fail", func(t *testing.T) {
		ids := scheduleDeletions(t, "again", 20)
		env.Clock.Advance(14*24*time.Hour + time.Minute)

		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		var errs []error
		for range 4 {
			for _, e := range []*testkit.Env{env, other} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := e.App.Directory.FinalizeDeletions(ctx, e.App.Jobs.LockRows)
					mu.Lock()
					defer mu.Unlock()
					total += n
					if err != nil {
						errs = append(errs, err)
					}
				}()
			}
		}
		wg.Wait()
		require.Empty(t, errs)
		require.Equal(t, 20, total, "each account is finalized by exactly one runner")
		requireDeletedOnce(t, ids)
		require.Equal(t, 40, sqlCount(t, env, `SELECT COUNT(*) FROM audit_events WHERE action = 'account.deleted'`))
	})
}
