package graph_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
	"orgdir/internal/testkit"
)

// Helpers of the Users access and state tests (users_access_test.go, users_state_test.go).

// us2Access is one (product, role) of a membership's productAccess.
type us2Access struct{ Product, Role string }

// us2Membership is a Membership as these tests read it.
type us2Membership struct {
	ID               gid.ID
	Status           string
	InvitedAt        *time.Time
	LastActiveAt     *time.Time
	SuspendedAt      *time.Time
	SuspensionReason *string
	Site             struct {
		ID   gid.ID
		Name string
	}
	Account struct {
		ID           gid.ID
		Email        string
		Managed      bool
		LastActiveAt *time.Time
	}
	ProductAccess []us2Access
	Groups        []struct{ Name string }
}

func (m us2Membership) groupNames() []string {
	out := []string{}
	for _, g := range m.Groups {
		out = append(out, g.Name)
	}
	return out
}

const us2MembershipFields = `id status invitedAt lastActiveAt suspendedAt suspensionReason site { id name }
  account { id email managed lastActiveAt } productAccess { product role } groups { name }`

// us2OrgUser is an OrgUser (a centralized Users row) as these tests read it.
type us2OrgUser struct {
	Status       string
	LastActiveAt *time.Time
	Account      struct {
		ID    gid.ID
		Email string
	}
	Memberships []us2Membership
}

func (u us2OrgUser) statusBySite() map[string]string {
	out := map[string]string{}
	for _, m := range u.Memberships {
		out[m.Site.Name] = m.Status
	}
	return out
}

const us2OrgUserFields = `status lastActiveAt account { id email } memberships { ` + us2MembershipFields + ` }`

// us2Mutate runs a document whose only root field is key and decodes that field into
// out when the request succeeded.
func us2Mutate(t testing.TB, c *testkit.Client, doc string, vars map[string]any, key string, out any) testkit.Response {
	t.Helper()
	r := c.Query(doc, vars)
	if len(r.Errors) == 0 && out != nil {
		var data map[string]json.RawMessage
		r.Decode(&data)
		require.NoError(t, json.Unmarshal(data[key], out), string(r.Data))
	}
	return r
}

func us2Invite(t testing.TB, c *testkit.Client, site gid.ID, emails ...string) ([]us2Membership, testkit.Response) {
	t.Helper()
	var out []us2Membership
	r := us2Mutate(t, c, `mutation($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails) { `+
		us2MembershipFields+` } }`, map[string]any{"site": site, "emails": emails}, "inviteUsers", &out)
	return out, r
}

func us2Suspend(t testing.TB, c *testkit.Client, site, acct gid.ID, reason string) (us2Membership, testkit.Response) {
	t.Helper()
	var out us2Membership
	vars := map[string]any{"site": site, "acct": acct}
	if reason != "" {
		vars["reason"] = reason
	}
	r := us2Mutate(t, c, `mutation($site: ID!, $acct: ID!, $reason: String) { suspendUser(siteId: $site, accountId: $acct, reason: $reason) { `+
		us2MembershipFields+` } }`, vars, "suspendUser", &out)
	return out, r
}

func us2Restore(t testing.TB, c *testkit.Client, site, acct gid.ID) (us2Membership, testkit.Response) {
	t.Helper()
	var out us2Membership
	r := us2Mutate(t, c, `mutation($site: ID!, $acct: ID!) { restoreUser(siteId: $site, accountId: $acct) { `+
		us2MembershipFields+` } }`, map[string]any{"site": site, "acct": acct}, "restoreUser", &out)
	return out, r
}

func us2Remove(t testing.TB, c *testkit.Client, site, acct gid.ID) (gid.ID, testkit.Response) {
	t.Helper()
	var out gid.ID
	r := us2Mutate(t, c, `mutation($site: ID!, $acct: ID!) { removeUserFromSite(siteId: $site, accountId: $acct) }`,
		map[string]any{"site": site, "acct": acct}, "removeUserFromSite", &out)
	return out, r
}

