package graph_test

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/adminrole"
	"orgdir/ent/membership"
	"orgdir/ent/organization"
	"orgdir/internal/app"
	"orgdir/internal/auth"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

const maStatsQuery = `query($org: ID!) { organization(id: $org) { managedAccountStats {
  total active deactivated pendingDeletion secureLogin secureLoginPercent billable withoutSiteAccess
  lastActive { last30Days days30To90 over90Days never } } } }`

// maStats reads the Managed accounts page's stats through the API.
func maStats(t testing.TB, c *testkit.Client, org gid.ID) directory.ManagedAccountStats {
	t.Helper()
	var out struct {
		Organization *struct{ ManagedAccountStats directory.ManagedAccountStats }
	}
	c.MustQuery(maStatsQuery, map[string]any{"org": org}, &out)
	require.NotNil(t, out.Organization)
	return out.Organization.ManagedAccountStats
}

type maBuckets = directory.LastActiveBuckets

const day = 24 * time.Hour

func TestRule14_StatsCountEveryFieldByHand(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	var carol, dave, erin gid.ID

	steps := []struct {
		name string
		do   func(t *testing.T)
		want directory.ManagedAccountStats
	}{
		{
			// admin, Alice (on acme-eng, active an hour ago), Bob (2SV, no site), Pat (no site); all in Default.
			"the fixture's four managed accounts are counted in every field", func(*testing.T) {},
			directory.ManagedAccountStats{Total: 4, Active: 4, SecureLogin: 1, SecureLoginPercent: 25, Billable: 4,
				WithoutSiteAccess: 3, LastActive: maBuckets{Last30Days: 1, Never: 3}},
		},
		{
			"deactivating Bob moves him from active to deactivated and out of billable, his login stays secure", func(t *testing.T) {
				require.Empty(t, maMutate(t, admin, "deactivateAccount", w.Bob))
			},
			directory.ManagedAccountStats{Total: 4, Active: 3, Deactivated: 1, SecureLogin: 1, SecureLoginPercent: 25, Billable: 3,
				WithoutSiteAccess: 3, LastActive: maBuckets{Last30Days: 1, Never: 3}},
		},
		{
			"deleting Pat moves him to pending deletion, still in the total", func(t *testing.T) {
				require.Empty(t, maMutate(t, admin, "deleteAccount", w.Pat))
			},
			directory.ManagedAccountStats{Total: 4, Active: 2, Deactivated: 1, PendingDeletion: 1, SecureLogin: 1, SecureLoginPercent: 25,
				Billable: 2, WithoutSiteAccess: 3, LastActive: maBuckets{Last30Days: 1, Never: 3}},
		},
		{
			"two new accounts, one with two-step verification, make secure login 2 of 6 = 33.3%", func(t *testing.T) {
				carol = maCreateAccount(t, env, "carol@acme.test", "Carol", false)
				dave = maCreateAccount(t, env, "dave@acme.test", "Dave", true)
			},
			directory.ManagedAccountStats{Total: 6, Active: 4, Deactivated: 1, PendingDeletion: 1, SecureLogin: 2, SecureLoginPercent: 33.3,
				Billable: 4, WithoutSiteAccess: 5, LastActive: maBuckets{Last30Days: 1, Never: 5}},
		},
		{
			"one more makes it 2 of 7 = 28.6% (rounded to one decimal)", func(t *testing.T) {
				erin = maCreateAccount(t, env, "erin@acme.test", "Erin", false)
			},
			directory.ManagedAccountStats{Total: 7, Active: 5, Deactivated: 1, PendingDeletion: 1, SecureLogin: 2, SecureLoginPercent: 28.6,
				Billable: 5, WithoutSiteAccess: 6, LastActive: maBuckets{Last30Days: 1, Never: 6}},
		},
		{
			"Alice in the non-billable Contractors policy is not billable; the admin in the SSO policy logs in securely", func(t *testing.T) {
				maAssignPolicy(t, env, w.Alice, w.Contractors)
				maAssignPolicy(t, env, w.AcmeAdmin, w.SSO)
			},
			directory.ManagedAccountStats{Total: 7, Active: 5, Deactivated: 1, PendingDeletion: 1, SecureLogin: 3, SecureLoginPercent: 42.9,
				Billable: 4, WithoutSiteAccess: 6, LastActive: maBuckets{Last30Days: 1, Never: 6}},
		},
		{
			"13 days later the deletion job leaves Pat pending", func(t *testing.T) {
				env.Clock.Advance(13 * day)
				env.App.Jobs.RunOnce(context.Background())
				admin = env.Login(testkit.AcmeAdminEmail, testkit.Password) // the session ended while idle
			},
			directory.ManagedAccountStats{Total: 7, Active: 5, Deactivated: 1, PendingDeletion: 1, SecureLogin: 3, SecureLoginPercent: 42.9,
				Billable: 4, WithoutSiteAccess: 6, LastActive: maBuckets{Last30Days: 1, Never: 6}},
		},
		{
			"14 days after the deletion the job deletes Pat and he leaves every count", func(t *testing.T) {
				env.Clock.Advance(day)
				env.App.Jobs.RunOnce(context.Background())
				admin = env.Login(testkit.AcmeAdminEmail, testkit.Password)
			},
			directory.ManagedAccountStats{Total: 6, Active: 5, Deactivated: 1, SecureLogin: 3, SecureLoginPercent: 50,
				Billable: 4, WithoutSiteAccess: 5, LastActive: maBuckets{Last30Days: 1, Never: 5}},
		},
		{
			"reactivating Bob makes him active and billable again", func(t *testing.T) {
				require.Empty(t, maMutate(t, admin, "reactivateAccount", w.Bob))
			},
			directory.ManagedAccountStats{Total: 6, Active: 6, SecureLogin: 3, SecureLoginPercent: 50,
				Billable: 5, WithoutSiteAccess: 5, LastActive: maBuckets{Last30Days: 1, Never: 5}},
		},
		{
			"Carol on a site of Acme has site access; on Globex's site only she would not", func(t *testing.T) {
				maJoin(t, env, carol, w.AcmeSupport, membership.StatusINVITED)
				maJoin(t, env, dave, w.GlobexSite, membership.StatusACTIVE)
			},
			directory.ManagedAccountStats{Total: 6, Active: 6, SecureLogin: 3, SecureLoginPercent: 50,
				Billable: 5, WithoutSiteAccess: 4, LastActive: maBuckets{Last30Days: 1, Never: 5}},
		},
		{
			"Dave's activity on Globex's site counts as his last activity", func(t *testing.T) {
				maRecordActivity(t, env, dave, w.GlobexSite, env.Clock.Now().Add(-40*day))
			},
			directory.ManagedAccountStats{Total: 6, Active: 6, SecureLogin: 3, SecureLoginPercent: 50,
				Billable: 5, WithoutSiteAccess: 4, LastActive: maBuckets{Last30Days: 1, Days30To90: 1, Never: 4}},
		},
		{
			"Erin deactivated and then deleted counts as pending deletion only", func(t *testing.T) {
				require.Empty(t, maMutate(t, admin, "deactivateAccount", erin))
				require.Empty(t, maMutate(t, admin, "deleteAccount", erin))
			},
			directory.ManagedAccountStats{Total: 6, Active: 5, PendingDeletion: 1, SecureLogin: 3, SecureLoginPercent: 50,
				Billable: 4, WithoutSiteAccess: 4, LastActive: maBuckets{Last30Days: 1, Days30To90: 1, Never: 4}},
		},
		{
			"cancelling Erin's deletion makes her active and billable", func(t *testing.T) {
				require.Empty(t, maMutate(t, admin, "cancelAccountDeletion", erin))
			},
			directory.ManagedAccountStats{Total: 6, Active: 6, SecureLogin: 3, SecureLoginPercent: 50,
				Billable: 5, WithoutSiteAccess: 4, LastActive: maBuckets{Last30Days: 1, Days30To90: 1, Never: 4}},
		},
		{
			"refused changes change nothing", func(t *testing.T) {
				require.Equal(t, "INVALID_STATE", maMutate(t, admin, "reactivateAccount", erin))
				require.Equal(t, "INVALID_STATE", maMutate(t, admin, "cancelAccountDeletion", erin))
				require.Equal(t, "NOT_MANAGED", maMutate(t, admin, "deactivateAccount", w.Gus))
				require.Equal(t, "NOT_FOUND", maMutate(t, admin, "deactivateAccount", w.Gina))
			},
			directory.ManagedAccountStats{Total: 6, Active: 6, SecureLogin: 3, SecureLoginPercent: 50,
				Billable: 5, WithoutSiteAccess: 4, LastActive: maBuckets{Last30Days: 1, Days30To90: 1, Never: 4}},
		},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.do(t)
			require.Equal(t, s.want, maStats(t, admin, w.Acme))
			recount, err := env.App.Directory.Recount(viewer.System(context.Background()), w.Acme)
			require.NoError(t, err)
			require.Equal(t, s.want, *recount, "Recount agrees")
		})
	}

	t.Run("Globex's stats are its own: Acme's changes never moved them", func(t *testing.T) {
		globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
		// admin, site admin, Gina (on globex) and Gus (on acme-eng only): all in Default, never or recently active.
		require.Equal(t, directory.ManagedAccountStats{Total: 4, Active: 4, Billable: 4, WithoutSiteAccess: 3,
			LastActive: maBuckets{Last30Days: 2, Never: 2}}, maStats(t, globex, w.Globex))
	})

	t.Run("another org's stats are NOT_FOUND for Acme's admin", func(t *testing.T) {
		r := admin.Query(maStatsQuery, map[string]any{"org": w.Globex})
		require.Equal(t, "NOT_FOUND", r.Code())
	})

	t.Run("an organization that manages nobody has zero everywhere and 0% secure login", func(t *testing.T) {
		hash, err := auth.HashPassword(testkit.Password)
		require.NoError(t, err)
		var org gid.ID
		require.NoError(t, maTx(env, func(ctx context.Context, tx *ent.Tx) error {
			o, err := tx.Organization.Create().SetName("Initech").SetUserManagement(organization.UserManagementCENTRALIZED).Save(ctx)
			if err != nil {
				return err
			}
			org = o.ID
			a, err := directory.CreateAccount(ctx, tx, env.Clock.Now(), directory.NewAccount{Email: "admin@initech.test",
				Name: "Initech Admin", PasswordHash: hash})
			if err != nil {
				return err
			}
			return tx.AdminRole.Create().SetAccountID(a.ID).SetOrgID(o.ID).SetRole(adminrole.RoleORG_ADMIN).Exec(ctx)
		}))
		initech := env.Login("admin@initech.test", testkit.Password)
		require.Equal(t, directory.ManagedAccountStats{}, maStats(t, initech, org))
		r := initech.Query(maStatsQuery, map[string]any{"org": org})
		require.Contains(t, string(r.Data), `"secureLoginPercent":0`)
	})
}

