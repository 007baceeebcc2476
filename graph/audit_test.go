package graph_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent/apitoken"
	"orgdir/ent/device"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

type auditEventView struct {
	ID          gid.ID
	Time        time.Time
	ActorType   string
	ActorID     *string
	ActorLabel  string
	Action      string
	TargetType  string
	TargetID    *string
	TargetLabel string
}

const auditEventFields = `id time actorType actorID actorLabel action targetType targetID targetLabel`

type auditPage struct {
	TotalCount int
	Edges      []struct{ Node auditEventView }
}

func (p auditPage) actions() []string {
	out := []string{}
	for _, e := range p.Edges {
		out = append(out, e.Node.Action)
	}
	return out
}

// orgAuditEvents reads an organization's audit log, newest first, with an optional filter.
func orgAuditEvents(t *testing.T, c *testkit.Client, org gid.ID, where map[string]any) auditPage {
	t.Helper()
	var out struct {
		Organization struct{ AuditEvents auditPage }
	}
	c.MustQuery(`query($org: ID!, $where: AuditEventFilter) { organization(id: $org) {
	  auditEvents(first: 100, where: $where) { totalCount edges { node { `+auditEventFields+` } } } } }`,
		map[string]any{"org": org, "where": where}, &out)
	return out.Organization.AuditEvents
}