// us2RecordActivity reports activity; at nil means "now" (the argument is left out).
func us2RecordActivity(t testing.TB, c *testkit.Client, site, acct gid.ID, at *time.Time) (us2Membership, testkit.Response) {
	t.Helper()
	var out us2Membership
	vars := map[string]any{"site": site, "acct": acct}
	if at != nil {
		vars["at"] = at.UTC().Format(time.RFC3339Nano)
	}
	r := us2Mutate(t, c, `mutation($site: ID!, $acct: ID!, $at: Time) { recordActivity(siteId: $site, accountId: $acct, at: $at) { `+
		us2MembershipFields+` } }`, vars, "recordActivity", &out)
	return out, r
}

// us2Access runs grantProductAccess or revokeProductAccess.
func us2ProductAccess(t testing.TB, c *testkit.Client, mutation string, site, acct gid.ID, product, role string) (us2Membership, testkit.Response) {
	t.Helper()
	var out us2Membership
	r := us2Mutate(t, c, `mutation($site: ID!, $acct: ID!, $p: ProductKey!, $r: ProductRole!) { `+mutation+
		`(siteId: $site, accountId: $acct, product: $p, role: $r) { `+us2MembershipFields+` } }`,
		map[string]any{"site": site, "acct": acct, "p": product, "r": role}, mutation, &out)
	return out, r
}

// us2GroupMember runs addGroupMember or removeGroupMember and returns the group's name.
func us2GroupMember(t testing.TB, c *testkit.Client, mutation string, group, acct gid.ID) (string, testkit.Response) {
	t.Helper()
	var out struct{ Name string }
	r := us2Mutate(t, c, `mutation($g: ID!, $acct: ID!) { `+mutation+`(groupId: $g, accountId: $acct) { id name } }`,
		map[string]any{"g": group, "acct": acct}, mutation, &out)
	return out.Name, r
}

// us2OrgAction runs suspendUserInOrganization or restoreUserInOrganization.
func us2OrgAction(t testing.TB, c *testkit.Client, mutation string, org, acct gid.ID) (*us2OrgUser, testkit.Response) {
	t.Helper()
	var out *us2OrgUser
	r := us2Mutate(t, c, `mutation($org: ID!, $acct: ID!) { `+mutation+`(organizationId: $org, accountId: $acct) { `+
		us2OrgUserFields+` } }`, map[string]any{"org": org, "acct": acct}, mutation, &out)
	return out, r
}

func us2OrgRemove(t testing.TB, c *testkit.Client, org, acct gid.ID) (gid.ID, testkit.Response) {
	t.Helper()
	var out gid.ID
	r := us2Mutate(t, c, `mutation($org: ID!, $acct: ID!) { removeUserFromOrganization(organizationId: $org, accountId: $acct) }`,
		map[string]any{"org": org, "acct": acct}, "removeUserFromOrganization", &out)
	return out, r
}

// us2Actions lists the actions of an organization's audit events, oldest first, read
// from the SQLite file.
func us2Actions(t testing.TB, env *testkit.Env, org gid.ID) []string {
	t.Helper()
	rows, err := env.Query(`SELECT action FROM audit_events WHERE org_id = ? ORDER BY id`, string(org))
	require.NoError(t, err)
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var a string
		require.NoError(t, rows.Scan(&a))
		out = append(out, a)
	}
	require.NoError(t, rows.Err())
	return out
}

// us2AuditMark remembers how many audit events each organization had.
type us2AuditMark struct {
	env    *testkit.Env
	counts map[gid.ID]int
}

func us2MarkAudit(t testing.TB, env *testkit.Env, orgs ...gid.ID) us2AuditMark {
	t.Helper()
	m := us2AuditMark{env: env, counts: map[gid.ID]int{}}
	for _, o := range orgs {
		m.counts[o] = len(us2Actions(t, env, o))
	}
	return m
}

