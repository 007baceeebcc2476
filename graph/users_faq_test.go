package graph_test

import (
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
	"orgdir/internal/testkit"
)

// Helpers of the Users tests in this file and users_lists_test.go. They are prefixed
// "us1" so they do not collide with the helpers of other test files.

type us1Access struct {
	Site    struct{ ID gid.ID }
	Product string
	Role    string
}

type us1Group struct {
	ID   gid.ID
	Name string
}

type us1Membership struct {
	ID                     gid.ID
	Status                 string
	InvitedAt              *time.Time
	LastActiveAt           *time.Time
	Site                   struct{ ID gid.ID }
	Account                struct{ ID gid.ID }
	Groups                 []us1Group
	ProductAccess          []us1Access
	EffectiveProductAccess []us1Access
}

const us1MembershipFields = `id status invitedAt lastActiveAt site { id } account { id } groups { id name }
  productAccess { site { id } product role } effectiveProductAccess { site { id } product role }`

type us1UserAccount struct {
	ID           gid.ID
	Email, Name  string
	Managed      bool
	LastActiveAt *time.Time
}

type us1OrgUser struct {
	Status       string
	LastActiveAt *time.Time
	Account      us1UserAccount
	Memberships  []us1Membership
}

type us1SiteUser struct {
	us1Membership
	SiteAccount us1UserAccount `json:"acct"`
}

type us1Conn[T any] struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage bool
		EndCursor   *string
	}
	Edges []struct {
		Cursor string
		Node   T
	}
}

const us1OrgUsersQuery = `query($org: ID!, $first: Int, $after: Cursor, $search: String, $where: UserFilter, $orderBy: UserOrder) {
  organization(id: $org) {
    users(first: $first, after: $after, search: $search, where: $where, orderBy: $orderBy) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { status lastActiveAt account { id email name managed lastActiveAt }
        memberships { ` + us1MembershipFields + ` } } }
    }
  }
}`

const us1SiteUsersQuery = `query($site: ID!, $first: Int, $after: Cursor, $search: String, $where: UserFilter, $orderBy: UserOrder) {
  site(id: $site) {
    users(first: $first, after: $after, search: $search, where: $where, orderBy: $orderBy) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { ` + us1MembershipFields + ` acct: account { id email name managed lastActiveAt } } }
    }
  }
}`

// us1OrgUsersPage reads one page of Organization.users; args are its arguments.
func us1OrgUsersPage(t testing.TB, c *testkit.Client, org gid.ID, args map[string]any) us1Conn[us1OrgUser] {
	t.Helper()
	vars := map[string]any{"org": org}
	for k, v := range args {
		vars[k] = v
	}
	var out struct {
		Organization *struct{ Users us1Conn[us1OrgUser] }
	}
	c.MustQuery(us1OrgUsersQuery, vars, &out)
	require.NotNil(t, out.Organization)
	return out.Organization.Users
}

// us1SiteUsersPage reads one page of Site.users; args are its arguments.
func us1SiteUsersPage(t testing.TB, c *testkit.Client, site gid.ID, args map[string]any) us1Conn[us1SiteUser] {
	t.Helper()
	vars := map[string]any{"site": site}
	for k, v := range args {
		vars[k] = v
	}
	var out struct {
		Site *struct{ Users us1Conn[us1SiteUser] }
	}
	c.MustQuery(us1SiteUsersQuery, vars, &out)
	require.NotNil(t, out.Site)
	return out.Site.Users
}

// us1OrgUsers reads every row of Organization.users matching args in one page.
func us1OrgUsers(t testing.TB, c *testkit.Client, org gid.ID, args map[string]any) []us1OrgUser {
	t.Helper()
	a := map[string]any{"first": 100}
	for k, v := range args {
		a[k] = v
	}
	conn := us1OrgUsersPage(t, c, org, a)
	require.False(t, conn.PageInfo.HasNextPage)
	out := []us1OrgUser{}
	for _, e := range conn.Edges {
		out = append(out, e.Node)
	}
	require.Equal(t, conn.TotalCount, len(out), "totalCount counts the rows")
	return out
}

// us1SiteUsers reads every row of Site.users matching args in one page.
func us1SiteUsers(t testing.TB, c *testkit.Client, site gid.ID, args map[string]any) []us1SiteUser {
	t.Helper()
	a := map[string]any{"first": 100}
	for k, v := range args {
		a[k] = v
	}
	conn := us1SiteUsersPage(t, c, site, a)
	require.False(t, conn.PageInfo.HasNextPage)
	out := []us1SiteUser{}
	for _, e := range conn.Edges {
		out = append(out, e.Node)
	}
	require.Equal(t, conn.TotalCount, len(out), "totalCount counts the rows")
	return out
}

// us1OrgEmails lists the emails of the Organization.users rows matching args, sorted.
func us1OrgEmails(t testing.TB, c *testkit.Client, org gid.ID, args map[string]any) []string {
	t.Helper()
	out := []string{}
	for _, u := range us1OrgUsers(t, c, org, args) {
		out = append(out, u.Account.Email)
	}
	sort.Strings(out)
	return out
}

