package graph_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/ent/groupgrant"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// us2Stats is a UserStats as the API answers it.
type us2Stats struct{ Total, Active, Invited, Suspended int }

func (s *us2Stats) add(status string) {
	s.Total++
	switch status {
	case "ACTIVE":
		s.Active++
	case "INVITED":
		s.Invited++
	case "SUSPENDED":
		s.Suspended++
	}
}

func us2SiteStats(t testing.TB, c *testkit.Client, site gid.ID) us2Stats {
	t.Helper()
	var out struct{ Site struct{ UserStats us2Stats } }
	c.MustQuery(`query($id: ID!) { site(id: $id) { userStats { total active invited suspended } } }`, map[string]any{"id": site}, &out)
	return out.Site.UserStats
}

func us2OrgStats(t testing.TB, c *testkit.Client, org gid.ID) us2Stats {
	t.Helper()
	var out struct{ Organization struct{ UserStats us2Stats } }
	c.MustQuery(`query($id: ID!) { organization(id: $id) { userStats { total active invited suspended } } }`, map[string]any{"id": org}, &out)
	return out.Organization.UserStats
}

// us2OrgUserOf reads an account's centralized Users row of an organization (nil when
// the account is on none of its sites), by paging through Organization.users.
func us2OrgUserOf(t testing.TB, c *testkit.Client, org, acct gid.ID) *us2OrgUser {
	t.Helper()
	for _, u := range us2AllOrgUsers(t, c, org) {
		if u.Account.ID == acct {
			return &u
		}
	}
	return nil
}

// us2AllOrgUsers pages through Organization.users, 100 at a time.
func us2AllOrgUsers(t testing.TB, c *testkit.Client, org gid.ID) []us2OrgUser {
	t.Helper()
	var all []us2OrgUser
	var after *string
	for {
		var out struct {
			Organization struct {
				Users struct {
					TotalCount int
					PageInfo   struct {
						HasNextPage bool
						EndCursor   *string
					}
					Edges []struct{ Node us2OrgUser }
				}
			}
		}
		c.MustQuery(`query($org: ID!, $after: Cursor) { organization(id: $org) { users(first: 100, after: $after) {
		  totalCount pageInfo { hasNextPage endCursor } edges { node { `+us2OrgUserFields+` } } } } }`,
			map[string]any{"org": org, "after": after}, &out)
		for _, e := range out.Organization.Users.Edges {
			all = append(all, e.Node)
		}
		if !out.Organization.Users.PageInfo.HasNextPage {
			require.Len(t, all, out.Organization.Users.TotalCount, "totalCount")
			return all
		}
		after = out.Organization.Users.PageInfo.EndCursor
	}
}

// us2AllSiteUsers pages through Site.users, 100 at a time.
func us2AllSiteUsers(t testing.TB, c *testkit.Client, site gid.ID) []us2Membership {
	t.Helper()
	var all []us2Membership
	var after *string
	total := -1
	for {
		var out struct {
			Site struct {
				Users struct {
					TotalCount int
					PageInfo   struct {
						HasNextPage bool
						EndCursor   *string
					}
					Edges []struct{ Node us2Membership }
				}
			}
		}
		c.MustQuery(`query($site: ID!, $after: Cursor) { site(id: $site) { users(first: 100, after: $after) {
		  totalCount pageInfo { hasNextPage endCursor } edges { node { id status account { id email } } } } } }`,
			map[string]any{"site": site, "after": after}, &out)
		total = out.Site.Users.TotalCount
		for _, e := range out.Site.Users.Edges {
			all = append(all, e.Node)
		}
		if !out.Site.Users.PageInfo.HasNextPage {
			require.Len(t, all, total, "totalCount")
			return all
		}
		after = out.Site.Users.PageInfo.EndCursor
	}
}

// us2Recount is everything derived from memberships, recomputed from the SQLite file's
// memberships, sites and accounts only.
type us2Recount struct {
	sites    map[gid.ID]us2Stats
	orgs     map[gid.ID]us2Stats
	orgUsers map[string]us2OrgUserRow // by org|account
}

// us2OrgUserRow is an org_users row, or what it must be.
type us2OrgUserRow struct {
	Status       string
	Managed      bool
	LastActiveAt string // RFC 3339, "" for never
}

func us2TimeKey(t sql.NullTime) string {
	if !t.Valid {
		return ""
	}
	return t.Time.UTC().Format(time.RFC3339Nano)
}

// us2RecountFromSQL recounts the Users page of every site and organization from the
// current memberships, the way PRODUCT.md rule 3 defines them.
func us2RecountFromSQL(t testing.TB, env *testkit.Env) us2Recount {
	t.Helper()
	db := env.App.DB.SQL
	rc := us2Recount{sites: map[gid.ID]us2Stats{}, orgs: map[gid.ID]us2Stats{}, orgUsers: map[string]us2OrgUserRow{}}
	rows, err := db.Query(`SELECT s.id, s.org_id FROM sites s`)
	require.NoError(t, err)
	for rows.Next() {
		var site, org string
		require.NoError(t, rows.Scan(&site, &org))
		rc.sites[gid.ID(site)] = us2Stats{}
		rc.orgs[gid.ID(org)] = us2Stats{}
	}
	require.NoError(t, rows.Err())
	rows.Close()

	type agg struct {
		org      gid.ID
		statuses map[string]bool
		last     sql.NullTime
		managed  bool
	}
	per := map[string]*agg{}
	var keys []string
	rows, err = db.Query(`SELECT m.site_id, s.org_id, m.account_id, m.status, m.last_active_at,
	  COALESCE(a.managing_org_id, '') = s.org_id
	  FROM memberships m JOIN sites s ON s.id = m.site_id JOIN accounts a ON a.id = m.account_id
	  WHERE m.removed_at IS NULL`)
	require.NoError(t, err)
	for rows.Next() {
		var site, org, acct, status string
		var last sql.NullTime
		var managed bool
		require.NoError(t, rows.Scan(&site, &org, &acct, &status, &last, &managed))
		st := rc.sites[gid.ID(site)]
		st.add(status)
		rc.sites[gid.ID(site)] = st
		k := org + "|" + acct
		a := per[k]
		if a == nil {
			a = &agg{org: gid.ID(org), statuses: map[string]bool{}, managed: managed}
			per[k] = a
			keys = append(keys, k)
		}
		a.statuses[status] = true
		if last.Valid && (!a.last.Valid || last.Time.After(a.last.Time)) {
			a.last = last
		}
	}
	require.NoError(t, rows.Err())
	rows.Close()
	for _, k := range keys {
		a := per[k]
		status := "SUSPENDED"
		if a.statuses["ACTIVE"] {
			status = "ACTIVE"
		} else if a.statuses["INVITED"] {
			status = "INVITED"
		}
		rc.orgUsers[k] = us2OrgUserRow{Status: status, Managed: a.managed, LastActiveAt: us2TimeKey(a.last)}
		st := rc.orgs[a.org]
		st.add(status)
		rc.orgs[a.org] = st
	}
	return rc
}

