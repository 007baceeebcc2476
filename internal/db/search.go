package db

import (
	"context"
	"strings"
	"sync"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	gen "orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/predicate"
)

// AccountSearch matches accounts whose name or email contains term, case-insensitively.
// Terms of three characters or more go through the trigram index; shorter ones are a
// prefix match on the lower-cased name and email keys, which their indexes serve.
func AccountSearch(term string) predicate.Account {
	return search(term, func(s *sql.Selector, phrase string) {
		s.Where(sql.ExprP(s.C("rowid")+" IN (SELECT rowid & "+accountBits+" FROM account_search WHERE account_search MATCH ?)", phrase))
	})
}

// ManagedAccountSearch is AccountSearch for the accounts org manages: on SQLite it reads
// only org's range of the index. It adds no condition on the organization or the
// status of the rows themselves; the list's other predicates do that.
func ManagedAccountSearch(org, term string) predicate.Account {
	key := normalize(term)
	return search(term, func(s *sql.Selector, phrase string) {
		if s.Context().Value(keysWalkKey{}) != nil {
			// The index's meaning (a substring of a key, compared as it is), tested on each
			// entry of an order's index that holds both keys: no row and no match list is read.
			s.Where(sql.ExprP("(instr("+s.C(account.FieldNameKey)+", ?) > 0 OR instr("+s.C(account.FieldEmailKey)+", ?) > 0)", key, key))
			return
		}
		s.Where(sql.ExprP(s.C("rowid")+" IN (SELECT rowid & "+accountBits+" FROM account_search WHERE account_search MATCH ? AND "+orgRange+")",
			phrase, org, org))
	})
}

// keysWalkKey marks the context of a Managed accounts page that walks its order's index
// and tests the keys there (searchPlan).
type keysWalkKey struct{}

// The SQLite index's rowid is the managing organization's rowid << 40 plus the account's
// rowid, organization 0 for accounts no organization manages and for deleted ones
// (migrations/sqlite/extra/20261206220000_account_search_by_org.sql; it holds the lower-cased
// keys since 20261207070000_account_search_keys.sql).
const (
	accountBits = "1099511627775" // 1<<40 - 1
	orgRange    = "rowid >= (SELECT rowid << 40 FROM organizations WHERE id = ?) AND rowid < (SELECT (rowid + 1) << 40 FROM organizations WHERE id = ?)"
)

// SearchKey is the SQL expression of the SQLite index's rowid for the accounts row r,
// for code that fills the index in bulk.
func SearchKey(r string) string { return searchKeyUnder(r, r+".managing_org_id") }

// searchKeyUnder is the index's rowid the accounts row r has when org (an SQL
// expression) manages it.
func searchKeyUnder(r, org string) string {
	return "(COALESCE(CASE WHEN " + r + ".status <> 'DELETED' THEN (SELECT o.rowid FROM organizations o WHERE o.id = " + org +
		") END, 0) << 40) + " + r + ".rowid"
}

// Placeholders is n comma-separated ? for an IN list (the PostgreSQL driver renumbers them).
func Placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func search(term string, trigrams func(s *sql.Selector, phrase string)) predicate.Account {
	term = normalize(term)
	if term == "" {
		return func(*sql.Selector) {}
	}
	if !trigram(term) {
		return func(s *sql.Selector) {
			s.Where(sql.Or(prefix(s.C(account.FieldNameKey), term), prefix(s.C(account.FieldEmailKey), term)))
		}
	}
	return func(s *sql.Selector) {
		if s.Dialect() == dialect.Postgres {
			s.Where(keysContain(s.C(account.FieldNameKey), s.C(account.FieldEmailKey), term))
			return
		}
		trigrams(s, phrase(term))
	}
}

// keysContain is PostgreSQL's search: the keys held one per line, as the pg_trgm GIN index
// account_keys_trgm does, so that one index scan finds the candidates of both keys
// (migrations/postgres/extra/20261207110000_account_keys_trgm.sql). A term with a line
// break could match across the two lines, so it is tested on each key instead, without
// the index: names refuse control characters and emails have none.
func keysContain(name, email, term string) *sql.Predicate {
	if strings.ContainsRune(term, '\n') {
		return sql.Or(sql.Contains(name, term), sql.Contains(email, term))
	}
	return sql.P(func(b *sql.Builder) {
		b.WriteString("(" + name + " || E'\\n' || " + email + ") LIKE ").Arg("%" + likeEscape(term) + "%")
	})
}

// likeEscape escapes LIKE's wildcards and its escape character (a backslash on PostgreSQL).
func likeEscape(term string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(term)
}

func normalize(term string) string { return strings.ToLower(strings.TrimSpace(term)) }

func trigram(term string) bool { return len([]rune(term)) >= 3 }

// phrase is term as an FTS5 phrase: the trigram tokenizer then matches it as a substring.
func phrase(term string) string { return `"` + strings.ReplaceAll(term, `"`, `""`) + `"` }

