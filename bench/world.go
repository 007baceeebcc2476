package main

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"orgdir/internal/db"
)

// world is what the workloads need to know about the seeded data, found with SQL.
type world struct {
	org          string   // the organization with the most managed accounts
	orgName      string   //
	adminEmail   string   // one of its admins
	managed      int      // its managed accounts (from the counters)
	accountIDs   []string // W1 targets, spread over the organization
	rareTerm     string   // W3: a name substring in about 0.1% of the accounts
	commonTerm   string   // W3: the most common name word
	writerIDs    []string // accounts of active org users: W5 writers, then W8's
	product      string   // W7: the product most granted
	writersFound int
}

func discover(ctx context.Context, d *db.DB, writers int) (*world, error) {
	q := func(s string) string { return db.Rebind(d.Dialect, s) }
	w := &world{}
	err := d.SQL.QueryRowContext(ctx, q(`SELECT org_id, SUM("count") FROM account_stat_cells GROUP BY org_id ORDER BY 2 DESC LIMIT 1`)).
		Scan(&w.org, &w.managed)
	if err != nil {
		return nil, fmt.Errorf("find the main organization: %w", err)
	}
	if err := d.SQL.QueryRowContext(ctx, q(`SELECT name FROM organizations WHERE id = ?`), w.org).Scan(&w.orgName); err != nil {
		return nil, err
	}
	err = d.SQL.QueryRowContext(ctx, q(`SELECT a.email FROM admin_roles r JOIN accounts a ON a.id = r.account_id
		WHERE r.org_id = ? AND r.role = 'ORG_ADMIN' ORDER BY a.email LIMIT 1`), w.org).Scan(&w.adminEmail)
	if err != nil {
		return nil, fmt.Errorf("find an admin of %s: %w", w.org, err)
	}
	// 64 accounts spread over the organization, for W1, found by walking its (org, name,
	// id) index alone: ordering by id would sort the whole organization for each, and a
	// status filter would read every row skipped. A DELETED pick is skipped.
	for i := range 64 {
		var id, status string
		err := d.SQL.QueryRowContext(ctx, q(`SELECT id FROM accounts WHERE managing_org_id = ?
			ORDER BY name_key, id LIMIT 1 OFFSET ?`), w.org, i*w.managed/64).Scan(&id)
		if err == sql.ErrNoRows {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := d.SQL.QueryRowContext(ctx, q(`SELECT status FROM accounts WHERE id = ?`), id).Scan(&status); err != nil {
			return nil, err
		}
		if status != "DELETED" {
			w.accountIDs = append(w.accountIDs, id)
		}
	}
	if err := w.findTerms(ctx, d); err != nil {
		return nil, err
	}
	rows, err := d.SQL.QueryContext(ctx, q(`SELECT account_id FROM org_users WHERE org_id = ? AND status = 'ACTIVE'
		ORDER BY id LIMIT ?`), w.org, 2*writers)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		w.writerIDs = append(w.writerIDs, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = d.SQL.QueryRowContext(ctx, q(`SELECT product FROM group_grants GROUP BY product ORDER BY COUNT(*) DESC, product LIMIT 1`)).
		Scan(&w.product)
	if err != nil {
		return nil, fmt.Errorf("find a granted product: %w", err)
	}
	return w, nil
}

// findTerms picks W3's search terms from a sample of accounts: the most common name
// word, and the substring of a name whose share of the sample (matching name or email,
// as the search does) is nearest 0.1%. No single word is that rare in seeded names (120
// first names by 100 last ones: a word is in about 1% of them), so the rare term may
// span both names ("ra ram"). The measured match count is reported beside the figures.
func (w *world) findTerms(ctx context.Context, d *db.DB) error {
	rows, err := d.SQL.QueryContext(ctx, db.Rebind(d.Dialect, `SELECT name, email FROM accounts WHERE managing_org_id = ? LIMIT 50000`), w.org)
	if err != nil {
		return err
	}
	defer rows.Close()
	words := map[string]int{} // name words of 4 letters or more
	subs := map[string]int{}  // substrings of 4 to 6 characters of a name or email
	n := 0
	for rows.Next() {
		var name, email string
		if err := rows.Scan(&name, &email); err != nil {
			return err
		}
		n++
		name, email = strings.ToLower(name), strings.ToLower(email)
		seen := map[string]bool{}
		for _, word := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(word)) >= 4 && !seen[word] {
				seen[word] = true
				words[word]++
			}
		}
		clear(seen)
		for _, text := range []string{name, email} {
			r := []rune(text)
			for i := range r {
				for j := i + 4; j <= min(i+6, len(r)); j++ {
					if sub := string(r[i:j]); !seen[sub] {
						seen[sub] = true
						subs[sub]++
					}
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(words) == 0 {
		return fmt.Errorf("no account names to search for")
	}
	for _, word := range sortedKeys(words) {
		if words[word] > words[w.commonTerm] {
			w.commonTerm = word
		}
	}
	target := float64(n) * 0.001
	best := 1e18
	for _, sub := range sortedKeys(subs) {
		if !typeable(sub) {
			continue
		}
		if diff := abs(float64(subs[sub]) - target); diff < best {
			best, w.rareTerm = diff, sub
		}
	}
	if w.rareTerm == "" {
		return fmt.Errorf("no rare search term in the account names")
	}
	return nil
}

// typeable is a term someone looking for a person would type: letters, and inner spaces
// (the search trims outer ones).
func typeable(s string) bool {
	if strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && r != ' ' {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