// us1SiteEmails lists the emails of the Site.users rows matching args, sorted.
func us1SiteEmails(t testing.TB, c *testkit.Client, site gid.ID, args map[string]any) []string {
	t.Helper()
	out := []string{}
	for _, u := range us1SiteUsers(t, c, site, args) {
		out = append(out, u.SiteAccount.Email)
	}
	sort.Strings(out)
	return out
}

func us1FindOrgUser(rows []us1OrgUser, id gid.ID) *us1OrgUser {
	for i := range rows {
		if rows[i].Account.ID == id {
			return &rows[i]
		}
	}
	return nil
}

func us1FindSiteUser(rows []us1SiteUser, id gid.ID) *us1SiteUser {
	for i := range rows {
		if rows[i].Account.ID == id {
			return &rows[i]
		}
	}
	return nil
}

type us1Stats struct{ Total, Active, Invited, Suspended int }

func us1OrgStats(t testing.TB, c *testkit.Client, org gid.ID) us1Stats {
	t.Helper()
	var out struct{ Organization struct{ UserStats us1Stats } }
	c.MustQuery(`query($org: ID!) { organization(id: $org) { userStats { total active invited suspended } } }`,
		map[string]any{"org": org}, &out)
	return out.Organization.UserStats
}

func us1SiteStats(t testing.TB, c *testkit.Client, site gid.ID) us1Stats {
	t.Helper()
	var out struct{ Site struct{ UserStats us1Stats } }
	c.MustQuery(`query($site: ID!) { site(id: $site) { userStats { total active invited suspended } } }`,
		map[string]any{"site": site}, &out)
	return out.Site.UserStats
}

// us1Invite runs inviteUsers; access is a list of {product, role} and may be nil.
func us1Invite(t testing.TB, c *testkit.Client, site gid.ID, emails []string, access []map[string]any, groupIDs []gid.ID) ([]us1Membership, testkit.Response) {
	t.Helper()
	vars := map[string]any{"site": site, "emails": emails}
	if access != nil {
		vars["access"] = access
	}
	if groupIDs != nil {
		vars["groups"] = groupIDs
	}
	r := c.Query(`mutation($site: ID!, $emails: [String!]!, $access: [ProductAccessInput!], $groups: [ID!]) {
	  inviteUsers(siteId: $site, emails: $emails, access: $access, groupIds: $groups) { `+us1MembershipFields+` } }`, vars)
	var out struct{ InviteUsers []us1Membership }
	if len(r.Errors) == 0 {
		r.Decode(&out)
	}
	return out.InviteUsers, r
}

// us1MustInvite invites emails to a site and fails the test unless it succeeds.
func us1MustInvite(t testing.TB, c *testkit.Client, site gid.ID, emails []string, access []map[string]any, groupIDs []gid.ID) []us1Membership {
	t.Helper()
	ms, r := us1Invite(t, c, site, emails, access, groupIDs)
	require.Empty(t, r.Errors, "invite %v: %+v", emails, r.Errors)
	return ms
}

// us1SiteMutation runs a (siteId, accountId) mutation that answers a Membership.
func us1SiteMutation(t testing.TB, c *testkit.Client, mutation string, site, acct gid.ID) (us1Membership, testkit.Response) {
	t.Helper()
	r := c.Query(`mutation($site: ID!, $acct: ID!) { m: `+mutation+`(siteId: $site, accountId: $acct) { `+us1MembershipFields+` } }`,
		map[string]any{"site": site, "acct": acct})
	var out struct{ M us1Membership }
	if len(r.Errors) == 0 {
		r.Decode(&out)
	}
	return out.M, r
}

func us1MustSiteMutation(t testing.TB, c *testkit.Client, mutation string, site, acct gid.ID) us1Membership {
	t.Helper()
	m, r := us1SiteMutation(t, c, mutation, site, acct)
	require.Empty(t, r.Errors, "%s: %+v", mutation, r.Errors)
	return m
}

// us1Remove runs removeUserFromSite and returns the removed membership's id.
func us1Remove(t testing.TB, c *testkit.Client, site, acct gid.ID) (gid.ID, testkit.Response) {
	t.Helper()
	r := c.Query(`mutation($site: ID!, $acct: ID!) { removeUserFromSite(siteId: $site, accountId: $acct) }`,
		map[string]any{"site": site, "acct": acct})
	var out struct{ RemoveUserFromSite gid.ID }
	if len(r.Errors) == 0 {
		r.Decode(&out)
	}
	return out.RemoveUserFromSite, r
}

// us1Activity records activity of a user on a site at the given time.
func us1Activity(t testing.TB, c *testkit.Client, site, acct gid.ID, at time.Time) us1Membership {
	t.Helper()
	var out struct{ RecordActivity us1Membership }
	c.MustQuery(`mutation($site: ID!, $acct: ID!, $at: Time) { recordActivity(siteId: $site, accountId: $acct, at: $at) { `+
		us1MembershipFields+` } }`, map[string]any{"site": site, "acct": acct, "at": at.UTC().Format(time.RFC3339)}, &out)
	return out.RecordActivity
}

// us1Grant grants a product role to a user of a site.
func us1Grant(t testing.TB, c *testkit.Client, site, acct gid.ID, product, role string) us1Membership {
	t.Helper()
	var out struct{ GrantProductAccess us1Membership }
	c.MustQuery(`mutation($site: ID!, $acct: ID!, $p: ProductKey!, $r: ProductRole!) {
	  grantProductAccess(siteId: $site, accountId: $acct, product: $p, role: $r) { `+us1MembershipFields+` } }`,
		map[string]any{"site": site, "acct": acct, "p": product, "r": role}, &out)
	return out.GrantProductAccess
}

