package graph_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent/account"
	"orgdir/ent/apitoken"
	"orgdir/ent/device"
	"orgdir/ent/membership"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// visMutation is one lifecycle mutation of rule 5, written against $id (the account)
// and, for the security items, $item (a token or device id).
type visMutation struct {
	name string
	doc  string
	item func(s visSecurity) gid.ID // nil when the mutation takes no item
}

// visSecurity holds an account's personal API token and device, for revokeApiToken and logOutDevice.
type visSecurity struct{ token, device gid.ID }

func visLifecycleMutations(newEmail string) []visMutation {
	return []visMutation{
		{"deactivateAccount", `mutation($id: ID!) { deactivateAccount(accountId: $id, message: "bye") { id status } }`, nil},
		{"reactivateAccount", `mutation($id: ID!) { reactivateAccount(accountId: $id) { id status } }`, nil},
		{"deleteAccount", `mutation($id: ID!) { deleteAccount(accountId: $id) { id status } }`, nil},
		{"cancelAccountDeletion", `mutation($id: ID!) { cancelAccountDeletion(accountId: $id) { id status } }`, nil},
		{"updateAccountDetails", `mutation($id: ID!) { updateAccountDetails(accountId: $id, input: {name: "Renamed Person", jobTitle: "Spy"}) { id name } }`, nil},
		{"changeAccountEmail", `mutation($id: ID!) { changeAccountEmail(accountId: $id, email: "` + newEmail + `") { id email } }`, nil},
		{"revokeApiToken", `mutation($id: ID!, $item: ID!) { revokeApiToken(accountId: $id, tokenId: $item) { id } }`,
			func(s visSecurity) gid.ID { return s.token }},
		{"logOutDevice", `mutation($id: ID!, $item: ID!) { logOutDevice(accountId: $id, deviceId: $item) { id } }`,
			func(s visSecurity) gid.ID { return s.device }},
	}
}

func (m visMutation) run(t *testing.T, c *testkit.Client, id gid.ID, sec visSecurity) testkit.Response {
	t.Helper()
	vars := map[string]any{"id": id}
	if m.item != nil {
		vars["item"] = m.item(sec)
	}
	return c.Query(m.doc, vars)
}

// visGiveSecurity gives an account an API token and makes sure it has a device, through
// the data layer as the system, and returns their ids.
func visGiveSecurity(t *testing.T, env *testkit.Env, accountID gid.ID) visSecurity {
	t.Helper()
	ctx := viewer.System(context.Background())
	db := env.App.DB.Client
	tok, err := db.ApiToken.Create().SetAccountID(accountID).SetLabel("deploy").Save(ctx)
	require.NoError(t, err)
	dev, err := db.Device.Query().Where(device.AccountID(accountID)).First(ctx)
	if err != nil {
		dev, err = db.Device.Create().SetAccountID(accountID).SetName("Safari on iOS").SetLastUsedAt(env.Clock.Now()).Save(ctx)
		require.NoError(t, err)
	}
	return visSecurity{token: tok.ID, device: dev.ID}
}

// visSecurityLeft reports whether the token and device of s still exist.
func visSecurityLeft(t *testing.T, env *testkit.Env, s visSecurity) (token, dev bool) {
	t.Helper()
	ctx := viewer.System(context.Background())
	db := env.App.DB.Client
	token, err := db.ApiToken.Query().Where(apitoken.ID(s.token)).Exist(ctx)
	require.NoError(t, err)
	dev, err = db.Device.Query().Where(device.ID(s.device)).Exist(ctx)
	require.NoError(t, err)
	return token, dev
}

type visAccountRow struct {
	Email, Name, Status string
}

// visAccountAsSystem reads an account straight from the database.
func visAccountAsSystem(t *testing.T, env *testkit.Env, id gid.ID) visAccountRow {
	t.Helper()
	a, err := env.App.DB.Client.Account.Query().Where(account.ID(id)).Only(viewer.System(context.Background()))
	require.NoError(t, err)
	return visAccountRow{Email: a.Email, Name: a.Name, Status: string(a.Status)}
}

