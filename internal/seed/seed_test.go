package seed_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
	"orgdir/internal/demo"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/seed"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

func options(env *testkit.Env) seed.Options {
	o := seed.Defaults()
	o.Accounts, o.Orgs, o.OrgAccounts = accounts, 2, 150
	o.AdminPassword, o.Now = testkit.Password, env.Clock.Now()
	return o
}

// count runs a COUNT query written with ? placeholders on either database.
func count(t *testing.T, env *testkit.Env, q string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, env.App.DB.SQL.QueryRow(db.Rebind(env.App.DB.Dialect, q), args...).Scan(&n), q)
	return n
}

// schema lists the indexes, triggers and foreign keys of the database, which the load
// sets aside and must put back as they were.
func schema(t *testing.T, env *testkit.Env) []string {
	t.Helper()
	q := `SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY 1`
	if env.App.DB.Dialect == "postgres" {
		q = `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
			UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' ORDER BY 1`
	}
	rows, err := env.App.DB.SQL.Query(q)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	require.NoError(t, rows.Err())
	return out
}

func TestSeedMakesADirectoryThePagesServeAndCountersMatchARecount(t *testing.T) {
	env := testkit.New(t)
	before := schema(t, env)
	var phases []string
	sum, err := seed.Run(context.Background(), env.App.DB, options(env), func(s seed.Status) {
		if len(phases) == 0 || phases[len(phases)-1] != s.Phase {
			phases = append(phases, s.Phase)
		}
	})
	require.NoError(t, err)
	assert.Contains(t, phases, "accounts")
	assert.Equal(t, before, schema(t, env), "every index, trigger and foreign key is back")
	assert.Greater(t, len(before), 30)
	require.Len(t, sum.Orgs, 3)
	env.RequireProductCountersMatchRecount(t)
	assert.Equal(t, "admin@bigcorp.test", sum.Orgs[0].Admin)

	admin := env.Login("admin@bigcorp.test", testkit.Password)
	var me struct {
		Viewer struct{ Organizations []struct{ ID, Name string } }
	}
	admin.MustQuery(`{ viewer { organizations { id name } } }`, nil, &me)
	require.Len(t, me.Viewer.Organizations, 1)
	org := gid.ID(me.Viewer.Organizations[0].ID)
	assert.Equal(t, "Bigcorp", me.Viewer.Organizations[0].Name)

	// Managed accounts page: exactly --accounts, and stats that equal a recount.
	var page struct {
		Organization struct {
			ManagedAccounts struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Name, Email, Status string }
				}
			}
			ManagedAccountStats directory.ManagedAccountStats
			UserStats           directory.UserStats
			Users               struct {
				TotalCount int
				Edges      []struct{ Node struct{ Status string } }
			}
		}
	}
	admin.MustQuery(`query($org: ID!) { organization(id: $org) {
		managedAccounts(first: 50, orderBy: {field: NAME, direction: ASC}) { totalCount edges { node { name email status } } }
		managedAccountStats { total active deactivated pendingDeletion secureLogin secureLoginPercent billable
			withoutSiteAccess lastActive { last30Days days30To90 over90Days never } }
		userStats { total active invited suspended }
		users(first: 50) { totalCount edges { node { status } } } } }`, map[string]any{"org": org}, &page)
	got := page.Organization
	assert.Equal(t, accounts, got.ManagedAccounts.TotalCount)
	assert.Len(t, got.ManagedAccounts.Edges, 50)
	recount, err := env.App.Directory.Recount(viewer.System(context.Background()), org)
	require.NoError(t, err)
	assert.Equal(t, *recount, got.ManagedAccountStats)
	st := got.ManagedAccountStats
	assert.Equal(t, accounts, st.Total)
	// The mix is drawn, so its shares are near the asked ones, not exact.
	assert.InDelta(t, 0.90*accounts, st.Active, 0.03*accounts)
	assert.Positive(t, st.Deactivated)
	assert.Positive(t, st.PendingDeletion)
	assert.Positive(t, st.LastActive.Never)
	assert.Positive(t, st.LastActive.Last30Days)
	assert.Positive(t, st.LastActive.Over90Days)
	assert.InDelta(t, 0.15*accounts, st.WithoutSiteAccess, 0.04*accounts)

	// Users page: its counters equal a count of the rows, and about a tenth are external.
	assert.Equal(t, count(t, env, `SELECT COUNT(*) FROM org_users WHERE org_id = ?`, org), got.UserStats.Total)
	assert.Equal(t, got.UserStats.Total, got.Users.TotalCount)
	assert.Equal(t, count(t, env, `SELECT COUNT(*) FROM org_users WHERE org_id = ? AND status = 'SUSPENDED'`, org), got.UserStats.Suspended)
	assert.Positive(t, got.UserStats.Invited)
	assert.Len(t, got.Users.Edges, 50)
	external := count(t, env, `SELECT COUNT(*) FROM org_users WHERE org_id = ? AND NOT managed`, org)
	assert.InDelta(t, 0.10, float64(external)/float64(got.UserStats.Total), 0.03)

	// Every site's counters equal its memberships.
	assert.Zero(t, count(t, env, `SELECT COUNT(*) FROM sites s WHERE
		(SELECT COUNT(*) FROM memberships m WHERE m.site_id = s.id AND m.removed_at IS NULL) <>
		(SELECT COALESCE(SUM(c."count"), 0) FROM user_stat_cells c WHERE c.scope_id = s.id)`))
	// The derived rows agree with the memberships, as the data layer keeps them: one
	// Users row per account and organization with the aggregate status (rule 3), site
	// access of managed accounts, the account's last-active time is its latest membership's.
	assert.Zero(t, count(t, env, `SELECT COUNT(*) FROM org_users ou WHERE ou.status <> CASE
		WHEN EXISTS (SELECT 1 FROM memberships m JOIN sites s ON s.id = m.site_id WHERE m.account_id = ou.account_id
			AND s.org_id = ou.org_id AND m.status = 'ACTIVE') THEN 'ACTIVE'
		WHEN EXISTS (SELECT 1 FROM memberships m JOIN sites s ON s.id = m.site_id WHERE m.account_id = ou.account_id
			AND s.org_id = ou.org_id AND m.status = 'INVITED') THEN 'INVITED' ELSE 'SUSPENDED' END`))
	assert.Equal(t, count(t, env, `SELECT COUNT(*) FROM org_users`), count(t, env,
		`SELECT COUNT(*) FROM (SELECT DISTINCT m.account_id, s.org_id FROM memberships m JOIN sites s ON s.id = m.site_id) x`))
	assert.Zero(t, count(t, env, `SELECT COUNT(*) FROM accounts a WHERE a.has_site_access <> EXISTS (
		SELECT 1 FROM memberships m JOIN sites s ON s.id = m.site_id WHERE m.account_id = a.id AND s.org_id = a.managing_org_id)`))
	assert.Zero(t, count(t, env, `SELECT COUNT(*) FROM accounts a WHERE a.last_active_key <>
		COALESCE((SELECT MAX(m.last_active_key) FROM memberships m WHERE m.account_id = a.id), 0)`))
	assert.Zero(t, count(t, env, `SELECT COUNT(*) FROM accounts WHERE email_key <> LOWER(email)`))
	assert.Positive(t, count(t, env, `SELECT COUNT(*) FROM group_members`))

	// Search finds a seeded name through the search index.
	someone := got.ManagedAccounts.Edges[7].Node
	var found struct {
		Organization struct {
			ManagedAccounts struct {
				Edges []struct{ Node struct{ Email string } }
			}
		}
	}
	admin.MustQuery(`query($org: ID!, $q: String) { organization(id: $org) {
		managedAccounts(first: 50, search: $q) { edges { node { email } } } } }`,
		map[string]any{"org": org, "q": strings.ToUpper(someone.Email[:strings.IndexByte(someone.Email, '@')])}, &found)
	var emails []string
	for _, e := range found.Organization.ManagedAccounts.Edges {
		emails = append(emails, e.Node.Email)
	}
	assert.Contains(t, emails, someone.Email)

	// The other organizations' admins see theirs.
	other := env.Login(sum.Orgs[1].Admin, testkit.Password)
	var theirs struct {
		Viewer struct{ Organizations []struct{ Name string } }
	}
	other.MustQuery(`{ viewer { organizations { name } } }`, nil, &theirs)
	require.Len(t, theirs.Viewer.Organizations, 1)
	assert.Equal(t, sum.Orgs[1].Name, theirs.Viewer.Organizations[0].Name)
}