type us1Suggestion struct {
	SuggestedByLabel string
	Changes          []struct{ Field, Value string }
}

type us1AccountView struct {
	ID               gid.ID
	Email, Name      string
	JobTitle         *string
	Status           string
	Managed          bool
	LastActiveAt     *time.Time
	Memberships      []struct{ ID gid.ID }
	SuggestedChanges []us1Suggestion
	AuditEvents      struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				Action   string
				TargetID *string
			}
		}
	}
}

const us1AccountQuery = `query($id: ID!) { node(id: $id) { ... on Account { id email name jobTitle status managed
  lastActiveAt memberships { id } suggestedChanges { suggestedByLabel changes { field value } }
  auditEvents(first: 100) { totalCount edges { node { action targetID } } } } } }`

// us1Account reads an account as c's admin sees it.
func us1Account(t testing.TB, c *testkit.Client, id gid.ID) (us1AccountView, testkit.Response) {
	t.Helper()
	r := c.Query(us1AccountQuery, map[string]any{"id": id})
	var out struct{ Node us1AccountView }
	if len(r.Errors) == 0 {
		r.Decode(&out)
	}
	return out.Node, r
}

func us1MustAccount(t testing.TB, c *testkit.Client, id gid.ID) us1AccountView {
	t.Helper()
	a, r := us1Account(t, c, id)
	require.Empty(t, r.Errors, "account %s: %+v", id, r.Errors)
	return a
}

// us1AuditActions lists the actions of an account's audit history, newest first.
func us1AuditActions(a us1AccountView) []string {
	out := []string{}
	for _, e := range a.AuditEvents.Edges {
		out = append(out, e.Node.Action)
	}
	return out
}

// us1ManagedEmails lists the emails on org's Managed accounts page matching where, sorted.
func us1ManagedEmails(t testing.TB, c *testkit.Client, org gid.ID, where map[string]any) []string {
	t.Helper()
	var out struct {
		Organization struct {
			ManagedAccounts struct {
				Edges []struct{ Node struct{ Email string } }
			}
		}
	}
	c.MustQuery(`query($org: ID!, $where: ManagedAccountFilter) { organization(id: $org) {
	  managedAccounts(first: 100, where: $where) { edges { node { email } } } } }`,
		map[string]any{"org": org, "where": where}, &out)
	emails := []string{}
	for _, e := range out.Organization.ManagedAccounts.Edges {
		emails = append(emails, e.Node.Email)
	}
	sort.Strings(emails)
	return emails
}

type us1ManagedStats struct{ Total, Active, WithoutSiteAccess int }

