package users

import (
	"context"
	"unicode/utf8"

	"orgdir/ent"
	"orgdir/ent/membership"
	"orgdir/ent/site"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
)

const maxReasonLength = 1000

func checkReason(reason *string) error {
	if reason != nil && utf8.RuneCountInString(*reason) > maxReasonLength {
		return apperr.Invalid("reason", "the reason is longer than %d characters", maxReasonLength)
	}
	return nil
}

// Suspend suspends a user on one site (rule 7): ACTIVE or INVITED only.
func (s *Service) Suspend(ctx context.Context, siteID, accountID gid.ID, reason *string) (*ent.Membership, error) {
	if err := checkReason(reason); err != nil {
		return nil, err
	}
	return s.onSite(ctx, siteID, accountID, func(tx *ent.Tx, m *ent.Membership) (*ent.Membership, error) {
		return directory.Suspend(ctx, tx, s.Clock.Now(), m, reason)
	})
}

// Restore gives a suspended user back the status and access it had on one site.
func (s *Service) Restore(ctx context.Context, siteID, accountID gid.ID) (*ent.Membership, error) {
	return s.onSite(ctx, siteID, accountID, func(tx *ent.Tx, m *ent.Membership) (*ent.Membership, error) {
		return directory.Restore(ctx, tx, s.Clock.Now(), m)
	})
}

// RemoveFromSite removes a user from one site (rule 8) and returns the removed
// membership's id. The account, its history and its Managed accounts row remain.
func (s *Service) RemoveFromSite(ctx context.Context, siteID, accountID gid.ID) (gid.ID, error) {
	m, err := s.onSite(ctx, siteID, accountID, func(tx *ent.Tx, m *ent.Membership) (*ent.Membership, error) {
		return m, directory.RemoveMembership(ctx, tx, m, s.Clock.Now())
	})
	if err != nil {
		return "", err
	}
	return m.ID, nil
}

func (s *Service) onSite(ctx context.Context, siteID, accountID gid.ID,
	change func(tx *ent.Tx, m *ent.Membership) (*ent.Membership, error)) (*ent.Membership, error) {
	var out *ent.Membership
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		if _, err := siteForChange(ctx, tx.Client(), siteID); err != nil {
			return err
		}
		m, err := currentMembership(ctx, tx, siteID, accountID)
		if err != nil {
			return err
		}
		out, err = change(tx, m)
		return err
	})
	return detach(out, err)
}

// SuspendInOrganization suspends a user on every site of the organization where it is
// ACTIVE or INVITED (rule 9). A user suspended everywhere already is INVALID_STATE.
func (s *Service) SuspendInOrganization(ctx context.Context, orgID, accountID gid.ID, reason *string) (*ent.OrgUser, error) {
	if err := checkReason(reason); err != nil {
		return nil, err
	}
	return s.acrossOrg(ctx, orgID, accountID, "this user is already suspended on every site",
		func(m *ent.Membership) bool { return m.Status != membership.StatusSUSPENDED },
		func(tx *ent.Tx, m *ent.Membership) error {
			_, err := directory.Suspend(ctx, tx, s.Clock.Now(), m, reason)
			return err
		})
}

// RestoreInOrganization restores a user on every site of the organization where it is suspended.
func (s *Service) RestoreInOrganization(ctx context.Context, orgID, accountID gid.ID) (*ent.OrgUser, error) {
	return s.acrossOrg(ctx, orgID, accountID, "this user is not suspended on any site",
		func(m *ent.Membership) bool { return m.Status == membership.StatusSUSPENDED },
		func(tx *ent.Tx, m *ent.Membership) error {
			_, err := directory.Restore(ctx, tx, s.Clock.Now(), m)
			return err
		})
}

// RemoveFromOrganization removes a user from every site of the organization and
// returns the account's id.
func (s *Service) RemoveFromOrganization(ctx context.Context, orgID, accountID gid.ID) (gid.ID, error) {
	_, err := s.acrossOrg(ctx, orgID, accountID, "",
		func(*ent.Membership) bool { return true },
		func(tx *ent.Tx, m *ent.Membership) error {
			return directory.RemoveMembership(ctx, tx, m, s.Clock.Now())
		})
	if err != nil {
		return "", err
	}
	return accountID, nil
}

// acrossOrg applies change to the account's current memberships on the organization's
// sites that applies selects, all in one transaction, and returns the account's
// organization row (nil once the user is on no site).
func (s *Service) acrossOrg(ctx context.Context, orgID, accountID gid.ID, noneMsg string,
	applies func(*ent.Membership) bool, change func(tx *ent.Tx, m *ent.Membership) error) (*ent.OrgUser, error) {
	var row *ent.OrgUser
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		if _, err := orgForChange(ctx, tx.Client(), orgID); err != nil {
			return err
		}
		ms, err := tx.Membership.Query().Where(membership.AccountID(accountID), membership.RemovedAtIsNil(),
			membership.HasSiteWith(site.OrgID(orgID))).Order(membership.ByID()).All(ctx)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			return apperr.NotFoundf("user")
		}
		changed := 0
		for _, m := range ms {
			if !applies(m) {
				continue
			}
			if err := change(tx, m); err != nil {
				return err
			}
			changed++
		}
		if changed == 0 {
			return apperr.State("%s", noneMsg)
		}
		row, err = orgUser(ctx, tx.Client(), orgID, accountID)
		return err
	})
	if err != nil || row == nil {
		return nil, err
	}
	return row.Unwrap(), nil
}
