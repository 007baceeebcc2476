// Command orgdir is a self-hosted organization directory and admin console: the
// Managed accounts and Users pages of an organization, over GraphQL and a bundled SPA.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"orgdir/frontend"
	"orgdir/internal/app"
	"orgdir/internal/db"
	"orgdir/internal/demo"
	"orgdir/internal/domains"
)

func main() {
	if err := rootCmd().Execute(); err != nil {
		os.Exit(1)
	}
}

func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "orgdir",
		Short: "Self-hosted organization directory and admin console",
		Long: `orgdir manages an organization's accounts (Managed accounts: the identities it owns)
and its sites' users (Users: everyone invited to its product sites), over a GraphQL API
and a bundled admin app.`,
		SilenceUsage: true,
	}
	root.AddCommand(serveCmd(), migrateCmd(), domainsCmd(), adminsCmd(), backupCmd(), restoreCmd(), seedCmd())
	return root
}

// env returns the environment variable name, or def when it is unset.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func dbFlag(cmd *cobra.Command) *string {
	return cmd.Flags().String("db", env("ORGDIR_DB", "sqlite:./data/orgdir.db"),
		"database: sqlite:PATH (the directory is created if missing) [env ORGDIR_DB]")
}

func serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Start the server (migrates the database first)",
		Long: `Start orgdir: migrate the database, serve the GraphQL API at POST /query, sign-in at
POST /auth/login and /auth/logout, and the admin app at /. SIGTERM or Ctrl-C drains
in-flight requests and exits 0. Unless GOGC or GOMEMLIMIT is set, it runs with GOGC=400
and GOMEMLIMIT=192MiB (docs/OPERATIONS.md, Memory).`,
	}
	addr := cmd.Flags().String("addr", env("ORGDIR_ADDR", "127.0.0.1:8080"), "address to listen on [env ORGDIR_ADDR]")
	dsn := dbFlag(cmd)
	demoDefault, _ := strconv.ParseBool(env("ORGDIR_DEMO", "false"))
	withDemo := cmd.Flags().Bool("demo", demoDefault, "load the demo data into an empty database [env ORGDIR_DEMO]")
	shutdown := cmd.Flags().Duration("shutdown-timeout", 20*time.Second, "how long SIGTERM waits for in-flight requests")
	var o serveOptions
	cmd.Flags().StringVar(&o.tlsCert, "tls-cert", env("ORGDIR_TLS_CERT", ""), "serve HTTPS with this certificate file (PEM) [env ORGDIR_TLS_CERT]")
	cmd.Flags().StringVar(&o.tlsKey, "tls-key", env("ORGDIR_TLS_KEY", ""), "the private key of --tls-cert (PEM) [env ORGDIR_TLS_KEY]")
	cmd.Flags().StringVar(&o.metricsAddr, "metrics-addr", env("ORGDIR_METRICS_ADDR", ""),
		"serve Prometheus /metrics on this address instead of on --addr (for example 127.0.0.1:9090) [env ORGDIR_METRICS_ADDR]")
	cmd.Flags().StringVar(&o.pprofAddr, "pprof-addr", env("ORGDIR_PPROF_ADDR", ""),
		"serve Go's profiler (/debug/pprof/) on this address, for diagnosing performance; keep it private; off by default [env ORGDIR_PPROF_ADDR]")
	cmd.Flags().StringSliceVar(&o.corsOrigins, "cors-origin", nil,
		"a third-party origin (exactly, e.g. https://tools.example.com) allowed to call the API with API keys; repeatable; off by default")
	domainConfig := domainFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		o.addr, o.dsn, o.demo, o.shutdownTimeout, o.domains = *addr, *dsn, *withDemo, *shutdown, *domainConfig
		return serve(cmd.Context(), o)
	}
	return cmd
}

// serveOptions are the settings of `orgdir serve`.
type serveOptions struct {
	addr, dsn       string
	demo            bool
	shutdownTimeout time.Duration
	tlsCert, tlsKey string
	corsOrigins     []string
	domains         domains.Config
	metricsAddr     string
	pprofAddr       string
}

