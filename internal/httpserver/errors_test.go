package httpserver_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/testkit"
)

func TestDatabaseErrorIsAGenericMessageWithARequestID(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	_, err := env.Exec(`DROP TABLE account_stat_cells`)
	require.NoError(t, err)

	res := admin.Post("/query", map[string]any{
		"query":     `query($id: ID!) { organization(id: $id) { managedAccountStats { total } } }`,
		"variables": map[string]any{"id": w.Acme},
	})
	r := testkit.ParseResponse(t, res)
	require.Equal(t, "INTERNAL", r.Code())
	id := res.Header.Get("X-Request-Id")
	require.NotEmpty(t, id)
	require.Equal(t, id, r.Errors[0].Extensions["requestId"])
	require.Contains(t, r.Message(), id)
	for _, leak := range []string{"SQL", "sql", "no such table", "account_stat_cells", "ent:", ".go:"} {
		require.NotContains(t, res.Body, leak)
	}
}

func TestSessionCookieOverTLSIsHostPrefixedAndSecure(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	srv := httptest.NewTLSServer(env.App.Handler)
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}

	res, err := client.Post(srv.URL+"/auth/login", "application/json",
		strings.NewReader(`{"email":"`+testkit.AcmeAdminEmail+`","password":"`+testkit.Password+`"}`))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	cookies := res.Cookies()
	require.Len(t, cookies, 1)
	c := cookies[0]
	require.Equal(t, "__Host-orgdir_session", c.Name)
	require.True(t, c.Secure)
	require.True(t, c.HttpOnly)
	require.Equal(t, "/", c.Path)
	require.Empty(t, c.Domain)
	require.Equal(t, http.SameSiteLaxMode, c.SameSite)
	require.NotEmpty(t, res.Header.Get("Strict-Transport-Security"))

	res2, err := client.Post(srv.URL+"/auth/login", "application/json",
		strings.NewReader(`{"email":"`+testkit.AcmeAdminEmail+`","password":"`+testkit.Password+`"}`))
	require.NoError(t, err)
	res2.Body.Close()
	require.NotEqual(t, c.Value, res2.Cookies()[0].Value, "every sign-in starts a new session id")
}
