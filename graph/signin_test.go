package graph_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/testkit"
)

const sgnCookie = "orgdir_session"

// sgnResult is a raw HTTP answer.
type sgnResult struct {
	status int
	header http.Header
	body   string
}

// sgnDo sends a request without any cookie jar: the headers given are all it carries.
func sgnDo(t *testing.T, env *testkit.Env, method, path, body string, header map[string]string) sgnResult {
	t.Helper()
	req, err := http.NewRequest(method, env.Server.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return sgnResult{status: res.StatusCode, header: res.Header, body: string(b)}
}

// sgnSessionCookie returns the session cookie a response sets, or nil.
func sgnSessionCookie(h http.Header) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == sgnCookie {
			return c
		}
	}
	return nil
}

// sgnLogin signs in with a raw request and returns the session token from Set-Cookie.
func sgnLogin(t *testing.T, env *testkit.Env, email, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	r := sgnDo(t, env, http.MethodPost, "/auth/login", string(body), nil)
	require.Equal(t, http.StatusOK, r.status, r.body)
	c := sgnSessionCookie(r.header)
	require.NotNil(t, c, "no session cookie in %v", r.header.Values("Set-Cookie"))
	require.NotEmpty(t, c.Value)
	return c.Value
}

const sgnViewerQuery = `{"query":"{ viewer { account { email } } }"}`

// sgnViewer asks /query who the session token belongs to and returns the status and
// either the email or the error code.
func sgnViewer(t *testing.T, env *testkit.Env, token string, header map[string]string) (int, string) {
	t.Helper()
	h := map[string]string{}
	for k, v := range header {
		h[k] = v
	}
	if token != "" {
		h["Cookie"] = sgnCookie + "=" + token
	}
	r := sgnDo(t, env, http.MethodPost, "/query", sgnViewerQuery, h)
	var out struct {
		Data *struct {
			Viewer struct{ Account struct{ Email string } }
		}
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	if r.status == http.StatusForbidden {
		return r.status, ""
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &out), r.body)
	if len(out.Errors) > 0 {
		return r.status, out.Errors[0].Extensions.Code
	}
	require.NotNil(t, out.Data, r.body)
	return r.status, out.Data.Viewer.Account.Email
}

func TestSignIn_LoginAnswersTheViewerAndAnHttpOnlySessionCookie(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	body, _ := json.Marshal(map[string]string{"email": testkit.AcmeAdminEmail, "password": testkit.Password})
	r := sgnDo(t, env, http.MethodPost, "/auth/login", string(body), nil)
	t.Run("the answer is 200 with the viewer", func(t *testing.T) {
		require.Equal(t, http.StatusOK, r.status, r.body)
		var out struct {
			Viewer struct {
				AccountID       string
				Email           string
				OrganizationIDs []string `json:"organizationIds"`
			}
		}
		require.NoError(t, json.Unmarshal([]byte(r.body), &out), r.body)
		require.Equal(t, string(w.AcmeAdmin), out.Viewer.AccountID)
		require.Equal(t, testkit.AcmeAdminEmail, out.Viewer.Email)
		require.Equal(t, []string{string(w.Acme)}, out.Viewer.OrganizationIDs)
	})
	c := sgnSessionCookie(r.header)
	t.Run("the session cookie is HttpOnly, SameSite and for the whole site", func(t *testing.T) {
		require.NotNil(t, c)
		require.True(t, c.HttpOnly)
		require.Equal(t, http.SameSiteLaxMode, c.SameSite)
		require.Equal(t, "/", c.Path)
		require.GreaterOrEqual(t, len(c.Value), 32, "the token carries at least 128 bits")
		require.NotContains(t, r.body, c.Value, "the token is only in the cookie")
	})
	t.Run("the cookie signs the API in", func(t *testing.T) {
		status, email := sgnViewer(t, env, c.Value, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, testkit.AcmeAdminEmail, email)
	})
	t.Run("the email is matched case-insensitively", func(t *testing.T) {
		env.Login("Admin@ACME.test", testkit.Password)
	})
}

