package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

type report struct {
	config    config
	started   time.Time
	databases []*dbResult
}

// rssLimit is issue 7's memory target for the server.
const rssLimit = 300 << 20

func sortDurations(d []time.Duration) { slices.Sort(d) }

func (r *report) markdown() string {
	var b strings.Builder
	c := r.config
	fmt.Fprintf(&b, "# Benchmarks\n\n")
	fmt.Fprintf(&b, "Written by `make bench` (the `bench/` program); re-run it to replace this file. Issue 7's targets, each measured\n")
	fmt.Fprintf(&b, "against a baseline taken in the same run. The section %q at the end is written by hand and kept by re-runs.\n\n", notesHeading)
	fmt.Fprintf(&b, "- Command: `%s`\n", c.command)
	fmt.Fprintf(&b, "- Date: %s (UTC)\n", r.started.Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, "- Machine: %s\n", machine())
	fmt.Fprintf(&b, "- Go: %s; orgdir binary: `%s` (%s)\n", runtime.Version(), c.bin, gitDescribe())
	fmt.Fprintf(&b, "- Load: %d keep-alive clients for reads with a throughput target (W1, W2, W2b, W7), %d for the latency targets (W3, W4), %d writers for W5 (and beside the W8 claim), over loopback from the bench\n", c.clients, c.latencyCl, c.writers)
	fmt.Fprintf(&b, "  process; %s warm-up then %s measured per workload and side; latency from every request's sorted samples.\n", c.warmup, c.duration)
	fmt.Fprintf(&b, "- Server: the real `orgdir serve` process (JSON access logs on). Server CPU s = utime+stime from /proc/PID/stat over the\n")
	fmt.Fprintf(&b, "  measured part; RSS sampled from /proc/PID/status every 100 ms, peak = VmHWM.\n")
	fmt.Fprintf(&b, "- Baseline: a separate process (the bench binary re-run as `%s`), a minimal net/http handler that opens the database\n", baselineEnv)
	fmt.Fprintf(&b, "  with orgdir's `db.Open` (same driver, pragmas and pool) and, per request, runs the exact statements the server ran\n")
	fmt.Fprintf(&b, "  for the same request (captured beforehand through `db.WithStatementHook`, with their arguments and transactions;\n")
	fmt.Fprintf(&b, "  ids of inserted rows renewed on each replay), encoding the rows as JSON. W6's baseline is the export written by hand\n")
	fmt.Fprintf(&b, "  with database/sql: one statement joining accounts, policies, memberships, groups, grants and sites for the same\n")
	fmt.Fprintf(&b, "  columns (product columns included), folded per account and streamed as CSV (bench/export_baseline.go).\n\n")
	for _, d := range r.databases {
		d.markdown(&b, c)
	}
	return b.String()
}

