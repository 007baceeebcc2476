package directory

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/membership"
	"orgdir/ent/orguser"
	"orgdir/ent/site"
	"orgdir/ent/userstatcell"
	"orgdir/internal/gid"
)

// syncMembership keeps everything derived from memberships in step with one change,
// in its transaction: the site's user counters, the organization's row for the account
// (aggregate status and last active) and its counters, and the account's site access
// for the Managed accounts stats. before is nil for a new membership.
func syncMembership(ctx context.Context, tx *ent.Tx, before, after *ent.Membership) error {
	from, to := "", ""
	if before != nil && before.RemovedAt == nil {
		from = string(before.Status)
	}
	if after.RemovedAt == nil {
		to = string(after.Status)
	}
	if err := moveUserStat(ctx, tx, after.SiteID, from, to); err != nil {
		return err
	}
	st, err := tx.Site.Get(systemCtx(ctx), after.SiteID)
	if err != nil {
		return err
	}
	if err := SyncOrgUser(ctx, tx, st.OrgID, after.AccountID); err != nil {
		return err
	}
	return RefreshSiteAccess(ctx, tx, after.AccountID)
}

// AggregateStatus is a centralized Users row's status: ACTIVE if active on any site,
// else INVITED if invited to any, else SUSPENDED (rule 3).
func AggregateStatus(ms []*ent.Membership) membership.Status {
	status := membership.StatusSUSPENDED
	for _, m := range ms {
		switch m.Status {
		case membership.StatusACTIVE:
			return membership.StatusACTIVE
		case membership.StatusINVITED:
			status = membership.StatusINVITED
		}
	}
	return status
}

// SyncOrgUser recomputes the organization's Users row for an account from its current
// memberships on the organization's sites, and moves the organization's counters and
// product counters.
func SyncOrgUser(ctx context.Context, tx *ent.Tx, org, accountID gid.ID) error {
	sys := systemCtx(ctx)
	ms, err := tx.Membership.Query().Where(membership.AccountID(accountID), membership.RemovedAtIsNil(),
		membership.HasSiteWith(site.OrgID(org))).All(sys)
	if err != nil {
		return err
	}
	row, err := tx.OrgUser.Query().Where(orguser.OrgID(org), orguser.AccountID(accountID)).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	if len(ms) == 0 {
		if row == nil {
			return nil
		}
		if err := tx.OrgUser.DeleteOne(row).Exec(sys); err != nil {
			return err
		}
		moveProducts(tx, org, string(row.Status), row.Products, "", "")
		return addUserStat(ctx, tx, org, string(row.Status), -1)
	}
	products, err := grantedProducts(sys, tx, ms)
	if err != nil {
		return err
	}
	a, err := tx.Account.Get(sys, accountID)
	if err != nil {
		return err
	}
	status := AggregateStatus(ms)
	var last *time.Time
	for _, m := range ms {
		if m.LastActiveAt != nil && (last == nil || m.LastActiveAt.After(*last)) {
			last = m.LastActiveAt
		}
	}
	managed := a.ManagingOrgID != nil && *a.ManagingOrgID == org
	if row == nil {
		if err := tx.OrgUser.Create().SetOrgID(org).SetAccountID(accountID).SetStatus(orguser.Status(status)).
			SetNameKey(a.NameKey).SetEmailKey(a.EmailKey).SetManaged(managed).SetNillableLastActiveAt(last).
			SetLastActiveKey(LastActiveKey(last)).SetProducts(products).Exec(sys); err != nil {
			return err
		}
		moveProducts(tx, org, "", "", string(status), products)
		return addUserStat(ctx, tx, org, string(status), 1)
	}
	if err := tx.OrgUser.UpdateOne(row).SetStatus(orguser.Status(status)).SetNameKey(a.NameKey).
		SetEmailKey(a.EmailKey).SetManaged(managed).SetNillableLastActiveAt(last).
		SetLastActiveKey(LastActiveKey(last)).SetProducts(products).Exec(sys); err != nil {
		return err
	}
	moveProducts(tx, org, string(row.Status), row.Products, string(status), products)
	return moveUserStat(ctx, tx, org, string(row.Status), string(status))
}

// SyncAccountKeys copies an account's name and email keys to its Users rows after a
// change of name or email, so the Users pages order and search by the new ones.
func SyncAccountKeys(ctx context.Context, tx *ent.Tx, a *ent.Account) error {
	if err := tx.Membership.Update().Where(membership.AccountID(a.ID)).
		SetNameKey(a.NameKey).SetEmailKey(a.EmailKey).Exec(ctx); err != nil {
		return err
	}
	return tx.OrgUser.Update().Where(orguser.AccountID(a.ID)).
		SetNameKey(a.NameKey).SetEmailKey(a.EmailKey).Exec(ctx)
}

// moveUserStat moves one user of scope from status from to status to ("": not
// counted). The counters are written when tx commits (see user_stat_deferred.go).
func moveUserStat(_ context.Context, tx *ent.Tx, scope gid.ID, from, to string) error {
	if from == to {
		return nil
	}
	if from != "" {
		deferUserStat(tx, string(scope), from, -1)
	}
	if to != "" {
		deferUserStat(tx, string(scope), to, 1)
	}
	return nil
}

// addUserStat adds n users with status to the counters of scope (a site or an
// organization) when tx commits.
func addUserStat(_ context.Context, tx *ent.Tx, scope gid.ID, status string, n int64) error {
	deferUserStat(tx, string(scope), status, n)
	return nil
}

// UserStats are the Users page's counts.
type UserStats struct {
	Total     int
	Active    int
	Invited   int
	Suspended int
}

// UserCounts reads the counters of a site or an organization: a handful of rows.
func UserCounts(ctx context.Context, client *ent.Client, scope gid.ID) (*UserStats, error) {
	cells, err := client.UserStatCell.Query().Where(userstatcell.ScopeID(string(scope))).All(systemCtx(ctx))
	if err != nil {
		return nil, err
	}
	st := &UserStats{}
	for _, c := range cells {
		n := int(c.Count)
		st.Total += n
		switch membership.Status(c.Status) {
		case membership.StatusACTIVE:
			st.Active += n
		case membership.StatusINVITED:
			st.Invited += n
		case membership.StatusSUSPENDED:
			st.Suspended += n
		}
	}
	return st, nil
}