func TestSignIn_WrongEmailOrPasswordIsOneGeneric401(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	attempt := func(t *testing.T, email, password string) sgnResult {
		body, _ := json.Marshal(map[string]string{"email": email, "password": password})
		r := sgnDo(t, env, http.MethodPost, "/auth/login", string(body), nil)
		require.Equal(t, http.StatusUnauthorized, r.status, r.body)
		require.Nil(t, sgnSessionCookie(r.header), "no session cookie")
		return r
	}
	reference := attempt(t, testkit.AcmeAdminEmail, "wrong password")
	var out struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(reference.body), &out))
	require.Len(t, out.Errors, 1)
	require.Equal(t, "UNAUTHENTICATED", out.Errors[0].Extensions.Code)
	require.NotContains(t, strings.ToLower(out.Errors[0].Message), "unknown")
	cases := []struct{ name, email, password string }{
		{"an unknown email", "nobody@acme.test", testkit.Password},
		{"an unknown email on an unknown domain", "someone@nowhere.example", "whatever"},
		{"a text that is not an email", "not an email", testkit.Password},
		{"an admin email with a typo and the right password", testkit.GlobexAdminEmail + "x", testkit.Password},
		{"the password in another case", testkit.AcmeAdminEmail, strings.ToUpper(testkit.Password)},
		{"an account that is no admin and has no password", "alice@acme.test", testkit.Password},
	}
	for _, tc := range cases {
		t.Run(tc.name+" answers exactly like a wrong password", func(t *testing.T) {
			r := attempt(t, tc.email, tc.password)
			require.JSONEq(t, reference.body, r.body)
		})
	}
}

func TestSignIn_MalformedLoginBodyIs400(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	cases := []struct{ name, body string }{
		{"an empty body", ""},
		{"broken JSON", `{"email": "admin@acme.test", "password": `},
		{"a JSON array", `["admin@acme.test", "x"]`},
		{"an email that is a number", `{"email": 1, "password": "x"}`},
		{"no password", `{"email": "admin@acme.test"}`},
		{"an unknown field", `{"email": "admin@acme.test", "password": "x", "admin": true}`},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is 400 without a session", func(t *testing.T) {
			r := sgnDo(t, env, http.MethodPost, "/auth/login", tc.body, map[string]string{"Content-Type": "application/json"})
			require.Equal(t, http.StatusBadRequest, r.status, r.body)
			require.Nil(t, sgnSessionCookie(r.header))
			var out struct {
				Errors []struct{ Extensions struct{ Code string } }
			}
			require.NoError(t, json.Unmarshal([]byte(r.body), &out), r.body)
			require.Len(t, out.Errors, 1)
			require.Equal(t, "INVALID_INPUT", out.Errors[0].Extensions.Code)
		})
	}
}

func TestSignIn_APIWithoutSessionIsUnauthenticated(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	t.Run("no cookie is 401 UNAUTHENTICATED", func(t *testing.T) {
		r := env.Anonymous().Query(`{ viewer { account { email } } }`, nil)
		require.Equal(t, http.StatusUnauthorized, r.StatusCode)
		require.Equal(t, "UNAUTHENTICATED", r.Code())
	})
	t.Run("a mutation without a cookie is 401 UNAUTHENTICATED and changes nothing", func(t *testing.T) {
		r := env.Anonymous().Query(`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": w.Bob})
		require.Equal(t, http.StatusUnauthorized, r.StatusCode)
		require.Equal(t, "UNAUTHENTICATED", r.Code())
		var out struct{ Node struct{ Status string } }
		env.Login(testkit.AcmeAdminEmail, testkit.Password).MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { status } } }`,
			map[string]any{"id": w.Bob}, &out)
		require.Equal(t, "ACTIVE", out.Node.Status)
	})
	t.Run("a made-up session token is 401 UNAUTHENTICATED", func(t *testing.T) {
		status, code := sgnViewer(t, env, "bm90LWEtcmVhbC1zZXNzaW9uLXRva2VuLWF0LWFsbC1yZWFsbHk", nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "UNAUTHENTICATED", code)
	})
}

