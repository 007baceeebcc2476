// Package users owns the Users page (PRODUCT.md §2 rules 3, 4, 6-9, 13, 16-18): who is
// invited to an organization's sites, their status per site and across the
// organization, their product access through groups, and their activity. It changes
// site access only; an account's lifecycle belongs to package directory.
package users

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/membership"
	"orgdir/internal/apperr"
	"orgdir/internal/clock"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Service applies the Users page rules on one database.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
}

// New returns a Service.
func New(client *ent.Client, c clock.Clock) *Service { return &Service{Client: client, Clock: c} }

// siteForChange loads a site the viewer may change users of: NOT_FOUND when it does not
// see it, FORBIDDEN for a read-only caller.
func siteForChange(ctx context.Context, c *ent.Client, id gid.ID) (*ent.Site, error) {
	st, err := loadSite(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if !viewer.FromContext(ctx).CanWrite() {
		return nil, apperr.Forbiddenf("this API key is read-only")
	}
	return st, nil
}

// loadSite loads a site the viewer administers (as org admin or site admin).
func loadSite(ctx context.Context, c *ent.Client, id gid.ID) (*ent.Site, error) {
	if id.Prefix() != "sit" {
		return nil, apperr.NotFoundf("site")
	}
	st, err := c.Site.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("site")
	}
	return st, err
}

// orgForChange checks that the viewer administers the whole organization: org-wide
// actions are for organization admins.
func orgForChange(ctx context.Context, c *ent.Client, id gid.ID) (*ent.Organization, error) {
	v := viewer.FromContext(ctx)
	o, err := c.Organization.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("organization")
	}
	if err != nil {
		return nil, err
	}
	if !v.IsOrgAdmin(id) {
		return nil, apperr.Forbiddenf("only organization admins can act on users across the organization")
	}
	if !v.CanWrite() {
		return nil, apperr.Forbiddenf("this API key is read-only")
	}
	return o, nil
}

// currentMembership returns the account's current membership on a site: NOT_FOUND when
// the account is not a user of the site (or the viewer does not see it).
func currentMembership(ctx context.Context, tx *ent.Tx, siteID, accountID gid.ID) (*ent.Membership, error) {
	if accountID.Prefix() != "acc" {
		return nil, apperr.NotFoundf("user")
	}
	m, err := tx.Membership.Query().Where(membership.SiteID(siteID), membership.AccountID(accountID),
		membership.RemovedAtIsNil()).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("user")
	}
	return m, err
}

// withTx runs fn in a transaction.
func (s *Service) withTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	return directory.WithTx(ctx, s.Client, fn)
}

// detach rebinds a membership read in an ended transaction to the client.
func detach(m *ent.Membership, err error) (*ent.Membership, error) {
	if err != nil || m == nil {
		return nil, err
	}
	return m.Unwrap(), nil
}