// visAuditCount is the totalCount of org's audit log as admin sees it.
func visAuditCount(t *testing.T, admin *testkit.Client, org gid.ID) int {
	t.Helper()
	var out struct {
		Organization struct{ AuditEvents struct{ TotalCount int } }
	}
	admin.MustQuery(`query($org: ID!) { organization(id: $org) { auditEvents { totalCount } } }`, map[string]any{"org": org}, &out)
	return out.Organization.AuditEvents.TotalCount
}

type visBulkResult struct {
	AccountID gid.ID
	Account   *struct{ ID gid.ID }
	Error     *struct{ Code, Message string }
}

func visDeactivateMany(t *testing.T, c *testkit.Client, ids ...gid.ID) ([]visBulkResult, testkit.Response) {
	t.Helper()
	r := c.Query(`mutation($ids: [ID!]!) { deactivateAccounts(accountIds: $ids) { accountId account { id } error { code message } } }`,
		map[string]any{"ids": ids})
	var out struct{ DeactivateAccounts []visBulkResult }
	if len(r.Errors) == 0 {
		r.Decode(&out)
	}
	return out.DeactivateAccounts, r
}

func TestRule5_LifecycleOnUnmanagedAccountIsNotManaged(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	targets := []struct {
		name string
		id   gid.ID
		sec  visSecurity
	}{
		{"Gus, seen on acme-eng and managed by Globex", w.Gus, visGiveSecurity(t, env, w.Gus)},
		{"Eve, seen on acme-eng and managed by nobody", w.Eve, visGiveSecurity(t, env, w.Eve)},
	}
	acmeBefore, globexBefore := visAuditCount(t, acme, w.Acme), visAuditCount(t, globex, w.Globex)
	for _, target := range targets {
		before := visAccountAsSystem(t, env, target.id)
		for _, m := range visLifecycleMutations("renamed@acme.test") {
			t.Run(m.name+" on "+target.name+" is NOT_MANAGED", func(t *testing.T) {
				r := m.run(t, acme, target.id, target.sec)
				require.Equal(t, "NOT_MANAGED", r.Code(), "%+v", r.Errors)
				require.Len(t, r.Errors, 1)
				require.JSONEq(t, `null`, string(r.Data), "a non-null mutation field that fails nulls data")
			})
		}
		t.Run("deactivateAccounts reports NOT_MANAGED for "+target.name+" and changes it not", func(t *testing.T) {
			res, r := visDeactivateMany(t, acme, target.id)
			require.Empty(t, r.Errors)
			require.Len(t, res, 1)
			require.Equal(t, target.id, res[0].AccountID)
			require.Nil(t, res[0].Account)
			require.NotNil(t, res[0].Error)
			require.Equal(t, "NOT_MANAGED", res[0].Error.Code)
		})
		t.Run(target.name+" is left exactly as it was", func(t *testing.T) {
			require.Equal(t, before, visAccountAsSystem(t, env, target.id))
			tok, dev := visSecurityLeft(t, env, target.sec)
			require.True(t, tok, "the API token is still there")
			require.True(t, dev, "the device is still there")
		})
	}
	t.Run("a bulk deactivation mixing managed and unmanaged accounts changes only the managed one", func(t *testing.T) {
		res, r := visDeactivateMany(t, acme, w.Gus, w.Bob, w.Eve)
		require.Empty(t, r.Errors)
		require.Len(t, res, 3)
		require.Equal(t, []gid.ID{w.Gus, w.Bob, w.Eve}, []gid.ID{res[0].AccountID, res[1].AccountID, res[2].AccountID})
		require.Equal(t, "NOT_MANAGED", res[0].Error.Code)
		require.Nil(t, res[1].Error)
		require.NotNil(t, res[1].Account)
		require.Equal(t, w.Bob, res[1].Account.ID)
		require.Equal(t, "NOT_MANAGED", res[2].Error.Code)
		require.Equal(t, "DEACTIVATED", visAccountAsSystem(t, env, w.Bob).Status)
		require.Equal(t, "ACTIVE", visAccountAsSystem(t, env, w.Gus).Status)
		require.Equal(t, acmeBefore+1, visAuditCount(t, acme, w.Acme), "one audit event, for Bob only")
	})
	t.Run("the refused actions wrote no audit event in either organization", func(t *testing.T) {
		require.Equal(t, globexBefore, visAuditCount(t, globex, w.Globex))
	})
	t.Run("Globex, which sees Alice on its site, does not manage her either", func(t *testing.T) {
		sec := visGiveSecurity(t, env, w.Alice)
		for _, m := range visLifecycleMutations("alice2@globex.test") {
			r := m.run(t, globex, w.Alice, sec)
			require.Equal(t, "NOT_MANAGED", r.Code(), "%s: %+v", m.name, r.Errors)
		}
		require.Equal(t, "ACTIVE", visAccountAsSystem(t, env, w.Alice).Status)
	})
}

