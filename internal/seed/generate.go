package seed

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
)

// batchAccounts is how many accounts, with everything that hangs off them, are
// generated and then written together.
const batchAccounts = 2000

// batch holds the rows of batchAccounts accounts for every table they touch.
type batch struct {
	accounts, memberships, groupMembers, orgUsers, devices, tokens *table
	n                                                              int
}

func newBatch() *batch {
	return &batch{
		accounts: newTable("accounts", "id", "created_at", "email", "email_key", "email_domain", "name", "name_key",
			"job_title", "department", "location", "time_zone", "status", "two_step_verification", "provisioned",
			"last_active_at", "last_active_key", "deactivated_at", "deactivation_message", "deletion_scheduled_for",
			"has_site_access", "policy_id", "managing_org_id"),
		memberships: newTable("memberships", "id", "status", "name_key", "email_key", "invited_at", "added_at",
			"last_active_at", "last_active_key", "suspended_at", "suspension_reason", "suspended_from", "account_id", "site_id"),
		groupMembers: newTable("group_members", "group_id", "membership_id"),
		orgUsers: newTable("org_users", "id", "org_id", "status", "name_key", "email_key", "managed",
			"last_active_at", "last_active_key", "products", "account_id"),
		devices: newTable("devices", "id", "created_at", "name", "user_agent", "location", "last_used_at", "account_id"),
		tokens:  newTable("api_tokens", "id", "created_at", "label", "last_used_at", "expires_at", "account_id"),
	}
}

// tables are in foreign-key order: a row is written after the rows it references.
func (b *batch) tables() []*table {
	return []*table{b.accounts, b.memberships, b.groupMembers, b.orgUsers, b.devices, b.tokens}
}

func (b *batch) flush(ctx context.Context, w *writer) error {
	for _, t := range b.tables() {
		if err := w.flush(ctx, t); err != nil {
			return err
		}
	}
	b.n = 0
	return nil
}

// generator draws every account from one random source, in a fixed order, so the
// same seed gives the same data.
type generator struct {
	o        Options
	rnd      *rand.Rand
	people   *people
	now      time.Time
	main     *orgPlan
	partners []*orgPlan
	// partnerSites are where a few of the main organization's accounts also work.
	partnerSites []*sitePlan
	batches      []*batch
	tally        *tally
}

// newAccount is an account about to be written, with its memberships.
type newAccount struct {
	id                gid.ID
	org               *orgPlan // managing organization; nil for a personal address
	policy            gid.ID
	name, email, key  string
	status            account.Status
	twoStep, profiled bool
	mems              []newMembership
}

type newMembership struct {
	site   *sitePlan
	status membership.Status
	last   time.Time // zero: never active there
}

func (g *generator) chance(p float64) bool { return g.rnd.Float64() < p }

func (g *generator) days(lo, hi int) time.Duration {
	return time.Duration(lo+g.rnd.IntN(hi-lo+1)) * 24 * time.Hour
}

// lastActive is a time in the past year, weighted to the recent past as real
// directories are: under 30 days, 30 to 89, 90 to 364.
func (g *generator) lastActive() time.Time {
	var d time.Duration
	switch r := g.rnd.Float64(); {
	case r < 0.45:
		d = g.days(0, 29)
	case r < 0.65:
		d = g.days(30, 89)
	default:
		d = g.days(90, 364)
	}
	return g.now.Add(-d - time.Duration(g.rnd.IntN(86400))*time.Second)
}

