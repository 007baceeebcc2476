package directory

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/membership"
	"orgdir/ent/site"
	"orgdir/internal/gid"
)

// RemoveMembership marks m removed, keeping it for the site's history, and deletes its
// group memberships on that site (rule 8).
func RemoveMembership(ctx context.Context, tx *ent.Tx, m *ent.Membership, now time.Time) error {
	return tx.Membership.UpdateOne(m).SetRemovedAt(now).ClearGroups().Exec(ctx)
}

// RefreshSiteAccess recomputes whether a managed account has a current membership on
// a site of its managing organization, and moves its stats when that changed. Call it
// in the transaction of any change to memberships or to the managing organization.
func RefreshSiteAccess(ctx context.Context, tx *ent.Tx, accountID gid.ID) error {
	a, err := tx.Account.Get(systemCtx(ctx), accountID)
	if err != nil {
		return err
	}
	has := false
	if a.ManagingOrgID != nil {
		has, err = tx.Membership.Query().Where(membership.AccountID(a.ID), membership.RemovedAtIsNil(),
			membership.HasSiteWith(site.OrgID(*a.ManagingOrgID))).Exist(systemCtx(ctx))
		if err != nil {
			return err
		}
	}
	if has == a.HasSiteAccess {
		return nil
	}
	after, err := tx.Account.UpdateOne(a).SetHasSiteAccess(has).Save(ctx)
	if err != nil {
		return err
	}
	return MoveStats(ctx, tx, a, after)
}

// LastActiveKey is the sort key of a last-active time: Unix seconds, 0 for never.
func LastActiveKey(t *time.Time) int64 {
	if t == nil {
		return 0
	}
	return t.Unix()
}