func serve(parent context.Context, o serveOptions) error {
	// Structured logs: one JSON object a line, with request ids (see internal/httpserver).
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stderr, nil)))
	tuneGC()
	addr, dsn, withDemo, shutdownTimeout := o.addr, o.dsn, o.demo, o.shutdownTimeout
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, app.Options{DB: dsn, SPA: frontend.Dist(), CORSOrigins: o.corsOrigins, Domains: o.domains,
		MetricsElsewhere: o.metricsAddr != ""})
	if err != nil {
		return err
	}
	defer a.Close()
	if withDemo {
		if err := loadDemo(ctx, a); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 3)
	if o.metricsAddr != "" {
		// Plain HTTP, only /metrics: meant for a private interface a scraper reaches.
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.Metrics.Handler())
		side, err := serveSide(o.metricsAddr, "--metrics-addr", mux, serveErr, "metrics at http://%s/metrics\n")
		if err != nil {
			ln.Close()
			return err
		}
		defer side.Close()
	}
	if o.pprofAddr != "" {
		// Never on --addr: profiles show internals, and a CPU profile costs the server while it runs.
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		side, err := serveSide(o.pprofAddr, "--pprof-addr", mux, serveErr, "profiler at http://%s/debug/pprof/\n")
		if err != nil {
			ln.Close()
			return err
		}
		defer side.Close()
	}
	jobsCtx, stopJobs := context.WithCancel(context.Background())
	jobsDone := make(chan struct{})
	go func() { a.Jobs.Run(jobsCtx); close(jobsDone) }()
	scheme := "http"
	if o.tlsCert != "" {
		scheme = "https"
		go func() { serveErr <- srv.ServeTLS(ln, o.tlsCert, o.tlsKey) }()
	} else {
		go func() { serveErr <- srv.Serve(ln) }()
	}
	fmt.Printf("orgdir is listening on %s://%s (database %s)\n", scheme, ln.Addr(), dsn)
	select {
	case err := <-serveErr:
		stopJobs()
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down: draining in-flight requests")
	drain, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(drain)
	stopJobs()
	<-jobsDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// serveSide serves h in plain HTTP on a listener of its own beside the main one; its
// errors end the server like the main listener's.
func serveSide(addr, flag string, h http.Handler, serveErr chan<- error, announce string) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { serveErr <- srv.Serve(ln) }()
	fmt.Printf(announce, ln.Addr())
	return srv, nil
}

func loadDemo(ctx context.Context, a *app.App) error {
	empty, err := demo.IsEmpty(ctx, a.DB.Client)
	if err != nil {
		return err
	}
	if !empty {
		fmt.Println("demo: the database already has data; not loading the demo again")
		return nil
	}
	password := os.Getenv("ORGDIR_DEMO_PASSWORD")
	generated := password == ""
	if generated {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		password = base64.RawURLEncoding.EncodeToString(b)
	}
	if err := demo.Load(ctx, a.Directory, password); err != nil {
		return err
	}
	fmt.Printf("demo data loaded. Sign in as %s", strings.Join(demo.Admins, ", "))
	if generated {
		fmt.Printf(" with the password %s (shown once; set ORGDIR_DEMO_PASSWORD to choose it)\n", password)
	} else {
		fmt.Println(" with the password in ORGDIR_DEMO_PASSWORD")
	}
	return nil
}

func migrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply the database migrations and exit",
	}
	dsn := dbFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		d, err := db.Open(*dsn)
		if err != nil {
			return err
		}
		defer d.Close()
		pending, err := d.Pending(cmd.Context())
		if err != nil {
			return err
		}
		if err := d.Migrate(cmd.Context()); err != nil {
			return err
		}
		fmt.Printf("applied %d migration(s); the database is up to date\n", len(pending))
		return nil
	}
	return cmd
}
