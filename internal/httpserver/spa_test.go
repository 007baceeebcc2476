package httpserver

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestSPAServesFilesAndFallsBackToIndexForClientRoutes(t *testing.T) {
	h := spaHandler(fstest.MapFS{
		"index.html":         {Data: []byte("<html>app</html>")},
		"assets/app-1234.js": {Data: []byte("console.log(1)")},
		"favicon.svg":        {Data: []byte("<svg/>")},
	})

	t.Run("a client route gets index.html, never cached", func(t *testing.T) {
		rec := get(h, "/o/org_123/members")
		require.Equal(t, http.StatusOK, rec.Code)
		require.Contains(t, rec.Body.String(), "app")
		require.Equal(t, "no-cache", rec.Header().Get("Cache-Control"))
	})
	t.Run("a hashed asset is cached for good", func(t *testing.T) {
		rec := get(h, "/assets/app-1234.js")
		require.Equal(t, http.StatusOK, rec.Code)
		require.Contains(t, rec.Header().Get("Cache-Control"), "immutable")
	})
	t.Run("a missing file with an extension is 404", func(t *testing.T) {
		require.Equal(t, http.StatusNotFound, get(h, "/assets/missing.js").Code)
	})
	t.Run("paths cannot climb out of the app", func(t *testing.T) {
		rec := get(h, "/../../etc/passwd")
		require.NotContains(t, rec.Body.String(), "root:")
	})
}

func TestSPASaysWhenTheFrontendIsNotBuilt(t *testing.T) {
	rec := get(spaHandler(fstest.MapFS{".keep": {}}), "/")
	require.Equal(t, http.StatusOK, rec.Code)
	require.Contains(t, rec.Body.String(), "not built")
}
