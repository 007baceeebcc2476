package db

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
)

type countOverrideKey struct{}

type countOverride struct {
	applies func(ent.Query) bool
	count   func() (int, error)
}

// WithCount makes the Count of a query of type Q return what count finds instead, for a
// caller that knows the number more cheaply than the COUNT ent writes from a page's
// predicates: from counters kept in the same transaction as every change, or from a
// narrower statement. entgql's Paginate counts on every page with pageInfo or
// totalCount, and a COUNT over a million-account organization reads a million index
// entries (0.2-0.6 s, make bench W2). count runs only when the page counts, with the
// context WithCount was given, so its own Count is not intercepted again.
func WithCount[Q ent.Query](ctx context.Context, count func(context.Context) (int, error)) context.Context {
	outer := ctx
	return context.WithValue(ctx, countOverrideKey{}, countOverride{
		applies: func(q ent.Query) bool { _, ok := q.(Q); return ok },
		count:   func() (int, error) { return count(outer) },
	})
}

type countBesideKey struct{}

// CountBeside is a count started on a goroutine of its own (WithCountBeside).
type CountBeside struct {
	applies        func(ent.Query) bool
	started, paged bool
	done           chan struct{}
	n              int
	err            error
}

// WithCountBeside lets the Count of a query of type Q run beside what the caller does
// next, on PostgreSQL: a Paginate then reads its page while the count runs on another
// connection, and the page's totalCount is what Wait returns, taken once the page is
// read. A searched page of a million-account organization runs two statements of
// 10-13 ms, each scanning the trigram index for the same term (make bench W3); one after
// the other they were the request's time. Elsewhere the count runs in place, and Wait
// reports none. The caller calls Wait before it returns, whatever happened.
func WithCountBeside[Q ent.Query](ctx context.Context) (context.Context, *CountBeside) {
	c := &CountBeside{applies: func(q ent.Query) bool { _, ok := q.(Q); return ok }, done: make(chan struct{})}
	return context.WithValue(ctx, countBesideKey{}, c), c
}

// Wait returns the count once it is done; counted is false when none ran beside.
func (c *CountBeside) Wait() (n int, counted bool, err error) {
	if !c.started {
		return 0, false, nil
	}
	<-c.done
	return c.n, true, c.err
}

// PageRead reports whether rows were read after the count was started. Paginate
// returns before its page when the document selects no edges or asks for none, with
// pageInfo worked out from the count: from the stand-in, then.
func (c *CountBeside) PageRead() bool { return c.paged }

func overrideCount(dialectName string) ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			qc := ent.QueryFromContext(ctx)
			c, beside := ctx.Value(countBesideKey{}).(*CountBeside)
			if qc != nil && qc.Op == ent.OpQueryAll && beside && c.started && c.applies(q) {
				c.paged = true
			}
			if qc == nil || qc.Op != ent.OpQueryCount {
				return next.Query(ctx, q)
			}
			if o, ok := ctx.Value(countOverrideKey{}).(countOverride); ok && o.applies(q) {
				return o.count()
			}
			if beside && !c.started && c.applies(q) && dialectName == dialect.Postgres {
				c.started = true
				go func() {
					defer close(c.done)
					// Off the resolver's goroutine, gqlgen's recovery does not reach here.
					defer func() {
						if r := recover(); r != nil {
							c.err = fmt.Errorf("count: %v", r)
						}
					}()
					v, err := next.Query(ctx, q)
					if err != nil {
						c.err = err
						return
					}
					c.n, _ = v.(int)
				}()
				// A stand-in: the caller puts the count in its place, and pageInfo too
				// when no page was read (PageRead).
				return 0, nil
			}
			return next.Query(ctx, q)
		})
	})
}
