package access_test

import (
	"context"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/accountactivityday"
	"orgdir/ent/accountstatcell"
	"orgdir/ent/accountsuggestion"
	"orgdir/ent/adminrole"
	"orgdir/ent/apikey"
	"orgdir/ent/apitoken"
	"orgdir/ent/auditevent"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/device"
	"orgdir/ent/domain"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/ent/organization"
	"orgdir/ent/orguser"
	"orgdir/ent/session"
	"orgdir/ent/signinthrottle"
	"orgdir/ent/site"
	"orgdir/ent/userstatcell"
	"orgdir/internal/access"
	"orgdir/internal/apperr"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// accRule says, for one entity, which of its rows belong to Acme alone (PRODUCT.md §2 "Who
// sees what": rows a Globex admin must never get), written with explicit predicates run as
// the system, not through the visibility filters under test; and whether a Globex admin
// sees some rows of it at all (false for the bookkeeping tables nobody reads directly).
type accRule struct {
	acmeOnly   func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error)
	globexSees bool
}

func accIDs[T any](ids []T, err error) ([]any, error) {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out, err
}

// accRules has one entry per entity client of *ent.Client: a new entity without a
// visibility filter and a rule here fails TestDataLayer_*.
var accRules = map[string]accRule{
	"Organization": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.Organization.Query().Where(organization.ID(w.Acme)).IDs(ctx))
	}},
	"Site": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.Site.Query().Where(site.OrgID(w.Acme)).IDs(ctx))
	}},
	// An account Globex neither manages nor has on one of its sites.
	"Account": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.Account.Query().Where(account.Not(account.Or(
			account.ManagingOrgID(w.Globex),
			account.HasMembershipsWith(membership.RemovedAtIsNil(), membership.HasSiteWith(site.OrgID(w.Globex))),
		))).IDs(ctx))
	}},
	"Membership": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.Membership.Query().Where(membership.HasSiteWith(site.OrgID(w.Acme))).IDs(ctx))
	}},
	"Group": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.Group.Query().Where(group.HasSiteWith(site.OrgID(w.Acme))).IDs(ctx))
	}},
	"GroupGrant": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.GroupGrant.Query().Where(groupgrant.HasGroupWith(group.HasSiteWith(site.OrgID(w.Acme)))).IDs(ctx))
	}},
	"Domain": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.Domain.Query().Where(domain.OrgID(w.Acme)).IDs(ctx))
	}},
	"AuthenticationPolicy": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.AuthenticationPolicy.Query().Where(authenticationpolicy.OrgID(w.Acme)).IDs(ctx))
	}},
	"AuditEvent": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.AuditEvent.Query().Where(auditevent.OrgID(w.Acme)).IDs(ctx))
	}},
	"AdminRole": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.AdminRole.Query().Where(adminrole.OrgID(w.Acme)).IDs(ctx))
	}},
	"ApiKey": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.ApiKey.Query().Where(apikey.OrgID(w.Acme)).IDs(ctx))
	}},
	// Devices and personal tokens are seen by the account's managing organization only,
	// even when another organization sees the account (Alice on Globex's site).
	"Device": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.Device.Query().Where(device.Not(device.HasAccountWith(account.ManagingOrgID(w.Globex)))).IDs(ctx))
	}},
	"ApiToken": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.ApiToken.Query().Where(apitoken.Not(apitoken.HasAccountWith(account.ManagingOrgID(w.Globex)))).IDs(ctx))
	}},
	"OrgUser": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.OrgUser.Query().Where(orguser.OrgID(w.Acme)).IDs(ctx))
	}},
	// A suggestion is seen by the organization that made it and the account's managing one.
	"AccountSuggestion": {globexSees: true, acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.AccountSuggestion.Query().Where(accountsuggestion.FromOrgIDNEQ(w.Globex),
			accountsuggestion.Not(accountsuggestion.HasAccountWith(account.ManagingOrgID(w.Globex)))).IDs(ctx))
	}},
	// Bookkeeping read only by the rules' own code, as the system: nobody's viewer sees a row.
	"Session": {acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.Session.Query().Where(session.HasAccountWith(account.ManagingOrgID(w.Acme))).IDs(ctx))
	}},
	"AccountStatCell": {acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.AccountStatCell.Query().Where(accountstatcell.OrgID(string(w.Acme))).IDs(ctx))
	}},
	"AccountActivityDay": {acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.AccountActivityDay.Query().Where(accountactivityday.OrgID(string(w.Acme))).IDs(ctx))
	}},
	"UserStatCell": {acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.UserStatCell.Query().Where(userstatcell.ScopeIDIn(string(w.Acme), string(w.AcmeEng), string(w.AcmeSupport))).IDs(ctx))
	}},
	"SignInThrottle": {acmeOnly: func(ctx context.Context, c *ent.Client, w *testkit.World) ([]any, error) {
		return accIDs(c.SignInThrottle.Query().Where(signinthrottle.KeyContains("acme.test")).IDs(ctx))
	}},
}