func TestRule14_LastActiveBucketsMoveWithTheClock(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	ago := map[int]gid.ID{}
	for _, days := range []int{29, 31, 89, 91} {
		id := maCreateAccount(t, env, fmt.Sprintf("active%d@acme.test", days), fmt.Sprintf("Active %d days ago", days), false)
		maJoin(t, env, id, w.AcmeEng, membership.StatusACTIVE)
		maRecordActivity(t, env, id, w.AcmeEng, testkit.Start.Add(-time.Duration(days)*day))
		ago[days] = id
	}
	check := func(t *testing.T, want maBuckets) {
		t.Helper()
		admin := env.Login(testkit.AcmeAdminEmail, testkit.Password) // a session ends when the clock moves past its idle time
		st := maStats(t, admin, w.Acme)
		require.Equal(t, want, st.LastActive)
		recount, err := env.App.Directory.Recount(viewer.System(context.Background()), w.Acme)
		require.NoError(t, err)
		require.Equal(t, st, *recount)
	}

	t.Run("now: Alice (an hour ago) and 29 days in the last 30 days, 31 and 89 days in 30-90, 91 days over 90, three never", func(t *testing.T) {
		check(t, maBuckets{Last30Days: 2, Days30To90: 2, Over90Days: 1, Never: 3})
	})
	t.Run("two days later 29 days has become 31 and 89 has become 91", func(t *testing.T) {
		env.Clock.Advance(2 * day)
		check(t, maBuckets{Last30Days: 1, Days30To90: 2, Over90Days: 2, Never: 3})
	})
	t.Run("sixty days after the start Alice is in 30-90 and 31 days has passed 90", func(t *testing.T) {
		env.Clock.Advance(58 * day)
		check(t, maBuckets{Last30Days: 0, Days30To90: 2, Over90Days: 3, Never: 3})
	})
	t.Run("new activity brings an account back into the last 30 days", func(t *testing.T) {
		maRecordActivity(t, env, ago[91], w.AcmeEng, env.Clock.Now().Add(-time.Hour))
		check(t, maBuckets{Last30Days: 1, Days30To90: 2, Over90Days: 2, Never: 3})
	})
	t.Run("older activity never moves a date backwards", func(t *testing.T) {
		maRecordActivity(t, env, ago[29], w.AcmeEng, env.Clock.Now().Add(-200*day))
		check(t, maBuckets{Last30Days: 1, Days30To90: 2, Over90Days: 2, Never: 3})
	})
	t.Run("a never-active account's first activity leaves never", func(t *testing.T) {
		maJoin(t, env, w.Bob, w.AcmeSupport, membership.StatusINVITED)
		maRecordActivity(t, env, w.Bob, w.AcmeSupport, env.Clock.Now().Add(-45*day))
		check(t, maBuckets{Last30Days: 1, Days30To90: 3, Over90Days: 2, Never: 2})
	})
	t.Run("a whole year later everyone active is over 90 days", func(t *testing.T) {
		env.Clock.Advance(365 * day)
		check(t, maBuckets{Over90Days: 6, Never: 2})
	})
}