func us1ManagedAccountStats(t testing.TB, c *testkit.Client, org gid.ID) us1ManagedStats {
	t.Helper()
	var out struct {
		Organization struct{ ManagedAccountStats us1ManagedStats }
	}
	c.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccountStats { total active withoutSiteAccess } } }`,
		map[string]any{"org": org}, &out)
	return out.Organization.ManagedAccountStats
}

type us1AuditEvent struct {
	Action      string
	TargetID    *string
	TargetLabel string
}

// us1OrgAudit lists org's audit log, newest first, as c's admin reads it.
func us1OrgAudit(t testing.TB, c *testkit.Client, org gid.ID) []us1AuditEvent {
	t.Helper()
	var out struct {
		Organization struct {
			AuditEvents struct {
				Edges []struct{ Node us1AuditEvent }
			}
		}
	}
	c.MustQuery(`query($org: ID!) { organization(id: $org) { auditEvents(first: 100) { edges { node { action targetID targetLabel } } } } }`,
		map[string]any{"org": org}, &out)
	var events []us1AuditEvent
	for _, e := range out.Organization.AuditEvents.Edges {
		events = append(events, e.Node)
	}
	return events
}

// us1SQLCount runs a COUNT query straight on the database file.
func us1SQLCount(t testing.TB, env *testkit.Env, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, env.QueryRow(query, args...).Scan(&n))
	return n
}

// us1Rows counts the rows an invitation could write: accounts, memberships, group
// memberships and audit events, in every organization.
type us1Rows struct{ Accounts, Memberships, GroupMembers, AuditEvents int }

func us1CountRows(t testing.TB, env *testkit.Env) us1Rows {
	t.Helper()
	return us1Rows{
		Accounts:     us1SQLCount(t, env, `SELECT COUNT(*) FROM accounts`),
		Memberships:  us1SQLCount(t, env, `SELECT COUNT(*) FROM memberships`),
		GroupMembers: us1SQLCount(t, env, `SELECT COUNT(*) FROM group_members`),
		AuditEvents:  us1SQLCount(t, env, `SELECT COUNT(*) FROM audit_events`),
	}
}

func us1AccessPairs(pas []us1Access) []string {
	out := []string{}
	for _, pa := range pas {
		out = append(out, string(pa.Site.ID)+":"+pa.Product+":"+pa.Role)
	}
	sort.Strings(out)
	return out
}

func us1GroupIDs(gs []us1Group) []gid.ID {
	out := []gid.ID{}
	for _, g := range gs {
		out = append(out, g.ID)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// us1Setup starts orgdir, seeds the World and signs both organizations' admins in.
func us1Setup(t *testing.T) (*testkit.Env, *testkit.World, *testkit.Client, *testkit.Client) {
	t.Helper()
	env := testkit.New(t)
	w := env.Seed()
	return env, w, env.Login(testkit.AcmeAdminEmail, testkit.Password), env.Login(testkit.GlobexAdminEmail, testkit.Password)
}

func TestFAQ_InvitedExternalUserIsOnUsersNotOnManagedAccounts(t *testing.T) {
	env, w, acme, globex := us1Setup(t)
	managedBefore := us1ManagedEmails(t, acme, w.Acme, nil)

	ms := us1MustInvite(t, acme, w.AcmeEng, []string{"Xavier@Outside.test"}, nil, nil)
	require.Len(t, ms, 1)
	xavier := ms[0].Account.ID

	t.Run("the new external user is on Acme's centralized Users list as INVITED", func(t *testing.T) {
		u := us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), xavier)
		require.NotNil(t, u)
		require.Equal(t, "INVITED", u.Status)
		require.Equal(t, "Xavier@Outside.test", u.Account.Email)
		require.False(t, u.Account.Managed)
	})

	t.Run("the new external user is on the site's Users list", func(t *testing.T) {
		u := us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), xavier)
		require.NotNil(t, u)
		require.Equal(t, "INVITED", u.Status)
		require.Equal(t, ms[0].ID, u.ID)
	})

	t.Run("the new external user is not on Acme's Managed accounts page", func(t *testing.T) {
		require.Equal(t, managedBefore, us1ManagedEmails(t, acme, w.Acme, nil))
		require.NotContains(t, us1ManagedEmails(t, acme, w.Acme, nil), "Xavier@Outside.test")
	})

	t.Run("Eve, an existing external account, is on Users and not on Managed accounts", func(t *testing.T) {
		require.Contains(t, us1OrgEmails(t, acme, w.Acme, nil), "eve@gmail.test")
		require.Contains(t, us1SiteEmails(t, acme, w.AcmeEng, nil), "eve@gmail.test")
		require.NotContains(t, us1ManagedEmails(t, acme, w.Acme, nil), "eve@gmail.test")
		require.False(t, us1MustAccount(t, acme, w.Eve).Managed)
	})

	t.Run("Globex inviting Eve to its site lists her on its Users page and not on its Managed accounts", func(t *testing.T) {
		globexManaged := us1ManagedEmails(t, globex, w.Globex, nil)
		us1MustInvite(t, globex, w.GlobexSite, []string{"eve@gmail.test"}, nil, nil)
		require.Contains(t, us1SiteEmails(t, globex, w.GlobexSite, nil), "eve@gmail.test")
		require.Contains(t, us1OrgEmails(t, globex, w.Globex, nil), "eve@gmail.test")
		require.Equal(t, globexManaged, us1ManagedEmails(t, globex, w.Globex, nil))
		require.False(t, us1MustAccount(t, globex, w.Eve).Managed)
	})

	t.Run("no organization manages the invited external accounts", func(t *testing.T) {
		require.Zero(t, us1SQLCount(t, env, `SELECT COUNT(*) FROM accounts WHERE id IN (?, ?) AND managing_org_id IS NOT NULL`,
			xavier, w.Eve))
	})
}

func TestFAQ_RemovedUserIsStillOnManagedAccountsWithItsHistory(t *testing.T) {
	env, w, acme, _ := us1Setup(t)
	// Alice was last active on acme-eng an hour before the start (seed); a later report moves it.
	// (The clock moves in steps shorter than the sessions' idle timeout.)
	env.Clock.Advance(30 * time.Minute)
	lastActive := env.Clock.Now().Add(-10 * time.Minute)
	m := us1Activity(t, acme, w.AcmeEng, w.Alice, lastActive)
	require.True(t, m.LastActiveAt.Equal(lastActive))
	before := us1MustAccount(t, acme, w.Alice)
	require.NotZero(t, before.AuditEvents.TotalCount, "Alice has history: her invitation to acme-eng")

	env.Clock.Advance(30 * time.Minute)
	removed, r := us1Remove(t, acme, w.AcmeEng, w.Alice)
	require.Empty(t, r.Errors)
	require.Equal(t, m.ID, removed, "removeUserFromSite answers the removed membership's id")

	t.Run("she is no longer on the Users lists", func(t *testing.T) {
		require.Nil(t, us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Alice))
		require.Nil(t, us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Alice))
	})

	t.Run("she is still on the Managed accounts page, with her last-active date", func(t *testing.T) {
		require.Contains(t, us1ManagedEmails(t, acme, w.Acme, nil), "alice@acme.test")
		a := us1MustAccount(t, acme, w.Alice)
		require.True(t, a.Managed)
		require.Equal(t, "ACTIVE", a.Status)
		require.NotNil(t, a.LastActiveAt)
		require.True(t, a.LastActiveAt.Equal(lastActive), "last active %s, want %s", a.LastActiveAt, lastActive)
		require.Empty(t, a.Memberships, "no membership on Acme's sites any more")
	})

	t.Run("her audit history is kept and the removal added to it", func(t *testing.T) {
		a := us1MustAccount(t, acme, w.Alice)
		require.Equal(t, before.AuditEvents.TotalCount+1, a.AuditEvents.TotalCount)
		require.Equal(t, "user.removed", us1AuditActions(a)[0])
		require.Equal(t, us1AuditActions(before), us1AuditActions(a)[1:], "the earlier events are all still there")
	})

	t.Run("the removed membership keeps its last-active date for the site's history", func(t *testing.T) {
		require.Equal(t, 1, us1SQLCount(t, env, `SELECT COUNT(*) FROM memberships WHERE id = ? AND removed_at IS NOT NULL
		  AND last_active_at IS NOT NULL`, removed))
	})
}

func TestFAQ_ClaimedAccountsHaveNoSiteAccessUntilInvited(t *testing.T) {
	_, w, acme, _ := us1Setup(t)
	stats := us1ManagedAccountStats(t, acme, w.Acme)

	t.Run("Bob is a managed account but not on the Users page", func(t *testing.T) {
		require.Contains(t, us1ManagedEmails(t, acme, w.Acme, nil), "bob@acme.test")
		require.Nil(t, us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Bob))
		for _, site := range []gid.ID{w.AcmeEng, w.AcmeSupport} {
			require.Nil(t, us1FindSiteUser(us1SiteUsers(t, acme, site, nil), w.Bob))
		}
		require.Empty(t, us1MustAccount(t, acme, w.Bob).Memberships)
	})

	t.Run("withoutSiteAccess counts him", func(t *testing.T) {
		require.Contains(t, us1ManagedEmails(t, acme, w.Acme, map[string]any{"hasSiteAccess": false}), "bob@acme.test")
		require.NotContains(t, us1ManagedEmails(t, acme, w.Acme, map[string]any{"hasSiteAccess": true}), "bob@acme.test")
		require.Equal(t, len(us1ManagedEmails(t, acme, w.Acme, map[string]any{"hasSiteAccess": false})), stats.WithoutSiteAccess)
	})

	ms := us1MustInvite(t, acme, w.AcmeEng, []string{"bob@acme.test"}, nil, nil)
	require.Len(t, ms, 1)

	t.Run("after inviteUsers he is INVITED on the site and appears on the Users lists", func(t *testing.T) {
		require.Equal(t, w.Bob, ms[0].Account.ID, "the existing account is invited, no new one is created")
		require.Equal(t, "INVITED", ms[0].Status)
		u := us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Bob)
		require.NotNil(t, u)
		require.Equal(t, "INVITED", u.Status)
		require.True(t, u.Account.Managed)
		su := us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Bob)
		require.NotNil(t, su)
		require.Equal(t, "INVITED", su.Status)
	})

	t.Run("withoutSiteAccess no longer counts him", func(t *testing.T) {
		after := us1ManagedAccountStats(t, acme, w.Acme)
		require.Equal(t, stats.WithoutSiteAccess-1, after.WithoutSiteAccess)
		require.Equal(t, stats.Total, after.Total)
		require.NotContains(t, us1ManagedEmails(t, acme, w.Acme, map[string]any{"hasSiteAccess": false}), "bob@acme.test")
		require.Contains(t, us1ManagedEmails(t, acme, w.Acme, map[string]any{"hasSiteAccess": true}), "bob@acme.test")
	})
}

func TestFAQ_UnmanagedAccountCannotBeDeactivatedButCanBeSuspendedOrRemoved(t *testing.T) {
	_, w, acme, globex := us1Setup(t)

	t.Run("deactivating Gus (managed by Globex) or Eve (managed by nobody) is NOT_MANAGED", func(t *testing.T) {
		for _, id := range []gid.ID{w.Gus, w.Eve} {
			r := acme.Query(`mutation($id: ID!) { deactivateAccount(accountId: $id) { id status } }`, map[string]any{"id": id})
			require.Equal(t, "NOT_MANAGED", r.Code(), "%+v", r.Errors)
			require.Equal(t, "ACTIVE", us1MustAccount(t, acme, id).Status)
		}
	})

	t.Run("Gus can be suspended from acme-eng and his account stays ACTIVE", func(t *testing.T) {
		m := us1MustSiteMutation(t, acme, "suspendUser", w.AcmeEng, w.Gus)
		require.Equal(t, "SUSPENDED", m.Status)
		require.Empty(t, m.EffectiveProductAccess, "no access while suspended")
		require.Equal(t, "ACTIVE", us1MustAccount(t, globex, w.Gus).Status, "his managing organization sees him ACTIVE")
		require.Equal(t, "ACTIVE", us1MustAccount(t, acme, w.Gus).Status)
	})

	t.Run("Eve can be removed from acme-eng and her account stays ACTIVE", func(t *testing.T) {
		id, r := us1Remove(t, acme, w.AcmeEng, w.Eve)
		require.Empty(t, r.Errors)
		require.NotEmpty(t, id)
		require.Nil(t, us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Eve))
		require.Nil(t, us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Eve))
	})

	t.Run("Gus can be removed too, and Globex still has him ACTIVE on its Managed accounts page", func(t *testing.T) {
		_, r := us1Remove(t, acme, w.AcmeEng, w.Gus)
		require.Empty(t, r.Errors)
		require.Contains(t, us1ManagedEmails(t, globex, w.Globex, nil), "gus@globex.test")
		require.Equal(t, "ACTIVE", us1MustAccount(t, globex, w.Gus).Status)
	})
}

func TestFAQ_UpdateDetailsIsForManagedAccountsOnly(t *testing.T) {
	env, w, acme, globex := us1Setup(t)
	gusBefore := us1MustAccount(t, globex, w.Gus)
	const suggest = `mutation($id: ID!) { suggestAccountChanges(accountId: $id, input: {jobTitle: "Chief Tester", name: "Renamed"}) }`

	t.Run("Acme manages Alice and not Gus or Eve", func(t *testing.T) {
		require.True(t, us1MustAccount(t, acme, w.Alice).Managed)
		require.False(t, us1MustAccount(t, acme, w.Gus).Managed)
		require.False(t, us1MustAccount(t, acme, w.Eve).Managed)
		require.True(t, us1MustAccount(t, globex, w.Gus).Managed, "Globex manages Gus")
		require.False(t, us1MustAccount(t, globex, w.Alice).Managed, "Globex sees Alice but does not manage her")
	})

	t.Run("the Users rows expose managed so the page can offer Update details or Suggest changes", func(t *testing.T) {
		rows := us1OrgUsers(t, acme, w.Acme, nil)
		require.True(t, us1FindOrgUser(rows, w.Alice).Account.Managed)
		require.False(t, us1FindOrgUser(rows, w.Gus).Account.Managed)
		require.False(t, us1FindOrgUser(rows, w.Eve).Account.Managed)
	})

	t.Run("updating the details of Gus is NOT_MANAGED, of Alice works", func(t *testing.T) {
		r := acme.Query(`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {jobTitle: "Spy"}) { id } }`,
			map[string]any{"id": w.Gus})
		require.Equal(t, "NOT_MANAGED", r.Code())
		r = acme.Query(`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {jobTitle: "Engineer"}) { id jobTitle } }`,
			map[string]any{"id": w.Alice})
		require.Empty(t, r.Errors)
	})

	t.Run("suggesting changes for Eve and Gus answers true and changes nothing", func(t *testing.T) {
		for _, id := range []gid.ID{w.Eve, w.Gus} {
			before := us1MustAccount(t, acme, id)
			var out struct{ SuggestAccountChanges bool }
			acme.MustQuery(suggest, map[string]any{"id": id}, &out)
			require.True(t, out.SuggestAccountChanges)
			after := us1MustAccount(t, acme, id)
			require.Equal(t, before.Name, after.Name)
			require.Equal(t, before.JobTitle, after.JobTitle)
			require.NotEqual(t, "Renamed", after.Name)
		}
	})

	t.Run("suggesting changes for Alice, whom Acme manages, is INVALID_STATE and records nothing", func(t *testing.T) {
		n := us1SQLCount(t, env, `SELECT COUNT(*) FROM account_suggestions`)
		r := acme.Query(suggest, map[string]any{"id": w.Alice})
		require.Equal(t, "INVALID_STATE", r.Code(), "%+v", r.Errors)
		require.Equal(t, n, us1SQLCount(t, env, `SELECT COUNT(*) FROM account_suggestions`))
		require.Equal(t, "Alice Anders", us1MustAccount(t, acme, w.Alice).Name)
	})

	t.Run("Globex, which manages Gus, sees the suggestion Acme made", func(t *testing.T) {
		gus := us1MustAccount(t, globex, w.Gus)
		require.Len(t, gus.SuggestedChanges, 1)
		s := gus.SuggestedChanges[0]
		require.Equal(t, testkit.AcmeAdminEmail, s.SuggestedByLabel)
		require.ElementsMatch(t, []struct{ Field, Value string }{{"name", "Renamed"}, {"jobTitle", "Chief Tester"}}, s.Changes)
		require.Equal(t, "Gus Globex", gus.Name, "the suggestion changed nothing")
		require.Equal(t, gusBefore.Name, gus.Name)
		require.Equal(t, gusBefore.JobTitle, gus.JobTitle)
	})

	t.Run("Acme sees its own suggestions on Gus and Eve", func(t *testing.T) {
		for _, id := range []gid.ID{w.Gus, w.Eve} {
			a := us1MustAccount(t, acme, id)
			require.Len(t, a.SuggestedChanges, 1)
			require.Equal(t, testkit.AcmeAdminEmail, a.SuggestedChanges[0].SuggestedByLabel)
		}
	})
}

func TestRule7_SuspendKeepsGroupsAndRestoreGivesSameAccessAndStatus(t *testing.T) {
	_, w, acme, _ := us1Setup(t)
	us1Grant(t, acme, w.AcmeEng, w.Gus, "CONFLUENCE", "ADMIN")

	t.Run("an ACTIVE user is suspended with its groups and comes back ACTIVE with the same access", func(t *testing.T) {
		before := us1SiteUsers(t, acme, w.AcmeEng, nil)
		gus := us1FindSiteUser(before, w.Gus)
		require.NotNil(t, gus)
		require.Equal(t, "ACTIVE", gus.Status)
		access := us1AccessPairs(gus.ProductAccess)
		groups := us1GroupIDs(gus.Groups)
		require.Equal(t, []string{string(w.AcmeEng) + ":CONFLUENCE:ADMIN", string(w.AcmeEng) + ":CONFLUENCE:USER",
			string(w.AcmeEng) + ":JIRA:USER"}, access)
		require.Contains(t, groups, w.AcmeJiraUsers)
		require.Equal(t, access, us1AccessPairs(gus.EffectiveProductAccess), "all of it in effect while ACTIVE")

		s := us1MustSiteMutation(t, acme, "suspendUser", w.AcmeEng, w.Gus)
		require.Equal(t, "SUSPENDED", s.Status)
		require.Equal(t, gus.ID, s.ID)
		require.Equal(t, groups, us1GroupIDs(s.Groups), "groups are kept")
		require.Equal(t, access, us1AccessPairs(s.ProductAccess), "product roles are kept")
		require.Empty(t, s.EffectiveProductAccess, "but give no access")

		listed := us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Gus)
		require.Equal(t, "SUSPENDED", listed.Status)
		require.Empty(t, listed.EffectiveProductAccess)

		back := us1MustSiteMutation(t, acme, "restoreUser", w.AcmeEng, w.Gus)
		require.Equal(t, "ACTIVE", back.Status)
		require.Equal(t, gus.ID, back.ID)
		require.Equal(t, groups, us1GroupIDs(back.Groups))
		require.Equal(t, access, us1AccessPairs(back.ProductAccess))
		require.Equal(t, access, us1AccessPairs(back.EffectiveProductAccess), "the same access is in effect again")
	})

	t.Run("an INVITED user is suspended and comes back INVITED with the same access", func(t *testing.T) {
		us1Grant(t, acme, w.AcmeEng, w.Eve, "JIRA", "USER")
		eve := us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Eve)
		require.Equal(t, "INVITED", eve.Status)
		access := us1AccessPairs(eve.ProductAccess)
		require.Equal(t, []string{string(w.AcmeEng) + ":JIRA:USER"}, access)

		s := us1MustSiteMutation(t, acme, "suspendUser", w.AcmeEng, w.Eve)
		require.Equal(t, "SUSPENDED", s.Status)
		require.Equal(t, access, us1AccessPairs(s.ProductAccess))
		require.Empty(t, s.EffectiveProductAccess)
		require.Equal(t, "SUSPENDED", us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Eve).Status)

		back := us1MustSiteMutation(t, acme, "restoreUser", w.AcmeEng, w.Eve)
		require.Equal(t, "INVITED", back.Status, "restore returns to the status it had")
		require.Equal(t, access, us1AccessPairs(back.ProductAccess))
		require.Equal(t, us1GroupIDs(eve.Groups), us1GroupIDs(back.Groups))
		require.Equal(t, "INVITED", us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Eve).Status)
	})

	t.Run("suspending a suspended user or restoring an unsuspended one is INVALID_STATE", func(t *testing.T) {
		_, r := us1SiteMutation(t, acme, "restoreUser", w.AcmeEng, w.Alice)
		require.Equal(t, "INVALID_STATE", r.Code())
		us1MustSiteMutation(t, acme, "suspendUser", w.AcmeEng, w.Alice)
		_, r = us1SiteMutation(t, acme, "suspendUser", w.AcmeEng, w.Alice)
		require.Equal(t, "INVALID_STATE", r.Code())
	})
}

func TestRule8_RemoveDropsSiteGroupsAndUserLeavesBothLists(t *testing.T) {
	env, w, acme, globex := us1Setup(t)
	us1Grant(t, acme, w.AcmeEng, w.Alice, "CONFLUENCE", "USER")
	alice := us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Alice)
	require.NotNil(t, alice)
	require.Len(t, alice.Groups, 2)
	require.Equal(t, 2, us1SQLCount(t, env, `SELECT COUNT(*) FROM group_members WHERE membership_id = ?`, alice.ID))
	orgStats, siteStats := us1OrgStats(t, acme, w.Acme), us1SiteStats(t, acme, w.AcmeEng)
	globexBefore := us1FindSiteUser(us1SiteUsers(t, globex, w.GlobexSite, nil), w.Alice)
	require.NotNil(t, globexBefore)

	id, r := us1Remove(t, acme, w.AcmeEng, w.Alice)
	require.Empty(t, r.Errors)
	require.Equal(t, alice.ID, id)

	t.Run("her group memberships on the site are gone", func(t *testing.T) {
		require.Zero(t, us1SQLCount(t, env, `SELECT COUNT(*) FROM group_members WHERE membership_id = ?`, alice.ID))
		var out struct {
			Node struct{ ProductAccess []us1Access }
		}
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { productAccess { site { id } product role } } } }`,
			map[string]any{"id": w.Alice}, &out)
		require.Empty(t, out.Node.ProductAccess)
	})

	t.Run("she leaves the centralized and the site list, and the counts drop", func(t *testing.T) {
		require.Nil(t, us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Alice))
		require.Nil(t, us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Alice))
		require.Equal(t, us1Stats{orgStats.Total - 1, orgStats.Active - 1, orgStats.Invited, orgStats.Suspended}, us1OrgStats(t, acme, w.Acme))
		require.Equal(t, us1Stats{siteStats.Total - 1, siteStats.Active - 1, siteStats.Invited, siteStats.Suspended}, us1SiteStats(t, acme, w.AcmeEng))
	})

	t.Run("the removed membership is NOT_FOUND and cannot be acted on", func(t *testing.T) {
		r := acme.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": alice.ID})
		require.Equal(t, "NOT_FOUND", r.Code())
		_, r = us1SiteMutation(t, acme, "suspendUser", w.AcmeEng, w.Alice)
		require.Equal(t, "NOT_FOUND", r.Code())
		_, r = us1Remove(t, acme, w.AcmeEng, w.Alice)
		require.Equal(t, "NOT_FOUND", r.Code())
	})

	t.Run("her membership of Globex's site is untouched", func(t *testing.T) {
		after := us1FindSiteUser(us1SiteUsers(t, globex, w.GlobexSite, nil), w.Alice)
		require.NotNil(t, after)
		require.Equal(t, globexBefore.ID, after.ID)
		require.Equal(t, "ACTIVE", after.Status)
		require.Equal(t, us1GroupIDs(globexBefore.Groups), us1GroupIDs(after.Groups))
	})
}

