package seed

import (
	"cmp"
	"context"
	"slices"

	"orgdir/ent/account"
	"orgdir/internal/db"
	"orgdir/internal/gid"
)

// tally counts the seeded rows into the counter cells as the generator writes them,
// on its goroutine: counting them back from the tables took four scans and sorts of
// a million rows on the load's critical path. Its cells are the ones
// directory.Recount computes (the seed tests compare them).
type tally struct {
	accounts map[accountCell]int64
	days     map[dayCell]int64
	users    map[userCell]int64 // Users rows by organization, memberships by site
}

type accountCell struct {
	org, policy, status string
	twoStep, siteAccess bool
}

type dayCell struct {
	org string
	day int64
}

type userCell struct{ scope, status string }

func newTally() *tally {
	return &tally{accounts: map[accountCell]int64{}, days: map[dayCell]int64{}, users: map[userCell]int64{}}
}

// account counts a managed account of one of the seeded organizations; lastActiveKey
// is directory.LastActiveKey of its last-active time.
func (t *tally) account(org, policy gid.ID, status account.Status, twoStep, siteAccess bool, lastActiveKey int64) {
	if status == account.StatusDELETED {
		return
	}
	t.accounts[accountCell{string(org), string(policy), string(status), twoStep, siteAccess}]++
	day := int64(-1)
	if lastActiveKey != 0 {
		day = lastActiveKey / 86400
	}
	t.days[dayCell{string(org), day}]++
}

// user counts a Users row of an organization or a current membership of a site.
func (t *tally) user(scope gid.ID, status string) { t.userScope(string(scope), status) }

// userScope counts a Users row under a counter scope that is not an id, such as a
// product's (directory.ProductScope).
func (t *tally) userScope(scope, status string) { t.users[userCell{scope, status}]++ }

// addAdmins counts the admins the directory's functions made before the load.
func (t *tally) addAdmins(ctx context.Context, w *writer, ps []*orgPlan) error {
	ids := make([]any, len(ps))
	for i, p := range ps {
		ids[i] = string(p.adminID)
	}
	rows, err := w.tx.QueryContext(ctx, db.Rebind(w.dialect, `SELECT managing_org_id, COALESCE(policy_id, ''), status, two_step_verification,
		has_site_access, last_active_key FROM accounts WHERE id IN (`+db.Placeholders(len(ids))+`)`), ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org, policy, status string
		var twoStep, siteAccess bool
		var key int64
		if err := rows.Scan(&org, &policy, &status, &twoStep, &siteAccess, &key); err != nil {
			return err
		}
		t.account(gid.ID(org), gid.ID(policy), account.Status(status), twoStep, siteAccess, key)
	}
	return rows.Err()
}

// write inserts the cells, in the order of their keys.
func (t *tally) write(ctx context.Context, w *writer) error {
	cells := newTable("account_stat_cells", "org_id", "policy_id", "status", "two_step", "site_access", "count")
	for _, k := range sortedKeys(t.accounts, func(a, b accountCell) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.policy, b.policy), cmp.Compare(a.status, b.status),
			cmpBool(a.twoStep, b.twoStep), cmpBool(a.siteAccess, b.siteAccess))
	}) {
		cells.add(k.org, k.policy, k.status, k.twoStep, k.siteAccess, t.accounts[k])
	}
	days := newTable("account_activity_days", "org_id", "day", "count")
	for _, k := range sortedKeys(t.days, func(a, b dayCell) int { return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.day, b.day)) }) {
		days.add(k.org, k.day, t.days[k])
	}
	users := newTable("user_stat_cells", "scope_id", "status", "count")
	for _, k := range sortedKeys(t.users, func(a, b userCell) int { return cmp.Or(cmp.Compare(a.scope, b.scope), cmp.Compare(a.status, b.status)) }) {
		users.add(k.scope, k.status, t.users[k])
	}
	for _, tb := range []*table{cells, days, users} {
		if err := w.flush(ctx, tb); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[K comparable](m map[K]int64, cmp func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp)
	return keys
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
