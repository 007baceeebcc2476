package directory

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/predicate"
	"orgdir/internal/access"
	"orgdir/internal/db"
	"orgdir/internal/gid"
	"orgdir/internal/page"
)

// ManagedAccountFilter narrows the Managed accounts list.
type ManagedAccountFilter struct {
	Status              *account.Status
	TwoStepVerification *bool
	HasSiteAccess       *bool
	PolicyID            *gid.ID
	LastActiveBefore    *time.Time
	LastActiveAfter     *time.Time
	NeverActive         *bool
}

// ManagedAccounts lists one page of the accounts org manages (rule 2), whether or not
// they are on any site. Keyset pagination only: no page costs more than its size.
func (s *Service) ManagedAccounts(ctx context.Context, org gid.ID, pg page.Page, search *string,
	where *ManagedAccountFilter, order *ent.AccountOrder) (*ent.AccountConnection, error) {
	if err := access.RequireOrgAdmin(ctx, org); err != nil {
		return nil, err
	}
	if err := pg.Check(); err != nil {
		return nil, err
	}
	if order != nil && order.Field != nil {
		switch order.Field.String() {
		case "LAST_ACTIVE":
			pg.KeepZeroSortValue(int64(0))
		case "NAME", "EMAIL":
			pg.KeepZeroSortValue("")
		}
	}
	return s.Client.Account.Query().Where(ManagedAccountPredicates(org, search, where)...).
		Paginate(access.ManagedOnly(ctx), pg.After, pg.First, pg.Before, pg.Last, ent.WithAccountOrder(order))
}

// ManagedAccountPredicates select the rows of org's Managed accounts list for a search
// and a filter: the page and its CSV export read the same rows.
func ManagedAccountPredicates(org gid.ID, search *string, where *ManagedAccountFilter) []predicate.Account {
	preds := []predicate.Account{account.ManagingOrgID(org), account.StatusNEQ(account.StatusDELETED)}
	if search != nil {
		preds = append(preds, db.AccountSearch(*search))
	}
	if where != nil {
		preds = append(preds, where.predicates()...)
	}
	return preds
}

func (f *ManagedAccountFilter) predicates() []predicate.Account {
	var ps []predicate.Account
	if f.Status != nil {
		ps = append(ps, account.StatusEQ(*f.Status))
	}
	if f.TwoStepVerification != nil {
		ps = append(ps, account.TwoStepVerification(*f.TwoStepVerification))
	}
	if f.HasSiteAccess != nil {
		ps = append(ps, account.HasSiteAccess(*f.HasSiteAccess))
	}
	if f.PolicyID != nil {
		ps = append(ps, account.PolicyID(*f.PolicyID))
	}
	if f.LastActiveBefore != nil {
		ps = append(ps, account.LastActiveAtLT(*f.LastActiveBefore))
	}
	if f.LastActiveAfter != nil {
		ps = append(ps, account.LastActiveAtGTE(*f.LastActiveAfter))
	}
	if f.NeverActive != nil {
		if *f.NeverActive {
			ps = append(ps, account.LastActiveKey(0))
		} else {
			ps = append(ps, account.LastActiveKeyNEQ(0))
		}
	}
	return ps
}
