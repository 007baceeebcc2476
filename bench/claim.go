package main

import (
	"context"
	"fmt"
	"os/exec"

	"orgdir/internal/db"
)

// claimDomain is the domain W8 claims.
const claimDomain = "claim.bench.test"

// prepareClaim adds n accounts nobody manages on claimDomain, in one set-based
// statement (a fixture: people who signed up with their work address before the
// organization verified the domain), then marks the domain verified for org with the
// operator command. It returns the domain's id.
func prepareClaim(ctx context.Context, c config, d *db.DB, dsn, org string, n int) (string, error) {
	insert := `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)
		INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, status, two_step_verification,
			provisioned, last_active_at, last_active_key, has_site_access)
		SELECT 'acc_' || printf('%026d', i), '2026-03-02 09:00:00+00:00', 'claimable' || i || '@' || ?2,
			'claimable' || i || '@' || ?2, ?2, 'Claimable Person ' || i, 'claimable person ' || i, 'ACTIVE', i % 4 = 0, false,
			CASE WHEN i % 3 = 0 THEN NULL ELSE datetime(1767225600 + i * 60, 'unixepoch') || '+00:00' END,
			CASE WHEN i % 3 = 0 THEN 0 ELSE 1767225600 + i * 60 END, false FROM seq`
	if d.Dialect == "postgres" {
		insert = `INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, status,
			two_step_verification, provisioned, last_active_at, last_active_key, has_site_access)
		SELECT 'acc_' || lpad(i::text, 26, '0'), '2026-03-02 09:00:00+00', 'claimable' || i || '@' || $2,
			'claimable' || i || '@' || $2, $2, 'Claimable Person ' || i, 'claimable person ' || i, 'ACTIVE', i % 4 = 0, false,
			CASE WHEN i % 3 = 0 THEN NULL ELSE to_timestamp(1767225600 + i * 60) END,
			CASE WHEN i % 3 = 0 THEN 0 ELSE 1767225600 + i * 60 END, false FROM generate_series(1, $1::int) AS i`
	}
	if _, err := d.SQL.ExecContext(ctx, insert, n, claimDomain); err != nil {
		return "", fmt.Errorf("add %d claimable accounts: %w", n, err)
	}
	out, err := exec.CommandContext(ctx, c.bin, "domains", "mark-verified", "--db", dsn, "--org", org, "--domain", claimDomain).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("mark %s verified: %w: %s", claimDomain, err, out)
	}
	var id string
	err = d.SQL.QueryRowContext(ctx, db.Rebind(d.Dialect, `SELECT id FROM domains WHERE name = ? AND org_id = ?`), claimDomain, org).Scan(&id)
	return id, err
}
