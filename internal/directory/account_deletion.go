package directory

import (
	"context"
	"time"

	"entgo.io/ent/dialect/sql"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/adminrole"
	"orgdir/ent/apitoken"
	"orgdir/ent/auditevent"
	"orgdir/ent/device"
	"orgdir/ent/membership"
	"orgdir/ent/session"
	"orgdir/internal/audit"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// finalizeBatch bounds one finalizer transaction, so writers never wait long.
const finalizeBatch = 500

// DeletedName replaces the name of a deleted account, in the account and its audit trail.
const DeletedName = "Deleted account"

// FinalizeDeletions deletes for good every account whose grace period has ended
// (rule 11): status DELETED, personal data erased (in audit events too), sessions,
// devices, tokens, roles, memberships and group memberships removed, counters updated.
// Each batch is one transaction that claims its rows by changing their status, so an
// account is finalized exactly once however many processes run the job; lockRows adds
// FOR UPDATE SKIP LOCKED where the database has it.
func (s *Service) FinalizeDeletions(ctx context.Context, lockRows bool) (int, error) {
	ctx = viewer.System(ctx)
	total := 0
	for {
		n, err := s.finalizeBatch(ctx, lockRows)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

func (s *Service) finalizeBatch(ctx context.Context, lockRows bool) (int, error) {
	var done int
	err := WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		now := s.Clock.Now()
		q := tx.Account.Query().
			Where(account.StatusEQ(account.StatusPENDING_DELETION), account.DeletionScheduledForLTE(now)).
			Order(account.ByID()).Limit(finalizeBatch)
		if lockRows {
			q.ForUpdate(sql.WithLockAction(sql.SkipLocked))
		}
		due, err := q.All(ctx)
		if err != nil || len(due) == 0 {
			return err
		}
		ids := make([]gid.ID, len(due))
		counts := map[statKey]int64{}
		for i, a := range due {
			ids[i] = a.ID
			if k, ok := keyOf(a); ok {
				counts[k]++
			}
		}
		n, err := tx.Account.Update().
			Where(account.IDIn(ids...), account.StatusEQ(account.StatusPENDING_DELETION)).
			SetStatus(account.StatusDELETED).
			SetName(DeletedName).SetNameKey("deleted account").
			ClearNickname().ClearJobTitle().ClearDepartment().ClearOrganization().ClearLocation().ClearTimeZone().
			ClearPasswordHash().ClearDeactivationMessage().SetHasSiteAccess(false).
			Modify(func(u *sql.UpdateBuilder) {
				erased := sql.Expr("'deleted-' || " + account.FieldID + " || '@deleted.invalid'")
				u.Set(account.FieldEmail, erased).Set(account.FieldEmailKey, erased)
			}).
			Save(ctx)
		if err != nil {
			return err
		}
		if n != len(ids) {
			// Another process took some of these rows between our read and our write
			// (only possible without row locks); leave the batch to it.
			return errRaced
		}
		for k := range counts {
			counts[k] = -counts[k]
		}
		if err := addStats(ctx, tx, counts); err != nil {
			return err
		}
		if err := tx.Membership.Update().Where(membership.AccountIDIn(ids...)).SetNameKey("deleted account").
			Modify(func(u *sql.UpdateBuilder) {
				u.Set(membership.FieldEmailKey, sql.Expr("'deleted-' || "+membership.FieldAccountID+" || '@deleted.invalid'"))
			}).Exec(ctx); err != nil {
			return err
		}
		if err := removeEverywhere(ctx, tx, ids, now); err != nil {
			return err
		}
		if err := eraseAudit(ctx, tx, ids); err != nil {
			return err
		}
		events := make([]audit.Event, 0, len(due))
		for _, a := range due {
			if a.ManagingOrgID != nil {
				events = append(events, audit.Event{Org: *a.ManagingOrgID, Action: "account.deleted",
					TargetType: "Account", TargetID: a.ID, TargetLabel: DeletedName, Account: a.ID})
			}
		}
		done = len(due)
		return audit.RecordAll(ctx, tx, now, events)
	})
	if err == errRaced {
		return 0, nil
	}
	return done, err
}

type raceError struct{}

func (raceError) Error() string { return "finalizer batch taken by another process" }

var errRaced error = raceError{}

// removeEverywhere ends everything the deleted accounts had: memberships on every site
// (kept as removed, for the sites' history), group memberships, sessions, devices,
// tokens and admin roles.
func removeEverywhere(ctx context.Context, tx *ent.Tx, ids []gid.ID, now time.Time) error {
	ms, err := tx.Membership.Query().Where(membership.AccountIDIn(ids...), membership.RemovedAtIsNil()).All(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := RemoveMembership(ctx, tx, m, now); err != nil {
			return err
		}
	}
	if _, err := tx.Session.Delete().Where(session.AccountIDIn(ids...)).Exec(ctx); err != nil {
		return err
	}
	if _, err := tx.Device.Delete().Where(device.AccountIDIn(ids...)).Exec(ctx); err != nil {
		return err
	}
	if _, err := tx.ApiToken.Delete().Where(apitoken.AccountIDIn(ids...)).Exec(ctx); err != nil {
		return err
	}
	_, err = tx.AdminRole.Delete().Where(adminrole.AccountIDIn(ids...)).Exec(ctx)
	return err
}

// eraseAudit removes the deleted accounts' personal data from the audit log: the one
// change ever made to audit events.
func eraseAudit(ctx context.Context, tx *ent.Tx, ids []gid.ID) error {
	if _, err := tx.AuditEvent.Update().Where(auditevent.AccountIDIn(ids...)).
		SetTargetLabel(DeletedName).ClearDetails().Save(ctx); err != nil {
		return err
	}
	_, err := tx.AuditEvent.Update().Where(auditevent.ActorIDIn(ids...)).SetActorLabel(DeletedName).Save(ctx)
	return err
}
