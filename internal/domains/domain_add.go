package domains

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/domain"
	"orgdir/internal/access"
	"orgdir/internal/audit"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Add adds a domain to an organization with a fresh verification token (§5). The name
// is normalized; public mail domains and public suffixes are INVALID_INPUT; a domain
// another organization verified is CONFLICT. Adding a domain the organization already
// verified changes nothing; adding again one that is not verified (never was, or lost
// its verification) issues a fresh token, so only the latest instructions work and a
// token it had before never verifies it again.
func (s *Service) Add(ctx context.Context, org gid.ID, rawName string) (*ent.Domain, error) {
	if err := access.RequireOrgAdmin(ctx, org); err != nil {
		return nil, err
	}
	if err := requireWrite(ctx); err != nil {
		return nil, err
	}
	name, err := NormalizeName("name", rawName)
	if err != nil {
		return nil, err
	}
	var out *ent.Domain
	err = directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		if err := verifiedElsewhere(ctx, tx.Client(), org, name); err != nil {
			return err
		}
		now := s.Clock.Now()
		d, err := tx.Domain.Query().Where(domain.OrgID(org), domain.Name(name)).Only(viewer.System(ctx))
		switch {
		case ent.IsNotFound(err):
			out, err = tx.Domain.Create().SetOrgID(org).SetName(name).SetToken(NewToken()).SetCreatedAt(now).Save(ctx)
			if err != nil {
				return err
			}
			return auditDomain(ctx, tx, now, out, "domain.added", nil)
		case err != nil:
			return err
		case d.Status == domain.StatusVERIFIED:
			out = d
			return nil
		}
		out, err = tx.Domain.UpdateOne(d).SetToken(NewToken()).ClearMethod().ClearVerifiedAt().ClearClaimedAt().
			ClearLastCheckedAt().ClearLastCheckError().ClearFailingSince().Save(ctx)
		if err != nil {
			return err
		}
		return auditDomain(ctx, tx, now, out, "domain.token_reissued", nil)
	})
	return detached(out, err)
}

// auditDomain records a change to a domain in its organization's audit log.
func auditDomain(ctx context.Context, tx *ent.Tx, now time.Time, d *ent.Domain, action string, details map[string]any) error {
	if details == nil {
		details = map[string]any{}
	}
	details["domain"] = d.Name
	return audit.Record(ctx, tx, now, audit.Event{Org: d.OrgID, Action: action, TargetType: "Domain",
		TargetID: d.ID, TargetLabel: d.Name, Details: details})
}
