package domains

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/domain"
	"orgdir/ent/predicate"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/page"
	"orgdir/internal/viewer"
)

// ClaimPreview is what claiming a verified domain would take over.
type ClaimPreview struct {
	Domain *ent.Domain
	// Claimable counts the accounts on exactly the domain that nobody manages.
	Claimable int
	// AlreadyManaged counts the accounts on the domain the organization manages already.
	AlreadyManaged int
}

// ClaimResult is the outcome of a claim.
type ClaimResult struct {
	Domain  *ent.Domain
	Claimed int
}

// claimable matches the accounts a claim of d takes over: on exactly its name (not
// subdomains), managed by nobody, not deleted.
func claimable(d *ent.Domain) []predicate.Account {
	return []predicate.Account{account.EmailDomain(d.Name), account.ManagingOrgIDIsNil(),
		account.StatusNEQ(account.StatusDELETED)}
}

// verifiedDomain loads a domain that must be VERIFIED for what follows.
func verifiedDomain(d *ent.Domain) error {
	if d.Status != domain.StatusVERIFIED {
		return apperr.State("verify %s before claiming its accounts", d.Name)
	}
	return nil
}

// Preview counts what claimAccounts would take over. The accounts on the domain are
// not visible to the organization before the claim, so they are counted and listed
// as the system, strictly limited to exactly that domain, and only once the
// organization has proven it owns it (an unverified domain is INVALID_STATE).
func (s *Service) Preview(ctx context.Context, id gid.ID) (*ClaimPreview, error) {
	d, err := s.Domain(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := verifiedDomain(d); err != nil {
		return nil, err
	}
	sys := viewer.System(ctx)
	n, err := s.Client.Account.Query().Where(claimable(d)...).Count(sys)
	if err != nil {
		return nil, err
	}
	managed, err := s.Client.Account.Query().Where(account.EmailDomain(d.Name), account.ManagingOrgID(d.OrgID),
		account.StatusNEQ(account.StatusDELETED)).Count(sys)
	if err != nil {
		return nil, err
	}
	return &ClaimPreview{Domain: d, Claimable: n, AlreadyManaged: managed}, nil
}

// PreviewAccounts lists a page of the accounts a claim would take over, by email.
func (s *Service) PreviewAccounts(ctx context.Context, p *ClaimPreview, pg page.Page) (*ent.AccountConnection, error) {
	if err := pg.Check(); err != nil {
		return nil, err
	}
	pg.KeepZeroSortValue("")
	order := &ent.AccountOrder{Direction: "ASC", Field: ent.AccountOrderFieldEmailKey}
	return s.Client.Account.Query().Where(claimable(p.Domain)...).
		Paginate(viewer.System(ctx), pg.After, pg.First, pg.Before, pg.Last, ent.WithAccountOrder(order))
}

// Claim makes the organization manage every account on a verified domain that nobody
// manages (rule 1): one transaction, all or nothing, with set-based statements for the
// accounts, their policy (the organization's default), site access, the Managed
// accounts counters and the Users rows, and one audit event with the count. From then
// on accounts created on the domain are managed from the start. Claiming gives no site
// access. A claim that changes nothing writes nothing.
func (s *Service) Claim(ctx context.Context, id gid.ID) (*ClaimResult, error) {
	d, err := s.domainForChange(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &ClaimResult{}
	err = directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		sys := viewer.System(ctx)
		cur, err := tx.Domain.Get(sys, d.ID)
		if err != nil {
			return err
		}
		if err := verifiedDomain(cur); err != nil {
			return err
		}
		var policy *gid.ID
		p, err := tx.AuthenticationPolicy.Query().
			Where(authenticationpolicy.OrgID(cur.OrgID), authenticationpolicy.IsDefault(true)).First(sys)
		switch {
		case err == nil:
			policy = &p.ID
		case !ent.IsNotFound(err):
			return err
		}
		n, err := directory.ClaimAccounts(ctx, tx, cur.OrgID, cur.Name, policy)
		if err != nil {
			return err
		}
		out.Claimed = n
		if n == 0 && cur.ClaimedAt != nil {
			out.Domain = cur
			return nil
		}
		now := s.Clock.Now()
		if cur.ClaimedAt == nil {
			if cur, err = tx.Domain.UpdateOne(cur).SetClaimedAt(now).Save(ctx); err != nil {
				return err
			}
		}
		out.Domain = cur
		return auditDomain(ctx, tx, now, cur, "domain.claimed", map[string]any{"count": n})
	})
	if err != nil {
		return nil, err
	}
	out.Domain = out.Domain.Unwrap()
	return out, nil
}
