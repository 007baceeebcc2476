package domains

import (
	"context"
	"fmt"
	"strings"

	"orgdir/ent"
	"orgdir/ent/domain"
	"orgdir/ent/organization"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// MarkVerified is the operator's way to verify a domain without a check (the
// `orgdir domains mark-verified` command): the domain is added to the organization
// (named by id or by its exact name) if missing and set VERIFIED with no method, so it
// is never re-checked. It is audited as done by orgdir itself. It does not claim.
func (s *Service) MarkVerified(ctx context.Context, orgRef, rawName string) (*ent.Domain, error) {
	ctx = viewer.System(ctx)
	o, err := s.findOrg(ctx, orgRef)
	if err != nil {
		return nil, err
	}
	name, err := NormalizeName("domain", rawName)
	if err != nil {
		return nil, err
	}
	var out *ent.Domain
	err = directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		if err := verifiedElsewhere(ctx, tx.Client(), o.ID, name); err != nil {
			return err
		}
		now := s.Clock.Now()
		d, err := tx.Domain.Query().Where(domain.OrgID(o.ID), domain.Name(name)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			if d, err = tx.Domain.Create().SetOrgID(o.ID).SetName(name).SetToken(NewToken()).SetCreatedAt(now).
				Save(ctx); err != nil {
				return err
			}
		case err != nil:
			return err
		case d.Status == domain.StatusVERIFIED && d.Method == nil:
			out = d
			return nil
		}
		u := tx.Domain.UpdateOne(d).SetStatus(domain.StatusVERIFIED).ClearMethod().ClearLastCheckError().ClearFailingSince()
		if d.Status != domain.StatusVERIFIED {
			u.SetVerifiedAt(now)
		}
		if out, err = u.Save(ctx); err != nil {
			return err
		}
		return auditDomain(ctx, tx, now, out, "domain.marked_verified", nil)
	})
	return detached(out, err)
}

// findOrg finds an organization by id or, failing that, by its exact name.
func (s *Service) findOrg(ctx context.Context, ref string) (*ent.Organization, error) {
	ref = strings.TrimSpace(ref)
	if id, err := gid.Parse(ref); err == nil && id.Prefix() == "org" {
		o, err := s.Client.Organization.Get(ctx, id)
		if ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("organization " + ref)
		}
		return o, err
	}
	orgs, err := s.Client.Organization.Query().Where(organization.Name(ref)).All(ctx)
	if err != nil {
		return nil, err
	}
	switch len(orgs) {
	case 0:
		return nil, apperr.NotFoundf("organization " + ref)
	case 1:
		return orgs[0], nil
	default:
		return nil, fmt.Errorf("%d organizations are named %q: give the id instead", len(orgs), ref)
	}
}