// accountAuditEvents reads Account.auditEvents as c's admin sees them.
func accountAuditEvents(t *testing.T, c *testkit.Client, id gid.ID) auditPage {
	t.Helper()
	var out struct {
		Node struct{ AuditEvents auditPage }
	}
	c.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account {
	  auditEvents(first: 100) { totalCount edges { node { `+auditEventFields+` } } } } } }`,
		map[string]any{"id": id}, &out)
	return out.Node.AuditEvents
}

// auditRows counts every audit event in the database, whatever its organization.
func auditRows(t *testing.T, env *testkit.Env) int {
	t.Helper()
	return sqlCount(t, env, `SELECT COUNT(*) FROM audit_events`)
}

// requireOneNewEvent checks that exactly one audit event was written since before
// (in any organization) and returns it, as Acme's admin reads it.
func requireOneNewEvent(t *testing.T, env *testkit.Env, c *testkit.Client, org gid.ID, before int) auditEventView {
	t.Helper()
	require.Equal(t, before+1, auditRows(t, env), "exactly one new audit event")
	p := orgAuditEvents(t, c, org, nil)
	require.NotEmpty(t, p.Edges)
	return p.Edges[0].Node
}

func TestRule19_EachLifecycleMutationWritesOneAuditEvent(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	cases := []struct {
		name, doc   string
		vars        map[string]any
		action      string
		targetLabel string
	}{
		{"deactivate", `mutation($id: ID!) { m: deactivateAccount(accountId: $id, message: "bye") { id } }`, nil,
			"account.deactivated", "bob@acme.test"},
		{"reactivate", `mutation($id: ID!) { m: reactivateAccount(accountId: $id) { id } }`, nil,
			"account.reactivated", "bob@acme.test"},
		{"delete", `mutation($id: ID!) { m: deleteAccount(accountId: $id) { id } }`, nil,
			"account.deletion_scheduled", "bob@acme.test"},
		{"cancel deletion", `mutation($id: ID!) { m: cancelAccountDeletion(accountId: $id) { id } }`, nil,
			"account.deletion_cancelled", "bob@acme.test"},
		{"update details", `mutation($id: ID!) { m: updateAccountDetails(accountId: $id, input: {name: "Robert Brown", jobTitle: "CTO"}) { id } }`, nil,
			"account.details_updated", "bob@acme.test"},
		{"change email", `mutation($id: ID!) { m: changeAccountEmail(accountId: $id, email: "robert@acme.test") { id } }`, nil,
			"account.email_changed", "robert@acme.test"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" writes one event with the admin as actor and the account as target", func(t *testing.T) {
			env.Clock.Advance(time.Minute)
			before := auditRows(t, env)
			admin.MustQuery(tc.doc, map[string]any{"id": w.Bob}, nil)
			ev := requireOneNewEvent(t, env, admin, w.Acme, before)
			require.Equal(t, tc.action, ev.Action)
			require.Equal(t, "ACCOUNT", ev.ActorType)
			require.NotNil(t, ev.ActorID)
			require.Equal(t, string(w.AcmeAdmin), *ev.ActorID)
			require.Equal(t, testkit.AcmeAdminEmail, ev.ActorLabel)
			require.Equal(t, "Account", ev.TargetType)
			require.NotNil(t, ev.TargetID)
			require.Equal(t, string(w.Bob), *ev.TargetID)
			require.Equal(t, tc.targetLabel, ev.TargetLabel)
			require.True(t, ev.Time.Equal(env.Clock.Now()), "event time %s", ev.Time)
		})
	}
}

func TestRule19_BulkActionWritesOneEventPerChangedItem(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	type bulkResult struct {
		AccountID gid.ID
		Account   *struct {
			ID          gid.ID
			Status      string
			Memberships []struct {
				ID                     gid.ID
				EffectiveProductAccess []struct{ Product string }
			}
		}
		Error *struct{ Code, Message string }
	}

	t.Run("deactivateAccounts over Alice, Gus and Bob answers per item in order, refusing Gus", func(t *testing.T) {
		before := auditRows(t, env)
		var out struct{ DeactivateAccounts []bulkResult }
		admin.MustQuery(`mutation($ids: [ID!]!) { deactivateAccounts(accountIds: $ids, message: "Reorg") {
		  accountId account { id status memberships { id effectiveProductAccess { product } } } error { code message } } }`,
			map[string]any{"ids": []gid.ID{w.Alice, w.Gus, w.Bob}}, &out)
		res := out.DeactivateAccounts
		require.Len(t, res, 3)

		require.Equal(t, w.Alice, res[0].AccountID)
		require.Nil(t, res[0].Error)
		require.NotNil(t, res[0].Account)
		require.Equal(t, "DEACTIVATED", res[0].Account.Status)
		require.Len(t, res[0].Account.Memberships, 1)
		require.Empty(t, res[0].Account.Memberships[0].EffectiveProductAccess)

		require.Equal(t, w.Gus, res[1].AccountID)
		require.Nil(t, res[1].Account)
		require.NotNil(t, res[1].Error)
		require.Equal(t, "NOT_MANAGED", res[1].Error.Code)
		require.NotEmpty(t, res[1].Error.Message)

		require.Equal(t, w.Bob, res[2].AccountID)
		require.Nil(t, res[2].Error)
		require.Equal(t, "DEACTIVATED", res[2].Account.Status)

		require.Equal(t, before+2, auditRows(t, env), "one event per changed account, none for the refused one")
		p := orgAuditEvents(t, admin, w.Acme, nil)
		require.Equal(t, []string{"account.deactivated", "account.deactivated"}, p.actions()[:2])
		require.Equal(t, string(w.Bob), *p.Edges[0].Node.TargetID)
		require.Equal(t, string(w.Alice), *p.Edges[1].Node.TargetID)
		for _, e := range p.Edges[:2] {
			require.Equal(t, string(w.AcmeAdmin), *e.Node.ActorID)
		}
		st := orgStats(t, admin, w.Acme)
		require.Equal(t, recountStats(t, env, w.Acme), st)
	})

	t.Run("reactivateAccounts refuses an ACTIVE account and an invisible one, and writes one event per change", func(t *testing.T) {
		before := auditRows(t, env)
		var out struct{ ReactivateAccounts []bulkResult }
		admin.MustQuery(`mutation($ids: [ID!]!) { reactivateAccounts(accountIds: $ids) {
		  accountId account { id status } error { code message } } }`,
			map[string]any{"ids": []gid.ID{w.Pat, w.Bob, w.Gina, w.Alice}}, &out)
		res := out.ReactivateAccounts
		require.Len(t, res, 4)
		require.Equal(t, []gid.ID{w.Pat, w.Bob, w.Gina, w.Alice},
			[]gid.ID{res[0].AccountID, res[1].AccountID, res[2].AccountID, res[3].AccountID})
		require.Equal(t, "INVALID_STATE", res[0].Error.Code)
		require.Nil(t, res[0].Account)
		require.Nil(t, res[1].Error)
		require.Equal(t, "ACTIVE", res[1].Account.Status)
		require.Equal(t, "NOT_FOUND", res[2].Error.Code)
		require.Nil(t, res[2].Account)
		require.Nil(t, res[3].Error)
		require.Equal(t, "ACTIVE", res[3].Account.Status)
		require.Equal(t, before+2, auditRows(t, env))
		p := orgAuditEvents(t, admin, w.Acme, nil)
		require.Equal(t, []string{"account.reactivated", "account.reactivated"}, p.actions()[:2])
		require.Equal(t, string(w.Alice), *p.Edges[0].Node.TargetID)
		require.Equal(t, string(w.Bob), *p.Edges[1].Node.TargetID)
	})
}

func TestRule19_RefusedRequestWritesNothing(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	siteAdmin := env.Login(testkit.SiteAdminEmail, testkit.Password)
	long := strings.Repeat("x", 1001)

	cases := []struct {
		name   string
		client *testkit.Client
		doc    string
		vars   map[string]any
		code   string
	}{
		{"reactivating an ACTIVE account is INVALID_STATE", admin,
			`mutation($id: ID!) { reactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Bob}, "INVALID_STATE"},
		{"cancelling the deletion of an ACTIVE account is INVALID_STATE", admin,
			`mutation($id: ID!) { cancelAccountDeletion(accountId: $id) { id } }`, map[string]any{"id": w.Bob}, "INVALID_STATE"},
		{"editing a provisioned account is INVALID_STATE", admin,
			`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {jobTitle: "CEO"}) { id } }`, map[string]any{"id": w.Pat}, "INVALID_STATE"},
		{"deactivating an account Globex manages is NOT_MANAGED", admin,
			`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Gus}, "NOT_MANAGED"},
		{"deleting an account nobody manages is NOT_MANAGED", admin,
			`mutation($id: ID!) { deleteAccount(accountId: $id) { id } }`, map[string]any{"id": w.Eve}, "NOT_MANAGED"},
		{"revoking a token of an account Globex manages is NOT_MANAGED", admin,
			`mutation($id: ID!, $tok: ID!) { revokeApiToken(accountId: $id, tokenId: $tok) { id } }`,
			map[string]any{"id": w.Gus, "tok": gid.New("tok")}, "NOT_MANAGED"},
		{"deactivating an account Acme cannot see is NOT_FOUND", admin,
			`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Gina}, "NOT_FOUND"},
		{"a site admin deactivating a user of its site is FORBIDDEN", siteAdmin,
			`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Alice}, "FORBIDDEN"},
		{"an empty name is INVALID_INPUT", admin,
			`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {name: "  ", jobTitle: "CTO"}) { id } }`,
			map[string]any{"id": w.Bob}, "INVALID_INPUT"},
		{"an unknown time zone is INVALID_INPUT", admin,
			`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {timeZone: "Mars/Olympus"}) { id } }`,
			map[string]any{"id": w.Bob}, "INVALID_INPUT"},
		{"a deactivation message over 1000 characters is INVALID_INPUT", admin,
			`mutation($id: ID!, $msg: String) { deactivateAccount(accountId: $id, message: $msg) { id } }`,
			map[string]any{"id": w.Bob, "msg": long}, "INVALID_INPUT"},
		{"an email on a domain the org does not own is INVALID_INPUT", admin,
			`mutation($id: ID!) { changeAccountEmail(accountId: $id, email: "bob@gmail.test") { id } }`,
			map[string]any{"id": w.Bob}, "INVALID_INPUT"},
		{"an email of another account is CONFLICT", admin,
			`mutation($id: ID!) { changeAccountEmail(accountId: $id, email: "Alice@acme.test") { id } }`,
			map[string]any{"id": w.Bob}, "CONFLICT"},
		{"an empty bulk list is INVALID_INPUT", admin,
			`mutation { deactivateAccounts(accountIds: []) { accountId } }`, nil, "INVALID_INPUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" and writes no audit event", func(t *testing.T) {
			before := auditRows(t, env)
			r := tc.client.Query(tc.doc, tc.vars)
			require.Equal(t, tc.code, r.Code(), r.Message())
			require.Equal(t, before, auditRows(t, env))
		})
	}

	t.Run("the refused requests changed nothing", func(t *testing.T) {
		var out struct{ Node accountResult }
		admin.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { `+accountFields+` } } }`, map[string]any{"id": w.Bob}, &out)
		require.Equal(t, "ACTIVE", out.Node.Status)
		require.Equal(t, "Bob Brown", out.Node.Name)
		require.Equal(t, "bob@acme.test", out.Node.Email)
		require.Equal(t, recountStats(t, env, w.Acme), orgStats(t, admin, w.Acme))
	})
}

