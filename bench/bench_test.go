package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary serve as the baseline child, as the bench binary does.
func TestMain(m *testing.M) {
	if plan := os.Getenv(baselineEnv); plan != "" {
		if err := runBaselineChild(plan); err != nil {
			fmt.Fprintln(os.Stderr, "baseline:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestEveryWorkloadRunsAgainstASmallDataset keeps the harness from rotting: one short
// pass of each workload on a few thousand seeded accounts, against the real binary and
// the baseline. It checks that requests succeed, never how fast they are.
func TestEveryWorkloadRunsAgainstASmallDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("builds orgdir and seeds a database")
	}
	bin := filepath.Join(t.TempDir(), "orgdir")
	build := exec.Command("go", "build", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build orgdir: %v\n%s", err, out)
	}
	kinds := []string{"sqlite"}
	if os.Getenv("ORGDIR_TEST_DB") == "postgres" {
		kinds = []string{"postgres"}
	}
	args := []string{"--bin", bin, "--accounts", "3000", "--orgs", "1", "--duration", "300ms", "--warmup", "100ms",
		"--clients", "2", "--writers", "4", "--claim", "500", "--depth", "1000", "--export-runs", "1",
		"--data-dir", t.TempDir(), "--out", ""}
	if pg := os.Getenv("ORGDIR_TEST_POSTGRES"); pg != "" {
		args = append(args, "--pg", pg)
	}
	c, err := parseFlags(args)
	if err != nil {
		t.Fatal(err)
	}
	c.logProgress = testing.Verbose()
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			res, err := runDatabase(ctx, c, kind)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range res.rows {
				names = append(names, r.name)
				if r.server.requests == 0 || r.server.errors > 0 {
					t.Errorf("%s on the server: %d requests, %d errors (%s)", r.name, r.server.requests, r.server.errors, r.server.firstErr)
				}
				if r.base.requests == 0 || r.base.errors > 0 {
					t.Errorf("%s on the baseline: %d requests, %d errors (%s)", r.name, r.base.requests, r.base.errors, r.base.firstErr)
				}
			}
			want := []string{"W1", "W2", "W2b", "W3r", "W3c", "W4", "W7", "W5", "W6"}
			if fmt.Sprint(names) != fmt.Sprint(want) {
				t.Errorf("workloads run: %v, want %v", names, want)
			}
			if res.claim == nil || res.claim.claimed != 500 || res.claim.writeErrors > 0 {
				t.Errorf("W8: %+v, want 500 accounts claimed and no writer errors", res.claim)
			}
			if res.rssPeak <= 0 {
				t.Error("no server memory figure")
			}
			md := (&report{config: c, databases: []*dbResult{res}}).markdown()
			for _, s := range []string{"| W1 ", "| W8 ", "| Memory "} {
				if !strings.Contains(md, s) {
					t.Errorf("report lacks %q:\n%s", s, md)
				}
			}
		})
	}
}
