package directory

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/accountactivityday"
	"orgdir/ent/accountstatcell"
	"orgdir/ent/authenticationpolicy"
	"orgdir/internal/access"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// ManagedAccountStats are the figures of the Managed accounts page (rule 14).
type ManagedAccountStats struct {
	Total              int
	Active             int
	Deactivated        int
	PendingDeletion    int
	SecureLogin        int
	SecureLoginPercent float64
	Billable           int
	WithoutSiteAccess  int
	LastActive         LastActiveBuckets
}

// LastActiveBuckets counts accounts by days since last activity: under 30, 30 to 89,
// 90 and more, and never. Days are whole UTC days, the same unit the counters keep.
type LastActiveBuckets struct {
	Last30Days int
	Days30To90 int
	Over90Days int
	Never      int
}

// statKey is what the stats of one account depend on. Accounts that are not managed,
// or are DELETED, are not counted.
type statKey struct {
	org, policy string
	status      string
	twoStep     bool
	siteAccess  bool
	day         int64
}

// neverDay is the activity day of an account that was never active.
const neverDay = -1

func activityDay(t *time.Time) int64 {
	if t == nil {
		return neverDay
	}
	return t.Unix() / 86400
}

func keyOf(a *ent.Account) (statKey, bool) {
	if a == nil || a.ManagingOrgID == nil || a.Status == account.StatusDELETED {
		return statKey{}, false
	}
	k := statKey{org: string(*a.ManagingOrgID), status: string(a.Status), twoStep: a.TwoStepVerification,
		siteAccess: a.HasSiteAccess, day: activityDay(a.LastActiveAt)}
	if a.PolicyID != nil {
		k.policy = string(*a.PolicyID)
	}
	return k, true
}

// MoveStats moves one account's count from the cells of before to those of after, in
// the transaction of the change. Either may be nil (created, or no longer counted).
func MoveStats(ctx context.Context, tx *ent.Tx, before, after *ent.Account) error {
	kb, okb := keyOf(before)
	ka, oka := keyOf(after)
	if okb == oka && kb == ka {
		return nil
	}
	counts := map[statKey]int64{}
	if okb {
		counts[kb]--
	}
	if oka {
		counts[ka]++
	}
	return addStats(ctx, tx, counts)
}

// addStats adds counts[k] accounts with key k to the counters (negative to remove).
// Counter rows are shared by every change in an organization, so they are written in
// one fixed order (cells by key, then days): on PostgreSQL two transactions that
// took the same two rows in opposite orders would deadlock.
func addStats(ctx context.Context, tx *ent.Tx, counts map[statKey]int64) error {
	keys := slices.SortedFunc(maps.Keys(counts), compareStatKeys)
	type dayKey struct {
		org string
		day int64
	}
	days := map[dayKey]int64{}
	for _, k := range keys {
		n := counts[k]
		days[dayKey{k.org, k.day}] += n
		if n == 0 {
			continue
		}
		err := tx.AccountStatCell.Create().
			SetOrgID(k.org).SetPolicyID(k.policy).SetStatus(k.status).SetTwoStep(k.twoStep).SetSiteAccess(k.siteAccess).
			SetCount(n).
			OnConflictColumns(accountstatcell.FieldOrgID, accountstatcell.FieldPolicyID, accountstatcell.FieldStatus,
				accountstatcell.FieldTwoStep, accountstatcell.FieldSiteAccess).
			AddCount(n).
			Exec(ctx)
		if err != nil {
			return err
		}
	}
	dayKeys := slices.SortedFunc(maps.Keys(days), func(a, b dayKey) int {
		return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.day, b.day))
	})
	for _, d := range dayKeys {
		n := days[d]
		if n == 0 {
			continue
		}
		err := tx.AccountActivityDay.Create().SetOrgID(d.org).SetDay(d.day).SetCount(n).
			OnConflictColumns(accountactivityday.FieldOrgID, accountactivityday.FieldDay).
			AddCount(n).
			Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

func compareStatKeys(a, b statKey) int {
	return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.policy, b.policy), cmp.Compare(a.status, b.status),
		compareBool(a.twoStep, b.twoStep), compareBool(a.siteAccess, b.siteAccess))
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	default:
		return 1
	}
}

// Stats returns the Managed accounts figures of org from the counters: a sum over a
// few rows whatever the size of the organization.
func (s *Service) Stats(ctx context.Context, org gid.ID) (*ManagedAccountStats, error) {
	// A site admin sees the organization but may not read its Managed accounts (rule 5).
	if err := access.RequireOrgAdmin(ctx, org); err != nil {
		return nil, err
	}
	sys := viewer.System(ctx)
	st, err := s.cellSums(sys, org)
	if err != nil {
		return nil, err
	}
	if st.LastActive, err = s.lastActive(sys, org, st.Total); err != nil {
		return nil, err
	}
	return st, nil
}

