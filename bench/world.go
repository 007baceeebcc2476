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
	rareTerm     string   // W3: a name word in about 0.1% of the accounts
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

// findTerms picks W3's search terms from a sample of names: the most common word, and
// the word whose share of the sample is nearest 0.1%. The measured match count is
// reported beside the figures.
func (w *world) findTerms(ctx context.Context, d *db.DB) error {
	rows, err := d.SQL.QueryContext(ctx, db.Rebind(d.Dialect, `SELECT name FROM accounts WHERE managing_org_id = ? LIMIT 20000`), w.org)
	if err != nil {
		return err
	}
	defer rows.Close()
	count := map[string]int{}
	n := 0
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		n++
		seen := map[string]bool{}
		for _, word := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(word)) >= 4 && !seen[word] {
				seen[word] = true
				count[word]++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(count) == 0 {
		return fmt.Errorf("no account names to search for")
	}
	words := make([]string, 0, len(count))
	for word := range count {
		words = append(words, word)
	}
	sort.Strings(words)
	target := float64(n) * 0.001
	best := 1e18
	for _, word := range words {
		c := count[word]
		if c > count[w.commonTerm] {
			w.commonTerm = word
		}
		if diff := abs(float64(c) - target); diff < best {
			best, w.rareTerm = diff, word
		}
	}
	return nil
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
