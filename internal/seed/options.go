package seed

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Options say what to generate. Zero values are not defaults: the command sets them
// (see Defaults).
type Options struct {
	// OrgName is the main organization; its domain is its slug + ".test".
	OrgName string
	// Accounts is how many managed accounts the main organization has, its admin included.
	Accounts int
	// Orgs is how many other organizations are made beside it, each with OrgAccounts
	// managed accounts (admin included) and one site.
	Orgs        int
	OrgAccounts int
	// Sites and Groups are the main organization's sites and its groups beyond each
	// site's default groups.
	Sites  int
	Groups int
	// SiteShare is the share of managed accounts that are users of at least one site of
	// their organization; the rest have no site access.
	SiteShare float64
	// ExternalShare is the share of the main organization's site users who are
	// external: personal addresses, or accounts other organizations manage.
	ExternalShare float64
	// StatusMix is the share of managed accounts in each account status.
	StatusMix StatusMix
	// Seed makes the data reproducible: the same seed gives the same names, emails,
	// statuses, memberships and groups (ids and dates relative to Now differ).
	Seed uint64
	// AdminPassword is the password of every seeded organization's admin.
	AdminPassword string
	// Now is the time the data is made relative to (last active dates, deletions).
	Now time.Time
}

// Defaults are the options of `orgdir seed` without flags.
func Defaults() Options {
	return Options{OrgName: "Bigcorp", Accounts: 100_000, Orgs: 3, OrgAccounts: 1000, Sites: 6, Groups: 20,
		SiteShare: 0.85, ExternalShare: 0.10, StatusMix: StatusMix{Active: 0.90, Deactivated: 0.07, PendingDeletion: 0.03},
		Seed: 1}
}

// Validate reports the first option that cannot be generated.
func (o Options) Validate() error {
	switch {
	case slug(o.OrgName) == "":
		return fmt.Errorf("--org-name must contain a letter or digit")
	case o.Accounts < 1:
		return fmt.Errorf("--accounts must be at least 1 (the admin)")
	case o.Orgs < 0 || o.Orgs > 100:
		return fmt.Errorf("--orgs must be between 0 and 100")
	case o.Orgs > 0 && o.OrgAccounts < 1:
		return fmt.Errorf("--org-accounts must be at least 1 (the admin)")
	case o.Sites < 1 || o.Sites > 50:
		return fmt.Errorf("--sites must be between 1 and 50")
	case o.Groups < 0 || o.Groups > 10_000:
		return fmt.Errorf("--groups must be between 0 and 10000")
	case o.SiteShare < 0 || o.SiteShare > 1:
		return fmt.Errorf("--site-share must be between 0 and 1")
	case o.ExternalShare < 0 || o.ExternalShare >= 1:
		return fmt.Errorf("--external-share must be at least 0 and below 1")
	case o.AdminPassword == "":
		return fmt.Errorf("an admin password is needed")
	}
	return nil
}

// StatusMix is the share of accounts in each status; the shares add up to 1.
type StatusMix struct {
	Active, Deactivated, PendingDeletion float64
}

// String is the mix in the form ParseStatusMix reads.
func (m StatusMix) String() string {
	f := func(v float64) string { return strconv.FormatFloat(v*100, 'f', -1, 64) }
	return "active=" + f(m.Active) + ",deactivated=" + f(m.Deactivated) + ",pending-deletion=" + f(m.PendingDeletion)
}

// ParseStatusMix reads "active=90,deactivated=7,pending-deletion=3": relative weights,
// scaled to shares. A status left out has none.
func ParseStatusMix(s string) (StatusMix, error) {
	var m StatusMix
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		w, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || w < 0 {
			return m, fmt.Errorf("--status-mix: %q is not status=weight (for example active=90,deactivated=7,pending-deletion=3)", part)
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "active":
			m.Active = w
		case "deactivated":
			m.Deactivated = w
		case "pending-deletion", "pending_deletion":
			m.PendingDeletion = w
		default:
			return m, fmt.Errorf("--status-mix: unknown status %q (active, deactivated, pending-deletion)", k)
		}
	}
	sum := m.Active + m.Deactivated + m.PendingDeletion
	if sum <= 0 {
		return m, fmt.Errorf("--status-mix: the weights add up to 0")
	}
	return StatusMix{m.Active / sum, m.Deactivated / sum, m.PendingDeletion / sum}, nil
}