// lastActive sums org's activity days into the four buckets in the database: only the
// never-active row and the last 90 days are read, since every other account is in
// "over 90 days" (total, all of org's managed accounts, less the rest). Reading a year
// of daily rows into Go was a quarter of the stats request's CPU, and grouping them by
// bucket sorted them (pprof, make bench W4). The buckets are lastActiveBucket's.
func (s *Service) lastActive(ctx context.Context, org gid.ID, total int) (LastActiveBuckets, error) {
	today := s.Clock.Now().Unix() / 86400
	var rows []struct {
		Never  int64 `json:"never"`
		Last30 int64 `json:"last30"`
		Mid    int64 `json:"mid"`
	}
	err := s.Client.AccountActivityDay.Query().
		Where(accountactivityday.OrgID(string(org)), accountactivityday.Or(
			accountactivityday.Day(neverDay), accountactivityday.DayGT(today-90))).
		Modify(func(sel *entsql.Selector) {
			day, n := sel.C(accountactivityday.FieldDay), sel.C(accountactivityday.FieldCount)
			sum := func(cond, as string) string {
				return entsql.As(fmt.Sprintf("CAST(COALESCE(SUM(CASE WHEN %s THEN %s END), 0) AS BIGINT)", cond, n), as)
			}
			sel.Select(
				sum(fmt.Sprintf("%s = %d", day, neverDay), "never"),
				sum(fmt.Sprintf("%s > %d", day, today-30), "last30"),
				sum(fmt.Sprintf("%[1]s > %[2]d AND %[1]s <= %[3]d", day, today-90, today-30), "mid"))
		}).Scan(ctx, &rows)
	var b LastActiveBuckets
	if err != nil || len(rows) == 0 {
		return b, err
	}
	r := rows[0]
	b.Never, b.Last30Days, b.Days30To90 = int(r.Never), int(r.Last30), int(r.Mid)
	b.Over90Days = total - b.Never - b.Last30Days - b.Days30To90
	return b, nil
}

const (
	bucketNever = iota
	bucketLast30
	bucket30To90
	bucketOver90
)

// lastActiveBucket is the bucket of an account last active on day (whole UTC days
// since 1970, or neverDay) when today is today.
func lastActiveBucket(day, today int64) int {
	switch age := today - day; {
	case day == neverDay:
		return bucketNever
	case age < 30:
		return bucketLast30
	case age < 90:
		return bucket30To90
	default:
		return bucketOver90
	}
}

func (b *LastActiveBuckets) add(bucket, n int) {
	switch bucket {
	case bucketNever:
		b.Never += n
	case bucketLast30:
		b.Last30Days += n
	case bucket30To90:
		b.Days30To90 += n
	case bucketOver90:
		b.Over90Days += n
	}
}

func sumStats(policies []*ent.AuthenticationPolicy, cells []*ent.AccountStatCell) *ManagedAccountStats {
	byID := map[string]*ent.AuthenticationPolicy{}
	for _, p := range policies {
		byID[string(p.ID)] = p
	}
	st := &ManagedAccountStats{}
	for _, c := range cells {
		n := int(c.Count)
		st.Total += n
		p := byID[c.PolicyID]
		switch account.Status(c.Status) {
		case account.StatusACTIVE:
			st.Active += n
			if p != nil && p.Billable {
				st.Billable += n
			}
		case account.StatusDEACTIVATED:
			st.Deactivated += n
		case account.StatusPENDING_DELETION:
			st.PendingDeletion += n
		}
		if c.TwoStep || (p != nil && p.EnforceSSO) {
			st.SecureLogin += n
		}
		if !c.SiteAccess {
			st.WithoutSiteAccess += n
		}
	}
	if st.Total > 0 {
		st.SecureLoginPercent = math.Round(float64(st.SecureLogin)*1000/float64(st.Total)) / 10
	}
	return st
}

// Recount computes the stats of org from the accounts themselves. It scans the
// organization and exists to check the counters (tests, operators), never for a page.
func (s *Service) Recount(ctx context.Context, org gid.ID) (*ManagedAccountStats, error) {
	sys := viewer.System(ctx)
	accounts, err := s.Client.Account.Query().
		Where(account.ManagingOrgID(org), account.StatusNEQ(account.StatusDELETED)).All(sys)
	if err != nil {
		return nil, err
	}
	policies, err := s.Client.AuthenticationPolicy.Query().Where(authenticationpolicy.OrgID(org)).All(sys)
	if err != nil {
		return nil, err
	}
	cells := map[statKey]int64{}
	dayCount := map[int64]int64{}
	for _, a := range accounts {
		k, _ := keyOf(a)
		dayCount[k.day]++
		k.day = 0
		cells[k]++
	}
	var cs []*ent.AccountStatCell
	for k, n := range cells {
		cs = append(cs, &ent.AccountStatCell{OrgID: k.org, PolicyID: k.policy, Status: k.status, TwoStep: k.twoStep, SiteAccess: k.siteAccess, Count: n})
	}
	st := sumStats(policies, cs)
	today := s.Clock.Now().Unix() / 86400
	for d, n := range dayCount {
		st.LastActive.add(lastActiveBucket(d, today), int(n))
	}
	return st, nil
}