// since lists the actions written in org since the mark.
func (m us2AuditMark) since(t testing.TB, org gid.ID) []string {
	t.Helper()
	return us2Actions(t, m.env, org)[m.counts[org]:]
}

// requireNone fails if any organization of the mark got an audit event.
func (m us2AuditMark) requireNone(t testing.TB) {
	t.Helper()
	for org := range m.counts {
		require.Empty(t, m.since(t, org), "audit events of %s", org)
	}
}

// us2MembershipIDOf reads the id of an account's current membership on a site from the
// database ("" when there is none).
func us2MembershipIDOf(t testing.TB, env *testkit.Env, acct, site gid.ID) gid.ID {
	t.Helper()
	var id string
	err := env.QueryRow(`SELECT id FROM memberships WHERE account_id = ? AND site_id = ? AND removed_at IS NULL`,
		string(acct), string(site)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return ""
	}
	require.NoError(t, err)
	return gid.ID(id)
}

// us2StatusOf reads the status of an account's current membership on a site ("" when none).
func us2StatusOf(t testing.TB, env *testkit.Env, acct, site gid.ID) string {
	t.Helper()
	var s string
	err := env.QueryRow(`SELECT status FROM memberships WHERE account_id = ? AND site_id = ? AND removed_at IS NULL`,
		string(acct), string(site)).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return ""
	}
	require.NoError(t, err)
	return s
}

// us2R keeps the response of a helper's answer.
func us2R(_ any, r testkit.Response) testkit.Response { return r }

// us2RequireCode fails unless r failed with code.
func us2RequireCode(t testing.TB, code string, r testkit.Response) {
	t.Helper()
	require.Equal(t, code, r.Code(), "errors: %+v", r.Errors)
}

type us2External struct {
	SiteName, SiteURL, Product, Role string
	LastActiveAt                     *time.Time
}

