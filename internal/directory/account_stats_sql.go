package directory

import (
	"context"
	"fmt"
	"math"

	entsql "entgo.io/ent/dialect/sql"

	"orgdir/ent/account"
	"orgdir/ent/accountstatcell"
	"orgdir/ent/authenticationpolicy"
	"orgdir/internal/gid"
)

// cellSums is sumStats done by the database: one row summed from org's counter cells
// joined with their policies, where reading the cells and the policies into Go took
// two statements and a row per cell (make bench W4). Recount still uses sumStats, and
// the tests compare the two.
func (s *Service) cellSums(ctx context.Context, org gid.ID) (*ManagedAccountStats, error) {
	var rows []struct {
		Total       int64 `json:"total"`
		Active      int64 `json:"active"`
		Deactivated int64 `json:"deactivated"`
		Pending     int64 `json:"pending"`
		Billable    int64 `json:"billable"`
		Secure      int64 `json:"secure"`
		NoSite      int64 `json:"no_site"`
	}
	err := s.Client.AccountStatCell.Query().Where(accountstatcell.OrgID(string(org))).
		Modify(func(sel *entsql.Selector) {
			p := entsql.Table(authenticationpolicy.Table)
			sel.LeftJoin(p).On(sel.C(accountstatcell.FieldPolicyID), p.C(authenticationpolicy.FieldID))
			n, status := sel.C(accountstatcell.FieldCount), sel.C(accountstatcell.FieldStatus)
			is := func(st account.Status) string { return fmt.Sprintf("%s = '%s'", status, st) }
			sum := func(cond, as string) string {
				return entsql.As(fmt.Sprintf("CAST(COALESCE(SUM(CASE WHEN %s THEN %s END), 0) AS BIGINT)", cond, n), as)
			}
			sel.Select(
				sum("1 = 1", "total"),
				sum(is(account.StatusACTIVE), "active"),
				sum(is(account.StatusDEACTIVATED), "deactivated"),
				sum(is(account.StatusPENDING_DELETION), "pending"),
				sum(is(account.StatusACTIVE)+" AND "+p.C(authenticationpolicy.FieldBillable), "billable"),
				sum(sel.C(accountstatcell.FieldTwoStep)+" OR "+p.C(authenticationpolicy.FieldEnforceSSO), "secure"),
				sum("NOT "+sel.C(accountstatcell.FieldSiteAccess), "no_site"))
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	st := &ManagedAccountStats{}
	if len(rows) == 1 {
		r := rows[0]
		st.Total, st.Active, st.Deactivated, st.PendingDeletion = int(r.Total), int(r.Active), int(r.Deactivated), int(r.Pending)
		st.Billable, st.SecureLogin, st.WithoutSiteAccess = int(r.Billable), int(r.Secure), int(r.NoSite)
	}
	if st.Total > 0 {
		st.SecureLoginPercent = math.Round(float64(st.SecureLogin)*1000/float64(st.Total)) / 10
	}
	return st, nil
}