// us2OrgUserRows reads every org_users row.
func us2OrgUserRows(t testing.TB, env *testkit.Env) map[string]us2OrgUserRow {
	t.Helper()
	rows, err := env.Query(`SELECT org_id, account_id, status, managed, last_active_at FROM org_users`)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]us2OrgUserRow{}
	for rows.Next() {
		var org, acct, status string
		var managed bool
		var last sql.NullTime
		require.NoError(t, rows.Scan(&org, &acct, &status, &managed, &last))
		k := org + "|" + acct
		_, dup := out[k]
		require.False(t, dup, "two org_users rows for %s", k)
		out[k] = us2OrgUserRow{Status: status, Managed: managed, LastActiveAt: us2TimeKey(last)}
	}
	require.NoError(t, rows.Err())
	return out
}

// us2Counters reads the user counters of every scope straight from user_stat_cells.
func us2Counters(t testing.TB, env *testkit.Env) map[gid.ID]us2Stats {
	t.Helper()
	rows, err := env.Query(`SELECT scope_id, status, count FROM user_stat_cells`)
	require.NoError(t, err)
	defer rows.Close()
	out := map[gid.ID]us2Stats{}
	for rows.Next() {
		var scope, status string
		var n int
		require.NoError(t, rows.Scan(&scope, &status, &n))
		require.GreaterOrEqual(t, n, 0, "counter %s %s", scope, status)
		st := out[gid.ID(scope)]
		for i := 0; i < n; i++ {
			st.add(status)
		}
		out[gid.ID(scope)] = st
	}
	require.NoError(t, rows.Err())
	return out
}

// us2RequireDerivedAgree checks, from the SQLite file, that every counter and every
// org_users row agree with the current memberships.
func us2RequireDerivedAgree(t testing.TB, env *testkit.Env) us2Recount {
	t.Helper()
	rc := us2RecountFromSQL(t, env)
	counters := us2Counters(t, env)
	for scope, want := range rc.sites {
		require.Equal(t, want, counters[scope], "counters of site %s", scope)
	}
	for scope, want := range rc.orgs {
		require.Equal(t, want, counters[scope], "counters of organization %s", scope)
	}
	for scope, got := range counters {
		_, site := rc.sites[scope]
		_, org := rc.orgs[scope]
		if !site && !org && !strings.Contains(string(scope), "/") { // product counters: below
			require.Equal(t, us2Stats{}, got, "counters of an unknown scope %s", scope)
		}
	}
	require.Equal(t, rc.orgUsers, us2OrgUserRows(t, env), "org_users rows are the aggregate of memberships")
	env.RequireProductCountersMatchRecount(t)
	return rc
}

// us2GroupRows counts the group memberships of a membership in the SQLite file.
func us2GroupRows(t testing.TB, env *testkit.Env, membershipID gid.ID) int {
	t.Helper()
	var n int
	require.NoError(t, env.QueryRow(`SELECT COUNT(*) FROM group_members WHERE membership_id = ?`, string(membershipID)).Scan(&n))
	return n
}

func TestRule7_SuspendAndRestoreFollowTheStateTable(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	us2RequireDerivedAgree(t, env)
	// acme-eng: Alice and Gus ACTIVE, Eve INVITED.
	require.Equal(t, us2Stats{Total: 3, Active: 2, Invited: 1}, us2SiteStats(t, acme, w.AcmeEng))

	allowed := func(t *testing.T, action string, m us2Membership, r testkit.Response, mark us2AuditMark, status string, stats us2Stats) {
		t.Helper()
		require.Empty(t, r.Errors)
		require.Equal(t, status, m.Status)
		require.Equal(t, []string{action}, mark.since(t, w.Acme), "one audit event")
		require.Equal(t, stats, us2SiteStats(t, acme, w.AcmeEng))
		us2RequireDerivedAgree(t, env)
	}
	refused := func(t *testing.T, code string, r testkit.Response, mark us2AuditMark, stats us2Stats) {
		t.Helper()
		us2RequireCode(t, code, r)
		mark.requireNone(t)
		require.Equal(t, stats, us2SiteStats(t, acme, w.AcmeEng))
		us2RequireDerivedAgree(t, env)
	}

	t.Run("suspending an ACTIVE user makes them SUSPENDED with the reason and time, keeping their groups", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		m, r := us2Suspend(t, acme, w.AcmeEng, w.Alice, "on leave")
		allowed(t, "user.suspended", m, r, mark, "SUSPENDED", us2Stats{Total: 3, Active: 1, Invited: 1, Suspended: 1})
		require.Equal(t, "on leave", *m.SuspensionReason)
		require.True(t, testkit.Start.Equal(*m.SuspendedAt))
		require.Equal(t, []string{"jira-users-acme-eng"}, m.groupNames())
		require.Equal(t, []us2Access{{"JIRA", "USER"}}, m.ProductAccess)
		require.Equal(t, "SUSPENDED", us2OrgUserOf(t, acme, w.Acme, w.Alice).Status)
	})
	t.Run("suspending a SUSPENDED user is INVALID_STATE and writes nothing", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2Suspend(t, acme, w.AcmeEng, w.Alice, "again")
		refused(t, "INVALID_STATE", r, mark, us2Stats{Total: 3, Active: 1, Invited: 1, Suspended: 1})
	})
	t.Run("restoring a SUSPENDED user gives back ACTIVE with the same access", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		m, r := us2Restore(t, acme, w.AcmeEng, w.Alice)
		allowed(t, "user.restored", m, r, mark, "ACTIVE", us2Stats{Total: 3, Active: 2, Invited: 1})
		require.Nil(t, m.SuspendedAt)
		require.Nil(t, m.SuspensionReason)
		require.Equal(t, []string{"jira-users-acme-eng"}, m.groupNames())
		require.Equal(t, []us2Access{{"JIRA", "USER"}}, m.ProductAccess)
		require.Equal(t, "ACTIVE", us2OrgUserOf(t, acme, w.Acme, w.Alice).Status)
	})
	t.Run("restoring an ACTIVE user is INVALID_STATE and writes nothing", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2Restore(t, acme, w.AcmeEng, w.Alice)
		refused(t, "INVALID_STATE", r, mark, us2Stats{Total: 3, Active: 2, Invited: 1})
	})
	t.Run("suspending an INVITED user makes them SUSPENDED", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		m, r := us2Suspend(t, acme, w.AcmeEng, w.Eve, "")
		allowed(t, "user.suspended", m, r, mark, "SUSPENDED", us2Stats{Total: 3, Active: 2, Suspended: 1})
		require.Nil(t, m.SuspensionReason)
	})
	t.Run("suspending that SUSPENDED user again is INVALID_STATE", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2Suspend(t, acme, w.AcmeEng, w.Eve, "")
		refused(t, "INVALID_STATE", r, mark, us2Stats{Total: 3, Active: 2, Suspended: 1})
	})
	t.Run("restoring a user suspended while INVITED gives back INVITED, not ACTIVE", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		m, r := us2Restore(t, acme, w.AcmeEng, w.Eve)
		allowed(t, "user.restored", m, r, mark, "INVITED", us2Stats{Total: 3, Active: 2, Invited: 1})
		require.Equal(t, "INVITED", us2OrgUserOf(t, acme, w.Acme, w.Eve).Status)
	})
	t.Run("restoring an INVITED user is INVALID_STATE", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2Restore(t, acme, w.AcmeEng, w.Eve)
		refused(t, "INVALID_STATE", r, mark, us2Stats{Total: 3, Active: 2, Invited: 1})
	})
	t.Run("suspending or restoring someone who is not a user of the site is NOT_FOUND", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2Suspend(t, acme, w.AcmeEng, w.Bob, "")
		refused(t, "NOT_FOUND", r, mark, us2Stats{Total: 3, Active: 2, Invited: 1})
		_, r = us2Restore(t, acme, w.AcmeEng, w.Bob)
		refused(t, "NOT_FOUND", r, mark, us2Stats{Total: 3, Active: 2, Invited: 1})
	})
	t.Run("a suspended user removed from the site leaves the counts and can be neither suspended nor restored", func(t *testing.T) {
		_, r := us2Suspend(t, acme, w.AcmeEng, w.Gus, "")
		require.Empty(t, r.Errors)
		require.Equal(t, us2Stats{Total: 3, Active: 1, Invited: 1, Suspended: 1}, us2SiteStats(t, acme, w.AcmeEng))
		old := us2MembershipIDOf(t, env, w.Gus, w.AcmeEng)
		require.Equal(t, 1, us2GroupRows(t, env, old), "Gus is in jira-users-acme-eng")
		mark := us2MarkAudit(t, env, w.Acme)
		id, r := us2Remove(t, acme, w.AcmeEng, w.Gus)
		require.Empty(t, r.Errors)
		require.Equal(t, old, id, "the answer is the removed membership's id")
		require.Equal(t, []string{"user.removed"}, mark.since(t, w.Acme))
		require.Zero(t, us2GroupRows(t, env, old), "its group memberships are deleted")
		require.Equal(t, us2Stats{Total: 2, Active: 1, Invited: 1}, us2SiteStats(t, acme, w.AcmeEng))
		require.Equal(t, us2Stats{Total: 2, Active: 1, Invited: 1}, us2OrgStats(t, acme, w.Acme))
		us2RequireDerivedAgree(t, env)
		mark = us2MarkAudit(t, env, w.Acme)
		_, r = us2Restore(t, acme, w.AcmeEng, w.Gus)
		refused(t, "NOT_FOUND", r, mark, us2Stats{Total: 2, Active: 1, Invited: 1})
		_, r = us2Suspend(t, acme, w.AcmeEng, w.Gus, "")
		refused(t, "NOT_FOUND", r, mark, us2Stats{Total: 2, Active: 1, Invited: 1})
		_, r = us2Remove(t, acme, w.AcmeEng, w.Gus)
		refused(t, "NOT_FOUND", r, mark, us2Stats{Total: 2, Active: 1, Invited: 1})
	})
}