func TestSignIn_LogoutEndsTheSessionOnTheServer(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	token := sgnLogin(t, env, testkit.AcmeAdminEmail, testkit.Password)
	other := sgnLogin(t, env, testkit.AcmeAdminEmail, testkit.Password)
	status, email := sgnViewer(t, env, token, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, testkit.AcmeAdminEmail, email)

	r := sgnDo(t, env, http.MethodPost, "/auth/logout", "", map[string]string{"Cookie": sgnCookie + "=" + token})
	t.Run("logout answers 204 and clears the cookie", func(t *testing.T) {
		require.Equal(t, http.StatusNoContent, r.status, r.body)
		c := sgnSessionCookie(r.header)
		require.NotNil(t, c)
		require.Empty(t, c.Value)
		require.Less(t, c.MaxAge, 0)
	})
	t.Run("the old cookie replayed afterwards is refused", func(t *testing.T) {
		status, code := sgnViewer(t, env, token, nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "UNAUTHENTICATED", code)
	})
	t.Run("another session of the same admin is still alive", func(t *testing.T) {
		status, email := sgnViewer(t, env, other, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, testkit.AcmeAdminEmail, email)
	})
	t.Run("logging out again with the ended session is harmless", func(t *testing.T) {
		r := sgnDo(t, env, http.MethodPost, "/auth/logout", "", map[string]string{"Cookie": sgnCookie + "=" + token})
		require.Equal(t, http.StatusNoContent, r.status, r.body)
	})
	t.Run("a browser client that logs out is signed out", func(t *testing.T) {
		c := env.Login(testkit.AcmeAdminEmail, testkit.Password)
		require.Equal(t, http.StatusNoContent, c.Post("/auth/logout", map[string]any{}).StatusCode)
		r := c.Query(`{ viewer { account { email } } }`, nil)
		require.Equal(t, http.StatusUnauthorized, r.StatusCode)
		require.Equal(t, "UNAUTHENTICATED", r.Code())
	})
}

func TestSignIn_SessionEndsAfterIdleTime(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	t.Run("a session unused for two hours is refused", func(t *testing.T) {
		token := sgnLogin(t, env, testkit.AcmeAdminEmail, testkit.Password)
		status, _ := sgnViewer(t, env, token, nil)
		require.Equal(t, http.StatusOK, status)
		env.Clock.Advance(2 * time.Hour)
		status, code := sgnViewer(t, env, token, nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "UNAUTHENTICATED", code)
		t.Run("and stays refused when the clock does not move", func(t *testing.T) {
			status, code := sgnViewer(t, env, token, nil)
			require.Equal(t, http.StatusUnauthorized, status)
			require.Equal(t, "UNAUTHENTICATED", code)
		})
	})
	t.Run("a session in use is kept past the idle time", func(t *testing.T) {
		token := sgnLogin(t, env, testkit.AcmeAdminEmail, testkit.Password)
		for range 4 {
			env.Clock.Advance(45 * time.Minute)
			status, email := sgnViewer(t, env, token, nil)
			require.Equal(t, http.StatusOK, status)
			require.Equal(t, testkit.AcmeAdminEmail, email)
		}
	})
}

func TestSignIn_PolicyIdleTimeEndsTheSessionSooner(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	_, err := env.Exec(`UPDATE authentication_policies SET idle_session_minutes = 15 WHERE id = ?`, w.Contractors)
	require.NoError(t, err)
	_, err = env.Exec(`UPDATE accounts SET policy_id = ? WHERE id = ?`, w.Contractors, w.AcmeAdmin)
	require.NoError(t, err)
	token := sgnLogin(t, env, testkit.AcmeAdminEmail, testkit.Password)
	env.Clock.Advance(10 * time.Minute)
	status, email := sgnViewer(t, env, token, nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, testkit.AcmeAdminEmail, email)
	env.Clock.Advance(20 * time.Minute)
	status, code := sgnViewer(t, env, token, nil)
	require.Equal(t, http.StatusUnauthorized, status, "30 minutes idle is past the policy's 15, though under the default hour")
	require.Equal(t, "UNAUTHENTICATED", code)
}

