package directory

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"time"

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
	return s.statsFromCounters(viewer.System(ctx), org)
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