func TestRule4_InviteOfACurrentUserIsConflictWhateverItsStatus(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	_, r := us2Suspend(t, acme, w.AcmeEng, w.Gus, "")
	require.Empty(t, r.Errors)
	accounts := func() int {
		var n int
		require.NoError(t, env.QueryRow(`SELECT COUNT(*) FROM accounts`).Scan(&n))
		return n
	}
	before := us2SiteStats(t, acme, w.AcmeEng)

	for _, c := range []struct{ status, email string }{
		{"ACTIVE", "Alice@ACME.test"},
		{"INVITED", "eve@gmail.test"},
		{"SUSPENDED", "gus@globex.test"},
	} {
		t.Run("inviting a "+c.status+" user of the site is CONFLICT for the whole list and writes nothing", func(t *testing.T) {
			mark := us2MarkAudit(t, env, w.Acme, w.Globex)
			n := accounts()
			_, r := us2Invite(t, acme, w.AcmeEng, "newcomer@acme.test", c.email, "other@gmail.test")
			us2RequireCode(t, "CONFLICT", r)
			require.Equal(t, "emails[1]", r.Field())
			mark.requireNone(t)
			require.Equal(t, n, accounts(), "no account was created")
			require.Equal(t, before, us2SiteStats(t, acme, w.AcmeEng))
			us2RequireDerivedAgree(t, env)
		})
	}

	t.Run("a user of another site of the organization can be invited", func(t *testing.T) {
		ms, r := us2Invite(t, acme, w.AcmeSupport, "alice@acme.test")
		require.Empty(t, r.Errors)
		require.Len(t, ms, 1)
		require.Equal(t, "INVITED", ms[0].Status)
		require.Equal(t, us2Stats{Total: 1, Invited: 1}, us2SiteStats(t, acme, w.AcmeSupport))
		// Alice is still ACTIVE on acme-eng, so her Users row stays ACTIVE.
		require.Equal(t, us2Stats{Total: 3, Active: 1, Invited: 1, Suspended: 1}, us2OrgStats(t, acme, w.Acme))
		us2RequireDerivedAgree(t, env)
	})

	t.Run("after removal, an invitation starts a new, clean membership", func(t *testing.T) {
		old := us2MembershipIDOf(t, env, w.Gus, w.AcmeEng)
		_, r := us2Remove(t, acme, w.AcmeEng, w.Gus)
		require.Empty(t, r.Errors)
		mark := us2MarkAudit(t, env, w.Acme)
		ms, r := us2Invite(t, acme, w.AcmeEng, "gus@globex.test")
		require.Empty(t, r.Errors)
		require.Len(t, ms, 1)
		m := ms[0]
		require.NotEqual(t, old, m.ID)
		require.Equal(t, w.Gus, m.Account.ID)
		require.Equal(t, "INVITED", m.Status)
		require.Nil(t, m.LastActiveAt, "the new membership has no activity of its own")
		require.Nil(t, m.SuspendedAt)
		require.Empty(t, m.Groups)
		require.Empty(t, m.ProductAccess)
		require.NotNil(t, m.Account.LastActiveAt, "the account keeps its last-active date")
		require.Equal(t, []string{"user.invited"}, mark.since(t, w.Acme))
		require.Equal(t, us2Stats{Total: 3, Active: 1, Invited: 2}, us2SiteStats(t, acme, w.AcmeEng))
		us2RequireDerivedAgree(t, env)
	})
}

