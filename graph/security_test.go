package graph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent/apikey"
	"orgdir/internal/app"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

const createKey = `mutation($org: ID!, $in: CreateApiKeyInput!) { createApiKey(organizationId: $org, input: $in) { secret apiKey { id name readOnly } } }`

func secKey(t *testing.T, c *testkit.Client, org gid.ID, readOnly bool, expires *time.Time) (gid.ID, string) {
	t.Helper()
	in := map[string]any{"name": "CI sync", "readOnly": readOnly}
	if expires != nil {
		in["expiresAt"] = expires.Format(time.RFC3339)
	}
	var out struct {
		CreateApiKey struct {
			Secret string
			ApiKey struct{ ID gid.ID }
		}
	}
	c.MustQuery(createKey, map[string]any{"org": org, "in": in}, &out)
	return out.CreateApiKey.ApiKey.ID, out.CreateApiKey.Secret
}

// secBearer sends a GraphQL document with an API key and no cookie.
func secBearer(t *testing.T, env *testkit.Env, secret, query string, vars map[string]any) (int, testkit.Response) {
	t.Helper()
	c := env.Anonymous()
	res := c.RawWithHeaders(http.MethodPost, "/query", map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + secret},
		mustJSON(t, map[string]any{"query": query, "variables": vars}))
	return res.StatusCode, testkit.ParseResponse(t, res)
}

func TestAPIKeys_CreateUseAndRevoke(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	id, secret := secKey(t, admin, w.Acme, false, nil)
	require.True(t, strings.HasPrefix(secret, "odk_"))

	t.Run("the secret is stored only as a hash", func(t *testing.T) {
		k, err := env.App.DB.Client.ApiKey.Get(viewer.System(context.Background()), id)
		require.NoError(t, err)
		require.NotContains(t, string(k.SecretHash), secret)
		require.Len(t, k.SecretHash, 32)
	})
	t.Run("a bearer key reads its organization and nothing else", func(t *testing.T) {
		status, r := secBearer(t, env, secret, `{ viewer { account { id } apiKey { name } organizations { id } } }`, nil)
		require.Equal(t, http.StatusOK, status)
		require.Empty(t, r.Errors)
		require.Contains(t, string(r.Data), string(w.Acme))
		require.NotContains(t, string(r.Data), string(w.Globex))
		require.Contains(t, string(r.Data), `"account":null`)
		_, r = secBearer(t, env, secret, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": w.Gina})
		require.Equal(t, "NOT_FOUND", r.Code())
	})
	t.Run("a read-write key changes managed accounts", func(t *testing.T) {
		_, r := secBearer(t, env, secret, `mutation($id: ID!) { deactivateAccount(accountId: $id) { status } }`, map[string]any{"id": w.Bob})
		require.Empty(t, r.Errors)
	})
	t.Run("a key cannot create keys", func(t *testing.T) {
		_, r := secBearer(t, env, secret, createKey, map[string]any{"org": w.Acme, "in": map[string]any{"name": "x"}})
		require.Equal(t, "FORBIDDEN", r.Code())
	})
	t.Run("a cookie and a key together are refused", func(t *testing.T) {
		res := admin.RawWithHeaders(http.MethodPost, "/query", map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + secret},
			[]byte(`{"query":"{ viewer { organizations { id } } }"}`))
		require.Equal(t, http.StatusBadRequest, res.StatusCode)
	})
	t.Run("a revoked key is refused at once", func(t *testing.T) {
		admin.MustQuery(`mutation($id: ID!) { revokeApiKey(apiKeyId: $id) { revokedAt } }`, map[string]any{"id": id}, nil)
		status, r := secBearer(t, env, secret, `{ viewer { organizations { id } } }`, nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "UNAUTHENTICATED", r.Code())
	})
}

func TestAPIKeys_ReadOnlyAndExpiredKeys(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	_, ro := secKey(t, admin, w.Acme, true, nil)
	_, r := secBearer(t, env, ro, `mutation($id: ID!) { deactivateAccount(accountId: $id) { status } }`, map[string]any{"id": w.Bob})
	require.Equal(t, "FORBIDDEN", r.Code())
	_, r = secBearer(t, env, ro, `mutation($s: ID!, $a: ID!) { suspendUser(siteId: $s, accountId: $a) { status } }`, map[string]any{"s": w.AcmeEng, "a": w.Gus})
	require.Equal(t, "FORBIDDEN", r.Code())

	exp := testkit.Start.Add(time.Hour)
	_, short := secKey(t, admin, w.Acme, true, &exp)
	status, _ := secBearer(t, env, short, `{ viewer { organizations { id } } }`, nil)
	require.Equal(t, http.StatusOK, status)
	env.Clock.Advance(2 * time.Hour)
	status, r = secBearer(t, env, short, `{ viewer { organizations { id } } }`, nil)
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, "UNAUTHENTICATED", r.Code())
}

