// Package demo loads the demo data of PRODUCT.md §7 into an empty database, through
// the same rules and data layer the API uses. The data is the same on every run
// (a fixed random seed), except the admins' password.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"orgdir/ent"
	"orgdir/ent/adminrole"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/domain"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/ent/organization"
	"orgdir/internal/auth"
	"orgdir/internal/directory"
	"orgdir/internal/domains"
	"orgdir/internal/viewer"
)

// Admins are the demo's sign-in emails.
var Admins = []string{"admin@acme.test", "admin@globex.test", "siteadmin@globex.test"}

// IsEmpty reports whether the database has no organization yet.
func IsEmpty(ctx context.Context, client *ent.Client) (bool, error) {
	n, err := client.Organization.Query().Count(viewer.System(ctx))
	return n == 0, err
}

// loader keeps what the steps of Load share.
type loader struct {
	tx    *ent.Tx
	ctx   context.Context
	now   time.Time
	rnd   *rand.Rand
	hash  string
	sites map[string]*ent.Site
}

// Load creates the demo organizations, sites, accounts and users. password is the
// demo admins' password.
func Load(ctx context.Context, dir *directory.Service, password string) error {
	ctx = viewer.System(ctx)
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	l := &loader{ctx: ctx, now: dir.Clock.Now(), rnd: rand.New(rand.NewPCG(7, 42)), hash: hash, sites: map[string]*ent.Site{}}
	var acme, globex []*ent.Account
	err = directory.WithTx(ctx, dir.Client, func(tx *ent.Tx) error {
		l.tx = tx
		acmeOrg, err := l.org("Acme", organization.UserManagementCENTRALIZED, "acme.test")
		if err != nil {
			return err
		}
		globexOrg, err := l.org("Globex", organization.UserManagementORIGINAL, "globex.test")
		if err != nil {
			return err
		}
		if err := tx.Domain.Create().SetOrgID(acmeOrg.ID).SetName("acme-labs.test").SetToken(domains.NewToken()).Exec(ctx); err != nil {
			return err
		}
		if err := l.site(acmeOrg, "acme-eng", groupgrant.ProductJIRA, groupgrant.ProductCONFLUENCE, groupgrant.ProductBITBUCKET); err != nil {
			return err
		}
		if err := l.site(acmeOrg, "acme-support", groupgrant.ProductJIRA_SERVICE_MANAGEMENT, groupgrant.ProductCONFLUENCE, groupgrant.ProductSTATUSPAGE); err != nil {
			return err
		}
		if err := l.site(globexOrg, "globex", groupgrant.ProductJIRA, groupgrant.ProductCONFLUENCE, groupgrant.ProductTRELLO); err != nil {
			return err
		}
		if err := l.admins(acmeOrg, globexOrg); err != nil {
			return err
		}
		if acme, err = l.acmeAccounts(acmeOrg); err != nil {
			return err
		}
		if globex, err = l.globexAccounts(acme); err != nil {
			return err
		}
		return l.outsiders()
	})
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	return lifecycle(ctx, dir, acme, globex)
}

func (l *loader) org(name string, um organization.UserManagement, domainName string) (*ent.Organization, error) {
	o, err := l.tx.Organization.Create().SetName(name).SetUserManagement(um).Save(l.ctx)
	if err != nil {
		return nil, err
	}
	if err := l.tx.AuthenticationPolicy.Create().SetOrgID(o.ID).SetName("Default policy").SetIsDefault(true).
		SetBillable(true).SetPasswordStrength(authenticationpolicy.PasswordStrengthMEDIUM).SetPasswordExpiryDays(0).
		SetIdleSessionMinutes(60 * 24 * 30).Exec(l.ctx); err != nil {
		return nil, err
	}
	// Marked verified by the operator, as `orgdir domains mark-verified` does: no method, never re-checked.
	return o, l.tx.Domain.Create().SetOrgID(o.ID).SetName(domainName).SetToken(domains.NewToken()).
		SetStatus(domain.StatusVERIFIED).SetVerifiedAt(l.now).SetClaimedAt(l.now).Exec(l.ctx)
}

func (l *loader) site(o *ent.Organization, name string, products ...groupgrant.Product) error {
	st, err := directory.CreateSite(l.ctx, l.tx, o.ID, name, "https://"+name+".example.test", products)
	l.sites[name] = st
	return err
}

func (l *loader) account(email, name string, twoStep bool) (*ent.Account, error) {
	return directory.CreateAccount(l.ctx, l.tx, l.now, directory.NewAccount{Email: email, Name: name, TwoStepVerification: twoStep})
}

