// Package metrics owns orgdir's Prometheus series: requests and latency per route and
// GraphQL operation, GraphQL errors per code, the database pool, background jobs and
// export rows, plus the Go runtime and process. Each App has its own registry (not the
// global default), so tests can run many servers in one process. Every method is safe
// on a nil *Metrics, which records nothing.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Fixed operation labels: no caller-chosen text ever becomes one of these.
const (
	// Anonymous is an operation without a name that ran.
	Anonymous = "(anonymous)"
	// NoOperation is a GraphQL request that ran nothing: bad JSON, a document that did
	// not parse or validate, a refused caller.
	NoOperation = "(none)"
	// Other is every operation name past the first maxOperations, or too long.
	Other = "(other)"
)

// maxOperations bounds the operation label: operation names are chosen by callers
// (only names of documents that parsed and validated get here), so past this many
// distinct names the rest share Other instead of growing the series without end.
const maxOperations = 200

// maxOperationName is the longest name kept as a label.
const maxOperationName = 64

// Metrics is one App's collectors and their registry.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	gqlErrors   *prometheus.CounterVec
	jobRuns     *prometheus.CounterVec
	jobFailures *prometheus.CounterVec
	exportRows  *prometheus.CounterVec

	mu         sync.Mutex
	operations map[string]bool
}

// New returns the collectors registered on a new registry; db's pool statistics are
// read at each scrape and labelled db_name=dbName (sqlite or postgres).
func New(db *sql.DB, dbName string) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orgdir_http_requests_total",
			Help: "HTTP requests answered, by route pattern, GraphQL operation name (on POST /query) and status code.",
		}, []string{"route", "operation", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "orgdir_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and GraphQL operation name.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "operation"}),
		gqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orgdir_graphql_errors_total",
			Help: "Errors in GraphQL answers, by extensions.code.",
		}, []string{"code"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orgdir_job_runs_total",
			Help: "Background job runs, by job.",
		}, []string{"job"}),
		jobFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orgdir_job_failures_total",
			Help: "Background job runs that failed, by job.",
		}, []string{"job"}),
		exportRows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orgdir_export_rows_total",
			Help: "CSV rows streamed by exports (header lines not counted), by export kind.",
		}, []string{"kind"}),
		operations: map[string]bool{},
	}
	m.registry.MustRegister(m.requests, m.latency, m.gqlErrors, m.jobRuns, m.jobFailures, m.exportRows,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, dbName))
	}
	return m
}

// Handler serves the registry in the Prometheus text (or negotiated) format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Registry is where the collectors live (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Operation returns the label for a GraphQL operation that ran: its name while fewer
// than maxOperations names have been seen, Anonymous without a name, Other past the bound.
func (m *Metrics) Operation(name string) string {
	if name == "" || name == Anonymous {
		return Anonymous // GraphQL names cannot hold "(", so no caller's name is taken for it
	}
	if m == nil || len(name) > maxOperationName {
		return Other
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.operations[name] {
		return name
	}
	if len(m.operations) >= maxOperations {
		return Other
	}
	m.operations[name] = true
	return name
}

// ObserveRequest counts one answered request. route is the ServeMux pattern ("" when
// none matched); operation is a label from Operation, NoOperation, or "" off /query.
func (m *Metrics) ObserveRequest(route, operation string, status int, d time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "(unmatched)"
	}
	m.requests.WithLabelValues(route, operation, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, operation).Observe(d.Seconds())
}

// GraphQLError counts one error of an answer by its extensions.code; codes are ours or
// gqlgen's, but anything that does not look like one is counted as OTHER.
func (m *Metrics) GraphQLError(code string) {
	if m == nil {
		return
	}
	if !isCode(code) {
		code = "OTHER"
	}
	m.gqlErrors.WithLabelValues(code).Inc()
}

// isCode accepts SCREAMING_SNAKE_CASE of at most 40 bytes.
func isCode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c == '_') {
			return false
		}
	}
	return true
}

// JobRun counts one run of job, and a failure when err is not nil.
func (m *Metrics) JobRun(job string, err error) {
	if m == nil {
		return
	}
	m.jobRuns.WithLabelValues(job).Inc()
	failures := m.jobFailures.WithLabelValues(job) // shown at 0 until the first failure
	if err != nil {
		failures.Inc()
	}
}

// ExportRows counts n rows streamed by an export of kind.
func (m *Metrics) ExportRows(kind string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.exportRows.WithLabelValues(kind).Add(float64(n))
}
