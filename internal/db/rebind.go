package db

import (
	"context"
	stdsql "database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// rebinder lets the few hand-written statements (set-based claims, counters) be
// written once with ? placeholders: on PostgreSQL it rewrites them to $n. Statements
// ent builds already use $n and pass through unchanged.
type rebinder struct{ *entsql.Driver }

func (d rebinder) Exec(ctx context.Context, query string, args, v any) error {
	return d.Driver.Exec(ctx, Rebind(dialect.Postgres, query), args, v)
}

func (d rebinder) Query(ctx context.Context, query string, args, v any) error {
	return d.Driver.Query(ctx, Rebind(dialect.Postgres, query), args, v)
}

func (d rebinder) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return d.Driver.ExecContext(ctx, Rebind(dialect.Postgres, query), args...)
}

func (d rebinder) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	return d.Driver.QueryContext(ctx, Rebind(dialect.Postgres, query), args...)
}

func (d rebinder) Tx(ctx context.Context) (dialect.Tx, error) { return d.BeginTx(ctx, nil) }

func (d rebinder) BeginTx(ctx context.Context, opts *entsql.TxOptions) (dialect.Tx, error) {
	tx, err := d.Driver.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return rebindTx{tx}, nil
}

type rebindTx struct{ dialect.Tx }

func (t rebindTx) Exec(ctx context.Context, query string, args, v any) error {
	return t.Tx.Exec(ctx, Rebind(dialect.Postgres, query), args, v)
}

func (t rebindTx) Query(ctx context.Context, query string, args, v any) error {
	return t.Tx.Query(ctx, Rebind(dialect.Postgres, query), args, v)
}

func (t rebindTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	ex, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (stdsql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("transaction cannot ExecContext")
	}
	return ex.ExecContext(ctx, Rebind(dialect.Postgres, query), args...)
}

func (t rebindTx) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	q, ok := t.Tx.(interface {
		QueryContext(context.Context, string, ...any) (*stdsql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("transaction cannot QueryContext")
	}
	return q.QueryContext(ctx, Rebind(dialect.Postgres, query), args...)
}