func TestAPIKeys_LastUseWritesAreThrottled(t *testing.T) {
	var keyWrites atomic.Int64
	env := testkit.NewWithOptions(t, app.Options{SQLLog: func(q string) {
		if strings.Contains(q, "UPDATE "+testkit.Ident("api_keys")) {
			keyWrites.Add(1)
		}
	}})
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	id, secret := secKey(t, admin, w.Acme, true, nil)
	for range 1000 {
		status, _ := secBearer(t, env, secret, `{ viewer { apiKey { id } } }`, nil)
		require.Equal(t, http.StatusOK, status)
	}
	require.Equal(t, int64(1), keyWrites.Load(), "1000 requests within a minute record the key's use once")
	k, err := env.App.DB.Client.ApiKey.Query().Where(apikey.ID(id)).Only(viewer.System(context.Background()))
	require.NoError(t, err)
	require.NotNil(t, k.LastUsedAt)
}

func TestSignIn_SixthWrongPasswordWithinAMinuteIsRateLimitedOnEveryServer(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	other := env.Open()
	wrong := map[string]string{"email": testkit.AcmeAdminEmail, "password": "wrong"}
	unknown := map[string]string{"email": "nobody@acme.test", "password": "wrong"}
	var bodies []string
	for i := range 5 {
		srv := env
		if i%2 == 1 {
			srv = other
		}
		res := srv.Anonymous().Post("/auth/login", wrong)
		require.Equal(t, http.StatusUnauthorized, res.StatusCode)
		bodies = append(bodies, res.Body)
		res = srv.Anonymous().Post("/auth/login", unknown)
		require.Equal(t, http.StatusUnauthorized, res.StatusCode)
		require.Equal(t, bodies[0], res.Body, "an unknown email and a wrong password look the same")
	}
	for _, srv := range []*testkit.Env{env, other} {
		res := srv.Anonymous().Post("/auth/login", map[string]string{"email": testkit.AcmeAdminEmail, "password": testkit.Password})
		require.Equal(t, http.StatusTooManyRequests, res.StatusCode, "even the right password waits for the window to end")
		require.Contains(t, res.Body, "RATE_LIMITED")
	}
	env.Clock.Advance(61 * time.Second)
	env.Login(testkit.AcmeAdminEmail, testkit.Password)
}

func TestRoles_GrantAndRevokeAdmins(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	acme := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	globex := env.Login(testkit.GlobexAdminEmail, testkit.Password)
	site := env.Login(testkit.SiteAdminEmail, testkit.Password)
	grant := `mutation($org: ID!, $a: ID!, $role: AdminRoleKind!, $site: ID) { grantAdminRole(organizationId: $org, accountId: $a, role: $role, siteId: $site) { id role } }`

	r := acme.Query(grant, map[string]any{"org": w.Acme, "a": w.Alice, "role": "SITE_ADMIN", "site": w.AcmeEng})
	require.Equal(t, "INVALID_INPUT", r.Code(), "centralized organizations have no site admins")
	r = site.Query(grant, map[string]any{"org": w.Globex, "a": w.Gina, "role": "SITE_ADMIN", "site": w.GlobexSite})
	require.Equal(t, "FORBIDDEN", r.Code())
	r = globex.Query(grant, map[string]any{"org": w.Acme, "a": w.Alice, "role": "ORG_ADMIN"})
	require.Equal(t, "NOT_FOUND", r.Code())

	var out struct{ GrantAdminRole struct{ ID gid.ID } }
	globex.MustQuery(grant, map[string]any{"org": w.Globex, "a": w.Gina, "role": "SITE_ADMIN", "site": w.GlobexSite}, &out)
	r = globex.Query(grant, map[string]any{"org": w.Globex, "a": w.Gina, "role": "SITE_ADMIN", "site": w.GlobexSite})
	require.Equal(t, "CONFLICT", r.Code())
	globex.MustQuery(`mutation($id: ID!) { revokeAdminRole(adminRoleId: $id) }`, map[string]any{"id": out.GrantAdminRole.ID}, nil)

	var admins struct {
		Organization struct{ Admins []struct{ ID gid.ID } }
	}
	acme.MustQuery(`query($id: ID!) { organization(id: $id) { admins { id } } }`, map[string]any{"id": w.Acme}, &admins)
	require.Len(t, admins.Organization.Admins, 1)
	r = acme.Query(`mutation($id: ID!) { revokeAdminRole(adminRoleId: $id) }`, map[string]any{"id": admins.Organization.Admins[0].ID})
	require.Equal(t, "INVALID_STATE", r.Code(), "the last organization admin stays")
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestSessions_PasswordChangeEndsEverySession(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	first := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	second := env.Open().Login(testkit.AcmeAdminEmail, testkit.Password)
	require.Error(t, env.App.Auth.SetPassword(context.Background(), testkit.AcmeAdminEmail, "short"))
	require.NoError(t, env.App.Auth.SetPassword(context.Background(), testkit.AcmeAdminEmail, "a new long passphrase"))
	for _, c := range []*testkit.Client{first, second} {
		r := c.Query(`{ viewer { account { email } } }`, nil)
		require.Equal(t, "UNAUTHENTICATED", r.Code())
	}
	res := env.Anonymous().Post("/auth/login", map[string]string{"email": testkit.AcmeAdminEmail, "password": testkit.Password})
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	env.Login(testkit.AcmeAdminEmail, "a new long passphrase")
}
