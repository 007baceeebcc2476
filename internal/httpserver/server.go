// Package httpserver assembles orgdir's HTTP surface: the GraphQL API, sign-in, health
// and the embedded single-page app, each mounted once in Routes.
package httpserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"orgdir/internal/auth"
	"orgdir/internal/db"
	"orgdir/internal/export"
	"orgdir/internal/metrics"
)

// Config is what the routes need.
type Config struct {
	Schema graphql.ExecutableSchema
	Auth   *auth.Service
	// SPA is the built frontend (frontend/dist); nil or without index.html shows a
	// "frontend not built" page.
	SPA fs.FS
	// CORSOrigins are third-party origins allowed to call the API with API keys.
	CORSOrigins []string
	// Export streams the directory pages as CSV.
	Export *export.Service
	// DB is checked by /readyz.
	DB *db.DB
	// Metrics counts requests and errors; it is served at GET /metrics unless
	// MetricsElsewhere (then a separate listener serves it: --metrics-addr).
	Metrics          *metrics.Metrics
	MetricsElsewhere bool
}

// graphQLRoute is the pattern of the GraphQL endpoint.
const graphQLRoute = "POST /query"

// Routes returns the server's handler.
func Routes(c Config) http.Handler {
	mux := http.NewServeMux()
	csrf := http.NewCrossOriginProtection()
	mux.Handle(graphQLRoute, csrf.Handler(auth.RequireViewer(newGraphQL(c.Schema, c.Metrics))))
	mux.HandleFunc("GET /query", postOnly)
	mux.Handle("POST /auth/login", csrf.Handler(c.Auth.LoginHandler()))
	mux.Handle("POST /auth/logout", csrf.Handler(c.Auth.LogoutHandler()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", c.ready)
	mux.Handle("GET /metrics", c.metrics())
	mux.Handle("GET /export/orgs/{org}/managed-accounts.csv", auth.RequireViewer(c.Export.ManagedAccounts()))
	mux.Handle("GET /export/orgs/{org}/users.csv", auth.RequireViewer(c.Export.OrgUsers()))
	mux.Handle("GET /export/sites/{site}/users.csv", auth.RequireViewer(c.Export.SiteUsers()))
	mux.Handle("GET /", spaHandler(c.SPA))
	return withRequestID(observe(c.Metrics, securityHeaders(withCORS(c.CORSOrigins, c.Auth.Middleware(noteRequest(mux))))))
}

// metrics serves the Prometheus series without sign-in: a scraper has no session, and
// the series hold counts, route patterns and operation names, nothing of the directory
// (docs/DECISIONS.md). With a separate metrics listener the path answers 404 here.
func (c Config) metrics() http.Handler {
	if c.Metrics == nil || c.MetricsElsewhere {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, http.StatusNotFound, map[string]string{"status": "metrics are not served on this address"})
		})
	}
	return c.Metrics.Handler()
}

// ready answers 200 when the database is reachable and fully migrated, else 503: a
// load balancer sends traffic only to ready processes.
func (c Config) ready(w http.ResponseWriter, r *http.Request) {
	if c.DB == nil {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := c.DB.SQL.PingContext(ctx); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unreachable"})
		return
	}
	if pending, err := c.DB.Pending(ctx); err != nil || len(pending) > 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database not migrated"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// postOnly answers any other method on /query: GraphQL here is JSON over POST only.
func postOnly(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Allow", http.MethodPost)
	writeGraphQLError(w, http.StatusMethodNotAllowed, "INVALID_INPUT", "send GraphQL as JSON with POST")
}

type requestIDKey struct{}

// RequestID returns the id given to the request of ctx, for logs and error messages.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeGraphQLError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"errors": []any{map[string]any{"message": message, "extensions": map[string]any{"code": code}}}})
}
