// Command bench measures orgdir against a hand-written baseline (issue 7): for each
// database it prepares a seeded dataset, starts the real `orgdir serve` process,
// drives load over loopback and, in the same run, replays the exact SQL of each
// workload through the bare driver behind a minimal net/http handler (a separate
// process). It writes the figures to BENCHMARKS.md.
//
//	go run ./bench --accounts 1000000 --db both      (what `make bench` runs)
//	go run ./bench --accounts 20000 --duration 3s --db sqlite --workloads W1,W4
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// config is what one run measures.
type config struct {
	bin         string        // the orgdir binary under test
	accounts    int           // managed accounts in the main organization
	orgs        int           // other organizations beside it
	duration    time.Duration // measured time per workload and side
	warmup      time.Duration // unmeasured load before each measurement
	clients     int           // concurrent readers
	latencyCl   int           // concurrent readers for the latency targets (W3, W4)
	writers     int           // concurrent writers (W5, W8)
	claim       int           // accounts on the domain W8 claims
	dbs         []string      // sqlite, postgres
	workloads   map[string]bool
	dataDir     string // where seeded SQLite files are cached
	pgURL       string // the PostgreSQL server (a scratch database is made on it)
	out         string // the report; empty writes none
	command     string // as typed, for the report
	depth       int    // W2b depth
	exportRuns  int    // W6 repetitions per side
	logProgress bool
}

func main() {
	if plan := os.Getenv(baselineEnv); plan != "" {
		if err := runBaselineChild(plan); err != nil {
			fmt.Fprintln(os.Stderr, "baseline:", err)
			os.Exit(1)
		}
		return
	}
	c, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	c := config{}
	fs.StringVar(&c.bin, "bin", "bin/orgdir", "the orgdir binary to measure")
	fs.IntVar(&c.accounts, "accounts", 1_000_000, "managed accounts in the main organization")
	fs.IntVar(&c.orgs, "orgs", 3, "other organizations beside it")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "measured time per workload and side")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "warm-up load before each measurement")
	fs.IntVar(&c.clients, "clients", 8, "concurrent clients for read workloads with a throughput target")
	fs.IntVar(&c.latencyCl, "latency-clients", 1, "concurrent clients for the latency targets (W3, W4): with more clients than cores, p99 measures the queue, not the request")
	fs.IntVar(&c.writers, "writers", 32, "concurrent writers (W5, and beside the W8 claim)")
	fs.IntVar(&c.claim, "claim", 100_000, "accounts on the domain W8 claims")
	fs.IntVar(&c.depth, "depth", 500_000, "W2b: how deep the page is (rows skipped by following cursors)")
	fs.IntVar(&c.exportRuns, "export-runs", 2, "W6: exports per side")
	db := fs.String("db", "both", "sqlite, postgres or both")
	wl := fs.String("workloads", "all", "comma-separated workloads to run (W1,W2,W2b,W3,W4,W5,W6,W7,W8) or all")
	fs.StringVar(&c.dataDir, "data-dir", filepath.Join(os.TempDir(), "orgdir-bench"), "cache of seeded SQLite files")
	fs.StringVar(&c.pgURL, "pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server to make a scratch database on")
	fs.StringVar(&c.out, "out", "BENCHMARKS.md", "report file (empty: none)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch *db {
	case "both":
		c.dbs = []string{"sqlite", "postgres"}
	case "sqlite", "postgres":
		c.dbs = []string{*db}
	default:
		return c, fmt.Errorf("--db %q: want sqlite, postgres or both", *db)
	}
	c.workloads = map[string]bool{}
	for _, w := range strings.Split(*wl, ",") {
		w = strings.TrimSpace(w)
		if w == "all" {
			for _, name := range allWorkloads {
				c.workloads[name] = true
			}
			continue
		}
		if !knownWorkload(w) {
			return c, fmt.Errorf("--workloads: unknown %q (known: %s)", w, strings.Join(allWorkloads, ","))
		}
		c.workloads[w] = true
	}
	if c.depth >= c.accounts {
		c.depth = c.accounts / 2
	}
	c.command = "go run ./bench " + strings.Join(args, " ")
	c.logProgress = true
	return c, nil
}

func run(ctx context.Context, c config) error {
	rep := &report{config: c, started: time.Now().UTC()}
	for _, kind := range c.dbs {
		res, err := runDatabase(ctx, c, kind)
		if err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		rep.databases = append(rep.databases, res)
		printTable(os.Stdout, res)
	}
	if c.out == "" {
		return nil
	}
	md := rep.markdown() + keptNotes(c.out)
	if err := os.WriteFile(c.out, []byte(md), 0o644); err != nil {
		return err
	}
	fmt.Println("wrote", c.out)
	return nil
}

func logf(c config, format string, args ...any) {
	if c.logProgress {
		fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", args...)
	}
}

// notesHeading starts the hand-written part of the report (findings, profiles, fixes
// with before and after figures), which a new run keeps.
const notesHeading = "## Findings"

func keptNotes(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	s := string(b)
	if i := strings.Index(s, "\n"+notesHeading); i >= 0 {
		return s[i+1:]
	}
	return ""
}