func TestRule9_OrganizationWideSuspendRestoreRemove(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	_, r := us2Invite(t, acme, w.AcmeSupport, "alice@acme.test")
	require.Empty(t, r.Errors)
	both := func(eng, support string) map[string]string {
		return map[string]string{"acme-eng": eng, "acme-support": support}
	}
	// Acme's rows: Alice ACTIVE (ACTIVE + INVITED), Gus ACTIVE, Eve INVITED.
	require.Equal(t, us2Stats{Total: 3, Active: 2, Invited: 1}, us2OrgStats(t, acme, w.Acme))
	require.Equal(t, both("ACTIVE", "INVITED"), us2OrgUserOf(t, acme, w.Acme, w.Alice).statusBySite())

	t.Run("suspendUserInOrganization suspends the user on every site, one audit event per site", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		u, r := us2OrgAction(t, acme, "suspendUserInOrganization", w.Acme, w.Alice)
		require.Empty(t, r.Errors)
		require.Equal(t, "SUSPENDED", u.Status)
		require.Equal(t, w.Alice, u.Account.ID)
		require.Equal(t, both("SUSPENDED", "SUSPENDED"), u.statusBySite())
		require.Equal(t, []string{"user.suspended", "user.suspended"}, mark.since(t, w.Acme))
		require.Equal(t, us2Stats{Total: 3, Active: 1, Invited: 1, Suspended: 1}, us2OrgStats(t, acme, w.Acme))
		require.Equal(t, us2Stats{Total: 3, Active: 1, Invited: 1, Suspended: 1}, us2SiteStats(t, acme, w.AcmeEng))
		require.Equal(t, us2Stats{Total: 1, Suspended: 1}, us2SiteStats(t, acme, w.AcmeSupport))
		us2RequireDerivedAgree(t, env)
	})
	t.Run("suspending in the organization a user suspended everywhere is INVALID_STATE", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2OrgAction(t, acme, "suspendUserInOrganization", w.Acme, w.Alice)
		us2RequireCode(t, "INVALID_STATE", r)
		mark.requireNone(t)
	})
	t.Run("restoreUserInOrganization gives each site back its own previous status", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		u, r := us2OrgAction(t, acme, "restoreUserInOrganization", w.Acme, w.Alice)
		require.Empty(t, r.Errors)
		require.Equal(t, "ACTIVE", u.Status)
		require.Equal(t, both("ACTIVE", "INVITED"), u.statusBySite())
		require.Equal(t, []string{"user.restored", "user.restored"}, mark.since(t, w.Acme))
		require.Equal(t, us2Stats{Total: 3, Active: 2, Invited: 1}, us2OrgStats(t, acme, w.Acme))
		us2RequireDerivedAgree(t, env)
	})
	t.Run("restoring in the organization a user suspended nowhere is INVALID_STATE", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2OrgAction(t, acme, "restoreUserInOrganization", w.Acme, w.Alice)
		us2RequireCode(t, "INVALID_STATE", r)
		mark.requireNone(t)
	})
	t.Run("suspended on one site only, the row takes the best status of the others", func(t *testing.T) {
		_, r := us2Suspend(t, acme, w.AcmeEng, w.Alice, "")
		require.Empty(t, r.Errors)
		u := us2OrgUserOf(t, acme, w.Acme, w.Alice)
		require.Equal(t, "INVITED", u.Status, "SUSPENDED on acme-eng, INVITED on acme-support")
		require.Equal(t, us2Stats{Total: 3, Active: 1, Invited: 2}, us2OrgStats(t, acme, w.Acme))
		us2RequireDerivedAgree(t, env)
	})
	t.Run("suspending in the organization then suspends only the site not yet suspended", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		u, r := us2OrgAction(t, acme, "suspendUserInOrganization", w.Acme, w.Alice)
		require.Empty(t, r.Errors)
		require.Equal(t, both("SUSPENDED", "SUSPENDED"), u.statusBySite())
		require.Equal(t, []string{"user.suspended"}, mark.since(t, w.Acme))
		us2RequireDerivedAgree(t, env)
	})
	t.Run("restoring in the organization restores only the sites still suspended", func(t *testing.T) {
		_, r := us2Restore(t, acme, w.AcmeSupport, w.Alice)
		require.Empty(t, r.Errors)
		mark := us2MarkAudit(t, env, w.Acme)
		u, r := us2OrgAction(t, acme, "restoreUserInOrganization", w.Acme, w.Alice)
		require.Empty(t, r.Errors)
		require.Equal(t, both("ACTIVE", "INVITED"), u.statusBySite())
		require.Equal(t, []string{"user.restored"}, mark.since(t, w.Acme))
		us2RequireDerivedAgree(t, env)
	})
	t.Run("removeUserFromOrganization removes every membership and answers the account's id", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		id, r := us2OrgRemove(t, acme, w.Acme, w.Alice)
		require.Empty(t, r.Errors)
		require.Equal(t, w.Alice, id)
		require.Equal(t, []string{"user.removed", "user.removed"}, mark.since(t, w.Acme))
		require.Nil(t, us2OrgUserOf(t, acme, w.Acme, w.Alice), "no longer on the Users page")
		require.Equal(t, us2Stats{Total: 2, Active: 1, Invited: 1}, us2OrgStats(t, acme, w.Acme))
		require.Equal(t, us2Stats{Total: 2, Active: 1, Invited: 1}, us2SiteStats(t, acme, w.AcmeEng))
		require.Equal(t, us2Stats{}, us2SiteStats(t, acme, w.AcmeSupport))
		us2RequireDerivedAgree(t, env)
		var out struct {
			Node struct {
				Managed      bool
				LastActiveAt *time.Time
				Memberships  []struct{ ID gid.ID }
			}
		}
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { managed lastActiveAt memberships { id } } } }`,
			map[string]any{"id": w.Alice}, &out)
		require.True(t, out.Node.Managed, "still a managed account")
		require.NotNil(t, out.Node.LastActiveAt, "keeps its last-active date")
		require.Empty(t, out.Node.Memberships)
		require.Equal(t, "ACTIVE", us2StatusOf(t, env, w.Alice, w.GlobexSite), "other organizations' sites are untouched")
	})
	t.Run("someone on none of the organization's sites is NOT_FOUND for every organization-wide action", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme, w.Globex)
		for _, who := range []struct {
			name string
			id   gid.ID
		}{{"Alice, just removed", w.Alice}, {"Bob, managed but on no site", w.Bob}, {"Gina, unseen", w.Gina}} {
			_, r := us2OrgAction(t, acme, "suspendUserInOrganization", w.Acme, who.id)
			require.Equal(t, "NOT_FOUND", r.Code(), who.name)
			_, r = us2OrgAction(t, acme, "restoreUserInOrganization", w.Acme, who.id)
			require.Equal(t, "NOT_FOUND", r.Code(), who.name)
			_, r = us2OrgRemove(t, acme, w.Acme, who.id)
			require.Equal(t, "NOT_FOUND", r.Code(), who.name)
		}
		_, r := us2OrgAction(t, acme, "suspendUserInOrganization", w.Globex, w.Gina)
		us2RequireCode(t, "NOT_FOUND", r)
		mark.requireNone(t)
	})
}

func TestRule16_RecordActivityMovesDatesForwardOnly(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	type dates struct{ membership, account, orgUser *time.Time }
	read := func(t *testing.T, site, acct gid.ID) dates {
		t.Helper()
		var out struct {
			Node struct {
				LastActiveAt *time.Time
				Memberships  []us2Membership
			}
		}
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { lastActiveAt memberships { `+us2MembershipFields+` } } } }`,
			map[string]any{"id": acct}, &out)
		d := dates{account: out.Node.LastActiveAt}
		for _, m := range out.Node.Memberships {
			if m.Site.ID == site {
				d.membership = m.LastActiveAt
			}
		}
		if u := us2OrgUserOf(t, acme, w.Acme, acct); u != nil {
			d.orgUser = u.LastActiveAt
		}
		return d
	}
	requireAt := func(t *testing.T, want time.Time, got *time.Time, what string) {
		t.Helper()
		require.NotNil(t, got, what)
		require.True(t, want.Equal(*got), "%s: want %s, got %s", what, want, got)
	}

	t.Run("an INVITED user becomes ACTIVE at the reported time", func(t *testing.T) {
		at := testkit.Start.Add(-30 * time.Minute)
		m, r := us2RecordActivity(t, acme, w.AcmeEng, w.Eve, &at)
		require.Empty(t, r.Errors)
		require.Equal(t, "ACTIVE", m.Status)
		requireAt(t, at, m.LastActiveAt, "membership")
		d := read(t, w.AcmeEng, w.Eve)
		requireAt(t, at, d.membership, "membership")
		requireAt(t, at, d.account, "account")
		requireAt(t, at, d.orgUser, "Users row")
		require.Equal(t, "ACTIVE", us2OrgUserOf(t, acme, w.Acme, w.Eve).Status)
		require.Equal(t, us2Stats{Total: 3, Active: 3}, us2SiteStats(t, acme, w.AcmeEng))
		us2RequireDerivedAgree(t, env)
	})

	t.Run("a SUSPENDED user is INVALID_STATE and nothing moves", func(t *testing.T) {
		_, r := us2Suspend(t, acme, w.AcmeEng, w.Gus, "")
		require.Empty(t, r.Errors)
		before := read(t, w.AcmeEng, w.Gus)
		_, r = us2RecordActivity(t, acme, w.AcmeEng, w.Gus, nil)
		us2RequireCode(t, "INVALID_STATE", r)
		require.Equal(t, before, read(t, w.AcmeEng, w.Gus))
		require.Equal(t, "SUSPENDED", us2StatusOf(t, env, w.Gus, w.AcmeEng))
	})

	t.Run("a time in the future is INVALID_INPUT naming at, and an invited user stays INVITED", func(t *testing.T) {
		_, r := us2Invite(t, acme, w.AcmeEng, "bob@acme.test")
		require.Empty(t, r.Errors)
		future := env.Clock.Now().Add(time.Hour)
		_, r = us2RecordActivity(t, acme, w.AcmeEng, w.Bob, &future)
		us2RequireCode(t, "INVALID_INPUT", r)
		require.Equal(t, "at", r.Field())
		require.Equal(t, "INVITED", us2StatusOf(t, env, w.Bob, w.AcmeEng))
		d := read(t, w.AcmeEng, w.Bob)
		require.Nil(t, d.membership)
		require.Nil(t, d.account)
		us2RequireDerivedAgree(t, env)
	})

	t.Run("without a time, the activity is now", func(t *testing.T) {
		env.Clock.Advance(20 * time.Minute)
		now := env.Clock.Now()
		m, r := us2RecordActivity(t, acme, w.AcmeEng, w.Alice, nil)
		require.Empty(t, r.Errors)
		requireAt(t, now, m.LastActiveAt, "membership")
		d := read(t, w.AcmeEng, w.Alice)
		requireAt(t, now, d.membership, "membership")
		requireAt(t, now, d.account, "account")
		requireAt(t, now, d.orgUser, "Users row")
		us2RequireDerivedAgree(t, env)
	})

	t.Run("an older time moves no date backwards", func(t *testing.T) {
		before := read(t, w.AcmeEng, w.Alice)
		old := testkit.Start.Add(-5 * time.Hour)
		m, r := us2RecordActivity(t, acme, w.AcmeEng, w.Alice, &old)
		require.Empty(t, r.Errors)
		require.Equal(t, "ACTIVE", m.Status)
		require.Equal(t, before, read(t, w.AcmeEng, w.Alice))
		us2RequireDerivedAgree(t, env)
	})

	t.Run("an older time on another site sets that site's date and makes it ACTIVE, but not the account's or the row's", func(t *testing.T) {
		latest := read(t, w.AcmeEng, w.Alice).account
		_, r := us2Invite(t, acme, w.AcmeSupport, "alice@acme.test")
		require.Empty(t, r.Errors)
		old := testkit.Start.Add(-5 * time.Hour)
		m, r := us2RecordActivity(t, acme, w.AcmeSupport, w.Alice, &old)
		require.Empty(t, r.Errors)
		require.Equal(t, "ACTIVE", m.Status)
		requireAt(t, old, m.LastActiveAt, "acme-support membership")
		d := read(t, w.AcmeSupport, w.Alice)
		requireAt(t, old, d.membership, "acme-support membership")
		requireAt(t, *latest, d.account, "account")
		requireAt(t, *latest, d.orgUser, "Users row")
		us2RequireDerivedAgree(t, env)
	})

	t.Run("activity on another organization's site moves the account's date but not this organization's row", func(t *testing.T) {
		rowBefore := read(t, w.AcmeEng, w.Alice).orgUser
		env.Clock.Advance(10 * time.Minute)
		now := env.Clock.Now()
		_, r := us2RecordActivity(t, globex, w.GlobexSite, w.Alice, nil)
		require.Empty(t, r.Errors)
		d := read(t, w.AcmeEng, w.Alice)
		requireAt(t, now, d.account, "account")
		requireAt(t, *rowBefore, d.orgUser, "Acme's Users row")
		us2RequireDerivedAgree(t, env)
	})

	t.Run("someone who is not a user of the site is NOT_FOUND", func(t *testing.T) {
		_, r := us2RecordActivity(t, acme, w.AcmeSupport, w.Pat, nil)
		us2RequireCode(t, "NOT_FOUND", r)
	})
}

