package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
	"orgdir/internal/testkit"
)

// seedDomain inserts n unclaimed ACTIVE accounts on domain in one statement (test
// setup, with the server stopped; the search index's trigger runs as for any insert).
// Ids are unique per round; a third have never been active, a quarter use two-step.
func (c *crashRun) seedDomain(round int, domain string, n int) {
	d, err := db.Open(c.dsn)
	require.NoError(c.t, err)
	defer d.Close()
	require.NoError(c.t, d.Migrate(context.Background()))
	_, err = d.SQL.Exec(`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)
		INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, status, two_step_verification,
			provisioned, last_active_at, last_active_key, has_site_access)
		SELECT 'acc_' || printf('%03d%023d', ?3, i), '2026-03-02 09:00:00+00:00', 'p' || i || '@' || ?2, 'p' || i || '@' || ?2, ?2,
			'Person ' || i, 'person ' || i, 'ACTIVE', i % 4 = 0, false,
			CASE WHEN i % 3 = 0 THEN NULL ELSE datetime(1767225600 + i * 3600, 'unixepoch') || '+00:00' END,
			CASE WHEN i % 3 = 0 THEN 0 ELSE 1767225600 + i * 3600 END, false FROM seq`, n, domain, round)
	require.NoError(c.t, err)
}

// verified is what verify found that the next round needs.
type verified struct {
	claimed map[string]bool
}

// verify checks the database file against the ledger (the server is running: readers
// do not block it), then refills the ledger's pool of free accounts.
func (c *crashRun) verify(api *apiClient) verified {
	t := c.t
	d, err := db.Open(c.dsn)
	require.NoError(t, err)
	defer d.Close()
	q := d.SQL
	requireIntact(t, q)

	l := c.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, op := range l.invites {
		args := []any{op.site}
		for _, e := range op.emails {
			args = append(args, e)
		}
		n := count(t, q, `SELECT COUNT(*) FROM memberships m JOIN accounts a ON a.id = m.account_id
			WHERE m.site_id = ? AND m.removed_at IS NULL AND a.email_key IN (`+marks(len(op.emails))+`)`, args...)
		if op.acked {
			assert.Equal(t, len(op.emails), n, "acknowledged invitation %v on %s", op.emails, op.site)
		} else {
			assert.Contains(t, []int{0, len(op.emails)}, n, "invitation %v on %s is all or nothing", op.emails, op.site)
		}
	}
	for _, op := range l.suspends {
		state := str(t, q, `SELECT status || ' ' || (suspended_at IS NOT NULL) FROM memberships
			WHERE site_id = ? AND account_id = ? AND removed_at IS NULL`, op.site, op.account)
		if op.acked {
			assert.Equal(t, "SUSPENDED 1", state, "acknowledged suspension of %s on %s", op.account, op.site)
		} else {
			assert.Contains(t, []string{"SUSPENDED 1", "INVITED 0", "ACTIVE 0"}, state, "suspension of %s", op.account)
		}
	}
	accountState := `SELECT status || ' ' || (deactivated_at IS NOT NULL) || ' ' || (deletion_scheduled_for IS NOT NULL) FROM accounts WHERE id = ?`
	for _, op := range l.deletes {
		state := str(t, q, accountState, op.account)
		if op.acked {
			assert.Equal(t, "PENDING_DELETION 0 1", state, "acknowledged deletion of %s", op.account)
		} else {
			assert.Contains(t, []string{"PENDING_DELETION 0 1", "ACTIVE 0 0"}, state, "deletion of %s", op.account)
		}
	}
	for _, op := range l.bulk {
		state := str(t, q, accountState, op.account)
		if op.acked {
			assert.Equal(t, "DEACTIVATED 1 0", state, "acknowledged bulk deactivation of %s", op.account)
		} else {
			assert.Contains(t, []string{"DEACTIVATED 1 0", "ACTIVE 0 0"}, state, "bulk item %s is all or nothing", op.account)
		}
	}

	// Every claim is all or nothing: 0 or all accounts of its domain managed, and the
	// domain's claimedAt set exactly when they are.
	got := verified{claimed: map[string]bool{}}
	rows, err := q.Query(`SELECT a.email_domain, COUNT(*), SUM(a.managing_org_id IS NOT NULL), d.claimed_at IS NOT NULL
		FROM accounts a JOIN domains d ON d.name = a.email_domain
		WHERE a.email_domain LIKE 'claim%.crash.test' GROUP BY a.email_domain`)
	require.NoError(t, err)
	for rows.Next() {
		var domain string
		var total, managed int
		var claimedAt bool
		require.NoError(t, rows.Scan(&domain, &total, &managed, &claimedAt))
		assert.Equal(t, crashClaimSize, total)
		assert.Contains(t, []int{0, total}, managed, "the claim of %s is all or nothing", domain)
		assert.Equal(t, managed == total, claimedAt, "%s: claimedAt is set with the claim", domain)
		got.claimed[domain] = managed == total
	}
	require.NoError(t, rows.Err())
	for _, op := range l.claims {
		assert.True(t, !op.acked || got.claimed[op.domain], "acknowledged claim of %s", op.domain)
	}

	requireCountersEqualRecount(t, q, api, c.acme.org)

	// Refill the pool: managed, ACTIVE accounts nobody has touched.
	l.accounts = l.accounts[:0]
	for _, id := range strs(t, q, `SELECT id FROM accounts WHERE managing_org_id = ? AND status = 'ACTIVE'
		AND email_domain LIKE '%.crash.test' ORDER BY random() LIMIT 1000`, c.acme.org) {
		if !l.touched[id] {
			l.accounts = append(l.accounts, id)
		}
	}
	return got
}

