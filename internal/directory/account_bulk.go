package directory

import (
	"context"
	"errors"
	"log/slog"

	"orgdir/ent"
	"orgdir/internal/apperr"
	"orgdir/internal/gid"
)

// MaxBulk is the largest number of accounts one bulk action takes.
const MaxBulk = 100

// BulkResult is the outcome of a bulk action for one account.
type BulkResult struct {
	AccountID gid.ID
	Account   *ent.Account
	Error     *BulkError
}

// BulkError says why one item of a bulk action was refused.
type BulkError struct {
	Code    string
	Message string
}

// DeactivateMany deactivates each account in its own transaction, so every item is
// either fully applied or not at all, and reports each one's result.
func (s *Service) DeactivateMany(ctx context.Context, ids []gid.ID, message *string) ([]*BulkResult, error) {
	return bulk(ctx, ids, func(id gid.ID) (*ent.Account, error) { return s.Deactivate(ctx, id, message) })
}

// ReactivateMany reactivates each account in its own transaction.
func (s *Service) ReactivateMany(ctx context.Context, ids []gid.ID) ([]*BulkResult, error) {
	return bulk(ctx, ids, func(id gid.ID) (*ent.Account, error) { return s.Reactivate(ctx, id) })
}

func bulk(ctx context.Context, ids []gid.ID, do func(gid.ID) (*ent.Account, error)) ([]*BulkResult, error) {
	if len(ids) == 0 {
		return nil, apperr.Invalid("accountIds", "give at least one account")
	}
	if len(ids) > MaxBulk {
		return nil, apperr.Invalid("accountIds", "at most %d accounts at once", MaxBulk)
	}
	seen := map[gid.ID]bool{}
	out := []*BulkResult{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		a, err := do(id)
		r := &BulkResult{AccountID: id, Account: a}
		var ae *apperr.Error
		switch {
		case err == nil:
		case errors.As(err, &ae):
			r.Error = &BulkError{Code: string(ae.Code), Message: ae.Message}
		default:
			slog.ErrorContext(ctx, "bulk item failed", "account", id, "err", err)
			r.Error = &BulkError{Code: string(apperr.Internal), Message: "internal error"}
		}
		out = append(out, r)
	}
	return out, nil
}
