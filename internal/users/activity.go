package users

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/membership"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
)

// RecordActivity is how integrations report that a user was active on a site (rule 16):
// an INVITED user becomes ACTIVE, a time in the future is INVALID_INPUT, a SUSPENDED
// user is INVALID_STATE, and an older time never moves a last-active date backwards.
// at defaults to now.
func (s *Service) RecordActivity(ctx context.Context, siteID, accountID gid.ID, at *time.Time) (*ent.Membership, error) {
	now := s.Clock.Now()
	t := now
	if at != nil {
		t = at.UTC()
	}
	if t.After(now.Add(time.Minute)) {
		return nil, apperr.Invalid("at", "the time is in the future")
	}
	return s.onSite(ctx, siteID, accountID, func(tx *ent.Tx, m *ent.Membership) (*ent.Membership, error) {
		if m.Status == membership.StatusSUSPENDED {
			return nil, apperr.State("this user is suspended on this site; restore them first")
		}
		return directory.RecordActivity(ctx, tx, m, t)
	})
}