func (l *loader) admins(acme, globex *ent.Organization) error {
	roles := []struct {
		email, name string
		org         *ent.Organization
		site        string
	}{
		{"admin@acme.test", "Avery Admin", acme, ""},
		{"admin@globex.test", "Gale Admin", globex, ""},
		{"siteadmin@globex.test", "Sam Siteadmin", globex, "globex"},
	}
	for _, r := range roles {
		a, err := directory.CreateAccount(l.ctx, l.tx, l.now, directory.NewAccount{Email: r.email, Name: r.name,
			TwoStepVerification: true, PasswordHash: l.hash})
		if err != nil {
			return err
		}
		c := l.tx.AdminRole.Create().SetAccountID(a.ID).SetOrgID(r.org.ID).SetRole(adminrole.RoleORG_ADMIN)
		if r.site != "" {
			c.SetRole(adminrole.RoleSITE_ADMIN).SetSiteID(l.sites[r.site].ID)
		}
		if err := c.Exec(l.ctx); err != nil {
			return err
		}
	}
	return nil
}

// join puts an account on a site with a status, in the default user groups of some of
// the site's products, and records activity for the active ones.
func (l *loader) join(a *ent.Account, siteName string, status membership.Status) (*ent.Membership, error) {
	st := l.sites[siteName]
	initial := status
	if status == membership.StatusSUSPENDED {
		initial = membership.StatusACTIVE
	}
	m, err := directory.AddMembership(l.ctx, l.tx, l.now.Add(-time.Duration(200+l.rnd.IntN(200))*24*time.Hour), st, a, membership.StatusINVITED, nil)
	if err != nil {
		return nil, err
	}
	for i, p := range st.Products {
		if i > 0 && l.rnd.IntN(2) == 0 {
			continue
		}
		g, err := l.tx.Group.Query().Where(group.SiteID(st.ID),
			group.Name(directory.DefaultGroupName(groupgrant.Product(p), groupgrant.RoleUSER, st.Name))).Only(l.ctx)
		if err != nil {
			return nil, err
		}
		if err := directory.AddToGroup(l.ctx, l.tx, g, m); err != nil {
			return nil, err
		}
	}
	if initial == membership.StatusACTIVE {
		if m, err = directory.RecordActivity(l.ctx, l.tx, m, l.activity()); err != nil {
			return nil, err
		}
	}
	if status == membership.StatusSUSPENDED {
		reason := "Demo: on leave"
		return directory.Suspend(l.ctx, l.tx, l.now, m, &reason)
	}
	return m, nil
}

// activity returns a last-active time spread over the last-active buckets.
func (l *loader) activity() time.Time {
	days := []int{1, 3, 10, 25, 45, 80, 120, 200}[l.rnd.IntN(8)]
	return l.now.Add(-time.Duration(days)*24*time.Hour - time.Duration(l.rnd.IntN(86400))*time.Second)
}

