package db

import (
	"context"
	stdsql "database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// Statement is one statement as it reaches the database driver, with its arguments.
// Begin, Commit and Rollback mark transaction boundaries (Query is empty then).
type Statement struct {
	Query string
	Args  []any
	// Exec is set for statements run without reading rows.
	Exec                    bool
	Begin, Commit, Rollback bool
}

// WithStatementHook passes every statement the client runs, with its arguments and
// transaction boundaries, to hook. The benchmark uses it to replay the exact SQL of a
// request through the bare driver (its baseline); it is never set in production.
func WithStatementHook(hook func(Statement)) Option {
	return func(o *options) { o.hook = hook }
}

// hooked reports statements to a hook before running them. It sits outside the
// rebinder, so it rebinds the query itself to report what the driver receives.
type hooked struct {
	dialect.Driver
	name string
	hook func(Statement)
}

type execQuerier interface {
	ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
}

type txBeginner interface {
	BeginTx(context.Context, *entsql.TxOptions) (dialect.Tx, error)
}

func (d hooked) report(query string, args any, exec bool) {
	list, _ := args.([]any)
	d.hook(Statement{Query: Rebind(d.name, query), Args: list, Exec: exec})
}

func (d hooked) Exec(ctx context.Context, query string, args, v any) error {
	d.report(query, args, true)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d hooked) Query(ctx context.Context, query string, args, v any) error {
	d.report(query, args, false)
	return d.Driver.Query(ctx, query, args, v)
}

func (d hooked) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	d.report(query, args, true)
	ex, ok := d.Driver.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("%T does not run statements with ExecContext", d.Driver)
	}
	return ex.ExecContext(ctx, query, args...)
}

func (d hooked) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	d.report(query, args, false)
	q, ok := d.Driver.(interface {
		QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("%T does not run statements with QueryContext", d.Driver)
	}
	return q.QueryContext(ctx, query, args...)
}

func (d hooked) Tx(ctx context.Context) (dialect.Tx, error) { return d.BeginTx(ctx, nil) }

func (d hooked) BeginTx(ctx context.Context, opts *entsql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(txBeginner)
	if !ok {
		return nil, fmt.Errorf("driver cannot BeginTx")
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	d.hook(Statement{Begin: true})
	return hookedTx{tx, d}, nil
}

type hookedTx struct {
	dialect.Tx
	d hooked
}

func (t hookedTx) Exec(ctx context.Context, query string, args, v any) error {
	t.d.report(query, args, true)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t hookedTx) Query(ctx context.Context, query string, args, v any) error {
	t.d.report(query, args, false)
	return t.Tx.Query(ctx, query, args, v)
}

func (t hookedTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	t.d.report(query, args, true)
	ex, ok := t.Tx.(execQuerier)
	if !ok {
		return nil, fmt.Errorf("transaction cannot ExecContext")
	}
	return ex.ExecContext(ctx, query, args...)
}

func (t hookedTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	t.d.report(query, args, false)
	q, ok := t.Tx.(execQuerier)
	if !ok {
		return nil, fmt.Errorf("transaction cannot QueryContext")
	}
	return q.QueryContext(ctx, query, args...)
}

func (t hookedTx) Commit() error {
	t.d.hook(Statement{Commit: true})
	return t.Tx.Commit()
}

func (t hookedTx) Rollback() error {
	t.d.hook(Statement{Rollback: true})
	return t.Tx.Rollback()
}