// accEntity is one entity client of *ent.Client, found by reflection.
type accEntity struct {
	name   string
	client reflect.Value
}

// accEntities lists every XxxClient field of *ent.Client that has a Query method.
func accEntities(c *ent.Client) []accEntity {
	var out []accEntity
	v := reflect.ValueOf(c).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Client") {
			continue
		}
		if _, ok := f.Type.MethodByName("Query"); !ok {
			continue
		}
		out = append(out, accEntity{name: f.Name, client: v.Field(i)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func (e accEntity) query() reflect.Value { return e.client.MethodByName("Query").Call(nil)[0] }

// accRun calls IDs on a query value and returns the ids.
func accRun(t *testing.T, ctx context.Context, q reflect.Value) []any {
	t.Helper()
	res := q.MethodByName("IDs").Call([]reflect.Value{reflect.ValueOf(ctx)})
	if err, _ := res[1].Interface().(error); err != nil {
		t.Fatalf("query: %v", err)
	}
	ids := res[0]
	out := make([]any, ids.Len())
	for i := range out {
		out[i] = ids.Index(i).Interface()
	}
	return out
}

// accWorld is the testkit World with a row of every entity on both sides: sessions,
// keys, suggestions, a personal token, failed sign-ins and the audit events they write.
func accWorld(t *testing.T) (*testkit.Env, *testkit.World) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	env.Login(testkit.SiteAdminEmail, testkit.Password)
	key := `mutation($o: ID!) { createApiKey(organizationId: $o, input: {name: "sync", readOnly: true}) { secret } }`
	acme.MustQuery(key, map[string]any{"o": w.Acme}, nil)
	globex.MustQuery(key, map[string]any{"o": w.Globex}, nil)
	suggest := `mutation($a: ID!) { suggestAccountChanges(accountId: $a, input: {jobTitle: "Suggested"}) }`
	acme.MustQuery(suggest, map[string]any{"a": w.Eve}, nil)
	acme.MustQuery(suggest, map[string]any{"a": w.Gus}, nil)
	globex.MustQuery(suggest, map[string]any{"a": w.Alice}, nil)
	acme.MustQuery(`mutation($s: ID!, $a: ID!) { recordActivity(siteId: $s, accountId: $a) { id } }`,
		map[string]any{"s": w.AcmeEng, "a": w.Eve}, nil)
	for _, email := range []string{testkit.AcmeAdminEmail, testkit.GlobexAdminEmail} {
		res := env.Anonymous().Post("/auth/login", map[string]string{"email": email, "password": "wrong"})
		require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	}
	_, err := env.App.DB.Client.ApiToken.Create().SetAccountID(w.Gina).SetLabel("gina-ci").Save(viewer.System(context.Background()))
	require.NoError(t, err)
	return env, w
}

func TestDataLayer_AGlobexViewerGetsNoAcmeRows(t *testing.T) {
	env, w := accWorld(t)
	client := env.App.DB.Client
	sys := viewer.System(context.Background())
	globex := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: w.GlobexAdmin, OrgAdmin: []gid.ID{w.Globex}})

	entities := accEntities(client)
	require.GreaterOrEqual(t, len(entities), 20, "reflection found the entity clients")
	acmeOnly := map[string]map[any]bool{} // entity → its Acme-only ids
	for _, e := range entities {
		rule, ok := accRules[e.name]
		if !ok {
			t.Errorf("entity %s has no rule in accRules: give it a visibility filter in access.Register and a rule here", e.name)
			continue
		}
		ids, err := rule.acmeOnly(sys, client, w)
		require.NoError(t, err, e.name)
		require.NotEmpty(t, ids, "the world has Acme-only %s rows to hide", e.name)
		acmeOnly[e.name] = map[any]bool{}
		for _, id := range ids {
			acmeOnly[e.name][id] = true
		}
	}
	for name := range accRules {
		require.True(t, func() bool {
			for _, e := range entities {
				if e.name == name {
					return true
				}
			}
			return false
		}(), "accRules names %s, which is no entity client", name)
	}

	for _, e := range entities {
		rule := accRules[e.name]
		t.Run(e.name, func(t *testing.T) {
			all := accRun(t, sys, e.query())
			seen := accRun(t, globex, e.query())
			for _, id := range seen {
				require.False(t, acmeOnly[e.name][id], "Globex gets Acme's %s %v", e.name, id)
			}
			if rule.globexSees {
				require.NotEmpty(t, seen, "Globex sees its own %s rows", e.name)
				require.Less(t, len(seen), len(all), "Globex sees some %s rows, not all", e.name)
			} else {
				require.Empty(t, seen, "nobody's viewer reads %s rows", e.name)
			}
			// Counting and existence go through the same filter.
			cnt := e.query().MethodByName("CountX").Call([]reflect.Value{reflect.ValueOf(globex)})[0].Int()
			require.Equal(t, int64(len(seen)), cnt, "%s count", e.name)

			// Every edge traversed from what Globex sees leads to nothing of Acme's alone.
			qt := e.query().Type()
			for i := 0; i < qt.NumMethod(); i++ {
				m := qt.Method(i)
				if !strings.HasPrefix(m.Name, "Query") || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
					continue
				}
				next := e.query().MethodByName(m.Name).Call(nil)[0]
				if !next.MethodByName("IDs").IsValid() {
					continue
				}
				to := strings.TrimSuffix(next.Type().Elem().Name(), "Query")
				require.Contains(t, acmeOnly, to, "%s.%s leads to an entity", e.name, m.Name)
				for _, id := range accRun(t, globex, next) {
					require.False(t, acmeOnly[to][id], "%s.%s by Globex reaches Acme's %s %v", e.name, m.Name, to, id)
				}
			}
		})
	}

	t.Run("Acme's objects by id", func(t *testing.T) {
		n := 0
		for name, ids := range acmeOnly {
			for id := range ids {
				gidID, ok := id.(gid.ID)
				if _, err := gid.Table(gidID); !ok || err != nil {
					continue // not a node
				}
				_, err := access.Node(globex, client, gidID)
				require.ErrorIs(t, err, apperr.ErrNotFound, "Globex loads Acme's %s %s", name, gidID)
				n++
			}
		}
		require.Greater(t, n, 20)
	})
}

func TestDataLayer_NoViewerGetsNoRows(t *testing.T) {
	env, _ := accWorld(t)
	client := env.App.DB.Client
	sys := viewer.System(context.Background())
	entities := accEntities(client)
	require.GreaterOrEqual(t, len(entities), 20, "reflection found the entity clients")
	for _, e := range entities {
		t.Run(e.name, func(t *testing.T) {
			require.NotEmpty(t, accRun(t, sys, e.query()), "the world has %s rows", e.name)
			require.Empty(t, accRun(t, context.Background(), e.query()), "a context without a viewer reads no %s rows", e.name)
			require.Empty(t, accRun(t, viewer.NewContext(context.Background(), &viewer.Viewer{}), e.query()),
				"a viewer that administers nothing reads no %s rows", e.name)
		})
	}
}