func TestRule5_AccountTheAdminDoesNotSeeIsNotFoundLikeARandomId(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	gina := visGiveSecurity(t, env, w.Gina)
	random := visSecurity{token: gid.New("tok"), device: gid.New("dev")}
	ginaBefore := visAccountAsSystem(t, env, w.Gina)
	auditBefore := visAuditCount(t, acme, w.Acme)

	// same asserts that asking about something Acme cannot see answers exactly like
	// asking about something that does not exist: same data, same errors.
	same := func(t *testing.T, hidden, missing testkit.Response) {
		t.Helper()
		require.Equal(t, "NOT_FOUND", missing.Code(), "%+v", missing.Errors)
		require.Equal(t, "NOT_FOUND", hidden.Code(), "%+v", hidden.Errors)
		require.Equal(t, missing.Message(), hidden.Message())
		require.Equal(t, missing.Errors, hidden.Errors)
		require.JSONEq(t, string(missing.Data), string(hidden.Data))
		require.Equal(t, missing.StatusCode, hidden.StatusCode)
	}

	t.Run("node on Gina answers like node on a random account id", func(t *testing.T) {
		q := `query($id: ID!) { node(id: $id) { id ... on Account { email name } } }`
		same(t, acme.Query(q, map[string]any{"id": w.Gina}), acme.Query(q, map[string]any{"id": gid.New("acc")}))
	})
	t.Run("nodes on Gina answers like nodes on a random account id", func(t *testing.T) {
		q := `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Account { email } } }`
		hidden := acme.Query(q, map[string]any{"ids": []gid.ID{w.Gina}})
		same(t, hidden, acme.Query(q, map[string]any{"ids": []gid.ID{gid.New("acc")}}))
		require.JSONEq(t, `{"nodes": [null]}`, string(hidden.Data))
	})
	t.Run("nodes with Alice and Gina returns Alice and nothing of Gina", func(t *testing.T) {
		r := acme.Query(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Account { email } } }`,
			map[string]any{"ids": []gid.ID{w.Alice, w.Gina}})
		require.Equal(t, "NOT_FOUND", r.Code())
		var out struct {
			Nodes []*struct{ ID, Email string }
		}
		r.Decode(&out)
		require.Len(t, out.Nodes, 2)
		require.NotNil(t, out.Nodes[0])
		require.Equal(t, "alice@acme.test", out.Nodes[0].Email)
		require.Nil(t, out.Nodes[1])
		require.NotContains(t, string(r.Data)+r.Message(), "gina")
	})
	t.Run("node on Gina's membership of Globex's site answers like a random membership id", func(t *testing.T) {
		m, err := env.App.DB.Client.Membership.Query().Where(membership.AccountID(w.Gina)).Only(viewer.System(context.Background()))
		require.NoError(t, err)
		q := `query($id: ID!) { node(id: $id) { id } }`
		same(t, acme.Query(q, map[string]any{"id": m.ID}), acme.Query(q, map[string]any{"id": gid.New("mem")}))
	})
	t.Run("organization(id: Globex) answers like a random organization id", func(t *testing.T) {
		q := `query($id: ID!) { organization(id: $id) { id name } }`
		same(t, acme.Query(q, map[string]any{"id": w.Globex}), acme.Query(q, map[string]any{"id": gid.New("org")}))
	})
	t.Run("node on Globex answers like node on a random organization id", func(t *testing.T) {
		q := `query($id: ID!) { node(id: $id) { id ... on Organization { name } } }`
		same(t, acme.Query(q, map[string]any{"id": w.Globex}), acme.Query(q, map[string]any{"id": gid.New("org")}))
	})
	for _, m := range visLifecycleMutations("gina2@acme.test") {
		t.Run(m.name+" on Gina answers like "+m.name+" on a random account id", func(t *testing.T) {
			same(t, m.run(t, acme, w.Gina, gina), m.run(t, acme, gid.New("acc"), random))
		})
	}
	t.Run("deactivateAccounts reports Gina exactly like a random account id", func(t *testing.T) {
		missing := gid.New("acc")
		res, r := visDeactivateMany(t, acme, w.Gina, missing)
		require.Empty(t, r.Errors)
		require.Len(t, res, 2)
		require.Equal(t, w.Gina, res[0].AccountID)
		require.Equal(t, missing, res[1].AccountID)
		for _, item := range res {
			require.Nil(t, item.Account)
			require.NotNil(t, item.Error)
			require.Equal(t, "NOT_FOUND", item.Error.Code)
		}
		require.Equal(t, *res[1].Error, *res[0].Error)
	})
	t.Run("Gina, her token and her device are untouched and no audit event was written", func(t *testing.T) {
		require.Equal(t, ginaBefore, visAccountAsSystem(t, env, w.Gina))
		tok, dev := visSecurityLeft(t, env, gina)
		require.True(t, tok)
		require.True(t, dev)
		require.Equal(t, auditBefore, visAuditCount(t, acme, w.Acme))
	})
}

func TestRule5_SiteAdminIsForbiddenLifecycleActions(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	siteAdmin := env.Login(testkit.SiteAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	auditBefore := visAuditCount(t, globex, w.Globex)
	targets := []struct {
		name  string
		id    gid.ID
		email string
	}{
		{"Alice, an external user of the globex site", w.Alice, "alice@acme.test"},
		{"Gina, a user of the globex site managed by Globex", w.Gina, "gina@globex.test"},
	}
	for _, target := range targets {
		sec := visGiveSecurity(t, env, target.id)
		before := visAccountAsSystem(t, env, target.id)
		t.Run("the site admin sees "+target.name, func(t *testing.T) {
			var out struct {
				Node struct {
					Email   string
					Managed bool
				}
			}
			siteAdmin.MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { email managed } } }`, map[string]any{"id": target.id}, &out)
			require.Equal(t, target.email, out.Node.Email)
			require.Equal(t, target.id == w.Gina, out.Node.Managed, "managed by the organization of the admin's site")
		})
		for _, m := range visLifecycleMutations("renamed@globex.test") {
			t.Run(m.name+" on "+target.name+" is FORBIDDEN", func(t *testing.T) {
				r := m.run(t, siteAdmin, target.id, sec)
				require.Equal(t, "FORBIDDEN", r.Code(), "%+v", r.Errors)
			})
		}
		t.Run("deactivateAccounts reports FORBIDDEN for "+target.name, func(t *testing.T) {
			res, r := visDeactivateMany(t, siteAdmin, target.id)
			require.Empty(t, r.Errors)
			require.Len(t, res, 1)
			require.NotNil(t, res[0].Error)
			require.Equal(t, "FORBIDDEN", res[0].Error.Code)
		})
		t.Run(target.name+" is left exactly as it was", func(t *testing.T) {
			require.Equal(t, before, visAccountAsSystem(t, env, target.id))
			tok, dev := visSecurityLeft(t, env, sec)
			require.True(t, tok)
			require.True(t, dev)
		})
	}
	t.Run("no audit event was written", func(t *testing.T) {
		require.Equal(t, auditBefore, visAuditCount(t, globex, w.Globex))
	})
}