// The counters' buckets are summed in SQL and the recount's in Go: both put exactly 30
// days in 30-90 and exactly 90 days in over 90.
func TestRule14_LastActiveBucketEdgesAt30And90Days(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	before := maStats(t, admin, w.Acme).LastActive
	for _, days := range []int{30, 90} {
		id := maCreateAccount(t, env, fmt.Sprintf("edge%d@acme.test", days), fmt.Sprintf("Edge %d", days), false)
		maJoin(t, env, id, w.AcmeEng, membership.StatusACTIVE)
		maRecordActivity(t, env, id, w.AcmeEng, testkit.Start.Add(-time.Duration(days)*day))
	}
	st := maStats(t, admin, w.Acme)
	want := before
	want.Days30To90++
	want.Over90Days++
	require.Equal(t, want, st.LastActive)
	recount, err := env.App.Directory.Recount(viewer.System(context.Background()), w.Acme)
	require.NoError(t, err)
	require.Equal(t, st, *recount)
}

func TestRule15_BillableMeansManagedActiveAndInABillablePolicy(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	contractor := maCreateAccount(t, env, "contractor@acme.test", "Contractor", false)
	ssoUser := maCreateAccount(t, env, "sso@acme.test", "SSO User", false)
	maAssignPolicy(t, env, contractor, w.Contractors)
	maAssignPolicy(t, env, ssoUser, w.SSO)
	require.Empty(t, maMutate(t, admin, "deactivateAccount", w.Bob))
	require.Empty(t, maMutate(t, admin, "deleteAccount", w.Pat))

	billable := func(t *testing.T, id gid.ID) bool {
		t.Helper()
		var out struct{ Node struct{ Billable bool } }
		admin.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { billable } } }`, map[string]any{"id": id}, &out)
		return out.Node.Billable
	}
	t.Run("an ACTIVE account in the billable Default policy is billable", func(t *testing.T) {
		require.True(t, billable(t, w.Alice))
	})
	t.Run("an ACTIVE account in the billable SSO policy is billable", func(t *testing.T) {
		require.True(t, billable(t, ssoUser))
	})
	t.Run("an ACTIVE account in the non-billable Contractors policy is not", func(t *testing.T) {
		require.False(t, billable(t, contractor))
	})
	t.Run("a deactivated account is not", func(t *testing.T) {
		require.False(t, billable(t, w.Bob))
	})
	t.Run("an account pending deletion is not", func(t *testing.T) {
		require.False(t, billable(t, w.Pat))
	})
	t.Run("an external user Acme sees is not billable to Acme", func(t *testing.T) {
		require.False(t, billable(t, w.Gus))
	})
	t.Run("the stats count exactly the billable accounts: admin, Alice and the SSO user", func(t *testing.T) {
		require.Equal(t, 3, maStats(t, admin, w.Acme).Billable)
	})
	t.Run("reactivating, cancelling and moving policies makes them billable again", func(t *testing.T) {
		require.Empty(t, maMutate(t, admin, "reactivateAccount", w.Bob))
		require.Empty(t, maMutate(t, admin, "cancelAccountDeletion", w.Pat))
		maAssignPolicy(t, env, contractor, w.Default)
		for _, id := range []gid.ID{w.Bob, w.Pat, contractor} {
			require.True(t, billable(t, id))
		}
		require.Equal(t, 6, maStats(t, admin, w.Acme).Billable)
	})
}

// maRecount computes the stats from scratch from the accounts the API lists, with the
// definitions of PRODUCT.md rules 14 and 15 (buckets by whole UTC days since last activity).
func maRecount(accts []maAccount, now time.Time) directory.ManagedAccountStats {
	var st directory.ManagedAccountStats
	today := now.Unix() / 86400
	for _, a := range accts {
		st.Total++
		switch a.Status {
		case "ACTIVE":
			st.Active++
		case "DEACTIVATED":
			st.Deactivated++
		case "PENDING_DELETION":
			st.PendingDeletion++
		}
		p := a.AuthenticationPolicy
		if a.TwoStepVerification || (p != nil && p.EnforceSSO) {
			st.SecureLogin++
		}
		if a.Status == "ACTIVE" && p != nil && p.Billable {
			st.Billable++
		}
		if len(a.Memberships) == 0 {
			st.WithoutSiteAccess++
		}
		switch {
		case a.LastActiveAt == nil:
			st.LastActive.Never++
		case today-a.LastActiveAt.Unix()/86400 < 30:
			st.LastActive.Last30Days++
		case today-a.LastActiveAt.Unix()/86400 < 90:
			st.LastActive.Days30To90++
		default:
			st.LastActive.Over90Days++
		}
	}
	if st.Total > 0 {
		st.SecureLoginPercent = math.Round(float64(st.SecureLogin)*1000/float64(st.Total)) / 10
	}
	return st
}

func TestRule14_StatsEqualRecountAfterRandomMutations(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	rng := rand.New(rand.NewSource(1415))
	sys := viewer.System(context.Background())

	managed := []gid.ID{w.Alice, w.Bob, w.Pat}
	created := 0
	create := func() {
		created++
		managed = append(managed, maCreateAccount(t, env, fmt.Sprintf("member%03d@acme.test", created),
			fmt.Sprintf("Member %03d", created), rng.Intn(3) == 0))
	}
	for i := 0; i < 30; i++ {
		create()
	}
	// The admin takes part in data-layer changes only: deactivating it would end the session.
	dataTargets := func() gid.ID {
		if rng.Intn(20) == 0 {
			return w.AcmeAdmin
		}
		return managed[rng.Intn(len(managed))]
	}
	// API targets include accounts Acme does not manage: refused, and counted nowhere.
	apiTarget := func() gid.ID {
		if rng.Intn(15) == 0 {
			return []gid.ID{w.Gus, w.Gina, w.Eve}[rng.Intn(3)]
		}
		return managed[rng.Intn(len(managed))]
	}
	// inState picks, half of the time, an account in a given state, so that every row
	// of the state table is exercised and not only refused.
	inState := func(st account.Status) gid.ID {
		if rng.Intn(2) == 0 {
			ids, err := env.App.DB.Client.Account.Query().
				Where(account.ManagingOrgID(w.Acme), account.StatusEQ(st), account.IDNEQ(w.AcmeAdmin)).
				Order(account.ByID()).IDs(sys)
			require.NoError(t, err)
			if len(ids) > 0 {
				return ids[rng.Intn(len(ids))]
			}
		}
		return apiTarget()
	}
	sites := []gid.ID{w.AcmeEng, w.AcmeSupport, w.GlobexSite}
	policies := []gid.ID{w.Default, w.Contractors, w.SSO}
	// liveAccount loads a not-deleted account in tx, or refuses the operation.
	liveAccount := func(ctx context.Context, tx *ent.Tx, id gid.ID) (*ent.Account, error) {
		a, err := tx.Account.Get(ctx, id)
		if err == nil && a.Status == account.StatusDELETED {
			err = fmt.Errorf("deleted")
		}
		return a, err
	}

	applied := map[string]int{}
	refused := 0
	tally := func(kind string, ok bool) {
		if ok {
			applied[kind]++
		} else {
			refused++
		}
	}
	for i := 0; i < 500; i++ {
		switch op := rng.Intn(100); {
		case op < 12:
			r := admin.Query(`mutation($id: ID!, $msg: String) { deactivateAccount(accountId: $id, message: $msg) { id } }`,
				map[string]any{"id": apiTarget(), "msg": fmt.Sprintf("step %d", i)})
			tally("deactivate", len(r.Errors) == 0)
		case op < 22:
			tally("reactivate", maMutate(t, admin, "reactivateAccount", inState(account.StatusDEACTIVATED)) == "")
		case op < 28:
			tally("delete", maMutate(t, admin, "deleteAccount", apiTarget()) == "")
		case op < 36:
			tally("cancel", maMutate(t, admin, "cancelAccountDeletion", inState(account.StatusPENDING_DELETION)) == "")
		case op < 41:
			r := admin.Query(`mutation($id: ID!, $name: String!) { updateAccountDetails(accountId: $id, input: {name: $name, jobTitle: "Tester"}) { id } }`,
				map[string]any{"id": apiTarget(), "name": fmt.Sprintf("Renamed %d", i)})
			tally("details", len(r.Errors) == 0)
		case op < 58:
			id := dataTargets()
			at := env.Clock.Now().Add(-time.Duration(rng.Int63n(150*86400)) * time.Second)
			err := maTx(env, func(ctx context.Context, tx *ent.Tx) error {
				ms, err := tx.Membership.Query().Where(membership.AccountID(id), membership.RemovedAtIsNil()).All(ctx)
				if err != nil || len(ms) == 0 {
					return fmt.Errorf("no membership: %v", err)
				}
				_, err = directory.RecordActivity(ctx, tx, ms[rng.Intn(len(ms))], at)
				return err
			})
			tally("activity", err == nil)
		case op < 72:
			id, siteID := dataTargets(), sites[rng.Intn(len(sites))]
			status := []membership.Status{membership.StatusACTIVE, membership.StatusINVITED}[rng.Intn(2)]
			err := maTx(env, func(ctx context.Context, tx *ent.Tx) error {
				a, err := liveAccount(ctx, tx, id)
				if err != nil {
					return err
				}
				st, err := tx.Site.Get(ctx, siteID)
				if err != nil {
					return err
				}
				_, err = directory.AddMembership(ctx, tx, env.Clock.Now(), st, a, status, nil)
				return err
			})
			tally("join", err == nil)
		case op < 81:
			id := dataTargets()
			err := maTx(env, func(ctx context.Context, tx *ent.Tx) error {
				ms, err := tx.Membership.Query().Where(membership.AccountID(id), membership.RemovedAtIsNil()).All(ctx)
				if err != nil || len(ms) == 0 {
					return fmt.Errorf("no membership: %v", err)
				}
				if err := directory.RemoveMembership(ctx, tx, ms[rng.Intn(len(ms))], env.Clock.Now()); err != nil {
					return err
				}
				return directory.RefreshSiteAccess(ctx, tx, id)
			})
			tally("leave", err == nil)
		case op < 92:
			id, policyID := dataTargets(), policies[rng.Intn(len(policies))]
			err := maTx(env, func(ctx context.Context, tx *ent.Tx) error {
				a, err := liveAccount(ctx, tx, id)
				if err != nil {
					return err
				}
				p, err := tx.AuthenticationPolicy.Get(ctx, policyID)
				if err != nil {
					return err
				}
				_, err = directory.AssignPolicy(ctx, tx, env.Clock.Now(), a, p)
				return err
			})
			tally("policy", err == nil)
		case op < 96:
			create()
			tally("create", true)
		default:
			env.Clock.Advance(time.Duration(1+rng.Intn(8)) * day)
			env.App.Jobs.RunOnce(context.Background())
			admin = env.Login(testkit.AcmeAdminEmail, testkit.Password) // the session ended while idle
			tally("clock", true)
		}
		if i%50 == 49 {
			recount, err := env.App.Directory.Recount(sys, w.Acme)
			require.NoError(t, err)
			require.Equal(t, *recount, maStats(t, admin, w.Acme), "after %d operations", i+1)
		}
	}
	deleted, err := env.App.DB.Client.Account.Query().Where(account.ManagingOrgID(w.Acme), account.StatusEQ(account.StatusDELETED)).Count(sys)
	require.NoError(t, err)
	t.Logf("applied %v, refused %d, finalized deletions %d", applied, refused, deleted)
	for _, kind := range []string{"deactivate", "reactivate", "delete", "cancel", "details", "activity", "join", "leave", "policy", "create", "clock"} {
		require.Positive(t, applied[kind], "no %s operation was applied: the sequence tests too little", kind)
	}
	require.Positive(t, deleted, "the job finalized some deletions")
	require.Positive(t, refused, "some operations were refused")

	got := maStats(t, admin, w.Acme)
	t.Logf("stats after the sequence: %+v", got)

	t.Run("the stats equal Recount from scratch, field by field", func(t *testing.T) {
		recount, err := env.App.Directory.Recount(sys, w.Acme)
		require.NoError(t, err)
		require.Equal(t, *recount, got)
	})

	all := maListAll(t, admin, w.Acme, nil)
	t.Run("the stats equal a recount of the accounts the API lists", func(t *testing.T) {
		require.Equal(t, maRecount(all, env.Clock.Now()), got)
		require.Equal(t, len(managed)+1-deleted, got.Total, "every created account but the deleted ones, plus the admin")
	})

	t.Run("each account's billable and secureLogin agree with its status and policy", func(t *testing.T) {
		for _, a := range all {
			p := a.AuthenticationPolicy
			require.NotNil(t, p, a.Email)
			require.Equal(t, a.Status == "ACTIVE" && p.Billable, a.Billable, a.Email)
			require.Equal(t, a.TwoStepVerification || p.EnforceSSO, a.SecureLogin, a.Email)
		}
	})

	t.Run("the filters' totals agree with the stats", func(t *testing.T) {
		count := func(where map[string]any) int {
			return maTotalCount(t, admin, w.Acme, map[string]any{"where": where})
		}
		require.Equal(t, got.Total, maTotalCount(t, admin, w.Acme, nil))
		require.Equal(t, got.Active, count(map[string]any{"status": "ACTIVE"}))
		require.Equal(t, got.Deactivated, count(map[string]any{"status": "DEACTIVATED"}))
		require.Equal(t, got.PendingDeletion, count(map[string]any{"status": "PENDING_DELETION"}))
		require.Equal(t, got.WithoutSiteAccess, count(map[string]any{"hasSiteAccess": false}))
		require.Equal(t, got.LastActive.Never, count(map[string]any{"neverActive": true}))
	})
}

// A document that asks an organization only for fields its resolvers answer (stats,
// lists) does not read the organization's row: the admin role that lets the viewer see
// it already shows it exists. A document that asks for a column reads the row, and an
// organization the viewer does not administer is NOT_FOUND either way.
func TestOrganizationRowIsReadOnlyForItsColumns(t *testing.T) {
	rec := &sqlRecorder{parts: []string{"FROM "}}
	env := testkit.NewWithOptions(t, app.Options{SQLLog: rec.log})
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	rec.take()

	var stats struct {
		Organization struct {
			ID                  gid.ID
			ManagedAccountStats struct{ Total int }
		}
	}
	acme.MustQuery(`query($id: ID!) { organization(id: $id) { id __typename managedAccountStats { total } } }`,
		map[string]any{"id": w.Acme}, &stats)
	require.Equal(t, w.Acme, stats.Organization.ID)
	require.Positive(t, stats.Organization.ManagedAccountStats.Total)
	require.Empty(t, tablesRead(rec.take(), "organizations"), "stats alone read no organization row")

	var named struct {
		Organization struct{ Name, UserManagement string }
	}
	acme.MustQuery(`query($id: ID!) { organization(id: $id) { ... on Organization { name } userManagement managedAccountStats { total } } }`,
		map[string]any{"id": w.Acme}, &named)
	require.Equal(t, "Acme", named.Organization.Name)
	require.Equal(t, "CENTRALIZED", named.Organization.UserManagement)
	require.Equal(t, map[string]int{"organizations": 1}, tablesRead(rec.take(), "organizations"))

	for _, doc := range []string{
		`query($id: ID!) { organization(id: $id) { managedAccountStats { total } } }`,
		`query($id: ID!) { organization(id: $id) { name } }`,
	} {
		r := acme.Query(doc, map[string]any{"id": w.Globex})
		require.Equal(t, "NOT_FOUND", r.Code(), "%s: %+v", doc, r.Errors)
	}
}
