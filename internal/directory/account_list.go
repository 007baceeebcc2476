package directory

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/accountstatcell"
	"orgdir/ent/membership"
	"orgdir/ent/predicate"
	"orgdir/internal/access"
	"orgdir/internal/db"
	"orgdir/internal/gid"
	"orgdir/internal/page"
	"orgdir/internal/viewer"
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

// PageMemberships names the memberships ManagedAccounts loads with the page when
// asked to (Account.NamedMemberships): one query for the page instead of one a row.
const PageMemberships = "page"

// MembershipsLoad is what ManagedAccounts loads of its rows' memberships.
type MembershipsLoad int

// What a Managed accounts page loads of its rows' memberships.
const (
	NoMemberships   MembershipsLoad = iota
	MembershipIDs                   // only their ids: the other fields read as zero
	FullMemberships                 // every field
)

// ManagedAccounts lists one page of the accounts org manages (rule 2), whether or not
// they are on any site. Keyset pagination only: no page costs more than its size.
// memberships says what of the rows' memberships (those the viewer sees) comes with
// them. Their policies come as entgql's Paginate collects the document's fields.
func (s *Service) ManagedAccounts(ctx context.Context, org gid.ID, pg page.Page, search *string,
	where *ManagedAccountFilter, order *ent.AccountOrder, memberships MembershipsLoad) (*ent.AccountConnection, error) {
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
	ctx = s.countFromCells(access.ManagedOnly(ctx), org, search, where)
	if search != nil {
		// The search plan weighs the matches against the accounts a walk of the
		// organization's index would read: all of them, whatever the filters.
		listed, err := s.cellsCount(ctx, org, nil)
		if err != nil {
			return nil, err
		}
		ctx = db.WithAccountSearchPlan(ctx, string(org), *search, listed, !where.empty(), keysIndexed(order))
	}
	q := s.Client.Account.Query().Where(ManagedAccountPredicates(org, search, where)...)
	switch memberships {
	case MembershipIDs:
		// Reading whole rows for ids was half the cost of the page's memberships (pprof,
		// make bench W2); the account id places each under its row.
		q.WithNamedMemberships(PageMemberships, func(mq *ent.MembershipQuery) {
			mq.Select(membership.FieldID, membership.FieldAccountID)
		})
	case FullMemberships:
		q.WithNamedMemberships(PageMemberships)
	}
	ctx, beside := db.WithCountBeside[*ent.AccountQuery](ctx)
	conn, err := q.Paginate(ctx, pg.After, pg.First, pg.Before, pg.Last, ent.WithAccountOrder(order))
	n, counted, countErr := beside.Wait()
	switch {
	case err != nil:
		return nil, err
	case countErr != nil:
		return nil, countErr
	case counted:
		conn.TotalCount = n
		if !beside.PageRead() {
			// As Paginate sets them from the count when it reads no page.
			conn.PageInfo.HasNextPage = pg.First != nil && n > 0
			conn.PageInfo.HasPreviousPage = pg.Last != nil && n > 0
		}
	}
	return conn, nil
}

// keysIndexed reports whether the index of order (by organization) holds both search
// keys: NAME's and EMAIL's do (ent/schema/account.go).
func keysIndexed(order *ent.AccountOrder) bool {
	if order == nil || order.Field == nil {
		return false
	}
	f := order.Field.String()
	return f == "NAME" || f == "EMAIL"
}

// ManagedAccountPredicates select the rows of org's Managed accounts list for a search
// and a filter: the page and its CSV export read the same rows.
func ManagedAccountPredicates(org gid.ID, search *string, where *ManagedAccountFilter) []predicate.Account {
	preds := []predicate.Account{account.ManagingOrgID(org), account.StatusNEQ(account.StatusDELETED)}
	if search != nil {
		preds = append(preds, db.ManagedAccountSearch(string(org), *search))
	}
	if where != nil {
		preds = append(preds, where.predicates()...)
	}
	return preds
}

// empty reports whether f narrows the list at all.
func (f *ManagedAccountFilter) empty() bool {
	return f == nil || len(f.predicates()) == 0
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

// countFromCells gives the list's count from the stats counters when no search and
// no last-active filter narrows it: the counters' cells are keyed by exactly the other
// filters (policy, status, two-step, site access), so the sum is the COUNT.
func (s *Service) countFromCells(ctx context.Context, org gid.ID, search *string, where *ManagedAccountFilter) context.Context {
	if search != nil {
		return ctx
	}
	if where != nil && (where.LastActiveBefore != nil || where.LastActiveAfter != nil || where.NeverActive != nil) {
		return ctx
	}
	return db.WithCount[*ent.AccountQuery](ctx, func(ctx context.Context) (int, error) { return s.cellsCount(ctx, org, where) })
}

// cellsCount sums the counters' cells of org that match the filters they are keyed by
// (policy, status, two-step, site access); the caller makes sure no other filter is set.
func (s *Service) cellsCount(ctx context.Context, org gid.ID, where *ManagedAccountFilter) (int, error) {
	q := s.Client.AccountStatCell.Query().Where(accountstatcell.OrgID(string(org)))
	if where != nil {
		if where.Status != nil {
			q.Where(accountstatcell.Status(where.Status.String()))
		}
		if where.TwoStepVerification != nil {
			q.Where(accountstatcell.TwoStep(*where.TwoStepVerification))
		}
		if where.HasSiteAccess != nil {
			q.Where(accountstatcell.SiteAccess(*where.HasSiteAccess))
		}
		if where.PolicyID != nil {
			q.Where(accountstatcell.PolicyID(string(*where.PolicyID)))
		}
	}
	cells, err := q.All(viewer.System(ctx))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cells {
		n += int(c.Count)
	}
	return n, nil
}
