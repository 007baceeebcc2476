package directory

import (
	"context"
	"fmt"
	"math"

	entsql "entgo.io/ent/dialect/sql"

	"orgdir/ent/account"
	"orgdir/ent/accountactivityday"
	"orgdir/ent/accountstatcell"
	"orgdir/ent/authenticationpolicy"
	"orgdir/internal/gid"
)

// statsFromCounters is sumStats and the last-active buckets done by the database, in
// one statement returning one row: org's counter cells summed with their policies
// joined, beside the activity days of the never-active row and the last 90 days (91
// rows, not a year's 367: every other account is "over 90 days", the total less the
// rest). Three statements reading every cell and day row into Go were most of the
// stats request (pprof, make bench W4). Recount still uses sumStats and
// lastActiveBucket, and the tests compare the two.
func (s *Service) statsFromCounters(ctx context.Context, org gid.ID) (*ManagedAccountStats, error) {
	today := s.Clock.Now().Unix() / 86400
	var rows []struct {
		Total       int64 `json:"total"`
		Active      int64 `json:"active"`
		Deactivated int64 `json:"deactivated"`
		Pending     int64 `json:"pending"`
		Billable    int64 `json:"billable"`
		Secure      int64 `json:"secure"`
		NoSite      int64 `json:"no_site"`
		Never       int64 `json:"never"`
		Last30      int64 `json:"last30"`
		Mid         int64 `json:"mid"`
	}
	err := s.Client.AccountStatCell.Query().Where(accountstatcell.OrgID(string(org))).
		Modify(func(sel *entsql.Selector) {
			sums := func(n string) func(cond, as string) string {
				return func(cond, as string) string {
					return entsql.As(fmt.Sprintf("CAST(COALESCE(SUM(CASE WHEN %s THEN %s END), 0) AS BIGINT)", cond, n), as)
				}
			}
			dt := entsql.Table(accountactivityday.Table)
			day, daySum := dt.C(accountactivityday.FieldDay), sums(dt.C(accountactivityday.FieldCount))
			days := entsql.Select(
				daySum(fmt.Sprintf("%s = %d", day, neverDay), "never"),
				daySum(fmt.Sprintf("%s > %d", day, today-30), "last30"),
				daySum(fmt.Sprintf("%[1]s > %[2]d AND %[1]s <= %[3]d", day, today-90, today-30), "mid")).
				From(dt).
				Where(entsql.And(entsql.EQ(dt.C(accountactivityday.FieldOrgID), string(org)),
					entsql.Or(entsql.EQ(day, neverDay), entsql.GT(day, today-90)))).
				As("d")

			p := entsql.Table(authenticationpolicy.Table)
			sel.LeftJoin(p).On(sel.C(accountstatcell.FieldPolicyID), p.C(authenticationpolicy.FieldID))
			// Joined, not listed in FROM after the policies' join: PostgreSQL would then read
			// that join's ON as the subquery's.
			sel.Join(days).OnP(entsql.ExprP("1 = 1"))
			status := sel.C(accountstatcell.FieldStatus)
			is := func(st account.Status) string { return fmt.Sprintf("%s = '%s'", status, st) }
			sum := sums(sel.C(accountstatcell.FieldCount))
			// The days' sums are one row beside every cell: MAX takes it once.
			dayCol := func(c string) string { return entsql.As("COALESCE(MAX("+days.C(c)+"), 0)", c) }
			sel.Select(
				sum("1 = 1", "total"),
				sum(is(account.StatusACTIVE), "active"),
				sum(is(account.StatusDEACTIVATED), "deactivated"),
				sum(is(account.StatusPENDING_DELETION), "pending"),
				sum(is(account.StatusACTIVE)+" AND "+p.C(authenticationpolicy.FieldBillable), "billable"),
				sum(sel.C(accountstatcell.FieldTwoStep)+" OR "+p.C(authenticationpolicy.FieldEnforceSSO), "secure"),
				sum("NOT "+sel.C(accountstatcell.FieldSiteAccess), "no_site"),
				dayCol("never"), dayCol("last30"), dayCol("mid"))
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	st := &ManagedAccountStats{}
	if len(rows) == 1 {
		r := rows[0]
		st.Total, st.Active, st.Deactivated, st.PendingDeletion = int(r.Total), int(r.Active), int(r.Deactivated), int(r.Pending)
		st.Billable, st.SecureLogin, st.WithoutSiteAccess = int(r.Billable), int(r.Secure), int(r.NoSite)
		st.LastActive.Never, st.LastActive.Last30Days, st.LastActive.Days30To90 = int(r.Never), int(r.Last30), int(r.Mid)
		st.LastActive.Over90Days = st.Total - st.LastActive.Never - st.LastActive.Last30Days - st.LastActive.Days30To90
	}
	if st.Total > 0 {
		st.SecureLoginPercent = math.Round(float64(st.SecureLogin)*1000/float64(st.Total)) / 10
	}
	return st, nil
}