func TestSignIn_SessionsAreSharedByServerProcessesOnOneDatabase(t *testing.T) {
	first := testkit.New(t)
	first.Seed()
	second := first.Open()
	t.Run("a session created on the first process works on the second", func(t *testing.T) {
		token := sgnLogin(t, first, testkit.AcmeAdminEmail, testkit.Password)
		status, email := sgnViewer(t, second, token, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, testkit.AcmeAdminEmail, email)
	})
	t.Run("a logout on the second process is honoured by the first", func(t *testing.T) {
		token := sgnLogin(t, first, testkit.GlobexAdminEmail, testkit.Password)
		status, _ := sgnViewer(t, first, token, nil)
		require.Equal(t, http.StatusOK, status)
		r := sgnDo(t, second, http.MethodPost, "/auth/logout", "", map[string]string{"Cookie": sgnCookie + "=" + token})
		require.Equal(t, http.StatusNoContent, r.status, r.body)
		status, code := sgnViewer(t, first, token, nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "UNAUTHENTICATED", code)
	})
	t.Run("a logout on the first process is honoured by the second", func(t *testing.T) {
		token := sgnLogin(t, second, testkit.AcmeAdminEmail, testkit.Password)
		status, _ := sgnViewer(t, first, token, nil)
		require.Equal(t, http.StatusOK, status)
		r := sgnDo(t, first, http.MethodPost, "/auth/logout", "", map[string]string{"Cookie": sgnCookie + "=" + token})
		require.Equal(t, http.StatusNoContent, r.status, r.body)
		status, code := sgnViewer(t, second, token, nil)
		require.Equal(t, http.StatusUnauthorized, status)
		require.Equal(t, "UNAUTHENTICATED", code)
	})
}

func TestSignIn_CrossOriginRequestsAreRefused(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	token := sgnLogin(t, env, testkit.AcmeAdminEmail, testkit.Password)
	cookie := sgnCookie + "=" + token
	crossSite := map[string]string{"Cookie": cookie, "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
	t.Run("a cross-site POST /query with a valid session is 403 and changes nothing", func(t *testing.T) {
		body, _ := json.Marshal(map[string]any{
			"query":     `mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`,
			"variables": map[string]any{"id": w.Bob},
		})
		r := sgnDo(t, env, http.MethodPost, "/query", string(body), crossSite)
		require.Equal(t, http.StatusForbidden, r.status, r.body)
		var out struct{ Node struct{ Status string } }
		env.Login(testkit.AcmeAdminEmail, testkit.Password).MustQuery(`query($id: ID!) { node(id: $id) { ... on Account { status } } }`,
			map[string]any{"id": w.Bob}, &out)
		require.Equal(t, "ACTIVE", out.Node.Status)
	})
	t.Run("a POST /query whose Origin is another host, without Sec-Fetch-Site, is 403", func(t *testing.T) {
		status, _ := sgnViewer(t, env, token, map[string]string{"Origin": "https://evil.example"})
		require.Equal(t, http.StatusForbidden, status)
	})
	t.Run("a cross-site POST /auth/logout is 403 and the session lives on", func(t *testing.T) {
		r := sgnDo(t, env, http.MethodPost, "/auth/logout", "", crossSite)
		require.Equal(t, http.StatusForbidden, r.status, r.body)
		status, email := sgnViewer(t, env, token, nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, testkit.AcmeAdminEmail, email)
	})
	t.Run("a cross-site POST /auth/login is 403 without a session", func(t *testing.T) {
		body, _ := json.Marshal(map[string]string{"email": testkit.AcmeAdminEmail, "password": testkit.Password})
		r := sgnDo(t, env, http.MethodPost, "/auth/login", string(body),
			map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
		require.Equal(t, http.StatusForbidden, r.status, r.body)
		require.Nil(t, sgnSessionCookie(r.header))
	})
	t.Run("a same-origin POST /query is answered", func(t *testing.T) {
		status, email := sgnViewer(t, env, token, map[string]string{"Origin": env.Server.URL, "Sec-Fetch-Site": "same-origin"})
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, testkit.AcmeAdminEmail, email)
	})
}
