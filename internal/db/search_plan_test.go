package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"entgo.io/contrib/entgql"

	"orgdir/ent"
	"orgdir/internal/db"
	"orgdir/internal/viewer"
)

// searchDB is a SQLite database of a few accounts whose statements are recorded.
func searchDB(t *testing.T) (*db.DB, func() []db.Statement) {
	t.Helper()
	ctx := context.Background()
	var mu sync.Mutex
	var stmts []db.Statement
	d, err := db.Open("sqlite:"+filepath.Join(t.TempDir(), "orgdir.db"), db.WithStatementHook(func(s db.Statement) {
		mu.Lock()
		defer mu.Unlock()
		stmts = append(stmts, s)
	}))
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	require.NoError(t, d.Migrate(ctx))
	names := []string{"Ana Berg", "Ana Bergman", "Bob Berg", "Cleo Stone", "Dan Stone", "Eve Stone", "Stone Age",
		"Ana Stone", "Al", "Zed Quill"}
	for i, name := range names {
		email := fmt.Sprintf("p%d@example.test", i)
		if i == 9 {
			email = "zq.stone@example.test"
		}
		_, err := d.SQL.ExecContext(ctx, `INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, last_active_key)
			VALUES (?, CURRENT_TIMESTAMP, ?, ?, 'example.test', ?, ?, ?)`,
			fmt.Sprintf("acc_%d", i), email, email, name, strings.ToLower(name), (i*7)%4)
		require.NoError(t, err)
	}
	return d, func() []db.Statement {
		mu.Lock()
		defer mu.Unlock()
		out := stmts
		stmts = nil
		return out
	}
}

// On SQLite a searched list's count, and its page when the term has few matches, read
// the accounts by rowid from the match list; a page of a term with many matches walks
// the order's index, and so do both when the matches are not much fewer than the list.
func TestSQLiteSearchReadsFewMatchesFromTheMatchList(t *testing.T) {
	ctx := context.Background()
	d, taken := searchDB(t)
	defer db.SetFewMatches(2)()

	// list runs a page (first 2 by name) and a count of term, and says which of them
	// went without indexes.
	list := func(term string, listed int) (names []string, count int, pageNotIndexed, countNotIndexed bool) {
		qctx := viewer.System(ctx)
		if listed > 0 {
			qctx = db.WithAccountSearchPlan(qctx, term, listed)
		}
		taken()
		page, err := d.Client.Account.Query().Where(db.AccountSearch(term)).
			Order(ent.Asc("name_key"), ent.Asc("id")).Limit(2).All(qctx)
		require.NoError(t, err)
		pageNotIndexed = notIndexed(t, d, taken())
		count, err = d.Client.Account.Query().Where(db.AccountSearch(term)).Count(qctx)
		require.NoError(t, err)
		countNotIndexed = notIndexed(t, d, taken())
		for _, a := range page {
			names = append(names, a.Name)
		}
		return names, count, pageNotIndexed, countNotIndexed
	}

	// A list of 1,000 accounts is worth 66 rowid lookups (lookupCost 15).
	names2, n, page, count := list("BERGM", 1000)
	require.Equal(t, []string{"Ana Bergman"}, names2)
	require.Equal(t, 1, n)
	require.True(t, page, "one match: the page is read from the match list")
	require.True(t, count)

	names2, n, page, count = list("berg", 1000)
	require.Equal(t, []string{"Ana Berg", "Ana Bergman"}, names2)
	require.Equal(t, 3, n)
	require.False(t, page, "three matches, over the threshold of 2: the page walks the name index")
	require.True(t, count, "the count reads the match list")

	names2, n, page, count = list("berg", 45)
	require.Equal(t, []string{"Ana Berg", "Ana Bergman"}, names2)
	require.Equal(t, 3, n)
	require.False(t, page || count, "3 matches in a list of 45 accounts: walking it is cheaper")

	names2, n, page, count = list("stone", 0)
	require.Equal(t, []string{"Ana Stone", "Cleo Stone"}, names2)
	require.Equal(t, 6, n)
	require.False(t, page || count, "queries not told of the search keep the planner's choice")

	names2, n, page, count = list("st", 1000)
	require.Equal(t, []string{"Stone Age"}, names2, "under 3 characters the search is a prefix")
	require.Equal(t, 1, n)
	require.False(t, page || count, "prefix searches use the key indexes")
}

// Read from the match list, a searched list pages the same as walking an index: every
// order, both directions, following cursors.
func TestSQLiteSearchFromTheMatchListPagesTheSame(t *testing.T) {
	ctx := viewer.System(context.Background())
	d, taken := searchDB(t)
	fields := []*ent.AccountOrderField{ent.AccountOrderFieldNameKey, ent.AccountOrderFieldEmailKey, ent.AccountOrderFieldLastActiveKey}
	for _, f := range fields {
		for _, dir := range []entgql.OrderDirection{entgql.OrderDirectionAsc, entgql.OrderDirectionDesc} {
			order := &ent.AccountOrder{Field: f, Direction: dir}
			walk := func(ctx context.Context, forward bool) (ids []string, total int) {
				var cursor *ent.Cursor
				two := 2
				for range 20 {
					q := d.Client.Account.Query().Where(db.AccountSearch("stone"))
					var conn *ent.AccountConnection
					var err error
					if forward {
						conn, err = q.Paginate(ctx, cursor, &two, nil, nil, ent.WithAccountOrder(order))
					} else {
						conn, err = q.Paginate(ctx, nil, nil, cursor, &two, ent.WithAccountOrder(order))
					}
					require.NoError(t, err)
					var page []string
					for _, e := range conn.Edges {
						page = append(page, string(e.Node.ID))
					}
					if forward {
						ids = append(ids, page...)
					} else {
						ids = append(page, ids...)
					}
					total = conn.TotalCount
					more := conn.PageInfo.HasNextPage
					cursor = conn.PageInfo.EndCursor
					if !forward {
						more, cursor = conn.PageInfo.HasPreviousPage, conn.PageInfo.StartCursor
					}
					if !more {
						return ids, total
					}
				}
				t.Fatal("paging did not end")
				return nil, 0
			}
			for _, forward := range []bool{true, false} {
				want, wantTotal := walk(ctx, forward)
				require.Len(t, want, 6)
				taken()
				got, total := walk(db.WithAccountSearchPlan(ctx, "stone", 1000), forward)
				require.True(t, notIndexed(t, d, taken()), "the plan was used")
				require.Equal(t, want, got, "%s %s forward=%v", f, dir, forward)
				require.Equal(t, wantTotal, total)
			}
		}
	}
}

// notIndexed reports whether the account statement among stmts reads accounts NOT
// INDEXED, and then checks that SQLite reads them by rowid from the match list.
func notIndexed(t *testing.T, d *db.DB, stmts []db.Statement) bool {
	t.Helper()
	for _, s := range stmts {
		if !strings.Contains(s.Query, "FROM `accounts`") || !strings.Contains(s.Query, "NOT INDEXED") {
			continue
		}
		rows, err := d.SQL.Query("EXPLAIN QUERY PLAN "+s.Query, s.Args...)
		require.NoError(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		require.NoError(t, rows.Err())
		rows.Close()
		sort.Strings(plan)
		require.Contains(t, strings.Join(plan, "\n"), "USING INTEGER PRIMARY KEY (rowid=?)", s.Query)
		return true
	}
	return false
}
