package httpserver

import (
	"context"

	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
)

// Bounds of the document cache: documents longer than queryCacheMaxBytes are parsed on
// every request, so callers sending many distinct large documents cannot make it hold
// much memory (a few tens of MB at most).
const (
	queryCacheEntries  = 256
	queryCacheMaxBytes = 16 << 10
)

// queryCache keeps parsed and validated documents (gqlgen caches only valid ones).
// The app sends the same few page queries over and over; parsing and validating the
// account page's document again on each request was a large share of its cost
// (make bench W1).
type queryCache struct{ docs *lru.LRU[*ast.QueryDocument] }

func newQueryCache() queryCache { return queryCache{lru.New[*ast.QueryDocument](queryCacheEntries)} }

func (c queryCache) Get(ctx context.Context, query string) (*ast.QueryDocument, bool) {
	return c.docs.Get(ctx, query)
}

func (c queryCache) Add(ctx context.Context, query string, doc *ast.QueryDocument) {
	if len(query) <= queryCacheMaxBytes {
		c.docs.Add(ctx, query, doc)
	}
}