type visAccountView struct {
	ID          gid.ID
	Email       string
	Managed     bool
	Devices     []struct{ ID gid.ID }
	APITokens   []struct{ ID gid.ID } `json:"apiTokens"`
	Memberships []struct {
		Site struct{ Name string }
	}
	ProductAccess []struct {
		Site          struct{ Name string }
		Product, Role string
	}
	ExternalProductAccess []struct {
		SiteName, SiteURL, Product, Role string
		LastActiveAt                     *time.Time
	}
}

const visAccountQuery = `query($id: ID!) { node(id: $id) { ... on Account {
  id email managed devices { id } apiTokens { id } memberships { site { name } }
  productAccess { site { name } product role }
  externalProductAccess { siteName siteUrl product role lastActiveAt } } } }`

func visNode(t *testing.T, c *testkit.Client, id gid.ID) (visAccountView, testkit.Response) {
	t.Helper()
	r := c.Query(visAccountQuery, map[string]any{"id": id})
	var out struct{ Node visAccountView }
	require.Empty(t, r.Errors, "%+v", r.Errors)
	r.Decode(&out)
	return out.Node, r
}

func visSiteNames(v visAccountView) []string {
	out := []string{}
	for _, m := range v.Memberships {
		out = append(out, m.Site.Name)
	}
	return out
}

