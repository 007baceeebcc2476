package httpserver

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
)

func TestQueryCacheKeepsOnlyBoundedDocuments(t *testing.T) {
	ctx := context.Background()
	c := newQueryCache()
	small, large := "{ viewer { organizations { id } } }", "{ viewer { organizations { id } } }"+strings.Repeat(" ", queryCacheMaxBytes)
	c.Add(ctx, small, &ast.QueryDocument{})
	c.Add(ctx, large, &ast.QueryDocument{})
	_, ok := c.Get(ctx, small)
	require.True(t, ok)
	_, ok = c.Get(ctx, large)
	require.False(t, ok, "a document over queryCacheMaxBytes is parsed each time, not kept")

	for i := range queryCacheEntries {
		c.Add(ctx, "{ a"+strings.Repeat("b", i)+" }", &ast.QueryDocument{})
	}
	_, ok = c.Get(ctx, small)
	require.False(t, ok, "the oldest document leaves when the cache is full")
}
