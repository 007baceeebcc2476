package directory

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/membership"
	"orgdir/ent/site"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/gid"
)

// RemoveMembership marks m removed, keeping it for the site's history (its last-active
// dates stay), and deletes its group memberships on that site (rule 8).
func RemoveMembership(ctx context.Context, tx *ent.Tx, m *ent.Membership, now time.Time) error {
	after, err := tx.Membership.UpdateOne(m).SetRemovedAt(now).ClearGroups().Save(ctx)
	if err != nil {
		return err
	}
	if err := syncMembership(ctx, tx, m, after); err != nil {
		return err
	}
	return auditMembership(ctx, tx, now, after, "user.removed", map[string]any{"before": m.Status})
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

// AddMembership gives an account a current membership on a site: INVITED for an
// invitation, ACTIVE for someone added directly. A current membership is CONFLICT.
func AddMembership(ctx context.Context, tx *ent.Tx, now time.Time, st *ent.Site, a *ent.Account,
	status membership.Status, invitedBy *gid.ID) (*ent.Membership, error) {
	sys := systemCtx(ctx)
	exists, err := tx.Membership.Query().Where(membership.AccountID(a.ID), membership.SiteID(st.ID),
		membership.RemovedAtIsNil()).Exist(sys)
	if err != nil {
		return nil, err
	}
	if exists {
		return nil, apperr.Conflictf("email", "%s is already a user of %s", a.Email, st.Name)
	}
	m, err := tx.Membership.Create().SetAccountID(a.ID).SetSiteID(st.ID).SetStatus(status).
		SetNameKey(a.NameKey).SetEmailKey(a.EmailKey).
		SetInvitedAt(now).SetNillableInvitedBy(invitedBy).SetAddedAt(now).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.Conflictf("email", "%s is already a user of %s", a.Email, st.Name)
	}
	if err != nil {
		return nil, err
	}
	if err := syncMembership(ctx, tx, nil, m); err != nil {
		return nil, err
	}
	return m, audit.Record(ctx, tx, now, audit.Event{Org: st.OrgID, Action: "user.invited", TargetType: "Membership",
		TargetID: m.ID, TargetLabel: a.Email, Account: a.ID, Details: map[string]any{"site": st.Name}})
}

// AddToGroup puts a membership in a group of its site.
func AddToGroup(ctx context.Context, tx *ent.Tx, g *ent.Group, m *ent.Membership) error {
	if err := tx.Group.UpdateOne(g).AddMemberIDs(m.ID).Exec(ctx); err != nil {
		return err
	}
	return SyncGroupMember(ctx, tx, m)
}

// RemoveFromGroup takes a membership out of a group.
func RemoveFromGroup(ctx context.Context, tx *ent.Tx, g *ent.Group, m *ent.Membership) error {
	if err := tx.Group.UpdateOne(g).RemoveMemberIDs(m.ID).Exec(ctx); err != nil {
		return err
	}
	return SyncGroupMember(ctx, tx, m)
}

// RecordActivity notes that a membership's user was active at t: an INVITED membership
// becomes ACTIVE, and the membership's and the account's last-active dates move to t
// unless they are already later (rule 16).
func RecordActivity(ctx context.Context, tx *ent.Tx, m *ent.Membership, t time.Time) (*ent.Membership, error) {
	t = t.UTC()
	u := tx.Membership.UpdateOne(m)
	changed := false
	if m.Status == membership.StatusINVITED {
		u.SetStatus(membership.StatusACTIVE)
		changed = true
	}
	if m.LastActiveAt == nil || t.After(*m.LastActiveAt) {
		u.SetLastActiveAt(t).SetLastActiveKey(LastActiveKey(&t))
		changed = true
	}
	if !changed {
		return m, nil
	}
	before := m
	m, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := syncMembership(ctx, tx, before, m); err != nil {
		return nil, err
	}
	a, err := tx.Account.Get(systemCtx(ctx), m.AccountID)
	if err != nil {
		return nil, err
	}
	if a.LastActiveAt != nil && !t.After(*a.LastActiveAt) {
		return m, nil
	}
	after, err := tx.Account.UpdateOne(a).SetLastActiveAt(t).SetLastActiveKey(LastActiveKey(&t)).Save(ctx)
	if err != nil {
		return nil, err
	}
	return m, MoveStats(ctx, tx, a, after)
}

// Suspend suspends an ACTIVE or INVITED membership, remembering the status a restore
// returns to; its groups are kept but give no access (rule 7).
func Suspend(ctx context.Context, tx *ent.Tx, now time.Time, m *ent.Membership, reason *string) (*ent.Membership, error) {
	if m.Status == membership.StatusSUSPENDED {
		return nil, apperr.State("this user is already suspended on this site")
	}
	from := membership.SuspendedFromACTIVE
	if m.Status == membership.StatusINVITED {
		from = membership.SuspendedFromINVITED
	}
	out, err := tx.Membership.UpdateOne(m).SetStatus(membership.StatusSUSPENDED).SetSuspendedFrom(from).
		SetSuspendedAt(now).SetNillableSuspensionReason(reason).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := syncMembership(ctx, tx, m, out); err != nil {
		return nil, err
	}
	return out, auditMembership(ctx, tx, now, out, "user.suspended", map[string]any{"before": m.Status, "after": out.Status})
}

// Restore returns a SUSPENDED membership to the status it had, with the same groups
// and so the same access (rule 7).
func Restore(ctx context.Context, tx *ent.Tx, now time.Time, m *ent.Membership) (*ent.Membership, error) {
	if m.Status != membership.StatusSUSPENDED {
		return nil, apperr.State("this user is not suspended on this site")
	}
	to := membership.StatusACTIVE
	if m.SuspendedFrom != nil && *m.SuspendedFrom == membership.SuspendedFromINVITED {
		to = membership.StatusINVITED
	}
	out, err := tx.Membership.UpdateOne(m).SetStatus(to).ClearSuspendedFrom().ClearSuspendedAt().
		ClearSuspensionReason().Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := syncMembership(ctx, tx, m, out); err != nil {
		return nil, err
	}
	return out, auditMembership(ctx, tx, now, out, "user.restored", map[string]any{"before": m.Status, "after": out.Status})
}

// auditMembership records a change to a membership in its site's organization.
func auditMembership(ctx context.Context, tx *ent.Tx, now time.Time, m *ent.Membership, action string, details map[string]any) error {
	sys := systemCtx(ctx)
	st, err := tx.Site.Get(sys, m.SiteID)
	if err != nil {
		return err
	}
	a, err := tx.Account.Get(sys, m.AccountID)
	if err != nil {
		return err
	}
	details["site"] = st.Name
	return audit.Record(ctx, tx, now, audit.Event{Org: st.OrgID, Action: action, TargetType: "Membership",
		TargetID: m.ID, TargetLabel: a.Email, Account: a.ID, Details: details})
}
