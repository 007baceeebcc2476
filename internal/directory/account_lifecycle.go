package directory

import (
	"context"
	"time"
	"unicode/utf8"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/gid"
)

// DeletionGracePeriod is how long a deleted account can still be restored (rule 11).
const DeletionGracePeriod = 14 * 24 * time.Hour

// maxMessageLength bounds the optional deactivation message.
const maxMessageLength = 1000

// Deactivate turns a managed ACTIVE account off on every site of every org at once
// (rule 10). Memberships and groups are kept, so Reactivate restores everything.
func (s *Service) Deactivate(ctx context.Context, id gid.ID, message *string) (*ent.Account, error) {
	if message != nil && utf8.RuneCountInString(*message) > maxMessageLength {
		return nil, apperr.Invalid("message", "the message is longer than %d characters", maxMessageLength)
	}
	return s.transition(ctx, id, "deactivate", "account.deactivated", []account.Status{account.StatusACTIVE},
		func(u *ent.AccountUpdateOne, now time.Time) {
			u.SetStatus(account.StatusDEACTIVATED).SetDeactivatedAt(now).SetNillableDeactivationMessage(message)
		})
}

// Reactivate turns a DEACTIVATED account back on. A pending deletion must be cancelled instead.
func (s *Service) Reactivate(ctx context.Context, id gid.ID) (*ent.Account, error) {
	return s.transition(ctx, id, "reactivate", "account.reactivated", []account.Status{account.StatusDEACTIVATED},
		func(u *ent.AccountUpdateOne, _ time.Time) {
			u.SetStatus(account.StatusACTIVE).ClearDeactivatedAt().ClearDeactivationMessage()
		})
}

// Delete schedules the account's deletion after the grace period (rule 11).
func (s *Service) Delete(ctx context.Context, id gid.ID) (*ent.Account, error) {
	return s.transition(ctx, id, "delete", "account.deletion_scheduled",
		[]account.Status{account.StatusACTIVE, account.StatusDEACTIVATED},
		func(u *ent.AccountUpdateOne, now time.Time) {
			u.SetStatus(account.StatusPENDING_DELETION).SetDeletionScheduledFor(now.Add(DeletionGracePeriod))
		})
}

// CancelDeletion returns a PENDING_DELETION account to ACTIVE.
func (s *Service) CancelDeletion(ctx context.Context, id gid.ID) (*ent.Account, error) {
	return s.transition(ctx, id, "cancel the deletion of", "account.deletion_cancelled",
		[]account.Status{account.StatusPENDING_DELETION},
		func(u *ent.AccountUpdateOne, _ time.Time) {
			u.SetStatus(account.StatusACTIVE).ClearDeletionScheduledFor().ClearDeactivatedAt().ClearDeactivationMessage()
		})
}

// transition applies one row of the state table in a transaction: check the account,
// change it, move its stats counters and write one audit event.
func (s *Service) transition(ctx context.Context, id gid.ID, verb, action string, from []account.Status,
	change func(u *ent.AccountUpdateOne, now time.Time)) (*ent.Account, error) {
	var out *ent.Account
	err := WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		a, err := managedForChange(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := requireStatus(a, verb, from...); err != nil {
			return err
		}
		now := s.Clock.Now()
		u := tx.Account.UpdateOne(a)
		change(u, now)
		out, err = u.Save(ctx)
		if err != nil {
			return err
		}
		if err := MoveStats(ctx, tx, a, out); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{
			Org: *a.ManagingOrgID, Action: action, TargetType: "Account", TargetID: a.ID, Account: a.ID, TargetLabel: label(a),
			Details: map[string]any{"before": map[string]any{"status": a.Status}, "after": map[string]any{"status": out.Status}},
		})
	})
	return detached(out, err)
}