func TestSeedingTheSameOrganizationAgainIsRefusedAndChangesNothing(t *testing.T) {
	env := testkit.New(t)
	o := options(env)
	o.Accounts, o.Orgs = 300, 1
	_, err := seed.Run(context.Background(), env.App.DB, o, nil)
	require.NoError(t, err)
	before := count(t, env, `SELECT COUNT(*) FROM accounts`)
	_, err = seed.Run(context.Background(), env.App.DB, o, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `already holds an organization named "Bigcorp"`)
	assert.Equal(t, before, count(t, env, `SELECT COUNT(*) FROM accounts`))
	assert.Equal(t, 2, count(t, env, `SELECT COUNT(*) FROM organizations`))
}

func TestTheSameSeedGivesTheSameData(t *testing.T) {
	emails := func(s uint64) []string {
		env := testkit.New(t)
		o := options(env)
		o.Accounts, o.Orgs, o.Seed = 200, 0, s
		_, err := seed.Run(context.Background(), env.App.DB, o, nil)
		require.NoError(t, err)
		rows, err := env.App.DB.SQL.Query(`SELECT email || ' ' || status FROM accounts ORDER BY email`)
		require.NoError(t, err)
		defer rows.Close()
		var out []string
		for rows.Next() {
			var e string
			require.NoError(t, rows.Scan(&e))
			out = append(out, e)
		}
		return out
	}
	first := emails(42)
	assert.Greater(t, len(first), 200, "the 200 managed accounts and the external users")
	assert.Equal(t, first, emails(42))
	assert.NotEqual(t, first, emails(43))
}