func TestRule8_RemoveKeepsHistoryAndManagedRow(t *testing.T) {
	env, w, acme, _ := us1Setup(t)
	stats := us1ManagedAccountStats(t, acme, w.Acme)
	before := us1MustAccount(t, acme, w.Alice)
	require.NotNil(t, before.LastActiveAt)

	_, r := us1Remove(t, acme, w.AcmeEng, w.Alice)
	require.Empty(t, r.Errors)

	t.Run("the account, its last-active date and its Managed accounts row remain", func(t *testing.T) {
		after := us1MustAccount(t, acme, w.Alice)
		require.Equal(t, "ACTIVE", after.Status)
		require.True(t, after.LastActiveAt.Equal(*before.LastActiveAt))
		require.Contains(t, us1ManagedEmails(t, acme, w.Acme, nil), "alice@acme.test")
		got := us1ManagedAccountStats(t, acme, w.Acme)
		require.Equal(t, stats.Total, got.Total)
		require.Equal(t, stats.Active, got.Active)
		require.Equal(t, stats.WithoutSiteAccess+1, got.WithoutSiteAccess, "she has no site access in Acme now")
	})

	t.Run("its audit history remains, with the removal on top", func(t *testing.T) {
		after := us1MustAccount(t, acme, w.Alice)
		require.Equal(t, append([]string{"user.removed"}, us1AuditActions(before)...), us1AuditActions(after))
	})

	t.Run("the membership row is kept for history, marked removed", func(t *testing.T) {
		require.Equal(t, 1, us1SQLCount(t, env, `SELECT COUNT(*) FROM memberships WHERE account_id = ? AND site_id = ?
		  AND removed_at IS NOT NULL AND last_active_at IS NOT NULL`, w.Alice, w.AcmeEng))
	})
}