// managed generates one managed account of org p, its site memberships and security.
func (g *generator) managed(b *batch, p *orgPlan) error {
	a := newAccount{org: p, status: account.StatusACTIVE, twoStep: g.chance(0.55), profiled: g.chance(0.7)}
	a.name, a.email = g.people.next(p.domain)
	switch r := g.rnd.Float64(); {
	case r < g.o.StatusMix.Deactivated:
		a.status = account.StatusDEACTIVATED
	case r < g.o.StatusMix.Deactivated+g.o.StatusMix.PendingDeletion:
		a.status = account.StatusPENDING_DELETION
	}
	a.policy = p.policies[0]
	r, acc := g.rnd.Float64(), 0.0
	for i, w := range p.weights {
		if acc += w; r < acc {
			a.policy = p.policies[i]
			break
		}
	}
	if g.chance(g.o.SiteShare) {
		k := 1
		if g.chance(0.25) {
			k++
		}
		if g.chance(0.06) {
			k++
		}
		for _, i := range g.rnd.Perm(len(p.sites))[:min(k, len(p.sites))] {
			a.mems = append(a.mems, newMembership{site: p.sites[i]})
		}
	}
	if p == g.main && len(g.partnerSites) > 0 && g.chance(0.02) {
		a.mems = append(a.mems, newMembership{site: g.partnerSites[g.rnd.IntN(len(g.partnerSites))]})
	}
	g.activity(&a, 0.08)
	return g.write(b, &a)
}

// external generates one external user of the main organization: an account on a
// personal address, or one another organization manages.
func (g *generator) external(b *batch) error {
	a := newAccount{status: account.StatusACTIVE, twoStep: g.chance(0.3)}
	if len(g.partners) > 0 && g.chance(0.4) {
		a.org = g.partners[g.rnd.IntN(len(g.partners))]
		a.policy = a.org.policies[0]
		a.name, a.email = g.people.next(a.org.domain)
	} else {
		a.name, a.email = g.people.next(freeMail[g.rnd.IntN(len(freeMail))])
	}
	a.mems = []newMembership{{site: g.main.sites[g.rnd.IntN(len(g.main.sites))]}}
	g.activity(&a, 0.15)
	return g.write(b, &a)
}

// activity gives each membership a status and last-active time: never-active people
// are INVITED everywhere; others are ACTIVE with a last-active time, a few INVITED to
// one more site or SUSPENDED on one.
func (g *generator) activity(a *newAccount, never float64) {
	neverActive := g.chance(never)
	for i := range a.mems {
		m := &a.mems[i]
		switch {
		case neverActive || (i > 0 && g.chance(0.05)):
			m.status = membership.StatusINVITED
		case g.chance(0.04):
			m.status, m.last = membership.StatusSUSPENDED, g.lastActive()
		default:
			m.status, m.last = membership.StatusACTIVE, g.lastActive()
		}
	}
}

