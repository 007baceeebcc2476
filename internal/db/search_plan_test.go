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
	"orgdir/ent/account"
	"orgdir/internal/db"
	"orgdir/internal/viewer"
)

// searchOrg is the organization whose Managed accounts searchDB's tests list.
const searchOrg = "org_main"

// managed is a Managed accounts list of searchOrg searched for term.
func managed(d *db.DB, term string) *ent.AccountQuery {
	return d.Client.Account.Query().Where(account.ManagingOrgID(searchOrg), account.StatusNEQ(account.StatusDELETED),
		db.ManagedAccountSearch(searchOrg, term))
}

// searchDB is a SQLite database of a few accounts whose statements are recorded: ten
// that searchOrg manages and four others.
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
	for _, org := range []string{"org_other", searchOrg} {
		_, err := d.SQL.ExecContext(ctx, `INSERT INTO organizations (id, created_at, name, user_management) VALUES (?, CURRENT_TIMESTAMP, ?, 'CENTRALIZED')`, org, org)
		require.NoError(t, err)
	}
	// Accounts of another organization, one of no organization and a deleted one match
	// the same terms and are never counted.
	for i, name := range []string{"Ana Berg", "Cleo Stone", "Ana Bergman", "Stone Deleted"} {
		org, status := any("org_other"), "ACTIVE"
		switch i {
		case 2:
			org = nil
		case 3:
			org, status = searchOrg, "DELETED"
		}
		_, err := d.SQL.ExecContext(ctx, `INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, last_active_key, managing_org_id, status)
			VALUES (?, CURRENT_TIMESTAMP, ?, ?, 'elsewhere.test', ?, ?, 0, ?, ?)`,
			fmt.Sprintf("acc_x%d", i), fmt.Sprintf("x%d@elsewhere.test", i), fmt.Sprintf("x%d@elsewhere.test", i), name, strings.ToLower(name), org, status)
		require.NoError(t, err)
	}
	names := []string{"Ana Berg", "Ana Bergman", "Bob Berg", "Cleo Stone", "Dan Stone", "Eve Stone", "Stone Age",
		"Ana Stone", "Al", "Zed Quill"}
	for i, name := range names {
		email := fmt.Sprintf("p%d@example.test", i)
		if i == 9 {
			email = "zq.stone@example.test"
		}
		_, err := d.SQL.ExecContext(ctx, `INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, last_active_key, managing_org_id)
			VALUES (?, CURRENT_TIMESTAMP, ?, ?, 'example.test', ?, ?, ?, ?)`,
			fmt.Sprintf("acc_%d", i), email, email, name, strings.ToLower(name), (i*7)%4, searchOrg)
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

// On SQLite a searched list's page is read from the match list when the term has few
// matches in the organization's range of the index, and walks the order's index when it
// has many or the matches are not much fewer than the list. An unfiltered list's count
// comes from the index alone; a filtered one's reads the matches by rowid.
func TestSQLiteSearchReadsFewMatchesFromTheMatchList(t *testing.T) {
	ctx := context.Background()
	d, taken := searchDB(t)
	defer db.SetFewMatches(2)()

	// list runs a page (first 2 by name) and a count of term, and says how each read
	// the accounts. keys tells the plan that the order's index holds the keys, as the
	// name index does.
	list := func(term string, listed int, filtered, keys bool) (names []string, count int, page, counted string) {
		qctx := viewer.System(ctx)
		if listed > 0 {
			qctx = db.WithAccountSearchPlan(qctx, searchOrg, term, listed, filtered, keys)
		}
		taken()
		rows, err := managed(d, term).Order(ent.Asc("name_key"), ent.Asc("id")).Limit(2).All(qctx)
		require.NoError(t, err)
		page = howRead(t, d, taken())
		count, err = managed(d, term).Count(qctx)
		require.NoError(t, err)
		counted = howRead(t, d, taken())
		for _, a := range rows {
			names = append(names, a.Name)
		}
		return names, count, page, counted
	}

	// A list of 1,000 accounts is worth 66 rowid lookups (lookupCost 15).
	names, n, page, count := list("BERGM", 1000, false, true)
	require.Equal(t, []string{"Ana Bergman"}, names, "another organization's and no organization's Ana Bergman are not listed")
	require.Equal(t, 1, n)
	require.Equal(t, "by rowid", page, "one match: the page is read from the match list")
	require.Equal(t, "not read", count, "unfiltered: the index counts")

	_, n, _, count = list("BERGM", 1000, true, true)
	require.Equal(t, 1, n)
	require.Equal(t, "by rowid", count, "filtered: the count reads the matches")

	names, n, page, count = list("berg", 1000, false, true)
	require.Equal(t, []string{"Ana Berg", "Ana Bergman"}, names)
	require.Equal(t, 3, n)
	require.Equal(t, "walked by keys", page, "three matches, over the threshold of 2: the page walks the name index and tests its keys")
	require.Equal(t, "not read", count)

	names, _, page, _ = list("berg", 1000, false, false)
	require.Equal(t, []string{"Ana Berg", "Ana Bergman"}, names)
	require.Equal(t, "walked", page, "an order's index without the keys is walked against the match list")

	_, n, _, count = list("berg", 1000, true, true)
	require.Equal(t, 3, n)
	require.Equal(t, "by rowid", count)

	names, n, page, count = list("berg", 45, true, true)
	require.Equal(t, []string{"Ana Berg", "Ana Bergman"}, names)
	require.Equal(t, 3, n)
	require.Equal(t, []string{"walked by keys", "walked"}, []string{page, count}, "3 matches in a list of 45 accounts: walking it is cheaper")

	names, n, page, count = list("stone", 0, false, false)
	require.Equal(t, []string{"Ana Stone", "Cleo Stone"}, names)
	require.Equal(t, 6, n, "the deleted account and the other organization's are not counted")
	require.Equal(t, []string{"walked", "walked"}, []string{page, count}, "queries not told of the search keep the planner's choice")

	names, n, page, count = list("st", 1000, false, true)
	require.Equal(t, []string{"Stone Age"}, names, "under 3 characters the search is a prefix")
	require.Equal(t, 1, n)
	require.Equal(t, []string{"walked", "walked"}, []string{page, count}, "prefix searches use the key indexes")
}

// Read from the match list, or walking the order's index and testing the keys there, a
// searched list pages the same as the planner's own walk against the match list: every
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
					q := managed(d, "stone")
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
				for _, plan := range []struct {
					read string
					few  int
				}{{"by rowid", 1000}, {"walked by keys", 0}} {
					restore := db.SetFewMatches(plan.few)
					taken()
					got, total := walk(db.WithAccountSearchPlan(ctx, searchOrg, "stone", 1000, false, true), forward)
					restore()
					require.Contains(t, readsOf(t, d, taken()), plan.read, "the plan was used")
					require.Equal(t, want, got, "%s %s forward=%v %s", f, dir, forward, plan.read)
					require.Equal(t, wantTotal, total)
				}
			}
		}
	}
}

// howRead says how the account statement among stmts reads accounts: "by rowid" from
// the match list (NOT INDEXED, and SQLite's plan looks them up by rowid), "walked" (the
// planner's choice of index, against the match list), "walked by keys" (testing the
// keys instead of reading the match list) or "not read" when no statement reads them.
func howRead(t *testing.T, d *db.DB, stmts []db.Statement) string {
	t.Helper()
	reads := readsOf(t, d, stmts)
	require.LessOrEqual(t, len(reads), 1, "one statement reads accounts")
	if len(reads) == 0 {
		return "not read"
	}
	return reads[0]
}

func readsOf(t *testing.T, d *db.DB, stmts []db.Statement) []string {
	t.Helper()
	var reads []string
	for _, s := range stmts {
		if !strings.Contains(s.Query, "FROM `accounts`") {
			continue
		}
		if strings.Contains(s.Query, "instr(") {
			reads = append(reads, "walked by keys")
			continue
		}
		if !strings.Contains(s.Query, "NOT INDEXED") {
			reads = append(reads, "walked")
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
		reads = append(reads, "by rowid")
	}
	return reads
}

// The index's count of an organization's range stays the list's count through every
// change that moves an account in or out of it: name and email edits, a claim and a
// release, deletion and its undoing, a new account and a removed row.
func TestSQLiteSearchIndexFollowsEveryChangeOfAnAccount(t *testing.T) {
	ctx := viewer.System(context.Background())
	d, _ := searchDB(t)
	check := func(step string, want int) {
		t.Helper()
		for _, term := range []string{"stone", "berg", "example"} {
			indexed, err := managed(d, term).Count(db.WithAccountSearchPlan(ctx, searchOrg, term, 1000, false, false))
			require.NoError(t, err)
			rows, err := managed(d, term).Count(ctx)
			require.NoError(t, err)
			require.Equal(t, rows, indexed, "%s: %q counted from the index", step, term)
			if term == "stone" {
				require.Equal(t, want, indexed, "%s: stone", step)
			}
		}
		_, err := d.SQL.ExecContext(ctx, `INSERT INTO account_search(account_search) VALUES ('integrity-check')`)
		require.NoError(t, err, step)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		_, err := d.SQL.ExecContext(ctx, q, args...)
		require.NoError(t, err, q)
	}
	check("seeded", 6)
	exec(`UPDATE accounts SET name = 'Dan Rock', name_key = 'dan rock' WHERE id = 'acc_4'`)
	check("renamed", 5)
	exec(`UPDATE accounts SET email = 'zq@example.test', email_key = 'zq@example.test' WHERE id = 'acc_9'`)
	check("email changed", 4)
	_, err := d.SQL.ExecContext(ctx, `UPDATE accounts SET managing_org_id = ? WHERE id = 'acc_x1'`, searchOrg)
	require.ErrorContains(t, err, "the search index was not moved", "a change of organization moves the index entries first")
	move := func(id, org string) {
		t.Helper()
		tx, err := d.Client.Tx(ctx)
		require.NoError(t, err)
		require.NoError(t, db.RekeySearch(ctx, tx, org, "a.id = ?", id))
		_, err = tx.ExecContext(ctx, `UPDATE accounts SET managing_org_id = NULLIF(?, '') WHERE id = ?`, org, id)
		require.NoError(t, err)
		require.NoError(t, tx.Commit())
	}
	move("acc_x1", searchOrg)
	check("claimed", 5)
	move("acc_5", "")
	check("released", 4)
	exec(`UPDATE accounts SET status = 'DEACTIVATED' WHERE id = 'acc_7'`)
	check("deactivated", 4)
	exec(`UPDATE accounts SET status = 'DELETED', name = 'Deleted account', name_key = 'deleted account' WHERE id = 'acc_7'`)
	check("deleted", 3)
	exec(`UPDATE accounts SET status = 'ACTIVE' WHERE id = 'acc_x3'`)
	check("deletion undone", 4)
	exec(`DELETE FROM accounts WHERE id = 'acc_6'`)
	check("row removed", 3)
	exec(`INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, last_active_key, managing_org_id)
		VALUES ('acc_new', CURRENT_TIMESTAMP, 'new@example.test', 'new@example.test', 'example.test', 'New Stone', 'new stone', 0, ?)`, searchOrg)
	check("inserted", 4)

	_, err = d.SQL.ExecContext(ctx, `DELETE FROM organizations WHERE id = 'org_other'`)
	require.ErrorContains(t, err, "organizations are not deleted")
}