func TestRule8_ReinvitingRemovedUserStartsCleanMembership(t *testing.T) {
	env, w, acme, _ := us1Setup(t)
	old := us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Alice)
	require.NotNil(t, old)
	require.NotEmpty(t, old.Groups)
	require.NotNil(t, old.LastActiveAt)
	accountLastActive := us1MustAccount(t, acme, w.Alice).LastActiveAt

	env.Clock.Advance(30 * time.Minute)
	_, r := us1Remove(t, acme, w.AcmeEng, w.Alice)
	require.Empty(t, r.Errors)
	env.Clock.Advance(30 * time.Minute)
	ms := us1MustInvite(t, acme, w.AcmeEng, []string{"alice@acme.test"}, nil, nil)
	require.Len(t, ms, 1)
	m := ms[0]

	t.Run("the invitation starts a new INVITED membership with no groups", func(t *testing.T) {
		require.NotEqual(t, old.ID, m.ID)
		require.Equal(t, w.Alice, m.Account.ID)
		require.Equal(t, "INVITED", m.Status)
		require.Empty(t, m.Groups)
		require.Empty(t, m.ProductAccess)
		require.Empty(t, m.EffectiveProductAccess)
		require.NotNil(t, m.InvitedAt)
		require.True(t, m.InvitedAt.Equal(env.Clock.Now()), "invitedAt %s, want now %s", m.InvitedAt, env.Clock.Now())
		require.Nil(t, m.LastActiveAt, "the new membership has no activity on the site yet")
	})

	t.Run("the lists show the new membership", func(t *testing.T) {
		su := us1FindSiteUser(us1SiteUsers(t, acme, w.AcmeEng, nil), w.Alice)
		require.NotNil(t, su)
		require.Equal(t, m.ID, su.ID)
		u := us1FindOrgUser(us1OrgUsers(t, acme, w.Acme, nil), w.Alice)
		require.NotNil(t, u)
		require.Equal(t, "INVITED", u.Status)
		require.Len(t, u.Memberships, 1)
		require.Equal(t, m.ID, u.Memberships[0].ID)
	})

	t.Run("the old membership node is NOT_FOUND", func(t *testing.T) {
		r := acme.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": old.ID})
		require.Equal(t, "NOT_FOUND", r.Code())
	})

	t.Run("the account keeps its last-active date", func(t *testing.T) {
		a := us1MustAccount(t, acme, w.Alice)
		require.True(t, a.LastActiveAt.Equal(*accountLastActive))
	})
}
