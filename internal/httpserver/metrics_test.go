package httpserver_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"orgdir/internal/app"
	"orgdir/internal/domains"
	"orgdir/internal/testkit"
)

// scrape reads GET /metrics through the server like Prometheus does.
func scrape(t *testing.T, env *testkit.Env) map[string]*dto.MetricFamily {
	t.Helper()
	res := env.Anonymous().Raw(http.MethodGet, "/metrics", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	require.Contains(t, res.Header.Get("Content-Type"), "text/plain")
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(strings.NewReader(res.Body))
	require.NoError(t, err)
	return families
}

// value returns the counter (or gauge, or histogram count) of the series of name whose
// labels include want; -1 when there is none.
func value(families map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f, ok := families[name]
	if !ok {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue()
		case m.Gauge != nil:
			return m.GetGauge().GetValue()
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount())
		case m.Untyped != nil:
			return m.GetUntyped().GetValue()
		}
	}
	return -1
}

func TestMetricsCountOperationsErrorsExportsAndJobs(t *testing.T) {
	env := testkit.NewWithOptions(t, app.Options{Domains: domains.Config{DNSResolver: "127.0.0.1:9", Timeout: 200 * time.Millisecond}})
	w := env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)

	stats := `query Stats($id: ID!) { organization(id: $id) { managedAccountStats { total } } }`
	for range 3 {
		admin.MustQuery(stats, map[string]any{"id": w.Acme}, nil)
	}
	admin.MustQuery(`{ viewer { account { email } } }`, nil, nil)
	r := admin.Query(`query Broken { viewr { id } }`, nil)
	require.Equal(t, "GRAPHQL_VALIDATION_FAILED", r.Code())
	r = admin.Query(`query Missing($id: ID!) { organization(id: $id) { id } }`, map[string]any{"id": "org_01J00000000000000000000000"})
	require.NotEmpty(t, r.Errors)
	missingCode := r.Code()
	require.NotEmpty(t, missingCode)

	res := admin.Raw(http.MethodGet, "/export/orgs/"+string(w.Acme)+"/managed-accounts.csv", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode, res.Body)
	lines, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(lines), 1)

	env.App.Jobs.RunOnce(context.Background())

	m := scrape(t, env)
	req := func(route, op, code string) float64 {
		return value(m, "orgdir_http_requests_total", map[string]string{"route": route, "operation": op, "code": code})
	}
	require.EqualValues(t, 3, req("POST /query", "Stats", "200"))
	require.EqualValues(t, 1, req("POST /query", "(anonymous)", "200"))
	require.EqualValues(t, 1, req("POST /query", "(none)", "422"), "a document that does not validate ran no operation")
	require.EqualValues(t, -1, req("POST /query", "Broken", "422"), "a name from a document that did not validate is never a label")
	require.EqualValues(t, 1, req("POST /query", "Missing", "200"))
	require.EqualValues(t, 1, req("POST /auth/login", "", "200"))
	require.EqualValues(t, 1, req("GET /export/orgs/{org}/managed-accounts.csv", "", "200"))
	require.EqualValues(t, 3, value(m, "orgdir_http_request_duration_seconds", map[string]string{"route": "POST /query", "operation": "Stats"}))

	require.EqualValues(t, 1, value(m, "orgdir_graphql_errors_total", map[string]string{"code": "GRAPHQL_VALIDATION_FAILED"}))
	require.EqualValues(t, 1, value(m, "orgdir_graphql_errors_total", map[string]string{"code": missingCode}))
	require.EqualValues(t, len(lines)-1, value(m, "orgdir_export_rows_total", map[string]string{"kind": "managed_accounts"}))

	require.EqualValues(t, 1, value(m, "orgdir_job_runs_total", map[string]string{"job": "finalize_deletions"}))
	require.EqualValues(t, 0, value(m, "orgdir_job_failures_total", map[string]string{"job": "finalize_deletions"}))
	require.EqualValues(t, 1, value(m, "orgdir_job_runs_total", map[string]string{"job": "recheck_domains"}))

	dialect := "sqlite"
	if testkit.Postgres() {
		dialect = "postgres"
	}
	require.GreaterOrEqual(t, value(m, "go_sql_open_connections", map[string]string{"db_name": dialect}), 1.0)
	for _, name := range []string{"go_sql_in_use_connections", "go_sql_idle_connections", "go_sql_wait_count_total",
		"go_sql_wait_duration_seconds_total", "go_goroutines", "process_resident_memory_bytes"} {
		require.Contains(t, m, name)
	}

	t.Run("a job that fails is counted as a failure", func(t *testing.T) {
		require.NoError(t, env.App.DB.SQL.Close())
		env.App.Jobs.RunOnce(context.Background())
		m := scrape(t, env)
		require.EqualValues(t, 2, value(m, "orgdir_job_runs_total", map[string]string{"job": "finalize_deletions"}))
		require.EqualValues(t, 1, value(m, "orgdir_job_failures_total", map[string]string{"job": "finalize_deletions"}))
	})
}

func TestMetricsOperationLabelsAreBounded(t *testing.T) {
	env := testkit.New(t)
	env.Seed()
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	for i := range 210 {
		admin.MustQuery(fmt.Sprintf(`query Op%d { viewer { account { id } } }`, i), nil, nil)
	}
	admin.MustQuery(`query `+strings.Repeat("L", 65)+` { viewer { account { id } } }`, nil, nil)

	m := scrape(t, env)
	ops := map[string]bool{}
	for _, s := range m["orgdir_http_requests_total"].GetMetric() {
		for _, l := range s.GetLabel() {
			if l.GetName() == "operation" {
				ops[l.GetValue()] = true
			}
		}
	}
	require.True(t, ops["Op0"])
	require.True(t, ops["Op199"])
	require.False(t, ops["Op200"], "past 200 names, operations share one label")
	require.EqualValues(t, 11, value(m, "orgdir_http_requests_total", map[string]string{"route": "POST /query", "operation": "(other)"}),
		"ten names past the bound and one too long")
	require.LessOrEqual(t, len(ops), 200+4)
}

func TestMetricsOnASeparateListenerAreNotOnTheMainOne(t *testing.T) {
	env := testkit.NewWithOptions(t, app.Options{MetricsElsewhere: true})
	res := env.Anonymous().Raw(http.MethodGet, "/metrics", "", nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.NotContains(t, res.Body, "orgdir_http_requests_total")
	require.NotNil(t, env.App.Metrics.Handler(), "the caller serves these elsewhere")
}
