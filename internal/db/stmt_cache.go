package db

import (
	"container/list"
	"context"
	stdsql "database/sql"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// stmtCache prepares the reads ent sends outside transactions once and keeps the most
// recent ones. modernc's SQLite keeps a prepared statement's compiled program, where a
// plain query parses and plans its SQL again every time: that was 13% of the server's
// CPU on the stats request (make bench W4, pprof). Statements in transactions are left
// alone (SQLite's are short and mostly writes). PostgreSQL's driver (pgx) already caches
// prepared statements per connection.
type stmtCache struct {
	dialect.Driver
	db *stdsql.DB

	mu    sync.Mutex
	order *list.List // most recently used first; values are *cachedStmt
	bySQL map[string]*list.Element
}

type cachedStmt struct {
	query string
	stmt  *stdsql.Stmt
}

// Prepared statements cost memory on every pooled connection (a few kB each), so the
// cache is small, and long statements (large IN lists) are not kept.
const (
	stmtCacheSize   = 128
	stmtCacheMaxLen = 4096
)

func newStmtCache(d dialect.Driver, db *stdsql.DB) *stmtCache {
	return &stmtCache{Driver: d, db: db, order: list.New(), bySQL: map[string]*list.Element{}}
}

func (c *stmtCache) Query(ctx context.Context, query string, args, v any) error {
	vr, ok := v.(*entsql.Rows)
	argv, ok2 := args.([]any)
	if !ok || !ok2 {
		return c.Driver.Query(ctx, query, args, v)
	}
	rows, err := c.QueryContext(ctx, query, argv...)
	if err != nil {
		return err
	}
	*vr = entsql.Rows{ColumnScanner: rows}
	return nil
}

// QueryContext is Query for the statements written out as SQL text and run with ent's
// Client.QueryContext (sign-in, stats).
func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*stdsql.Rows, error) {
	if len(query) > stmtCacheMaxLen {
		return c.db.QueryContext(ctx, query, args...)
	}
	st, err := c.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// prepared returns the cached statement for query, preparing it on a miss. Evicted
// statements are closed; database/sql lets a statement in use finish first.
func (c *stmtCache) prepared(ctx context.Context, query string) (*stdsql.Stmt, error) {
	c.mu.Lock()
	if e, ok := c.bySQL[query]; ok {
		c.order.MoveToFront(e)
		st := e.Value.(*cachedStmt).stmt
		c.mu.Unlock()
		return st, nil
	}
	c.mu.Unlock()
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.bySQL[query]; ok { // prepared meanwhile by another request
		_ = st.Close()
		c.order.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt, nil
	}
	c.bySQL[query] = c.order.PushFront(&cachedStmt{query: query, stmt: st})
	if c.order.Len() > stmtCacheSize {
		old := c.order.Remove(c.order.Back()).(*cachedStmt)
		delete(c.bySQL, old.query)
		_ = old.stmt.Close()
	}
	return st, nil
}

func (c *stmtCache) Tx(ctx context.Context) (dialect.Tx, error) { return c.BeginTx(ctx, nil) }

func (c *stmtCache) BeginTx(ctx context.Context, opts *entsql.TxOptions) (dialect.Tx, error) {
	return c.Driver.(txBeginner).BeginTx(ctx, opts)
}

// Close closes the cached statements, then the driver.
func (c *stmtCache) Close() error {
	c.mu.Lock()
	for e := c.order.Front(); e != nil; e = e.Next() {
		_ = e.Value.(*cachedStmt).stmt.Close()
	}
	c.order.Init()
	c.bySQL = map[string]*list.Element{}
	c.mu.Unlock()
	return c.Driver.Close()
}
