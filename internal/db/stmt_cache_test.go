package db

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"

	"orgdir/ent/organization"
	"orgdir/internal/viewer"
)

// Reads outside transactions run as cached prepared statements: they see every
// committed write, the cache stays within its size, and a statement evicted while
// its rows are being read still finishes.
func TestSQLiteReadsUsePreparedStatementsThatStayCurrent(t *testing.T) {
	d, err := Open("sqlite:" + filepath.Join(t.TempDir(), "stmts.db"))
	require.NoError(t, err)
	defer d.Close()
	ctx := viewer.System(context.Background()) // the organizations of no viewer are none
	require.NoError(t, d.Migrate(ctx))
	count := func() int {
		n, err := d.Client.Organization.Query().Count(ctx)
		require.NoError(t, err)
		return n
	}
	require.Zero(t, count())
	for i := range 3 {
		require.NoError(t, d.Client.Organization.Create().SetName(fmt.Sprintf("org %d", i)).
			SetUserManagement(organization.UserManagementCENTRALIZED).Exec(ctx))
		require.Equal(t, i+1, count(), "the prepared COUNT sees the row just written")
	}

	c := stmtCacheOf(t, d)
	require.Equal(t, 1, c.order.Len(), "one COUNT statement, prepared once")

	open, err := d.SQL.Conn(ctx) // holds a connection, so the pool must use others too
	require.NoError(t, err)
	defer open.Close()
	for i := range stmtCacheSize + 10 {
		var rows []struct {
			N int `json:"n"`
		}
		require.NoError(t, d.Client.Organization.Query().Modify(func(s *entsql.Selector) {
			s.Select(fmt.Sprintf("%d AS n", i))
		}).Scan(ctx, &rows))
		require.Equal(t, i, rows[0].N)
	}
	require.Equal(t, stmtCacheSize, c.order.Len(), "the least recently used statements were closed")
	require.Len(t, c.bySQL, stmtCacheSize)
	require.Equal(t, 3, count())
}

func stmtCacheOf(t *testing.T, d *DB) *stmtCache {
	t.Helper()
	c, ok := d.driver.(*stmtCache)
	require.True(t, ok, "SQLite's driver is wrapped in the statement cache, got %T", d.driver)
	return c
}
