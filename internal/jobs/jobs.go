// Package jobs runs orgdir's background work on a timer: today the deletion finalizer
// (PRODUCT.md §2 rule 11). Each job is safe to run in several processes at once.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"orgdir/internal/directory"
	"orgdir/internal/domains"
	"orgdir/internal/metrics"
)

// Runner runs the background jobs every Interval until its context ends.
type Runner struct {
	Directory *directory.Service
	// Domains, when set, re-checks verified domains once a day (PRODUCT.md §5).
	Domains  *domains.Service
	Interval time.Duration
	// LockRows makes the finalizer use FOR UPDATE SKIP LOCKED (PostgreSQL).
	LockRows bool
	// Metrics counts each job's runs and failures (nil counts nothing).
	Metrics *metrics.Metrics
}

// Run runs the jobs once now and then every Interval, stopping between runs when ctx ends.
func (r *Runner) Run(ctx context.Context) {
	t := time.NewTicker(r.Interval)
	defer t.Stop()
	for {
		r.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce runs every job once.
func (r *Runner) RunOnce(ctx context.Context) {
	n, err := r.Directory.FinalizeDeletions(ctx, r.LockRows)
	r.count(ctx, "finalize_deletions", err)
	if err != nil && ctx.Err() == nil {
		slog.ErrorContext(ctx, "deletion finalizer failed", "err", err, "finalized", n)
	} else if n > 0 {
		slog.InfoContext(ctx, "deleted accounts whose grace period ended", "count", n)
	}
	if r.Domains == nil {
		return
	}
	n, err = r.Domains.Recheck(ctx)
	r.count(ctx, "recheck_domains", err)
	if err != nil && ctx.Err() == nil {
		slog.ErrorContext(ctx, "domain re-check failed", "err", err, "checked", n)
	}
}

// count records a run of job; a run cut short by shutdown is not a failure.
func (r *Runner) count(ctx context.Context, job string, err error) {
	if ctx.Err() != nil {
		return
	}
	r.Metrics.JobRun(job, err)
}
