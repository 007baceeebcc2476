package directory

import (
	"context"
	"slices"
	"strings"

	"orgdir/ent"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/internal/gid"
)

// The product counters count an organization's Users rows that have a product (through
// a group of one of their current memberships on the organization's sites), by the
// row's status, so that a Users list filtered by product and status has its totalCount
// without a scan (a COUNT through the groups took 3 CPU s at 1M accounts: make bench
// W7). They are user_stat_cells rows whose scope is ProductScope; each Users row keeps
// the products it is counted under (org_users.products), and SyncOrgUser moves them.

// ProductScope is the counter scope of org's Users rows with product p.
func ProductScope(org gid.ID, p groupgrant.Product) string { return string(org) + "/" + string(p) }

// grantedProducts lists, sorted and comma-separated, the products the groups of ms grant.
func grantedProducts(ctx context.Context, tx *ent.Tx, ms []*ent.Membership) (string, error) {
	ids := make([]gid.ID, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	ps, err := tx.GroupGrant.Query().
		Where(groupgrant.HasGroupWith(group.HasMembersWith(membership.IDIn(ids...)))).
		Unique(true).Select(groupgrant.FieldProduct).Strings(ctx)
	if err != nil {
		return "", err
	}
	slices.Sort(ps)
	return strings.Join(slices.Compact(ps), ","), nil
}

// moveProducts moves one Users row of org from (status from, products was) to (status
// to, products now); "" for a row that is not or no longer there.
func moveProducts(tx *ent.Tx, org gid.ID, from, was, to, now string) {
	for _, p := range productSet(was) {
		deferUserStat(tx, ProductScope(org, groupgrant.Product(p)), from, -1)
	}
	for _, p := range productSet(now) {
		deferUserStat(tx, ProductScope(org, groupgrant.Product(p)), to, 1)
	}
}

func productSet(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// SyncGroupMember keeps the product counters in step after m joined or left a group.
func SyncGroupMember(ctx context.Context, tx *ent.Tx, m *ent.Membership) error {
	st, err := tx.Site.Get(systemCtx(ctx), m.SiteID)
	if err != nil {
		return err
	}
	return SyncOrgUser(ctx, tx, st.OrgID, m.AccountID)
}