func TestWhoSeesWhat_ManagedAccountsListsOnlyTheOrgsAccounts(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	type page struct {
		Organization struct {
			ManagedAccounts struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID gid.ID } }
			}
			ManagedAccountStats struct{ Total int }
		}
	}
	list := func(t *testing.T, search *string) page {
		var out page
		acme.MustQuery(`query($org: ID!, $search: String) { organization(id: $org) {
		  managedAccounts(first: 100, search: $search) { totalCount edges { node { id } } }
		  managedAccountStats { total } } }`, map[string]any{"org": w.Acme, "search": search}, &out)
		return out
	}
	t.Run("the list has Acme's accounts and none of Gus, Eve or Gina", func(t *testing.T) {
		out := list(t, nil)
		ids := []gid.ID{}
		for _, e := range out.Organization.ManagedAccounts.Edges {
			ids = append(ids, e.Node.ID)
		}
		require.Subset(t, ids, []gid.ID{w.Alice, w.Bob, w.Pat, w.AcmeAdmin})
		for _, other := range []gid.ID{w.Gus, w.Eve, w.Gina, w.GlobexAdmin, w.SiteAdmin} {
			require.NotContains(t, ids, other)
		}
		require.Equal(t, len(ids), out.Organization.ManagedAccounts.TotalCount)
		require.Equal(t, len(ids), out.Organization.ManagedAccountStats.Total)
	})
	for _, term := range []string{"gus", "eve", "gina", "globex", "gmail", "gu"} {
		t.Run("searching for "+term+" finds nothing", func(t *testing.T) {
			out := list(t, &term)
			require.Zero(t, out.Organization.ManagedAccounts.TotalCount)
			require.Empty(t, out.Organization.ManagedAccounts.Edges)
		})
	}
}

func TestWhoSeesWhat_ExternalUserShowsNoSecurityDetails(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	visGiveSecurity(t, env, w.Gus)
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	t.Run("Acme sees Gus by node, not managed, with no devices, tokens or outside access", func(t *testing.T) {
		gus, r := visNode(t, acme, w.Gus)
		require.Equal(t, w.Gus, gus.ID)
		require.Equal(t, "gus@globex.test", gus.Email)
		require.False(t, gus.Managed)
		require.Empty(t, gus.Devices)
		require.Empty(t, gus.APITokens)
		require.Empty(t, gus.ExternalProductAccess)
		require.Equal(t, []string{"acme-eng"}, visSiteNames(gus))
		require.Contains(t, string(r.Data), `"devices":[]`)
		require.Contains(t, string(r.Data), `"apiTokens":[]`)
		require.Contains(t, string(r.Data), `"externalProductAccess":[]`)
	})
	t.Run("Acme sees Eve, invited and managed by nobody, not managed", func(t *testing.T) {
		eve, _ := visNode(t, acme, w.Eve)
		require.False(t, eve.Managed)
		require.Empty(t, eve.Devices)
		require.Empty(t, eve.ExternalProductAccess)
		require.Equal(t, []string{"acme-eng"}, visSiteNames(eve))
	})
	t.Run("Globex, which manages Gus, sees his device and token and his access on Acme's site", func(t *testing.T) {
		gus, _ := visNode(t, globex, w.Gus)
		require.True(t, gus.Managed)
		require.Len(t, gus.Devices, 1)
		require.Len(t, gus.APITokens, 1)
		require.Empty(t, gus.Memberships, "acme-eng is not Globex's site")
		require.Len(t, gus.ExternalProductAccess, 1)
		require.Equal(t, "JIRA", gus.ExternalProductAccess[0].Product)
	})
}