// us2Group looks a group of a site up by name through the API.
func us2Group(t testing.TB, c *testkit.Client, site gid.ID, name string) gid.ID {
	t.Helper()
	var out struct {
		Site struct {
			Groups []struct {
				ID   gid.ID
				Name string
			}
		}
	}
	c.MustQuery(`query($id: ID!) { site(id: $id) { groups { id name } } }`, map[string]any{"id": site}, &out)
	for _, g := range out.Site.Groups {
		if g.Name == name {
			return g.ID
		}
	}
	t.Fatalf("no group %s", name)
	return ""
}

func TestRule18_AddGroupMemberNeedsAMembershipOnTheGroupsSite(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	jsmUsers := us2Group(t, acme, w.AcmeSupport, "jira-servicemanagement-users-acme-support")

	t.Run("a managed account on no site is INVALID_STATE: invite first", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2GroupMember(t, acme, "addGroupMember", w.AcmeJiraUsers, w.Bob)
		us2RequireCode(t, "INVALID_STATE", r)
		require.Contains(t, r.Message(), "invite")
		mark.requireNone(t)
	})
	t.Run("a user of another site of the organization is INVALID_STATE", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2GroupMember(t, acme, "addGroupMember", jsmUsers, w.Eve)
		us2RequireCode(t, "INVALID_STATE", r)
		mark.requireNone(t)
	})
	t.Run("another organization's account Acme does not see is NOT_FOUND, like one that does not exist", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme, w.Globex)
		_, missing := us2GroupMember(t, acme, "addGroupMember", w.AcmeJiraUsers, gid.New("acc"))
		us2RequireCode(t, "NOT_FOUND", missing)
		_, r := us2GroupMember(t, acme, "addGroupMember", w.AcmeJiraUsers, w.Gina)
		us2RequireCode(t, "NOT_FOUND", r)
		require.Equal(t, missing.Message(), r.Message())
		mark.requireNone(t)
	})

	t.Run("once invited, the user is added, with one audit event", func(t *testing.T) {
		_, r := us2Invite(t, acme, w.AcmeEng, "bob@acme.test")
		require.Empty(t, r.Errors)
		mark := us2MarkAudit(t, env, w.Acme)
		name, r := us2GroupMember(t, acme, "addGroupMember", w.AcmeJiraUsers, w.Bob)
		require.Empty(t, r.Errors)
		require.Equal(t, "jira-users-acme-eng", name)
		require.Equal(t, []string{"group.member_added"}, mark.since(t, w.Acme))
		m, r := us2ProductAccess(t, acme, "revokeProductAccess", w.AcmeEng, w.Bob, "CONFLUENCE", "USER") // a no-op read of the membership
		require.Empty(t, r.Errors)
		require.Equal(t, []string{"jira-users-acme-eng"}, m.groupNames())
		require.Equal(t, []us2Access{{"JIRA", "USER"}}, m.ProductAccess)
	})
	t.Run("adding a member again changes nothing and writes nothing", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2GroupMember(t, acme, "addGroupMember", w.AcmeJiraUsers, w.Bob)
		require.Empty(t, r.Errors)
		mark.requireNone(t)
	})
	t.Run("removeGroupMember takes the user out, with one audit event", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2GroupMember(t, acme, "removeGroupMember", w.AcmeJiraUsers, w.Bob)
		require.Empty(t, r.Errors)
		require.Equal(t, []string{"group.member_removed"}, mark.since(t, w.Acme))
		m, r := us2ProductAccess(t, acme, "revokeProductAccess", w.AcmeEng, w.Bob, "CONFLUENCE", "USER")
		require.Empty(t, r.Errors)
		require.Empty(t, m.Groups)
		require.Empty(t, m.ProductAccess)
	})
	t.Run("removing a non-member changes nothing and writes nothing", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2GroupMember(t, acme, "removeGroupMember", w.AcmeJiraUsers, w.Bob)
		require.Empty(t, r.Errors)
		mark.requireNone(t)
	})
	t.Run("a user removed from the site must be invited again", func(t *testing.T) {
		_, r := us2Remove(t, acme, w.AcmeEng, w.Bob)
		require.Empty(t, r.Errors)
		mark := us2MarkAudit(t, env, w.Acme)
		_, r = us2GroupMember(t, acme, "addGroupMember", w.AcmeJiraUsers, w.Bob)
		us2RequireCode(t, "INVALID_STATE", r)
		mark.requireNone(t)
	})
}