func us2ExternalAccess(t testing.TB, c *testkit.Client, acct gid.ID) []us2External {
	t.Helper()
	var out struct {
		Node struct {
			Managed               bool
			ExternalProductAccess []us2External
		}
	}
	c.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { managed
	  externalProductAccess { siteName siteUrl product role lastActiveAt } } } }`, map[string]any{"id": acct}, &out)
	return out.Node.ExternalProductAccess
}

func TestRule17_OutsideAccessShowsNoOtherUsers(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	aliceOnGlobex := us2MembershipIDOf(t, env, w.Alice, w.GlobexSite)
	require.NotEmpty(t, aliceOnGlobex)
	seenAt := testkit.Start.Add(-time.Hour) // the fixture's activity of Alice on the globex site

	t.Run("Acme sees Alice's use of the globex site: site name and URL, product, role and last activity", func(t *testing.T) {
		got := us2ExternalAccess(t, acme, w.Alice)
		require.Len(t, got, 1)
		require.Equal(t, "globex", got[0].SiteName)
		require.Equal(t, "https://globex.example.test", got[0].SiteURL)
		require.Equal(t, "JIRA", got[0].Product)
		require.Equal(t, "USER", got[0].Role)
		require.NotNil(t, got[0].LastActiveAt)
		require.True(t, seenAt.Equal(*got[0].LastActiveAt), "last active %s", got[0].LastActiveAt)
	})

	t.Run("changes Globex makes show in what Acme sees", func(t *testing.T) {
		_, r := us2ProductAccess(t, globex, "grantProductAccess", w.GlobexSite, w.Alice, "TRELLO", "ADMIN")
		require.Empty(t, r.Errors)
		later := testkit.Start.Add(-10 * time.Minute)
		_, r = us2RecordActivity(t, globex, w.GlobexSite, w.Alice, &later)
		require.Empty(t, r.Errors)
		got := us2ExternalAccess(t, acme, w.Alice)
		pairs := []us2Access{}
		for _, x := range got {
			require.Equal(t, "globex", x.SiteName)
			require.Equal(t, "https://globex.example.test", x.SiteURL)
			require.NotNil(t, x.LastActiveAt)
			require.True(t, later.Equal(*x.LastActiveAt), "last active %s", x.LastActiveAt)
			pairs = append(pairs, us2Access{x.Product, x.Role})
		}
		require.ElementsMatch(t, []us2Access{{"JIRA", "USER"}, {"TRELLO", "ADMIN"}, {"TRELLO", "USER"}}, pairs)
	})

	t.Run("the outside access has no way to the site: asking for one is GRAPHQL_VALIDATION_FAILED", func(t *testing.T) {
		r := acme.Query(`query($id: ID!) { node(id: $id) { ... on Account { externalProductAccess { site { id } } } } }`,
			map[string]any{"id": w.Alice})
		us2RequireCode(t, "GRAPHQL_VALIDATION_FAILED", r)
	})

	// The answer for a site that does not exist, to compare with.
	missing := gid.New("sit")
	missingSite := acme.Query(`query($id: ID!) { site(id: $id) { id } }`, map[string]any{"id": missing})
	us2RequireCode(t, "NOT_FOUND", missingSite)
	missingNode := acme.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": missing})
	us2RequireCode(t, "NOT_FOUND", missingNode)

	t.Run("the globex site's id is NOT_FOUND for Acme through site and node, exactly like a site that does not exist", func(t *testing.T) {
		r := acme.Query(`query($id: ID!) { site(id: $id) { id name url } }`, map[string]any{"id": w.GlobexSite})
		us2RequireCode(t, "NOT_FOUND", r)
		require.Equal(t, missingSite.Message(), r.Message())
		require.JSONEq(t, `{"site": null}`, string(r.Data))
		r = acme.Query(`query($id: ID!) { node(id: $id) { id ... on Site { name url } } }`, map[string]any{"id": w.GlobexSite})
		us2RequireCode(t, "NOT_FOUND", r)
		require.Equal(t, missingNode.Message(), r.Message())
		require.JSONEq(t, `{"node": null}`, string(r.Data))
	})

	t.Run("the globex site's users and counts cannot be reached", func(t *testing.T) {
		for name, doc := range map[string]string{
			"site":  `query($id: ID!) { site(id: $id) { users(first: 100) { totalCount edges { node { account { email } } } } userStats { total } } }`,
			"node":  `query($id: ID!) { node(id: $id) { ... on Site { users(first: 100) { totalCount edges { node { account { email } } } } userStats { total } } } }`,
			"nodes": `query($id: ID!) { nodes(ids: [$id]) { ... on Site { users(first: 100) { totalCount edges { node { account { email } } } } } } }`,
		} {
			r := acme.Query(doc, map[string]any{"id": w.GlobexSite})
			us2RequireCode(t, "NOT_FOUND", r)
			require.NotContains(t, string(r.Data), "gina", name)
			require.NotContains(t, string(r.Data), "totalCount", name)
		}
	})

	t.Run("Gina, a user of the globex site only, is NOT_FOUND by node, like an account that does not exist", func(t *testing.T) {
		want := acme.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid.New("acc")})
		us2RequireCode(t, "NOT_FOUND", want)
		r := acme.Query(`query($id: ID!) { node(id: $id) { id ... on Account { email } } }`, map[string]any{"id": w.Gina})
		us2RequireCode(t, "NOT_FOUND", r)
		require.Equal(t, want.Message(), r.Message())
		require.NotContains(t, string(r.Data), "gina")
	})

	t.Run("Alice's globex membership, the site's group and Globex itself are NOT_FOUND", func(t *testing.T) {
		ids := []gid.ID{aliceOnGlobex, w.GlobexJiraUsers, w.Globex, w.GlobexSite, w.Gina}
		r := acme.Query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
		var out struct{ Nodes []*struct{ ID gid.ID } }
		r.Decode(&out)
		require.Len(t, out.Nodes, len(ids))
		for i := range ids {
			require.Nil(t, out.Nodes[i], "nodes[%d]", i)
		}
		require.Len(t, r.Errors, len(ids))
		for _, e := range r.Errors {
			require.Equal(t, "NOT_FOUND", e.Extensions["code"])
		}
		r = acme.Query(`query($id: ID!) { organization(id: $id) { id name } }`, map[string]any{"id": w.Globex})
		us2RequireCode(t, "NOT_FOUND", r)
	})

	t.Run("Alice's memberships and product access list Acme's sites only", func(t *testing.T) {
		var out struct {
			Node struct {
				Memberships   []struct{ Site struct{ Name string } }
				ProductAccess []struct {
					Site          struct{ Name string }
					Product, Role string
				}
			}
		}
		acme.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { memberships { site { name } }
		  productAccess { site { name } product role } } } }`, map[string]any{"id": w.Alice}, &out)
		require.Len(t, out.Node.Memberships, 1)
		require.Equal(t, "acme-eng", out.Node.Memberships[0].Site.Name)
		for _, pa := range out.Node.ProductAccess {
			require.Equal(t, "acme-eng", pa.Site.Name)
		}
		require.Len(t, out.Node.ProductAccess, 1)
	})

	t.Run("Acme's Users lists never show Gina or the globex site", func(t *testing.T) {
		var out struct {
			Organization struct {
				Users struct {
					TotalCount int
					Edges      []struct {
						Node struct{ Account struct{ Email string } }
					}
				}
			}
		}
		acme.MustQuery(`query($org: ID!) { organization(id: $org) { users(first: 100) { totalCount edges { node { account { email } } } } } }`,
			map[string]any{"org": w.Acme}, &out)
		emails := []string{}
		for _, e := range out.Organization.Users.Edges {
			emails = append(emails, e.Node.Account.Email)
		}
		require.ElementsMatch(t, []string{"alice@acme.test", "gus@globex.test", "eve@gmail.test"}, emails)
		acme.MustQuery(`query($org: ID!) { organization(id: $org) { users(first: 100, search: "gina") { totalCount edges { node { account { email } } } } } }`,
			map[string]any{"org": w.Acme}, &out)
		require.Zero(t, out.Organization.Users.TotalCount)

		r := acme.Query(`query($org: ID!, $site: ID!) { organization(id: $org) { users(first: 100, where: {siteId: $site}) {
		  totalCount edges { node { account { email } } } } } }`, map[string]any{"org": w.Acme, "site": w.GlobexSite})
		require.NotContains(t, string(r.Data), "gina")
		if len(r.Errors) > 0 {
			us2RequireCode(t, "NOT_FOUND", r)
		} else {
			r.Decode(&out)
			require.Zero(t, out.Organization.Users.TotalCount, "filtering by another org's site finds nobody")
		}
	})

	t.Run("every Users mutation on the globex site or its group is NOT_FOUND for Acme and writes nothing", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Acme, w.Globex)
		site, acct := w.GlobexSite, w.Alice
		for name, r := range map[string]testkit.Response{
			"inviteUsers":     us2R(us2Invite(t, acme, site, "newcomer@acme.test")),
			"suspendUser":     us2R(us2Suspend(t, acme, site, acct, "")),
			"restoreUser":     us2R(us2Restore(t, acme, site, acct)),
			"removeFromSite":  us2R(us2Remove(t, acme, site, acct)),
			"recordActivity":  us2R(us2RecordActivity(t, acme, site, acct, nil)),
			"grant":           us2R(us2ProductAccess(t, acme, "grantProductAccess", site, acct, "JIRA", "ADMIN")),
			"revoke":          us2R(us2ProductAccess(t, acme, "revokeProductAccess", site, acct, "JIRA", "USER")),
			"addGroupMember":  us2R(us2GroupMember(t, acme, "addGroupMember", w.GlobexJiraUsers, w.Gus)),
			"removeGroup":     us2R(us2GroupMember(t, acme, "removeGroupMember", w.GlobexJiraUsers, acct)),
			"suspendInOrg":    us2R(us2OrgAction(t, acme, "suspendUserInOrganization", w.Globex, acct)),
			"restoreInOrg":    us2R(us2OrgAction(t, acme, "restoreUserInOrganization", w.Globex, acct)),
			"removeFromOrg":   us2R(us2OrgRemove(t, acme, w.Globex, acct)),
			"suspend Gina":    us2R(us2Suspend(t, acme, site, w.Gina, "")),
			"activity Gina":   us2R(us2RecordActivity(t, acme, site, w.Gina, nil)),
			"suggest to Gina": acme.Query(`mutation($id: ID!) { suggestAccountChanges(accountId: $id, input: {jobTitle: "Spy"}) }`, map[string]any{"id": w.Gina}),
		} {
			require.Equal(t, "NOT_FOUND", r.Code(), "%s: %+v", name, r.Errors)
			require.NotContains(t, r.Message(), "globex", name)
		}
		mark.requireNone(t)
		require.Equal(t, "ACTIVE", us2StatusOf(t, env, w.Alice, w.GlobexSite))
		require.Equal(t, "ACTIVE", us2StatusOf(t, env, w.Gina, w.GlobexSite))
		require.Empty(t, us2MembershipIDOf(t, env, w.Gus, w.GlobexSite))
	})

	t.Run("once Globex removes Alice from its site, Acme sees no outside access", func(t *testing.T) {
		_, r := us2Remove(t, globex, w.GlobexSite, w.Alice)
		require.Empty(t, r.Errors)
		require.Empty(t, us2ExternalAccess(t, acme, w.Alice))
	})
}