func TestRule19_RequestThatChangesNothingWritesNothing(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	for name, input := range map[string]map[string]any{
		"the same name":                       {"name": "Bob Brown"},
		"the same name with spaces around it": {"name": "  Bob Brown "},
		"no field at all":                     {},
	} {
		t.Run("updateAccountDetails with "+name+" writes no event", func(t *testing.T) {
			before := auditRows(t, env)
			var out struct{ UpdateAccountDetails accountResult }
			admin.MustQuery(`mutation($id: ID!, $in: AccountDetailsInput!) { updateAccountDetails(accountId: $id, input: $in) { `+accountFields+` } }`,
				map[string]any{"id": w.Bob, "in": input}, &out)
			require.Equal(t, "Bob Brown", out.UpdateAccountDetails.Name)
			require.Equal(t, before, auditRows(t, env))
		})
	}

	t.Run("changeAccountEmail to the current address writes no event", func(t *testing.T) {
		before := auditRows(t, env)
		var out struct{ ChangeAccountEmail accountResult }
		admin.MustQuery(`mutation($id: ID!) { changeAccountEmail(accountId: $id, email: "bob@acme.test") { `+accountFields+` } }`,
			map[string]any{"id": w.Bob}, &out)
		require.Equal(t, "bob@acme.test", out.ChangeAccountEmail.Email)
		require.Equal(t, before, auditRows(t, env))
	})

	t.Run("an update changing one field of two records that one change", func(t *testing.T) {
		before := auditRows(t, env)
		admin.MustQuery(`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {name: "Bob Brown", department: "R&D"}) { id } }`,
			map[string]any{"id": w.Bob}, nil)
		ev := requireOneNewEvent(t, env, admin, w.Acme, before)
		require.Equal(t, "account.details_updated", ev.Action)
		var details string
		require.NoError(t, env.QueryRow(`SELECT details FROM audit_events WHERE id = ?`, ev.ID).Scan(&details))
		require.JSONEq(t, `{"before": {"department": ""}, "after": {"department": "R&D"}}`, details)
	})
}

