package directory

import (
	"context"

	"orgdir/ent"
	"orgdir/internal/db"
	"orgdir/internal/gid"
)

// Claiming a domain's accounts and releasing them when the domain lapses are set-based:
// a handful of statements whatever the number of accounts, each in the caller's
// transaction. The counters move with grouped aggregates taken from the accounts as
// they are (release) or will be (claim), then one UPDATE changes the accounts and one
// their organization's Users rows. Raw SQL because ent has no INSERT ... SELECT.

// siteAccessOf is true when the account (the row of table ref) has a current
// membership on a site of the organization given as the one argument.
func siteAccessOf(ref string) string {
	return `EXISTS (SELECT 1 FROM memberships m JOIN sites s ON s.id = m.site_id
		WHERE m.account_id = ` + ref + `.id AND m.removed_at IS NULL AND s.org_id = ?)`
}

// activityDayOf is the counters' activity day of an account: whole UTC days since
// 1970, -1 for never (see activityDay).
const activityDayOf = `CASE WHEN a.last_active_key = 0 THEN -1 ELSE a.last_active_key / 86400 END`

// ClaimAccounts makes org manage every account on exactly domainName that no
// organization manages and that is not deleted, in policy (nil: none), with its site
// access computed for org (rule 1). Claiming gives no site access. It returns how many
// accounts were claimed.
func ClaimAccounts(ctx context.Context, tx *ent.Tx, org gid.ID, domainName string, policy *gid.ID) (int, error) {
	const claimable = `a.email_domain = ? AND a.managing_org_id IS NULL AND a.status <> 'DELETED'`
	pol := ""
	if policy != nil {
		pol = string(*policy)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO account_stat_cells (org_id, policy_id, status, two_step, site_access, "count")
		SELECT ?, ?, a.status, a.two_step_verification, `+siteAccessOf("a")+`, COUNT(*)
		FROM accounts a WHERE `+claimable+` GROUP BY 3, 4, 5
		ON CONFLICT (org_id, policy_id, status, two_step, site_access)
		DO UPDATE SET "count" = account_stat_cells."count" + excluded."count"`,
		org, pol, org, domainName); err != nil {
		return 0, err
	}
	if err := addActivityDays(ctx, tx, org, claimable, domainName, 1); err != nil {
		return 0, err
	}
	if err := db.RekeySearch(ctx, tx, string(org), claimable, domainName); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE accounts SET managing_org_id = ?, policy_id = ?, has_site_access = `+
		siteAccessOf("accounts")+`
		WHERE email_domain = ? AND managing_org_id IS NULL AND status <> 'DELETED'`,
		org, nullable(policy), org, domainName)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	return int(n), syncManagedFlag(ctx, tx, org, domainName)
}

// ReleaseAccounts makes every account on exactly domainName that org manages
// unmanaged again (its domain lapsed): no managing organization, no policy, out of
// org's counters, External on org's Users page. Memberships and their access are kept.
// It returns how many accounts were released.
func ReleaseAccounts(ctx context.Context, tx *ent.Tx, org gid.ID, domainName string) (int, error) {
	const managed = `a.email_domain = ? AND a.managing_org_id = ? AND a.status <> 'DELETED'`
	if _, err := tx.ExecContext(ctx, `INSERT INTO account_stat_cells (org_id, policy_id, status, two_step, site_access, "count")
		SELECT ?, COALESCE(a.policy_id, ''), a.status, a.two_step_verification, a.has_site_access, -COUNT(*)
		FROM accounts a WHERE `+managed+` GROUP BY 2, 3, 4, 5
		ON CONFLICT (org_id, policy_id, status, two_step, site_access)
		DO UPDATE SET "count" = account_stat_cells."count" + excluded."count"`,
		org, domainName, org); err != nil {
		return 0, err
	}
	if err := addActivityDays(ctx, tx, org, managed, domainName, -1, org); err != nil {
		return 0, err
	}
	if err := db.RekeySearch(ctx, tx, "", managed, domainName, org); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE accounts SET managing_org_id = NULL, policy_id = NULL, has_site_access = false
		WHERE email_domain = ? AND managing_org_id = ? AND status <> 'DELETED'`, domainName, org)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	return int(n), syncManagedFlag(ctx, tx, org, domainName)
}

// addActivityDays adds sign × the accounts matching where (over accounts a, with args)
// to org's last-active day counters, one grouped statement.
func addActivityDays(ctx context.Context, tx *ent.Tx, org gid.ID, where string, domainName string, sign int, more ...any) error {
	count := "COUNT(*)"
	if sign < 0 {
		count = "-COUNT(*)"
	}
	args := append([]any{org, domainName}, more...)
	_, err := tx.ExecContext(ctx, `INSERT INTO account_activity_days (org_id, day, "count")
		SELECT ?, `+activityDayOf+`, `+count+` FROM accounts a WHERE `+where+` GROUP BY 2
		ON CONFLICT (org_id, day) DO UPDATE SET "count" = account_activity_days."count" + excluded."count"`, args...)
	return err
}

// syncManagedFlag sets the managed flag of org's Users rows for the accounts on
// domainName from who manages them now.
func syncManagedFlag(ctx context.Context, tx *ent.Tx, org gid.ID, domainName string) error {
	_, err := tx.ExecContext(ctx, `UPDATE org_users SET managed = EXISTS (
			SELECT 1 FROM accounts a WHERE a.id = org_users.account_id AND a.managing_org_id = ?)
		WHERE org_id = ? AND account_id IN (SELECT id FROM accounts WHERE email_domain = ?)`,
		org, org, domainName)
	return err
}

func nullable(id *gid.ID) any {
	if id == nil {
		return nil
	}
	return string(*id)
}