func TestAnInterruptedSeedLeavesNothingBehind(t *testing.T) {
	env := testkit.New(t)
	before := schema(t, env)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := options(env)
	o.Accounts = 4500
	batches := 0
	_, err := seed.Run(ctx, env.App.DB, o, func(s seed.Status) {
		if s.Phase == "accounts" {
			// Interrupted after some accounts were written, as Ctrl-C would.
			if batches++; batches == 1 {
				cancel()
			}
		}
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, batches)
	assert.Zero(t, count(t, env, `SELECT COUNT(*) FROM organizations`))
	assert.Zero(t, count(t, env, `SELECT COUNT(*) FROM accounts`))
	assert.Zero(t, count(t, env, `SELECT COUNT(*) FROM memberships`))
	assert.Equal(t, before, schema(t, env), "the indexes set aside are there again")

	o.Accounts = 500
	_, err = seed.Run(context.Background(), env.App.DB, o, nil)
	require.NoError(t, err, "a later run starts from a clean database")
}

func TestADatabaseWithTheDemoCanBeSeeded(t *testing.T) {
	env := testkit.New(t)
	require.NoError(t, demo.Load(context.Background(), env.App.Directory, testkit.Password))
	o := options(env)
	o.Accounts, o.Orgs = 300, 1
	_, err := seed.Run(context.Background(), env.App.DB, o, nil)
	require.NoError(t, err)
	stats, err := env.App.Directory.Recount(viewer.System(context.Background()), gid.ID(orgID(t, env, "Bigcorp")))
	require.NoError(t, err)
	assert.Equal(t, 300, stats.Total)
	assert.Equal(t, 2+2, count(t, env, `SELECT COUNT(*) FROM organizations`), "Acme and Globex, Bigcorp and Initech")
}

func orgID(t *testing.T, env *testkit.Env, name string) string {
	t.Helper()
	var id string
	require.NoError(t, env.App.DB.SQL.QueryRow(db.Rebind(env.App.DB.Dialect, `SELECT id FROM organizations WHERE name = ?`), name).Scan(&id))
	return id
}

// TestPendingDeletionsFallDueAcrossTheGracePeriod: each seeded pending deletion is due
// between an hour and 14 days from the seed, at its own time; a seed that put them on
// whole days made a fourteenth of them due at once, for the finalizer to meet in one pass.
func TestPendingDeletionsFallDueAcrossTheGracePeriod(t *testing.T) {
	env := testkit.New(t)
	o := options(env)
	o.Accounts, o.Orgs = 200, 0
	o.StatusMix = seed.StatusMix{Active: 0.5, PendingDeletion: 0.5}
	_, err := seed.Run(context.Background(), env.App.DB, o, nil)
	require.NoError(t, err)
	rows, err := env.App.DB.SQL.Query(`SELECT deletion_scheduled_for FROM accounts WHERE status = 'PENDING_DELETION'`)
	require.NoError(t, err)
	defer rows.Close()
	due := map[time.Time]bool{}
	n := 0
	for rows.Next() {
		var at time.Time
		require.NoError(t, rows.Scan(&at))
		assert.True(t, at.After(o.Now.Add(time.Hour-time.Second)) && at.Before(o.Now.Add(14*24*time.Hour)), "%s", at)
		due[at.UTC()] = true
		n++
	}
	require.NoError(t, rows.Err())
	require.Greater(t, n, 50)
	assert.Greater(t, len(due), n*9/10, "%d pending deletions fall due at %d times", n, len(due))
}
