package db

import (
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"orgdir/ent/account"
	"orgdir/ent/predicate"
)

// AccountSearch matches accounts whose name or email contains term, case-insensitively.
// Terms of three characters or more go through the trigram index; shorter ones are a
// prefix match on the lower-cased name and email keys, which their indexes serve.
func AccountSearch(term string) predicate.Account {
	term = strings.ToLower(strings.TrimSpace(term))
	if term == "" {
		return func(*sql.Selector) {}
	}
	if len([]rune(term)) < 3 {
		return func(s *sql.Selector) {
			s.Where(sql.Or(prefix(s.C(account.FieldNameKey), term), prefix(s.C(account.FieldEmailKey), term)))
		}
	}
	phrase := `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
	return func(s *sql.Selector) {
		if s.Dialect() == dialect.Postgres {
			// Served by the pg_trgm GIN indexes on the lower-cased keys.
			s.Where(sql.Or(sql.Contains(s.C(account.FieldNameKey), term), sql.Contains(s.C(account.FieldEmailKey), term)))
			return
		}
		s.Where(sql.ExprP(s.C("rowid")+" IN (SELECT rowid FROM account_search WHERE account_search MATCH ?)", phrase))
	}
}

// prefix is col >= p AND col < p's successor: a range any index on col serves, with the
// same meaning on every database (a LIKE would depend on collation and escaping).
func prefix(col, p string) *sql.Predicate {
	r := []rune(p)
	r[len(r)-1]++
	return sql.And(sql.GTE(col, p), sql.LT(col, string(r)))
}
