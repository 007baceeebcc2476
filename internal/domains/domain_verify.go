package domains

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/domain"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Verify checks that the organization controls a domain by method (§5): the TXT record
// or the HTTPS file must hold the domain's current token. Success sets VERIFIED, the
// method and verifiedAt; a failure leaves the domain as it was (UNVERIFIED when it was
// not verified) with lastCheckError saying why. Either way lastCheckedAt moves and the
// attempt is audited. The check runs outside any transaction (it waits on the network)
// and its result is kept only if the token did not change meanwhile.
func (s *Service) Verify(ctx context.Context, id gid.ID, method domain.Method) (*ent.Domain, error) {
	d, err := s.domainForChange(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := domain.MethodValidator(method); err != nil {
		return nil, apperr.Invalid("method", "method must be DNS_TXT or HTTPS_FILE")
	}
	if err := verifiedElsewhere(ctx, s.Client, d.OrgID, d.Name); err != nil {
		return nil, err
	}
	fail := s.check.check(ctx, string(method), d.Name, VerificationRecord(d))
	var out *ent.Domain
	err = directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		cur, err := tx.Domain.Get(viewer.System(ctx), d.ID)
		if err != nil {
			return err
		}
		if fail == nil && cur.Token != d.Token {
			fail = failf(WrongValue, "the domain was added again while it was being checked; publish %s", VerificationRecord(cur))
		}
		now := s.Clock.Now()
		u := tx.Domain.UpdateOne(cur).SetLastCheckedAt(now)
		if fail != nil {
			u.SetLastCheckError(fail.Error())
			if cur.Status == domain.StatusVERIFIED && cur.Method != nil && cur.FailingSince == nil {
				u.SetFailingSince(now)
			}
			if out, err = u.Save(ctx); err != nil {
				return err
			}
			return auditDomain(ctx, tx, now, out, "domain.verification_failed",
				map[string]any{"method": method, "error": fail.Error()})
		}
		u.SetMethod(method).ClearLastCheckError().ClearFailingSince()
		if cur.Status != domain.StatusVERIFIED {
			u.SetStatus(domain.StatusVERIFIED).SetVerifiedAt(now)
		}
		out, err = u.Save(ctx)
		if ent.IsConstraintError(err) {
			return apperr.Conflictf("name", "%s is verified by another organization", cur.Name)
		}
		if err != nil {
			return err
		}
		return auditDomain(ctx, tx, now, out, "domain.verified", map[string]any{"method": method})
	})
	return detached(out, err)
}
