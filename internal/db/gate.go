package db

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// gated queues this process's SQLite transactions in Go before they take the database's
// write lock (every transaction does: _txlock=immediate). Left to SQLite, writers that
// find the lock taken sleep in its busy handler (1 ms, 2 ms, 5 ms, ... up to 100 ms) and
// poll again, so the lock sits idle between holders and a writer can wait seconds while
// others come and go (make bench W5, 32 writers). A Go queue hands the lock on at once.
// Other processes on the same file still meet the busy timeout, as before.
type gated struct {
	dialect.Driver
	gate chan struct{}
}

func newGated(d dialect.Driver) gated { return gated{Driver: d, gate: make(chan struct{}, 1)} }

func (d gated) Tx(ctx context.Context) (dialect.Tx, error) { return d.BeginTx(ctx, nil) }

func (d gated) BeginTx(ctx context.Context, opts *entsql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(txBeginner)
	if !ok {
		return nil, fmt.Errorf("driver cannot BeginTx")
	}
	select {
	case d.gate <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		<-d.gate
		return nil, err
	}
	return &gatedTx{Tx: tx, release: sync.OnceFunc(func() { <-d.gate })}, nil
}

type gatedTx struct {
	dialect.Tx
	release func()
}

func (t *gatedTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	ex, ok := t.Tx.(execQuerier)
	if !ok {
		return nil, fmt.Errorf("transaction cannot ExecContext")
	}
	return ex.ExecContext(ctx, query, args...)
}

func (t *gatedTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	q, ok := t.Tx.(execQuerier)
	if !ok {
		return nil, fmt.Errorf("transaction cannot QueryContext")
	}
	return q.QueryContext(ctx, query, args...)
}

func (t *gatedTx) Commit() error {
	defer t.release()
	return t.Tx.Commit()
}

func (t *gatedTx) Rollback() error {
	defer t.release()
	return t.Tx.Rollback()
}