// requireCountersEqualRecount recounts every counter table from the rows it counts,
// in SQL, and compares the Managed accounts total the API serves.
func requireCountersEqualRecount(t *testing.T, q *sql.DB, api *apiClient, org string) {
	assert.Equal(t,
		strs(t, q, `SELECT managing_org_id || ' ' || COALESCE(policy_id, '') || ' ' || status || ' ' || two_step_verification || ' ' || has_site_access || ' ' || COUNT(*)
			FROM accounts WHERE managing_org_id IS NOT NULL AND status <> 'DELETED' GROUP BY managing_org_id, policy_id, status, two_step_verification, has_site_access ORDER BY 1`),
		strs(t, q, `SELECT org_id || ' ' || policy_id || ' ' || status || ' ' || two_step || ' ' || site_access || ' ' || "count"
			FROM account_stat_cells WHERE "count" <> 0 ORDER BY 1`),
		"account_stat_cells equal a recount of the accounts")
	assert.Equal(t,
		strs(t, q, `SELECT managing_org_id || ' ' || day || ' ' || COUNT(*) FROM (SELECT managing_org_id,
				CASE WHEN last_active_at IS NULL THEN -1 ELSE CAST(strftime('%s', last_active_at) AS INTEGER) / 86400 END AS day
				FROM accounts WHERE managing_org_id IS NOT NULL AND status <> 'DELETED') GROUP BY managing_org_id, day ORDER BY 1`),
		strs(t, q, `SELECT org_id || ' ' || day || ' ' || "count" FROM account_activity_days WHERE "count" <> 0 ORDER BY 1`),
		"account_activity_days equal a recount of the accounts")
	assert.Equal(t,
		strs(t, q, `SELECT scope || ' ' || status || ' ' || n FROM (
				SELECT site_id AS scope, status, COUNT(*) AS n FROM memberships WHERE removed_at IS NULL GROUP BY site_id, status
				UNION ALL SELECT org_id, status, COUNT(*) FROM org_users GROUP BY org_id, status
				UNION ALL SELECT scope, status, n FROM (`+testkit.ProductCountsSQL+`) AS p) AS c ORDER BY 1`),
		strs(t, q, `SELECT scope_id || ' ' || status || ' ' || "count" FROM user_stat_cells WHERE "count" <> 0 ORDER BY 1`),
		"user_stat_cells equal a recount of memberships and organization users")
	assert.Zero(t, count(t, q, `SELECT COUNT(*) FROM accounts a WHERE a.managing_org_id IS NOT NULL AND a.has_site_access <>
		EXISTS (SELECT 1 FROM memberships m JOIN sites s ON s.id = m.site_id
			WHERE m.account_id = a.id AND m.removed_at IS NULL AND s.org_id = a.managing_org_id)`),
		"has_site_access agrees with the memberships")

	var out struct {
		Organization struct{ ManagedAccountStats struct{ Total int } }
	}
	api.must(t, `query($org: ID!) { organization(id: $org) { managedAccountStats { total } } }`, map[string]any{"org": org}, &out)
	assert.Equal(t, count(t, q, `SELECT COUNT(*) FROM accounts WHERE managing_org_id = ? AND status <> 'DELETED'`, org),
		out.Organization.ManagedAccountStats.Total, "the API's Managed accounts total")
}

// requireIntact requires PRAGMA integrity_check to say ok and no broken foreign key.
func requireIntact(t *testing.T, q *sql.DB) {
	var integrity []string
	rows, err := q.Query(`PRAGMA integrity_check`)
	require.NoError(t, err)
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		integrity = append(integrity, s)
	}
	require.NoError(t, rows.Err())
	require.Equal(t, []string{"ok"}, integrity, "PRAGMA integrity_check")
	require.Empty(t, strs(t, q, `PRAGMA foreign_key_check`), "PRAGMA foreign_key_check")
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func count(t require.TestingT, q *sql.DB, query string, args ...any) int {
	var n int
	require.NoError(t, q.QueryRow(query, args...).Scan(&n), query)
	return n
}

func str(t require.TestingT, q *sql.DB, query string, args ...any) string {
	var s string
	err := q.QueryRow(query, args...).Scan(&s)
	if err == sql.ErrNoRows {
		return "(no row)"
	}
	require.NoError(t, err, query)
	return s
}

// strs returns the first column of every row, as text.
func strs(t require.TestingT, q *sql.DB, query string, args ...any) []string {
	rows, err := q.Query(query, args...)
	require.NoError(t, err, query)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		require.NoError(t, rows.Scan(vals...))
		out = append(out, fmt.Sprint(*vals[0].(*any)))
	}
	require.NoError(t, rows.Err())
	return out
}