func TestProductAccess_GrantAddsToDefaultGroupsAndRevokeRemovesEveryGrantingGroup(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	_, r := us2Invite(t, acme, w.AcmeEng, "bob@acme.test")
	require.Empty(t, r.Errors)
	// Two groups of acme-eng an admin made: eng-leads (Confluence admin and Jira user)
	// and readers (Confluence user).
	var leads, readers gid.ID
	require.NoError(t, directory.WithTx(viewer.System(context.Background()), env.App.DB.Client, func(tx *ent.Tx) error {
		ctx := viewer.System(context.Background())
		mk := func(name string, grants ...[2]string) gid.ID {
			g := tx.Group.Create().SetSiteID(w.AcmeEng).SetName(name).SaveX(ctx)
			for _, gr := range grants {
				tx.GroupGrant.Create().SetGroupID(g.ID).SetProduct(groupgrant.Product(gr[0])).SetRole(groupgrant.Role(gr[1])).ExecX(ctx)
			}
			return g.ID
		}
		leads = mk("eng-leads", [2]string{"CONFLUENCE", "ADMIN"}, [2]string{"JIRA", "USER"})
		readers = mk("readers", [2]string{"CONFLUENCE", "USER"})
		return nil
	}))

	step := func(t *testing.T, mutation, product, role string, wantAccess []us2Access, wantGroups []string, wantEvents int) {
		t.Helper()
		mark := us2MarkAudit(t, env, w.Acme)
		m, r := us2ProductAccess(t, acme, mutation, w.AcmeEng, w.Bob, product, role)
		require.Empty(t, r.Errors)
		require.ElementsMatch(t, wantAccess, m.ProductAccess, "productAccess")
		require.ElementsMatch(t, wantGroups, m.groupNames(), "groups")
		events := mark.since(t, w.Acme)
		require.Len(t, events, wantEvents, "audit events: %v", events)
		for _, e := range events {
			require.Equal(t, map[string]string{"grantProductAccess": "user.product_access_granted",
				"revokeProductAccess": "user.product_access_revoked"}[mutation], e)
		}
	}

	t.Run("granting USER adds the user to the product's default users group", func(t *testing.T) {
		step(t, "grantProductAccess", "JIRA", "USER", []us2Access{{"JIRA", "USER"}}, []string{"jira-users-acme-eng"}, 1)
	})
	t.Run("granting it again changes nothing and writes nothing", func(t *testing.T) {
		step(t, "grantProductAccess", "JIRA", "USER", []us2Access{{"JIRA", "USER"}}, []string{"jira-users-acme-eng"}, 0)
	})
	t.Run("granting ADMIN also gives USER: both default groups", func(t *testing.T) {
		step(t, "grantProductAccess", "CONFLUENCE", "ADMIN",
			[]us2Access{{"JIRA", "USER"}, {"CONFLUENCE", "USER"}, {"CONFLUENCE", "ADMIN"}},
			[]string{"jira-users-acme-eng", "confluence-users-acme-eng", "confluence-admins-acme-eng"}, 1)
	})
	t.Run("revoking ADMIN keeps USER", func(t *testing.T) {
		step(t, "revokeProductAccess", "CONFLUENCE", "ADMIN",
			[]us2Access{{"JIRA", "USER"}, {"CONFLUENCE", "USER"}},
			[]string{"jira-users-acme-eng", "confluence-users-acme-eng"}, 1)
	})
	t.Run("revoking USER also takes ADMIN away, since ADMIN includes USER", func(t *testing.T) {
		step(t, "grantProductAccess", "CONFLUENCE", "ADMIN",
			[]us2Access{{"JIRA", "USER"}, {"CONFLUENCE", "USER"}, {"CONFLUENCE", "ADMIN"}},
			[]string{"jira-users-acme-eng", "confluence-users-acme-eng", "confluence-admins-acme-eng"}, 1)
		step(t, "revokeProductAccess", "CONFLUENCE", "USER", []us2Access{{"JIRA", "USER"}}, []string{"jira-users-acme-eng"}, 1)
	})
	t.Run("revoking a role the user does not have changes nothing and writes nothing", func(t *testing.T) {
		step(t, "revokeProductAccess", "CONFLUENCE", "ADMIN", []us2Access{{"JIRA", "USER"}}, []string{"jira-users-acme-eng"}, 0)
	})
	t.Run("revoking removes the user from every group of the site granting the role; the answer shows what remains", func(t *testing.T) {
		for _, g := range []gid.ID{leads, readers} {
			_, r := us2GroupMember(t, acme, "addGroupMember", g, w.Bob)
			require.Empty(t, r.Errors)
		}
		// eng-leads grants Confluence admin and Jira user; readers grants Confluence user.
		step(t, "revokeProductAccess", "CONFLUENCE", "ADMIN",
			[]us2Access{{"JIRA", "USER"}, {"CONFLUENCE", "USER"}}, []string{"jira-users-acme-eng", "readers"}, 1)
		_, r := us2GroupMember(t, acme, "addGroupMember", leads, w.Bob)
		require.Empty(t, r.Errors)
		step(t, "revokeProductAccess", "JIRA", "USER",
			[]us2Access{{"CONFLUENCE", "USER"}}, []string{"readers"}, 1)
	})
	t.Run("a product not installed on the site is INVALID_INPUT naming product, and writes nothing", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme)
		_, r := us2ProductAccess(t, acme, "grantProductAccess", w.AcmeEng, w.Bob, "TRELLO", "USER")
		us2RequireCode(t, "INVALID_INPUT", r)
		require.Equal(t, "product", r.Field())
		_, r = us2ProductAccess(t, acme, "grantProductAccess", w.AcmeSupport, w.Pat, "JIRA_SERVICE_MANAGEMENT", "USER")
		us2RequireCode(t, "NOT_FOUND", r) // Pat is not a user of acme-support
		mark.requireNone(t)
	})
	t.Run("the account's product access shows what remains", func(t *testing.T) {
		var out struct {
			Node struct {
				ProductAccess []us2Access
			}
		}
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { productAccess { product role } } } }`,
			map[string]any{"id": w.Bob}, &out)
		require.ElementsMatch(t, []us2Access{{"CONFLUENCE", "USER"}}, out.Node.ProductAccess)
	})
}

func TestRule3_UserCountersEqualARecountAfter500RandomMutations(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	sys := viewer.System(context.Background())
	rng := rand.New(rand.NewSource(20260302))
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)

	type siteInfo struct {
		id       gid.ID
		org      gid.ID
		products []string
	}
	sites := []siteInfo{
		{w.AcmeEng, w.Acme, []string{"JIRA", "CONFLUENCE"}},
		{w.AcmeSupport, w.Acme, []string{"JIRA_SERVICE_MANAGEMENT"}},
		{w.GlobexSite, w.Globex, []string{"JIRA", "TRELLO"}},
	}
	client := func(org gid.ID) *testkit.Client {
		if org == w.Acme {
			return acme
		}
		return globex
	}
	emails := []string{"alice@acme.test", "bob@acme.test", "pat@acme.test", "gus@globex.test", "gina@globex.test", "eve@gmail.test"}
	for i := 0; i < 8; i++ {
		emails = append(emails, fmt.Sprintf("user%d@acme.test", i))
	}
	for i := 0; i < 5; i++ {
		emails = append(emails, fmt.Sprintf("ext%d@gmail.test", i), fmt.Sprintf("staff%d@globex.test", i), fmt.Sprintf("lab%d@acme.dev", i))
	}
	known := map[gid.ID]bool{w.Alice: true, w.Bob: true, w.Pat: true, w.Gus: true, w.Gina: true, w.Eve: true}
	// target picks, most of the time, a current user of the site, else any account.
	target := func(site gid.ID) gid.ID {
		if rng.Intn(10) < 8 {
			rows, err := env.Query(`SELECT account_id FROM memberships WHERE site_id = ? AND removed_at IS NULL ORDER BY id`, string(site))
			require.NoError(t, err)
			var ids []gid.ID
			for rows.Next() {
				var id string
				require.NoError(t, rows.Scan(&id))
				ids = append(ids, gid.ID(id))
			}
			rows.Close()
			if len(ids) > 0 {
				return ids[rng.Intn(len(ids))]
			}
		}
		all := make([]gid.ID, 0, len(known))
		for id := range known {
			all = append(all, id)
		}
		sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
		return all[rng.Intn(len(all))]
	}
	product := func(s siteInfo) string {
		if rng.Intn(12) == 0 {
			return "BITBUCKET" // installed nowhere: refused
		}
		return s.products[rng.Intn(len(s.products))]
	}
	role := func() string { return []string{"USER", "ADMIN"}[rng.Intn(2)] }
	siteGroups := map[gid.ID][]gid.ID{}
	for _, s := range sites {
		var out struct {
			Site struct{ Groups []struct{ ID gid.ID } }
		}
		client(s.org).MustQuery(`query($id: ID!) { site(id: $id) { groups { id } } }`, map[string]any{"id": s.id}, &out)
		for _, g := range out.Site.Groups {
			siteGroups[s.id] = append(siteGroups[s.id], g.ID)
		}
		require.NotEmpty(t, siteGroups[s.id])
	}

	withoutSiteAccess := map[int]bool{}
	check := func(t *testing.T, label string) {
		t.Helper()
		rc := us2RequireDerivedAgree(t, env)
		var stray int
		require.NoError(t, env.QueryRow(`SELECT COUNT(*) FROM group_members gm
		  JOIN memberships m ON m.id = gm.membership_id JOIN groups g ON g.id = gm.group_id
		  WHERE m.removed_at IS NOT NULL OR g.site_id <> m.site_id`).Scan(&stray))
		require.Zero(t, stray, "%s: group memberships of removed memberships or of another site's groups", label)
		for _, s := range sites {
			c := client(s.org)
			require.Equal(t, rc.sites[s.id], us2SiteStats(t, c, s.id), "%s: Site.userStats of %s", label, s.id)
			var listed us2Stats
			for _, m := range us2AllSiteUsers(t, c, s.id) {
				listed.add(m.Status)
			}
			require.Equal(t, rc.sites[s.id], listed, "%s: Site.users of %s", label, s.id)
		}
		for _, org := range []gid.ID{w.Acme, w.Globex} {
			c := client(org)
			require.Equal(t, rc.orgs[org], us2OrgStats(t, c, org), "%s: Organization.userStats of %s", label, org)
			var listed us2Stats
			for _, u := range us2AllOrgUsers(t, c, org) {
				listed.add(u.Status)
			}
			require.Equal(t, rc.orgs[org], listed, "%s: Organization.users of %s", label, org)
			us2RequireFilteredCounts(t, env, c, org, label)

			recount, err := env.App.Directory.Recount(sys, org)
			require.NoError(t, err)
			var out struct {
				Organization struct{ ManagedAccountStats directory.ManagedAccountStats }
			}
			c.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccountStats {
			  total active deactivated pendingDeletion secureLogin secureLoginPercent billable withoutSiteAccess
			  lastActive { last30Days days30To90 over90Days never } } } }`, map[string]any{"org": org}, &out)
			require.Equal(t, *recount, out.Organization.ManagedAccountStats, "%s: Managed accounts stats of %s", label, org)
			var without int
			require.NoError(t, env.QueryRow(`SELECT COUNT(*) FROM accounts a WHERE a.managing_org_id = ? AND a.status <> 'DELETED'
			  AND NOT EXISTS (SELECT 1 FROM memberships m JOIN sites s ON s.id = m.site_id
			    WHERE m.account_id = a.id AND m.removed_at IS NULL AND s.org_id = a.managing_org_id)`, string(org)).Scan(&without))
			require.Equal(t, without, out.Organization.ManagedAccountStats.WithoutSiteAccess, "%s: withoutSiteAccess of %s", label, org)
			if org == w.Acme {
				withoutSiteAccess[without] = true
			}
		}
	}

	applied := map[string]int{}
	refused := map[string]int{}
	tally := func(kind string, r testkit.Response) {
		if len(r.Errors) == 0 {
			applied[kind]++
			return
		}
		refused[kind]++
		code := r.Code()
		require.Contains(t, []string{"NOT_FOUND", "INVALID_STATE", "CONFLICT", "INVALID_INPUT"}, code,
			"%s refused with %+v", kind, r.Errors)
	}
	start := time.Now()
	for i := 0; i < 500; i++ {
		s := sites[rng.Intn(len(sites))]
		c := client(s.org)
		switch op := rng.Intn(100); {
		case op < 16:
			n := 1 + rng.Intn(3)
			list := make([]string, n)
			for j := range list {
				list[j] = emails[rng.Intn(len(emails))]
			}
			ms, r := us2Invite(t, c, s.id, list...)
			for _, m := range ms {
				known[m.Account.ID] = true
			}
			tally("invite", r)
		case op < 27:
			tally("suspend", us2R(us2Suspend(t, c, s.id, target(s.id), fmt.Sprintf("step %d", i))))
		case op < 38:
			tally("restore", us2R(us2Restore(t, c, s.id, target(s.id))))
		case op < 46:
			tally("remove", us2R(us2Remove(t, c, s.id, target(s.id))))
		case op < 52:
			tally("orgSuspend", us2R(us2OrgAction(t, c, "suspendUserInOrganization", s.org, target(s.id))))
		case op < 58:
			tally("orgRestore", us2R(us2OrgAction(t, c, "restoreUserInOrganization", s.org, target(s.id))))
		case op < 61:
			tally("orgRemove", us2R(us2OrgRemove(t, c, s.org, target(s.id))))
		case op < 75:
			var at *time.Time
			switch rng.Intn(4) {
			case 0: // now
			case 1:
				future := env.Clock.Now().Add(time.Duration(1+rng.Intn(48)) * time.Hour)
				at = &future
			default:
				past := env.Clock.Now().Add(-time.Duration(rng.Int63n(120*86400)) * time.Second)
				at = &past
			}
			tally("activity", us2R(us2RecordActivity(t, c, s.id, target(s.id), at)))
		case op < 85:
			tally("grant", us2R(us2ProductAccess(t, c, "grantProductAccess", s.id, target(s.id), product(s), role())))
		case op < 93:
			tally("revoke", us2R(us2ProductAccess(t, c, "revokeProductAccess", s.id, target(s.id), product(s), role())))
		case op < 97:
			groups := siteGroups[s.id]
			mutation := []string{"addGroupMember", "removeGroupMember"}[rng.Intn(2)]
			tally("group", us2R(us2GroupMember(t, c, mutation, groups[rng.Intn(len(groups))], target(s.id))))
		default:
			env.Clock.Advance(time.Duration(1+rng.Intn(50)) * time.Minute)
			// Sessions end after an idle hour: sign in again, as a browser would.
			acme = env.Login(testkit.AcmeAdminEmail, testkit.Password)
			globex = env.Login(testkit.GlobexAdminEmail, testkit.Password)
			applied["clock"]++
		}
		if i%100 == 99 {
			check(t, fmt.Sprintf("after %d mutations", i+1))
		}
	}
	t.Logf("applied %v, refused %v in %s", applied, refused, time.Since(start))
	for _, kind := range []string{"invite", "suspend", "restore", "remove", "orgSuspend", "orgRestore", "orgRemove", "activity", "grant", "revoke", "group"} {
		require.Positive(t, applied[kind], "no %s was applied: the sequence tests too little", kind)
		require.Positive(t, refused[kind], "no %s was refused: the sequence tests too little", kind)
	}
	require.Greater(t, len(withoutSiteAccess), 1, "withoutSiteAccess moved with invites and removals")

	t.Run("the counters of every site and organization equal a recount of the memberships", func(t *testing.T) {
		check(t, "at the end")
	})
	t.Run("every account's org_users row agrees with the aggregate of its memberships", func(t *testing.T) {
		rc := us2RecountFromSQL(t, env)
		require.NotEmpty(t, rc.orgUsers)
		require.Equal(t, rc.orgUsers, us2OrgUserRows(t, env))
	})
}

