// Package app wires orgdir together: database, rules, GraphQL schema, HTTP routes and
// background jobs. The server command and the end-to-end tests build the same App.
package app

import (
	"context"
	"io/fs"
	"net/http"
	"time"

	"orgdir/graph"
	"orgdir/internal/auth"
	"orgdir/internal/clock"
	"orgdir/internal/db"
	"orgdir/internal/directory"
	"orgdir/internal/domains"
	"orgdir/internal/export"
	"orgdir/internal/httpserver"
	"orgdir/internal/jobs"
	"orgdir/internal/metrics"
	"orgdir/internal/users"
)

// Options configure an App.
type Options struct {
	// DB names the database, for example sqlite:./data/orgdir.db.
	DB string
	// Clock is the time source; nil means the system clock.
	Clock clock.Clock
	// SPA is the built frontend; nil serves the "frontend not built" page.
	SPA fs.FS
	// JobInterval is how often background jobs run (default one minute).
	JobInterval time.Duration
	// SQLLog, when set, receives every statement the data layer runs (tests).
	SQLLog func(query string)
	// StatementHook, when set, receives every statement with its arguments (the benchmark).
	StatementHook func(db.Statement)
	// CORSOrigins are third-party origins allowed to call the API with API keys.
	CORSOrigins []string
	// Domains configures domain verification: DNS resolver, extra CA, private targets (tests).
	Domains domains.Config
	// MetricsElsewhere keeps GET /metrics off Handler: the caller serves
	// App.Metrics.Handler() on a listener of its own (--metrics-addr).
	MetricsElsewhere bool
}

// App is a wired orgdir instance.
type App struct {
	DB        *db.DB
	Directory *directory.Service
	Auth      *auth.Service
	Domains   *domains.Service
	Handler   http.Handler
	Jobs      *jobs.Runner
	Metrics   *metrics.Metrics
}

// New opens and migrates the database and wires everything on top of it.
func New(ctx context.Context, o Options) (*App, error) {
	if o.Clock == nil {
		o.Clock = clock.System{}
	}
	if o.JobInterval == 0 {
		o.JobInterval = time.Minute
	}
	var dbOpts []db.Option
	if o.SQLLog != nil {
		dbOpts = append(dbOpts, db.WithSQLLog(o.SQLLog))
	}
	if o.StatementHook != nil {
		dbOpts = append(dbOpts, db.WithStatementHook(o.StatementHook))
	}
	d, err := db.Open(o.DB, dbOpts...)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	dir := directory.New(d.Client, o.Clock)
	authn := auth.New(d.Client, o.Clock)
	doms, err := domains.New(d.Client, o.Clock, o.Domains)
	if err != nil {
		d.Close()
		return nil, err
	}
	dbName := "sqlite" // ent calls it sqlite3, but the driver is modernc's
	if d.Dialect == "postgres" {
		dbName = "postgres"
	}
	m := metrics.New(d.SQL, dbName)
	exports := export.New(d.Client, o.Clock, dir)
	exports.Metrics = m
	return &App{
		DB:        d,
		Directory: dir,
		Auth:      authn,
		Domains:   doms,
		Handler: httpserver.Routes(httpserver.Config{
			Schema: graph.NewSchema(d.Client, dir, authn, users.New(d.Client, o.Clock), doms),
			Auth:   authn,
			SPA:    o.SPA,

			CORSOrigins:      o.CORSOrigins,
			DB:               d,
			Export:           exports,
			Metrics:          m,
			MetricsElsewhere: o.MetricsElsewhere,
		}),
		Jobs: &jobs.Runner{Directory: dir, Domains: doms, Interval: o.JobInterval, LockRows: d.Dialect == "postgres",
			Metrics: m},
		Metrics: m,
	}, nil
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }
