package db

import (
	"context"
	stdsql "database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	gen "orgdir/ent"
	"orgdir/ent/accountstatcell"
)

// RekeySearch moves the SQLite search index's entries of the accounts that cond selects
// (a condition on accounts aliased a, args its arguments) to organization org, "" for
// none. The claim and the release of a domain's accounts call it in their transaction
// just before their UPDATE of managing_org_id, which the index's triggers refuse for an
// account whose entry was not moved. One statement each way, in rowid order: a trigger
// moving them row by row alternated low and high rowids, and FTS5 flushes its pending
// terms whenever a rowid is lower than the one before (a claim of 100,000 accounts took
// 25.6 s instead of 3.2 s, make bench W8).
func RekeySearch(ctx context.Context, tx *gen.Tx, org, cond string, args ...any) error {
	if dialectOf(ctx, tx) != dialect.SQLite {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO account_search (account_search, rowid, name_key, email_key)
		SELECT 'delete', `+SearchKey("a")+`, a.name_key, a.email_key FROM accounts a WHERE `+cond+` ORDER BY a.rowid`, args...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO account_search (rowid, name_key, email_key)
		SELECT `+searchKeyUnder("a", "?")+`, a.name_key, a.email_key FROM accounts a WHERE `+cond+` ORDER BY a.rowid`,
		append([]any{org}, args...)...)
	return err
}

// hashSize sets the size of FTS5's table of pending terms, flushed to the index when
// full and at commit. A bulk fill raises it from its default of 1 MiB for its duration,
// and sets it back: it is kept with the index. (A claim's two statements gained nothing
// from it: W8 10.66 s with, 10.93 s without.)
func hashSize(n int) string {
	return fmt.Sprintf(`INSERT INTO account_search (account_search, rank) VALUES ('hashsize', %d)`, n)
}

// dialectOf is tx's database. ent keeps its driver's dialect to itself; a query builder
// shows it to a modifier (a table without access rules, and no row read).
func dialectOf(ctx context.Context, tx *gen.Tx) string {
	name := ""
	_, _ = tx.AccountStatCell.Query().Where(accountstatcell.OrgIDIn()).
		Modify(func(s *sql.Selector) { name = s.Dialect() }).Exist(ctx)
	return name
}

// Execer is what IndexAccountsAfter writes through: a *sql.DB or a *sql.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error)
}

// IndexAccountsAfter adds to the SQLite search index the accounts whose rowid is above
// rowid, for code that inserts them in bulk with the index's insert trigger set aside.
// In key order, since FTS5 flushes its pending terms whenever a rowid is lower than the
// one before, and with a 64 MiB pending-terms table instead of 1 MiB for the statement:
// 1.1M accounts took 9 s instead of 15 s ordered, and more unordered (modernc, the seed's
// dataset).
func IndexAccountsAfter(ctx context.Context, x Execer, rowid int64) error {
	if _, err := x.ExecContext(ctx, hashSize(64<<20)); err != nil {
		return err
	}
	if _, err := x.ExecContext(ctx, `INSERT INTO account_search (rowid, name_key, email_key)
		SELECT `+SearchKey("accounts")+`, name_key, email_key FROM accounts WHERE rowid > ? ORDER BY 1`, rowid); err != nil {
		return err
	}
	_, err := x.ExecContext(ctx, hashSize(1<<20))
	return err
}
