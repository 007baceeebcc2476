// Package jobs runs orgdir's background work on a timer: today the deletion finalizer
// (PRODUCT.md §2 rule 11). Each job is safe to run in several processes at once.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"orgdir/internal/directory"
	"orgdir/internal/domains"
)

// Runner runs the background jobs every Interval until its context ends.
type Runner struct {
	Directory *directory.Service
	// Domains, when set, re-checks verified domains once a day (PRODUCT.md §5).
	Domains  *domains.Service
	Interval time.Duration
	// LockRows makes the finalizer use FOR UPDATE SKIP LOCKED (PostgreSQL).
	LockRows bool
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
	if err != nil && ctx.Err() == nil {
		slog.ErrorContext(ctx, "deletion finalizer failed", "err", err, "finalized", n)
	} else if n > 0 {
		slog.InfoContext(ctx, "deleted accounts whose grace period ended", "count", n)
	}
	if r.Domains == nil {
		return
	}
	if n, err := r.Domains.Recheck(ctx); err != nil && ctx.Err() == nil {
		slog.ErrorContext(ctx, "domain re-check failed", "err", err, "checked", n)
	}
}