// nullTime is t for the database, or NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// write adds the account and everything derived from its memberships, as the data
// layer keeps them: the account's last-active time is its latest membership's (rule
// 16), site access is a membership on a site of its managing organization, and each
// organization it is a user of has one Users row with the aggregate status (rule 3).
func (g *generator) write(b *batch, a *newAccount) error {
	display, key, err := directory.NormalizeEmail("email", a.email)
	if err != nil {
		return err
	}
	a.id, a.email, a.key = gid.New("acc"), display, key
	nameKey := strings.ToLower(a.name)
	created := g.now.Add(-g.days(400, 1500))
	var last time.Time
	siteAccess := false
	for _, m := range a.mems {
		if m.last.After(last) {
			last = m.last
		}
		if a.org != nil && m.site.org == a.org {
			siteAccess = true
		}
	}
	var job, dept, loc, tz, deactivated, message, deletion, policy, org any
	if a.profiled {
		job = strings.ReplaceAll(jobTitles[g.rnd.IntN(len(jobTitles))], "-", " ")
		dept = departments[g.rnd.IntN(len(departments))]
		i := g.rnd.IntN(len(locations))
		loc, tz = locations[i], timeZones[i]
	}
	switch a.status {
	case account.StatusDEACTIVATED:
		deactivated = g.now.Add(-g.days(1, 300))
		if g.chance(0.5) {
			message = "Left the company"
		}
	case account.StatusPENDING_DELETION:
		// Inside the grace period, so the server's finalizer leaves them be, and spread
		// over it to the second: whole days put a fourteenth of them due in the same
		// minute, which a server started on the dataset an hour later finalized at once.
		deletion = g.now.Add(time.Hour + time.Duration(g.rnd.Int64N(int64(13*24*time.Hour/time.Second)))*time.Second)
	}
	if a.org != nil {
		org, policy = string(a.org.id), string(a.policy)
		a.org.made++
		g.tally.account(a.org.id, a.policy, a.status, a.twoStep, siteAccess, directory.LastActiveKey(timePtr(last)))
	}
	b.accounts.add(string(a.id), created, a.email, a.key, directory.EmailDomain(a.key), a.name, nameKey,
		job, dept, loc, tz, string(a.status), a.twoStep, g.chance(0.1) && a.org != nil,
		nullTime(last), directory.LastActiveKey(timePtr(last)), deactivated, message, deletion,
		siteAccess, policy, org)
	g.memberships(b, a, nameKey, created)
	g.security(b, a, created)
	b.n++
	return nil
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (g *generator) memberships(b *batch, a *newAccount, nameKey string, created time.Time) {
	type orgRow struct {
		ms       []*ent.Membership
		last     time.Time
		products []string
	}
	var orgs []*orgPlan
	rows := map[*orgPlan]*orgRow{}
	for _, m := range a.mems {
		id := string(gid.New("mem"))
		added := created.Add(g.days(0, 30))
		var suspendedAt, reason, from any
		if m.status == membership.StatusSUSPENDED {
			// Suspended after the last activity there.
			suspendedAt, from = m.last.Add(g.now.Sub(m.last)/2), string(membership.SuspendedFromACTIVE)
			if g.chance(0.5) {
				reason = "On leave"
			}
		}
		b.memberships.add(id, string(m.status), nameKey, a.key, added, added, nullTime(m.last),
			directory.LastActiveKey(timePtr(m.last)), suspendedAt, reason, from, string(a.id), string(m.site.id))
		g.tally.user(m.site.id, string(m.status))
		// Every user is in the default user group of the site's first product, most
		// in others too, some in a team group.
		row := rows[m.site.org]
		if row == nil {
			row = &orgRow{}
			rows[m.site.org] = row
			orgs = append(orgs, m.site.org)
		}
		join := func(grp string) {
			b.groupMembers.add(grp, id)
			row.products = append(row.products, string(m.site.grants[grp]))
		}
		for i, grp := range m.site.users {
			if i == 0 || g.chance(0.25) {
				join(grp)
			}
		}
		if len(m.site.custom) > 0 && g.chance(0.15) {
			join(m.site.custom[g.rnd.IntN(len(m.site.custom))])
		}
		row.ms = append(row.ms, &ent.Membership{Status: m.status})
		if m.last.After(row.last) {
			row.last = m.last
		}
	}
	for _, o := range orgs {
		row := rows[o]
		status := string(directory.AggregateStatus(row.ms))
		slices.Sort(row.products)
		products := slices.Compact(row.products)
		b.orgUsers.add(string(gid.New("ous")), string(o.id), status, nameKey, a.key,
			a.org == o, nullTime(row.last), directory.LastActiveKey(timePtr(row.last)), strings.Join(products, ","), string(a.id))
		g.tally.user(o.id, status)
		for _, p := range products {
			g.tally.userScope(directory.ProductScope(o.id, groupgrant.Product(p)), status)
		}
	}
}

// security gives some accounts signed-in devices and API tokens.
func (g *generator) security(b *batch, a *newAccount, created time.Time) {
	if a.org == nil {
		return
	}
	if g.chance(0.25) {
		for d := range 1 + g.rnd.IntN(2) {
			used := g.now.Add(-g.days(0, 60) - time.Duration(g.rnd.IntN(86400))*time.Second)
			b.devices.add(string(gid.New("dev")), used.Add(-g.days(0, 300)), browsers[(d+g.rnd.IntN(len(browsers)))%len(browsers)],
				"Mozilla/5.0", locations[g.rnd.IntN(len(locations))], used, string(a.id))
		}
	}
	if g.chance(0.08) {
		var expires, used any
		if g.chance(0.7) {
			expires = g.now.Add(g.days(30, 365))
		}
		if g.chance(0.6) {
			used = g.now.Add(-g.days(0, 30))
		}
		b.tokens.add(string(gid.New("tok")), g.now.Add(-g.days(31, 300)), []string{"CI pipeline", "Backup script", "Reporting"}[g.rnd.IntN(3)],
			used, expires, string(a.id))
	}
}