func TestRule5_SiteAdminActsOnItsOwnSiteOnly(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	sa := env.Login(testkit.SiteAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)

	// The site admin's own sign-in is audited too; count its changes from here.
	var signInEvents int
	require.NoError(t, env.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE actor_id = ?`, string(w.SiteAdmin)).Scan(&signInEvents))
	siteAdminEvents := func(t *testing.T) []string {
		t.Helper()
		rows, err := env.Query(`SELECT action FROM audit_events WHERE actor_id = ? ORDER BY id`, string(w.SiteAdmin))
		require.NoError(t, err)
		defer rows.Close()
		out := []string{}
		for rows.Next() {
			var a string
			require.NoError(t, rows.Scan(&a))
			out = append(out, a)
		}
		require.NoError(t, rows.Err())
		return out[signInEvents:]
	}

	t.Run("the site admin suspends and restores a user of its site", func(t *testing.T) {
		mark := us2MarkAudit(t, env, w.Globex)
		m, r := us2Suspend(t, sa, w.GlobexSite, w.Gina, "left the project")
		require.Empty(t, r.Errors)
		require.Equal(t, "SUSPENDED", m.Status)
		require.Equal(t, "left the project", *m.SuspensionReason)
		m, r = us2Restore(t, sa, w.GlobexSite, w.Gina)
		require.Empty(t, r.Errors)
		require.Equal(t, "ACTIVE", m.Status)
		require.Equal(t, []string{"user.suspended", "user.restored"}, mark.since(t, w.Globex))
	})

	var newbie gid.ID
	t.Run("the site admin invites to its site, and a new globex.test account is managed by Globex", func(t *testing.T) {
		ms, r := us2Invite(t, sa, w.GlobexSite, "newbie@globex.test", "eve@gmail.test")
		require.Empty(t, r.Errors)
		require.Len(t, ms, 2)
		for _, m := range ms {
			require.Equal(t, "INVITED", m.Status)
			require.Equal(t, "globex", m.Site.Name)
		}
		newbie = ms[0].Account.ID
		require.Equal(t, "newbie@globex.test", ms[0].Account.Email)
		var out struct{ Node struct{ Managed bool } }
		globex.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { managed } } }`, map[string]any{"id": newbie}, &out)
		require.True(t, out.Node.Managed)
	})

	t.Run("the site admin grants and revokes product access and changes groups on its site", func(t *testing.T) {
		m, r := us2ProductAccess(t, sa, "grantProductAccess", w.GlobexSite, w.Gina, "TRELLO", "USER")
		require.Empty(t, r.Errors)
		require.ElementsMatch(t, []us2Access{{"JIRA", "USER"}, {"TRELLO", "USER"}}, m.ProductAccess)
		m, r = us2ProductAccess(t, sa, "revokeProductAccess", w.GlobexSite, w.Gina, "TRELLO", "USER")
		require.Empty(t, r.Errors)
		require.ElementsMatch(t, []us2Access{{"JIRA", "USER"}}, m.ProductAccess)
		name, r := us2GroupMember(t, sa, "addGroupMember", w.GlobexJiraUsers, w.Eve)
		require.Empty(t, r.Errors)
		require.Equal(t, "jira-users-globex", name)
		_, r = us2GroupMember(t, sa, "removeGroupMember", w.GlobexJiraUsers, w.Eve)
		require.Empty(t, r.Errors)
	})

	t.Run("the site admin records activity and removes a user of its site", func(t *testing.T) {
		m, r := us2RecordActivity(t, sa, w.GlobexSite, w.Eve, nil)
		require.Empty(t, r.Errors)
		require.Equal(t, "ACTIVE", m.Status)
		id, r := us2Remove(t, sa, w.GlobexSite, newbie)
		require.Empty(t, r.Errors)
		require.NotEmpty(t, id)
		require.Empty(t, us2MembershipIDOf(t, env, newbie, w.GlobexSite))
	})

	t.Run("the site admin reads its site's users and counts", func(t *testing.T) {
		var out struct {
			Site struct {
				Users     struct{ TotalCount int }
				UserStats struct{ Total, Active, Invited, Suspended int }
			}
		}
		sa.MustQuery(`query($id: ID!) { site(id: $id) { users(first: 100) { totalCount } userStats { total active invited suspended } } }`,
			map[string]any{"id": w.GlobexSite}, &out)
		// Alice, Gina and Eve (active since her activity).
		require.Equal(t, 3, out.Site.Users.TotalCount)
		require.Equal(t, struct{ Total, Active, Invited, Suspended int }{3, 3, 0, 0}, out.Site.UserStats)
	})

	t.Run("every change the site admin made is audited in Globex under its name", func(t *testing.T) {
		require.Equal(t, []string{"user.suspended", "user.restored", "account.created_managed", "user.invited", "user.invited",
			"user.product_access_granted", "user.product_access_revoked", "group.member_added", "group.member_removed",
			"user.removed"}, siteAdminEvents(t))
	})

	mark := us2MarkAudit(t, env, w.Acme, w.Globex)
	t.Run("lifecycle actions on a user of its site are FORBIDDEN", func(t *testing.T) {
		for _, doc := range []string{
			`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`,
			`mutation($id: ID!) { deleteAccount(accountId: $id) { id } }`,
			`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {jobTitle: "Boss"}) { id } }`,
		} {
			r := sa.Query(doc, map[string]any{"id": w.Gina})
			us2RequireCode(t, "FORBIDDEN", r)
		}
	})

	t.Run("organization-wide user actions on Globex are FORBIDDEN", func(t *testing.T) {
		_, r := us2OrgAction(t, sa, "suspendUserInOrganization", w.Globex, w.Gina)
		us2RequireCode(t, "FORBIDDEN", r)
		_, r = us2OrgAction(t, sa, "restoreUserInOrganization", w.Globex, w.Gina)
		us2RequireCode(t, "FORBIDDEN", r)
		_, r = us2OrgRemove(t, sa, w.Globex, w.Gina)
		us2RequireCode(t, "FORBIDDEN", r)
	})

	t.Run("the organization's users, user counts and managed accounts are FORBIDDEN", func(t *testing.T) {
		for _, field := range []string{"users(first: 10) { totalCount }", "userStats { total }",
			"managedAccounts(first: 10) { totalCount }", "managedAccountStats { total }"} {
			r := sa.Query(`query($id: ID!) { site(id: $id) { name organization { name `+field+` } } }`, map[string]any{"id": w.GlobexSite})
			require.Equal(t, "FORBIDDEN", r.Code(), "%s: %+v", field, r.Errors)
		}
		r := sa.Query(`query($id: ID!) { organization(id: $id) { name } }`, map[string]any{"id": w.Globex})
		us2RequireCode(t, "NOT_FOUND", r)
	})

	t.Run("Acme's sites are NOT_FOUND, like a site that does not exist", func(t *testing.T) {
		_, missing := us2Invite(t, sa, gid.New("sit"), "someone@globex.test")
		us2RequireCode(t, "NOT_FOUND", missing)
		_, r := us2Invite(t, sa, w.AcmeEng, "someone@globex.test")
		us2RequireCode(t, "NOT_FOUND", r)
		require.Equal(t, missing.Message(), r.Message())
		_, r = us2Suspend(t, sa, w.AcmeEng, w.Alice, "")
		us2RequireCode(t, "NOT_FOUND", r)
		_, r = us2Suspend(t, sa, w.AcmeEng, w.Gus, "")
		us2RequireCode(t, "NOT_FOUND", r)
		_, r = us2RecordActivity(t, sa, w.AcmeEng, w.Gus, nil)
		us2RequireCode(t, "NOT_FOUND", r)
		_, r = us2ProductAccess(t, sa, "grantProductAccess", w.AcmeEng, w.Alice, "JIRA", "ADMIN")
		us2RequireCode(t, "NOT_FOUND", r)
		_, r = us2GroupMember(t, sa, "addGroupMember", w.AcmeJiraUsers, w.Alice)
		us2RequireCode(t, "NOT_FOUND", r)
		_, r = us2OrgAction(t, sa, "suspendUserInOrganization", w.Acme, w.Alice)
		us2RequireCode(t, "NOT_FOUND", r)
		r = sa.Query(`query($id: ID!) { site(id: $id) { users(first: 10) { totalCount } } }`, map[string]any{"id": w.AcmeEng})
		us2RequireCode(t, "NOT_FOUND", r)
		for _, id := range []gid.ID{w.AcmeEng, w.AcmeJiraUsers, us2MembershipIDOf(t, env, w.Alice, w.AcmeEng), w.Gus, w.Acme} {
			r = sa.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
			require.Equal(t, "NOT_FOUND", r.Code(), "node %s: %+v", id, r.Errors)
		}
	})

	t.Run("the site admin manages no account, so it sees no outside access", func(t *testing.T) {
		var out struct {
			Node struct {
				Managed               bool
				ExternalProductAccess []us2External
			}
		}
		sa.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { managed externalProductAccess { siteName } } } }`,
			map[string]any{"id": w.Alice}, &out)
		require.False(t, out.Node.Managed)
		require.Empty(t, out.Node.ExternalProductAccess, "Alice's use of acme-eng stays Acme's business")
	})

	t.Run("the refused requests wrote nothing", func(t *testing.T) {
		mark.requireNone(t)
		require.Equal(t, "ACTIVE", us2StatusOf(t, env, w.Gina, w.GlobexSite))
		require.Equal(t, "ACTIVE", us2StatusOf(t, env, w.Alice, w.AcmeEng))
		require.Equal(t, "ACTIVE", us2StatusOf(t, env, w.Gus, w.AcmeEng))
		var n int
		require.NoError(t, env.QueryRow(`SELECT COUNT(*) FROM accounts WHERE email_key LIKE 'someone%'`).Scan(&n))
		require.Zero(t, n)
	})
}