// us2RequireFilteredCounts checks the totalCount of the organization's Users list
// filtered by product and status, or by status alone (read from the counters), against
// a recount of the rows.
func us2RequireFilteredCounts(t *testing.T, env *testkit.Env, c *testkit.Client, org gid.ID, label string) {
	t.Helper()
	for _, product := range []string{"", "JIRA", "CONFLUENCE", "TRELLO", "JIRA_SERVICE_MANAGEMENT"} {
		for _, status := range []string{"", "ACTIVE", "INVITED", "SUSPENDED"} {
			where := map[string]any{}
			var want int
			switch {
			case product != "":
				where["product"] = product
				require.NoError(t, env.QueryRow(`SELECT COALESCE(SUM(n), 0) FROM (`+testkit.ProductCountsSQL+`) AS p
					WHERE scope = ? AND (status = ? OR ? = '')`, string(org)+"/"+product, status, status).Scan(&want))
			default:
				require.NoError(t, env.QueryRow(`SELECT COUNT(*) FROM org_users WHERE org_id = ? AND (status = ? OR ? = '')`,
					string(org), status, status).Scan(&want))
			}
			if status != "" {
				where["status"] = status
			}
			var got struct {
				Organization struct{ Users struct{ TotalCount int } }
			}
			c.MustQuery(`query($org: ID!, $where: UserFilter) { organization(id: $org) { users(first: 1, where: $where) { totalCount } } }`,
				map[string]any{"org": org, "where": where}, &got)
			require.Equal(t, want, got.Organization.Users.TotalCount, "%s: users of %s where %v", label, org, where)
		}
	}
}