func TestRule19_RevokeTokenAndLogOutDevice(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	sys := viewer.System(context.Background())

	gusDevice, err := env.App.DB.Client.Device.Query().Where(device.AccountID(w.Gus)).OnlyID(sys)
	require.NoError(t, err)
	bobToken, err := env.App.DB.Client.ApiToken.Create().SetAccountID(w.Bob).SetLabel("Bob's script").Save(sys)
	require.NoError(t, err)

	type security struct {
		ID      gid.ID
		Devices []struct {
			ID   gid.ID
			Name string
		}
		APITokens []struct {
			ID    gid.ID
			Label string
		}
	}
	const securityFields = `id devices { id name } apiTokens { id label }`
	read := func(t *testing.T, id gid.ID) security {
		t.Helper()
		var out struct{ Node security }
		admin.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { `+securityFields+` } } }`, map[string]any{"id": id}, &out)
		return out.Node
	}
	alice := read(t, w.Alice)
	require.Len(t, alice.Devices, 1)
	require.Equal(t, "Chrome on macOS", alice.Devices[0].Name)
	require.Len(t, alice.APITokens, 1)
	require.Equal(t, "CI", alice.APITokens[0].Label)

	t.Run("a token of another account is NOT_FOUND and writes nothing", func(t *testing.T) {
		before := auditRows(t, env)
		for _, tok := range []gid.ID{bobToken.ID, gid.New("tok")} {
			r := admin.Query(`mutation($id: ID!, $tok: ID!) { revokeApiToken(accountId: $id, tokenId: $tok) { id } }`,
				map[string]any{"id": w.Alice, "tok": tok})
			require.Equal(t, "NOT_FOUND", r.Code(), r.Message())
		}
		require.Equal(t, before, auditRows(t, env))
		require.Len(t, read(t, w.Bob).APITokens, 1, "Bob keeps his token")
		require.Len(t, read(t, w.Alice).APITokens, 1)
	})

	t.Run("a device of another account is NOT_FOUND and writes nothing", func(t *testing.T) {
		before := auditRows(t, env)
		for _, dev := range []gid.ID{gusDevice, gid.New("dev")} {
			r := admin.Query(`mutation($id: ID!, $dev: ID!) { logOutDevice(accountId: $id, deviceId: $dev) { id } }`,
				map[string]any{"id": w.Alice, "dev": dev})
			require.Equal(t, "NOT_FOUND", r.Code(), r.Message())
		}
		require.Equal(t, before, auditRows(t, env))
		require.Equal(t, 1, sqlCount(t, env, `SELECT COUNT(*) FROM devices WHERE id = ?`, gusDevice), "Gus keeps his device")
		require.Len(t, read(t, w.Alice).Devices, 1)
	})

	t.Run("revokeApiToken removes the token and writes one event", func(t *testing.T) {
		before := auditRows(t, env)
		var out struct{ RevokeApiToken security }
		admin.MustQuery(`mutation($id: ID!, $tok: ID!) { revokeApiToken(accountId: $id, tokenId: $tok) { `+securityFields+` } }`,
			map[string]any{"id": w.Alice, "tok": alice.APITokens[0].ID}, &out)
		require.Empty(t, out.RevokeApiToken.APITokens)
		require.Len(t, out.RevokeApiToken.Devices, 1)
		ev := requireOneNewEvent(t, env, admin, w.Acme, before)
		require.Equal(t, "account.api_token_revoked", ev.Action)
		require.Equal(t, string(w.Alice), *ev.TargetID)
		require.Equal(t, string(w.AcmeAdmin), *ev.ActorID)
		require.Empty(t, read(t, w.Alice).APITokens)
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM api_tokens WHERE account_id = ?`, w.Alice))
	})

	t.Run("revoking the same token again is NOT_FOUND and writes nothing", func(t *testing.T) {
		before := auditRows(t, env)
		r := admin.Query(`mutation($id: ID!, $tok: ID!) { revokeApiToken(accountId: $id, tokenId: $tok) { id } }`,
			map[string]any{"id": w.Alice, "tok": alice.APITokens[0].ID})
		require.Equal(t, "NOT_FOUND", r.Code())
		require.Equal(t, before, auditRows(t, env))
	})

	t.Run("logOutDevice removes the device and writes one event", func(t *testing.T) {
		before := auditRows(t, env)
		var out struct{ LogOutDevice security }
		admin.MustQuery(`mutation($id: ID!, $dev: ID!) { logOutDevice(accountId: $id, deviceId: $dev) { `+securityFields+` } }`,
			map[string]any{"id": w.Alice, "dev": alice.Devices[0].ID}, &out)
		require.Empty(t, out.LogOutDevice.Devices)
		ev := requireOneNewEvent(t, env, admin, w.Acme, before)
		require.Equal(t, "account.device_logged_out", ev.Action)
		require.Equal(t, string(w.Alice), *ev.TargetID)
		require.Empty(t, read(t, w.Alice).Devices)
		require.Zero(t, sqlCount(t, env, `SELECT COUNT(*) FROM devices WHERE account_id = ?`, w.Alice))
	})

	t.Run("the token and device of Bob are untouched", func(t *testing.T) {
		require.Equal(t, 1, sqlCount(t, env, `SELECT COUNT(*) FROM api_tokens WHERE account_id = ?`, w.Bob))
		n, err := env.App.DB.Client.ApiToken.Query().Where(apitoken.ID(bobToken.ID)).Count(sys)
		require.NoError(t, err)
		require.Equal(t, 1, n)
	})
}