// prefix is col >= p AND col < p's successor: a range any index on col serves, with the
// same meaning on every database (a LIKE would depend on collation and escaping).
func prefix(col, p string) *sql.Predicate {
	r := []rune(p)
	r[len(r)-1]++
	return sql.And(sql.GTE(col, p), sql.LT(col, string(r)))
}

type searchPlanKey struct{}

// searchPlanInfo is what the searched list's queries share: the organization, the term,
// the size of the list before the search, whether anything else narrows it, whether the
// order's index holds the keys, and the match count, found once for both queries.
type searchPlanInfo struct {
	org, term             string
	listed                int
	filtered, keysIndexed bool
	once                  sync.Once
	matches               int
	err                   error
}

// WithAccountSearchPlan tells the account queries of ctx (a Managed accounts page of org
// and its count) that they carry ManagedAccountSearch(org, term) over a list of about
// listed accounts, so that SQLite can be steered to the cheaper plan. Unless filtered
// (a predicate other than the organization, the status DELETED left out, and the
// search), the count is the index's.
//
// keysIndexed says that the order's index holds both keys (the NAME and EMAIL orders): a
// page that walks it then tests the keys in the index entries instead of reading the
// term's matches into a list first.
func WithAccountSearchPlan(ctx context.Context, org, term string, listed int, filtered, keysIndexed bool) context.Context {
	return context.WithValue(ctx, searchPlanKey{}, &searchPlanInfo{org: org, term: normalize(term), listed: listed,
		filtered: filtered, keysIndexed: keysIndexed})
}

// fewMatches is the most trigram matches for which a SQLite page is read from the
// match list (a rowid lookup each, then a sort) rather than by walking the order's
// index until the page is full. At 1M accounts a lookup and its share of the sort cost
// 5-10 µs: 5,000 matches are 25-50 ms, and a term with more matches fills a page of 50
// within a few thousand index entries unless its matches bunch up at the far end.
var fewMatches = 5000

// lookupCost is how many index entries SQLite walks (testing each against the match
// list) in the time of one rowid lookup of an account: about 0.3 µs against 5 µs at 1M
// accounts (bench W3, modernc).
const lookupCost = 15

// searchPlan chooses how SQLite reads a searched Managed accounts list. Without
// statistics its planner takes an organization index for "managing_org_id = ?" (it
// guesses 10 rows) and tests each of the organization's accounts against the match
// list: a COUNT then reads every account of the organization (0.3 s at 1M), and so does
// a page of a rare term. NOT INDEXED leaves it the rowid lookups of the match list
// instead, which is cheaper when the matches (counted in the organization's range of
// the index) are fewer than the list's accounts over lookupCost; a page also needs
// them to be few. An unfiltered list's count is the index's count of the range: no
// row is read at all.
func searchPlan(drv dialect.Driver, name string) ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			p, _ := ctx.Value(searchPlanKey{}).(*searchPlanInfo)
			aq, ok := q.(*gen.AccountQuery)
			qc := ent.QueryFromContext(ctx)
			if name != dialect.SQLite || !ok || qc == nil || p == nil || !trigram(p.term) {
				return next.Query(ctx, q)
			}
			if qc.Op != ent.OpQueryCount && qc.Op != ent.OpQueryAll {
				return next.Query(ctx, q)
			}
			// Past this many matches the walk is as cheap: counting further is waste,
			// unless the count is the answer.
			enough := p.listed / lookupCost
			p.once.Do(func() {
				limit := enough
				if !p.filtered {
					limit = -1
				}
				p.matches, p.err = countMatches(ctx, drv, p.org, p.term, limit)
			})
			if p.err != nil {
				return nil, p.err
			}
			if qc.Op == ent.OpQueryCount && !p.filtered {
				return p.matches, nil
			}
			switch {
			case p.matches < enough && (qc.Op == ent.OpQueryCount || p.matches <= fewMatches):
				aq.Modify(notIndexed)
			case qc.Op == ent.OpQueryAll && p.keysIndexed:
				ctx = context.WithValue(ctx, keysWalkKey{}, true)
			}
			return next.Query(ctx, q)
		})
	})
}

// notIndexed reads accounts without their indexes (rowid lookups stay allowed). The
// alias keeps every column reference "accounts".col.
func notIndexed(s *sql.Selector) {
	s.From(sql.Table("`" + account.Table + "` NOT INDEXED").Unquote().As(account.Table))
}

// countMatches counts the accounts org manages whose name or email contains term, up
// to limit (none when negative).
func countMatches(ctx context.Context, drv dialect.Driver, org, term string, limit int) (int, error) {
	var rows sql.Rows
	err := drv.Query(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM account_search WHERE account_search MATCH ? AND "+orgRange+" LIMIT ?)",
		[]any{phrase(term), org, org, limit}, &rows)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}