func (d *dbResult) markdown(b *strings.Builder, c config) {
	w := d.world
	fmt.Fprintf(b, "## %s\n\n", title(d.kind))
	seeded := "taken from the cache"
	if !d.cached {
		seeded = fmt.Sprintf("seeded in %s", d.seeded.Round(time.Second))
	}
	fmt.Fprintf(b, "Dataset: `orgdir seed --accounts %d --orgs %d` (%s); main organization %s with %d managed accounts;\n",
		c.accounts, c.orgs, seeded, w.orgName, w.managed)
	fmt.Fprintf(b, "SQL of the workloads captured in %s.\n\n", d.capturedIn.Round(time.Second))
	fmt.Fprintf(b, "| Workload | Target | Server rps | p50 | p99 | Server CPU s | Baseline rps | Baseline p50 | Baseline p99 | Baseline CPU s | Ratio | RSS max | Result | Note |\n")
	fmt.Fprintf(b, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
	for _, r := range d.rows {
		s, bs := r.server, r.base
		verdict := "pass"
		if !r.pass {
			verdict = "**FAIL**"
		}
		note := r.note
		if s.errors > 0 {
			note = strings.TrimSpace(note + fmt.Sprintf(" %d server errors, first: %s", s.errors, mdEscape(s.firstErr)))
		}
		if bs.errors > 0 {
			note = strings.TrimSpace(note + fmt.Sprintf(" %d baseline errors, first: %s", bs.errors, mdEscape(bs.firstErr)))
		}
		fmt.Fprintf(b, "| %s %s | %s | %.1f | %s | %s | %.2f | %.1f | %s | %s | %.2f | %.2f | %s | %s | %s |\n",
			r.name, r.title, r.target, s.rps(), ms(s.pct(0.5)), ms(s.pct(0.99)), s.cpu.Seconds(),
			bs.rps(), ms(bs.pct(0.5)), ms(bs.pct(0.99)), bs.cpu.Seconds(), ratio(s.rps(), bs.rps()), mb(s.rssMax), verdict, note)
	}
	if cl := d.claim; cl != nil {
		verdict := "pass"
		if cl.claimed != c.claim || cl.writeErrors > 0 {
			verdict = "**FAIL**"
		}
		note := fmt.Sprintf("%d writes meanwhile, %d errors", cl.writes, cl.writeErrors)
		if cl.firstErr != "" {
			note += ", first: " + mdEscape(cl.firstErr)
		}
		fmt.Fprintf(b, "| W8 claim of a %d-account domain | one set-based transaction; report time and writers' worst wait | claimed %d in %s | | | | | | | | | | %s | writers' worst wait %s, p99 %s; %s |\n",
			c.claim, cl.claimed, ms(cl.took), verdict, ms(cl.worstWait), ms(cl.p99Wait), note)
	}
	verdict := "pass"
	if d.rssPeak >= rssLimit {
		verdict = "**FAIL**"
	}
	fmt.Fprintf(b, "| Memory | server RSS < 300 MB throughout | | | | | | | | | | %s | %s | peak (VmHWM) over the whole run; baseline peak %s |\n\n",
		mb(d.rssPeak), verdict, mb(d.rssBase))
}

func printTable(out io.Writer, d *dbResult) {
	fmt.Fprintf(out, "\n%s\n%-5s %10s %10s %10s %8s %10s %10s %10s %8s %6s\n", d.kind, "", "rps", "p50", "p99", "cpu s", "base rps", "base p50", "base p99", "base cpu", "ratio")
	for _, r := range d.rows {
		s, b := r.server, r.base
		mark := "ok"
		if !r.pass {
			mark = "FAIL"
		}
		fmt.Fprintf(out, "%-5s %10.1f %10s %10s %8.2f %10.1f %10s %10s %8.2f %6.2f %s %s\n", r.name, s.rps(), ms(s.pct(0.5)), ms(s.pct(0.99)),
			s.cpu.Seconds(), b.rps(), ms(b.pct(0.5)), ms(b.pct(0.99)), b.cpu.Seconds(), ratio(s.rps(), b.rps()), mark, r.note)
		if s.errors > 0 {
			fmt.Fprintf(out, "      server errors: %d, first: %s\n", s.errors, s.firstErr)
		}
		if b.errors > 0 {
			fmt.Fprintf(out, "      baseline errors: %d, first: %s\n", b.errors, b.firstErr)
		}
	}
	if cl := d.claim; cl != nil {
		fmt.Fprintf(out, "W8    claimed %d in %s; writers: %d writes, %d errors, worst wait %s, p99 %s %s\n",
			cl.claimed, ms(cl.took), cl.writes, cl.writeErrors, ms(cl.worstWait), ms(cl.p99Wait), cl.firstErr)
	}
	fmt.Fprintf(out, "server RSS peak %s, baseline %s\n", mb(d.rssPeak), mb(d.rssBase))
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func mb(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }

func title(kind string) string {
	if kind == "postgres" {
		return "PostgreSQL"
	}
	return "SQLite"
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// machine describes the host: cores, CPU model, memory.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				var kb int64
				fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
				mem = fmt.Sprintf(", %.1f GB RAM", float64(kb)/(1<<20))
			}
		}
	}
	load := ""
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = ", load average at the start " + strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return fmt.Sprintf("%d CPUs (%s)%s, %s/%s%s", runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH, load)
}

func gitDescribe() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "commit unknown"
	}
	return "commit " + strings.TrimSpace(string(out))
}