func TestRule17_ManagedAccountShowsOutsideProductAccessButNotTheSite(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	t.Run("Alice shows her Jira access on the globex site", func(t *testing.T) {
		r := acme.Query(`query($id: ID!) { node(id: $id) { ... on Account { managed
		  externalProductAccess { siteName siteUrl product role lastActiveAt } } } }`, map[string]any{"id": w.Alice})
		require.Empty(t, r.Errors)
		var out struct {
			Node struct {
				Managed               bool
				ExternalProductAccess []struct {
					SiteName, SiteURL, Product, Role string
					LastActiveAt                     *time.Time
				}
			}
		}
		r.Decode(&out)
		require.True(t, out.Node.Managed)
		require.Len(t, out.Node.ExternalProductAccess, 1)
		x := out.Node.ExternalProductAccess[0]
		require.Equal(t, "globex", x.SiteName)
		require.Equal(t, "https://globex.example.test", x.SiteURL)
		require.Equal(t, "JIRA", x.Product)
		require.Equal(t, "USER", x.Role)
		require.NotNil(t, x.LastActiveAt)
		require.True(t, x.LastActiveAt.Equal(testkit.Start.Add(-time.Hour)), "last active %s", x.LastActiveAt)
	})
	t.Run("Alice's memberships and product access list only Acme's sites", func(t *testing.T) {
		alice, _ := visNode(t, acme, w.Alice)
		require.Equal(t, []string{"acme-eng"}, visSiteNames(alice))
		for _, pa := range alice.ProductAccess {
			require.Equal(t, "acme-eng", pa.Site.Name)
		}
		require.NotEmpty(t, alice.ProductAccess)
	})
	t.Run("Acme cannot query the globex site itself", func(t *testing.T) {
		q := `query($id: ID!) { site(id: $id) { id name url } }`
		hidden := acme.Query(q, map[string]any{"id": w.GlobexSite})
		missing := acme.Query(q, map[string]any{"id": gid.New("sit")})
		require.Equal(t, "NOT_FOUND", hidden.Code(), "%+v", hidden.Errors)
		require.Equal(t, missing.Errors, hidden.Errors)
		require.JSONEq(t, `{"site": null}`, string(hidden.Data))
	})
	t.Run("nor reach it by node", func(t *testing.T) {
		r := acme.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": w.GlobexSite})
		require.Equal(t, "NOT_FOUND", r.Code(), "%+v", r.Errors)
		require.JSONEq(t, `{"node": null}`, string(r.Data))
	})
}

func TestWhoSeesWhat_OrgSeesMemberOfItsSiteWithoutManagingIt(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	t.Run("Globex sees Alice by node, not managed, with only its own site", func(t *testing.T) {
		alice, _ := visNode(t, globex, w.Alice)
		require.Equal(t, "alice@acme.test", alice.Email)
		require.False(t, alice.Managed)
		require.Empty(t, alice.Devices, "Alice has a device, but Globex does not manage her")
		require.Empty(t, alice.APITokens, "Alice has an API token, but Globex does not manage her")
		require.Empty(t, alice.ExternalProductAccess)
		require.Equal(t, []string{"globex"}, visSiteNames(alice))
	})
	t.Run("Globex's managed accounts do not list Alice", func(t *testing.T) {
		var out struct {
			Organization struct {
				ManagedAccounts struct {
					Edges []struct{ Node struct{ ID gid.ID } }
				}
			}
		}
		globex.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(first: 100) { edges { node { id } } } } }`,
			map[string]any{"org": w.Globex}, &out)
		ids := []gid.ID{}
		for _, e := range out.Organization.ManagedAccounts.Edges {
			ids = append(ids, e.Node.ID)
		}
		require.Contains(t, ids, w.Gina)
		require.Contains(t, ids, w.Gus)
		require.NotContains(t, ids, w.Alice)
	})
}
