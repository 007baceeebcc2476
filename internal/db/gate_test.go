package db_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
)

// A SQLite transaction waits for the one before it in a Go queue, not in SQLite's busy
// handler: it starts as soon as the other ends, and a caller that gives up is told so
// at once instead of after the 10 s busy timeout.
func TestSQLiteTransactionsQueueInProcess(t *testing.T) {
	d, err := db.Open("sqlite:" + filepath.Join(t.TempDir(), "gate.db"))
	require.NoError(t, err)
	defer d.Close()
	ctx := context.Background()

	first, err := d.Client.Tx(ctx)
	require.NoError(t, err)

	waiting, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = d.Client.Tx(waiting)
	require.ErrorIs(t, err, context.DeadlineExceeded, "queued behind the first, then given up")

	started := make(chan error, 1)
	go func() {
		second, err := d.Client.Tx(ctx)
		if err == nil {
			err = second.Commit()
		}
		started <- err
	}()
	select {
	case err := <-started:
		t.Fatalf("the second transaction began while the first was open: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	require.NoError(t, first.Rollback())
	require.NoError(t, <-started, "the second begins once the first has ended")

	third, err := d.Client.Tx(ctx)
	require.NoError(t, err)
	require.NoError(t, third.Commit(), "commit hands the queue on too")
}
