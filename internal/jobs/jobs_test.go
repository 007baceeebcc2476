package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/internal/directory"
	"orgdir/internal/jobs"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// TestRunStopsAtASafePointWhenCancelled cancels the job runner while the deletion
// finalizer works through 2,000 due accounts (500 a transaction), as orgdir serve does
// on SIGTERM: Run returns promptly, every account is either finalized (erased) or
// untouched, whole batches only, and the counters still equal a recount.
func TestRunStopsAtASafePointWhenCancelled(t *testing.T) {
	if raceDetector {
		t.Skip("minutes under -race; make test-crash runs it without the race detector")
	}
	const n = 2000
	env := testkit.New(t)
	w := env.Seed()
	sys := viewer.System(context.Background())
	due := env.Clock.Now().Add(-time.Hour)
	require.NoError(t, directory.WithTx(sys, env.App.DB.Client, func(tx *ent.Tx) error {
		for i := range n {
			email := fmt.Sprintf("due%d@acme.test", i)
			a, err := tx.Account.Create().SetEmail(email).SetEmailKey(email).SetEmailDomain("acme.test").
				SetName(fmt.Sprintf("Due %d", i)).SetNameKey(fmt.Sprintf("due %d", i)).SetManagingOrgID(w.Acme).
				SetStatus(account.StatusPENDING_DELETION).SetDeletionScheduledFor(due).Save(sys)
			if err != nil {
				return err
			}
			if err := directory.MoveStats(sys, tx, nil, a); err != nil {
				return err
			}
		}
		return nil
	}))
	requireCountersEqualRecount(t, env, w)

	r := &jobs.Runner{Directory: env.App.Directory, Interval: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { r.Run(ctx); close(stopped) }()
	// Cancel as soon as the first batch is committed, while the next one runs.
	require.Eventually(t, func() bool { return deleted(t, env) > 0 }, time.Minute, time.Millisecond)
	cancel()
	cancelled := time.Now()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	took := time.Since(cancelled)

	accounts, err := env.App.DB.Client.Account.Query().Where(account.EmailDomain("acme.test"), account.NameKeyHasPrefix("due ")).All(sys)
	require.NoError(t, err)
	finalized, err := env.App.DB.Client.Account.Query().Where(account.StatusEQ(account.StatusDELETED)).All(sys)
	require.NoError(t, err)
	for _, a := range accounts {
		assert.Equal(t, account.StatusPENDING_DELETION, a.Status, "untouched: %s", a.Email)
	}
	for _, a := range finalized {
		assert.Equal(t, directory.DeletedName, a.Name)
		assert.True(t, strings.HasSuffix(a.Email, "@deleted.invalid"), "erased: %s", a.Email)
	}
	assert.Equal(t, n, len(accounts)+len(finalized))
	assert.Zero(t, len(finalized)%500, "whole batches only: %d finalized", len(finalized))
	t.Logf("cancelled after %d of %d accounts were finalized; Run returned %s later", len(finalized), n, took.Round(time.Millisecond))
	requireCountersEqualRecount(t, env, w)

	// A later run finishes the work.
	r.RunOnce(context.Background())
	assert.Equal(t, n, deleted(t, env))
	requireCountersEqualRecount(t, env, w)
}

func deleted(t *testing.T, env *testkit.Env) int {
	n, err := env.App.DB.Client.Account.Query().Where(account.StatusEQ(account.StatusDELETED)).Count(viewer.System(context.Background()))
	require.NoError(t, err)
	return n
}

func requireCountersEqualRecount(t *testing.T, env *testkit.Env, w *testkit.World) {
	t.Helper()
	ctx := viewer.System(context.Background())
	counted, err := env.App.Directory.Stats(ctx, w.Acme)
	require.NoError(t, err)
	recount, err := env.App.Directory.Recount(ctx, w.Acme)
	require.NoError(t, err)
	require.Equal(t, *recount, *counted)
	env.RequireProductCountersMatchRecount(t)
}
