package domains

import (
	"context"
	"fmt"
	"time"

	"orgdir/ent"
	"orgdir/ent/domain"
	"orgdir/internal/directory"
	"orgdir/internal/viewer"
)

// RecheckEvery is how often a domain verified by a check is checked again.
const RecheckEvery = 24 * time.Hour

// LapseAfter is how long re-checks may fail before the domain loses its verification.
const LapseAfter = 7 * 24 * time.Hour

// Recheck checks again, once a day, every domain verified by a check (domains an
// operator marked verified have no method and are never re-checked). A success clears
// any failure; a failure is kept in lastCheckError; when re-checks have failed for
// LapseAfter the domain lapses: UNVERIFIED, a fresh token (the old one never verifies
// it again), and its accounts are no longer managed, with one audit event. Safe to run
// in several processes at once: a domain is taken for a check by a conditional update.
// It returns how many domains were checked.
func (s *Service) Recheck(ctx context.Context) (int, error) {
	ctx = viewer.System(ctx)
	now := s.Clock.Now()
	due, err := s.Client.Domain.Query().Where(domain.StatusEQ(domain.StatusVERIFIED), domain.MethodNotNil(),
		domain.Or(domain.LastCheckedAtIsNil(), domain.LastCheckedAtLTE(now.Add(-RecheckEvery)))).
		Order(domain.ByID()).All(ctx)
	if err != nil {
		return 0, err
	}
	checked := 0
	for _, d := range due {
		if ctx.Err() != nil {
			return checked, ctx.Err()
		}
		taken, err := s.Client.Domain.Update().Where(domain.ID(d.ID), domain.StatusEQ(domain.StatusVERIFIED),
			domain.Or(domain.LastCheckedAtIsNil(), domain.LastCheckedAtLTE(now.Add(-RecheckEvery)))).
			SetLastCheckedAt(now).Save(ctx)
		if err != nil {
			return checked, err
		}
		if taken == 0 {
			continue // another process took it
		}
		fail := s.check.check(ctx, string(*d.Method), d.Name, VerificationRecord(d))
		if err := s.recordRecheck(ctx, d, fail); err != nil {
			return checked, err
		}
		checked++
	}
	return checked, nil
}

// recordRecheck keeps the outcome of one re-check of d, unless d changed meanwhile.
func (s *Service) recordRecheck(ctx context.Context, d *ent.Domain, fail *CheckError) error {
	return directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		cur, err := tx.Domain.Get(ctx, d.ID)
		if err != nil {
			return err
		}
		if cur.Status != domain.StatusVERIFIED || cur.Method == nil || cur.Token != d.Token {
			return nil
		}
		now := s.Clock.Now()
		if fail == nil {
			return tx.Domain.UpdateOne(cur).SetLastCheckedAt(now).ClearLastCheckError().ClearFailingSince().Exec(ctx)
		}
		since := now
		if cur.FailingSince != nil {
			since = *cur.FailingSince
		}
		if now.Sub(since) < LapseAfter {
			return tx.Domain.UpdateOne(cur).SetLastCheckedAt(now).SetLastCheckError(fail.Error()).
				SetFailingSince(since).Exec(ctx)
		}
		return s.lapse(ctx, tx, cur, now, since, fail)
	})
}

// lapse takes a domain's verification away after LapseAfter of failed re-checks.
func (s *Service) lapse(ctx context.Context, tx *ent.Tx, d *ent.Domain, now, since time.Time, fail *CheckError) error {
	why := fmt.Sprintf("%s (re-checks failed since %s: the domain lost its verification on %s and its accounts are no longer managed)",
		fail.Error(), since.UTC().Format("2006-01-02"), now.UTC().Format("2006-01-02"))
	released, err := directory.ReleaseAccounts(ctx, tx, d.OrgID, d.Name)
	if err != nil {
		return err
	}
	out, err := tx.Domain.UpdateOne(d).SetStatus(domain.StatusUNVERIFIED).ClearMethod().ClearVerifiedAt().
		ClearClaimedAt().ClearFailingSince().SetToken(NewToken()).SetLastCheckedAt(now).SetLastCheckError(why).Save(ctx)
	if err != nil {
		return err
	}
	return auditDomain(ctx, tx, now, out, "domain.verification_lapsed",
		map[string]any{"count": released, "error": fail.Error(), "failingSince": since.UTC().Format(time.RFC3339)})
}
