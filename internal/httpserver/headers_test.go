package httpserver_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/app"
	"orgdir/internal/testkit"
)

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	env := testkit.New(t)
	for _, path := range []string{"/", "/o/x/members", "/healthz"} {
		res := env.Anonymous().Raw(http.MethodGet, path, "", nil)
		csp := res.Header.Get("Content-Security-Policy")
		require.Contains(t, csp, "script-src 'self'", path)
		require.NotContains(t, csp, "unsafe-eval", path)
		require.Contains(t, csp, "frame-ancestors 'none'", path)
		require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), path)
		require.NotEmpty(t, res.Header.Get("Referrer-Policy"), path)
		require.Empty(t, res.Header.Get("Strict-Transport-Security"), "no HSTS over plain HTTP")
	}
}

func TestCORSIsOffByDefaultAndNeverWithCredentials(t *testing.T) {
	preflight := func(env *testkit.Env, origin string) http.Header {
		res := env.Anonymous().RawWithHeaders(http.MethodOptions, "/query", map[string]string{
			"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type",
		}, nil)
		return res.Header
	}
	off := testkit.New(t)
	require.Empty(t, preflight(off, "https://tools.example.com").Get("Access-Control-Allow-Origin"))

	on := testkit.NewWithOptions(t, app.Options{CORSOrigins: []string{"https://tools.example.com"}})
	h := preflight(on, "https://tools.example.com")
	require.Equal(t, "https://tools.example.com", h.Get("Access-Control-Allow-Origin"))
	require.Empty(t, h.Get("Access-Control-Allow-Credentials"))
	require.Empty(t, preflight(on, "https://evil.example.com").Get("Access-Control-Allow-Origin"), "only the exact origins listed")
}
