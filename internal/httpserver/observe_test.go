package httpserver_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/testkit"
)

// lockedBuffer collects log output written from server goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRequestLogsAreStructuredAndHoldNoSecrets(t *testing.T) {
	var out lockedBuffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&out, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })

	env := testkit.New(t)
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	admin.MustQuery(`query Stats($id: ID!) { organization(id: $id) { managedAccountStats { total } } }`, map[string]any{"id": w.Acme}, nil)
	r := admin.Query(`query Gone($id: ID!) { organization(id: $id) { id } }`, map[string]any{"id": "org_01J00000000000000000000000"})
	require.NotEmpty(t, r.Code())

	var found, foundError bool
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var entry map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &entry), line)
		if entry["msg"] == "request" && entry["operation"] == "Stats" {
			found = true
			require.Equal(t, "/query", entry["path"])
			require.EqualValues(t, http.StatusOK, entry["status"])
			require.Equal(t, string(w.AcmeAdmin), entry["actor"])
			require.NotEmpty(t, entry["request_id"])
			require.Contains(t, entry, "duration_ms")
			require.NotContains(t, entry, "error_codes")
		}
		if entry["msg"] == "request" && entry["operation"] == "Gone" {
			foundError = true
			require.Equal(t, []any{r.Code()}, entry["error_codes"], "the answer's error codes are on its line")
		}
	}
	require.True(t, found, "the query's request line is logged: %s", out.String())
	require.True(t, foundError, "the failed query's request line is logged: %s", out.String())
	require.NotContains(t, out.String(), testkit.Password)
	require.NotContains(t, out.String(), "orgdir_session=")
}

func TestReadyzNeedsAReachableMigratedDatabase(t *testing.T) {
	env := testkit.New(t)
	res := env.Anonymous().Raw(http.MethodGet, "/readyz", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.NoError(t, env.App.DB.SQL.Close())
	res = env.Anonymous().Raw(http.MethodGet, "/readyz", "", nil)
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	require.Equal(t, http.StatusOK, env.Anonymous().Raw(http.MethodGet, "/healthz", "", nil).StatusCode, "alive even when not ready")
}