func (l *loader) acmeAccounts(acme *ent.Organization) ([]*ent.Account, error) {
	contractors, err := l.tx.AuthenticationPolicy.Create().SetOrgID(acme.ID).SetName("Contractors").SetBillable(false).
		SetPasswordStrength(authenticationpolicy.PasswordStrengthSTRONG).SetPasswordExpiryDays(90).SetIdleSessionMinutes(60 * 8).Save(l.ctx)
	if err != nil {
		return nil, err
	}
	sso, err := l.tx.AuthenticationPolicy.Create().SetOrgID(acme.ID).SetName("Engineering SSO").SetBillable(true).
		SetEnforceSSO(true).SetPasswordStrength(authenticationpolicy.PasswordStrengthSTRONG).SetIdleSessionMinutes(60 * 12).Save(l.ctx)
	if err != nil {
		return nil, err
	}
	var out []*ent.Account
	for i, name := range people(l.rnd, 148) {
		a, err := l.account(emailOf(name, "acme.test"), name, l.rnd.IntN(10) < 6)
		if err != nil {
			return nil, err
		}
		switch {
		case i%9 == 4:
			a, err = directory.AssignPolicy(l.ctx, l.tx, l.now, a, contractors)
		case i%5 == 1:
			a, err = directory.AssignPolicy(l.ctx, l.tx, l.now, a, sso)
		}
		if err != nil {
			return nil, err
		}
		if i == 7 {
			if a, err = l.tx.Account.UpdateOne(a).SetProvisioned(true).Save(l.ctx); err != nil {
				return nil, err
			}
		}
		// Every seventh account is on no site: claimed, but never invited.
		if i%7 != 3 {
			status := membership.StatusACTIVE
			switch i % 13 {
			case 5:
				status = membership.StatusINVITED
			case 9:
				status = membership.StatusSUSPENDED
			}
			if _, err := l.join(a, "acme-eng", status); err != nil {
				return nil, err
			}
			if i%3 == 0 {
				if _, err := l.join(a, "acme-support", membership.StatusACTIVE); err != nil {
					return nil, err
				}
			}
		}
		if err := l.security(a, i); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func (l *loader) security(a *ent.Account, i int) error {
	browsers := []string{"Chrome on macOS", "Firefox on Linux", "Safari on iPhone", "Edge on Windows"}
	for d := 0; d < i%3; d++ {
		if err := l.tx.Device.Create().SetAccountID(a.ID).SetName(browsers[(i+d)%len(browsers)]).
			SetUserAgent("Mozilla/5.0").SetLocation([]string{"Berlin, DE", "Austin, US", "Sydney, AU"}[d%3]).
			SetLastUsedAt(l.activity()).Exec(l.ctx); err != nil {
			return err
		}
	}
	if i%4 == 0 {
		exp := l.now.Add(180 * 24 * time.Hour)
		return l.tx.ApiToken.Create().SetAccountID(a.ID).SetLabel("CI pipeline").SetExpiresAt(exp).Exec(l.ctx)
	}
	return nil
}

func (l *loader) globexAccounts(acme []*ent.Account) ([]*ent.Account, error) {
	var out []*ent.Account
	for i, name := range people(l.rnd, 40) {
		a, err := l.account(emailOf(name, "globex.test"), name, l.rnd.IntN(2) == 0)
		if err != nil {
			return nil, err
		}
		if i%8 != 0 {
			if _, err := l.join(a, "globex", membership.StatusACTIVE); err != nil {
				return nil, err
			}
		}
		// A few Globex accounts are also users of Acme's sites.
		if i%9 == 2 {
			status := []membership.Status{membership.StatusACTIVE, membership.StatusINVITED, membership.StatusSUSPENDED}[i%3]
			if _, err := l.join(a, "acme-eng", status); err != nil {
				return nil, err
			}
		}
		out = append(out, a)
	}
	// A few Acme accounts are users of Globex's site (Acme sees that under rule 17).
	for _, a := range acme[10:14] {
		if _, err := l.join(a, "globex", membership.StatusACTIVE); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// outsiders are accounts no organization manages: personal addresses, and a dozen on
// acme-labs.test waiting for that domain to be verified and claimed.
func (l *loader) outsiders() error {
	for i, name := range people(l.rnd, 10) {
		a, err := l.account(emailOf(name, "gmail.test"), name, false)
		if err != nil {
			return err
		}
		status := []membership.Status{membership.StatusACTIVE, membership.StatusINVITED, membership.StatusSUSPENDED}[i%3]
		if _, err := l.join(a, []string{"acme-eng", "acme-support"}[i%2], status); err != nil {
			return err
		}
	}
	for i, name := range people(l.rnd, 12) {
		a, err := l.account(emailOf(name, "acme-labs.test"), name, i%2 == 0)
		if err != nil {
			return err
		}
		if i < 4 {
			if _, err := l.join(a, "acme-eng", membership.StatusACTIVE); err != nil {
				return err
			}
		}
	}
	return nil
}

// lifecycle deactivates and deletes some accounts through the same rules as the API.
func lifecycle(ctx context.Context, dir *directory.Service, acme, globex []*ent.Account) error {
	msg := "Left the company"
	for i, a := range acme {
		var err error
		switch {
		case i == 20:
			_, err = dir.Delete(ctx, a.ID)
		case i%17 == 6:
			_, err = dir.Deactivate(ctx, a.ID, &msg)
		case i%17 == 11:
			_, err = dir.Deactivate(ctx, a.ID, nil)
		}
		if err != nil {
			return fmt.Errorf("demo lifecycle of %s: %w", a.Email, err)
		}
	}
	for _, a := range globex[30:32] {
		if _, err := dir.Deactivate(ctx, a.ID, nil); err != nil {
			return fmt.Errorf("demo lifecycle of %s: %w", a.Email, err)
		}
	}
	return nil
}

var firstNames = strings.Fields("Ada Alan Barbara Brian Carmen Chen Dana Dmitri Elena Emeka Farah Felix Grace Hiro Ines Ivan " +
	"Jamal Jia Kai Kofi Lara Liam Maya Mateo Nadia Noah Olga Omar Priya Pablo Quinn Rosa Ravi Sara Sven Tara Tomas Uma Victor Wen Yara Zane")
var lastNames = strings.Fields("Abara Berg Castillo Dubois Eriksen Fischer Garcia Haddad Ivanova Jensen Kim Lopez Moreau " +
	"Nakamura Okafor Petrov Quispe Rossi Schmidt Tanaka Ueda Varga Wright Xu Yilmaz Zhang")

// people returns n distinct full names.
func people(r *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		name := firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

func emailOf(name, domainName string) string {
	return strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@" + domainName
}