func TestRule19_AccountAuditEventsNewestFirst(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	env.Clock.Advance(time.Hour)
	acme.MustQuery(`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Bob}, nil)
	env.Clock.Advance(time.Hour)
	acme.MustQuery(`mutation($id: ID!) { reactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Bob}, nil)
	env.Clock.Advance(time.Hour)
	acme.MustQuery(`mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {location: "Lyon"}) { id } }`, map[string]any{"id": w.Bob}, nil)
	acme.MustQuery(`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Alice}, nil)

	t.Run("Bob's history lists his changes newest first, from his creation on", func(t *testing.T) {
		p := accountAuditEvents(t, acme, w.Bob)
		require.Equal(t, 4, p.TotalCount)
		require.Equal(t, []string{"account.details_updated", "account.reactivated", "account.deactivated", "account.created_managed"}, p.actions())
		wantTimes := []time.Time{testkit.Start.Add(3 * time.Hour), testkit.Start.Add(2 * time.Hour), testkit.Start.Add(time.Hour), testkit.Start}
		for i, e := range p.Edges {
			require.True(t, e.Node.Time.Equal(wantTimes[i]), "event %d at %s", i, e.Node.Time)
			require.Equal(t, string(w.Bob), *e.Node.TargetID)
		}
		require.Equal(t, "SYSTEM", p.Edges[3].Node.ActorType, "the claim made Acme manage Bob, not an admin")
	})

	t.Run("Alice's history as Acme sees it holds only Acme's events", func(t *testing.T) {
		p := accountAuditEvents(t, acme, w.Alice)
		require.Equal(t, []string{"account.deactivated", "user.invited", "account.created_managed"}, p.actions())
	})

	t.Run("Alice's history as Globex sees it holds only Globex's events", func(t *testing.T) {
		globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
		p := accountAuditEvents(t, globex, w.Alice)
		require.Equal(t, []string{"user.invited"}, p.actions())
		require.Equal(t, "Membership", p.Edges[0].Node.TargetType)
	})
}

func TestRule19_OrganizationAuditEventFilters(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	for _, id := range []gid.ID{w.Alice, w.Bob} {
		admin.MustQuery(`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": id}, nil)
	}
	admin.MustQuery(`mutation($id: ID!) { reactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Bob}, nil)

	t.Run("by action", func(t *testing.T) {
		p := orgAuditEvents(t, admin, w.Acme, map[string]any{"action": "account.deactivated"})
		require.Equal(t, 2, p.TotalCount)
		require.Equal(t, []string{"account.deactivated", "account.deactivated"}, p.actions())
		require.Equal(t, string(w.Bob), *p.Edges[0].Node.TargetID)
		require.Equal(t, string(w.Alice), *p.Edges[1].Node.TargetID)
	})

	t.Run("by target", func(t *testing.T) {
		p := orgAuditEvents(t, admin, w.Acme, map[string]any{"targetId": w.Bob})
		require.Equal(t, []string{"account.reactivated", "account.deactivated", "account.created_managed"}, p.actions())
		require.Equal(t, 3, p.TotalCount)
	})

	t.Run("by action and target together", func(t *testing.T) {
		p := orgAuditEvents(t, admin, w.Acme, map[string]any{"action": "account.deactivated", "targetId": w.Alice})
		require.Equal(t, 1, p.TotalCount)
		require.Equal(t, string(w.Alice), *p.Edges[0].Node.TargetID)
	})

	t.Run("by actor", func(t *testing.T) {
		p := orgAuditEvents(t, admin, w.Acme, map[string]any{"actorId": w.AcmeAdmin})
		require.Equal(t, []string{"account.reactivated", "account.deactivated", "account.deactivated", "admin.signed_in"}, p.actions())
		for _, e := range p.Edges {
			require.Equal(t, string(w.AcmeAdmin), *e.Node.ActorID)
		}
	})

	t.Run("by an action nobody did", func(t *testing.T) {
		p := orgAuditEvents(t, admin, w.Acme, map[string]any{"action": "account.deleted"})
		require.Zero(t, p.TotalCount)
		require.Empty(t, p.Edges)
	})

	t.Run("Globex's log holds none of Acme's changes", func(t *testing.T) {
		globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
		p := orgAuditEvents(t, globex, w.Globex, map[string]any{"action": "account.deactivated"})
		require.Zero(t, p.TotalCount)
		r := admin.Query(`query($org: ID!) { organization(id: $org) { auditEvents { totalCount } } }`, map[string]any{"org": w.Globex})
		require.Equal(t, "NOT_FOUND", r.Code())
	})
}
