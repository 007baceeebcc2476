package seed

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/adminrole"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/domain"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/organization"
	"orgdir/internal/directory"
	"orgdir/internal/domains"
	"orgdir/internal/gid"
)

// orgPlan is one organization to seed and what its accounts draw from.
type orgPlan struct {
	name, domain string
	um           organization.UserManagement
	accounts     int // managed accounts, admin included
	id           gid.ID
	// policies are drawn by weight for managed accounts; the first is the default.
	policies []gid.ID
	weights  []float64
	sites    []*sitePlan
	admin    string // the admin's email
	adminID  gid.ID
	made     int // managed accounts written, admin included
}

// sitePlan is a site and the groups its users are put in.
type sitePlan struct {
	id     gid.ID
	name   string
	org    *orgPlan
	users  []string                      // the default user group of each product, in the site's product order
	custom []string                      // groups beyond the defaults
	grants map[string]groupgrant.Product // what each of those groups grants
}

// siteNames name the main organization's sites after the organization's slug.
var siteNames = strings.Fields("eng support sales marketing ops design finance legal people research")

// productSets are the products of successive sites.
var productSets = [][]groupgrant.Product{
	{groupgrant.ProductJIRA, groupgrant.ProductCONFLUENCE, groupgrant.ProductBITBUCKET},
	{groupgrant.ProductJIRA_SERVICE_MANAGEMENT, groupgrant.ProductCONFLUENCE, groupgrant.ProductSTATUSPAGE},
	{groupgrant.ProductJIRA, groupgrant.ProductTRELLO},
	{groupgrant.ProductCONFLUENCE, groupgrant.ProductJIRA_PRODUCT_DISCOVERY},
	{groupgrant.ProductJIRA, groupgrant.ProductOPSGENIE, groupgrant.ProductSTATUSPAGE},
}

// plans lists the main organization and the others beside it.
func plans(o Options) []*orgPlan {
	main := &orgPlan{name: o.OrgName, domain: slug(o.OrgName) + ".test", um: organization.UserManagementCENTRALIZED, accounts: o.Accounts}
	out := []*orgPlan{main}
	for i := range o.Orgs {
		name := partnerNames[i%len(partnerNames)]
		if i >= len(partnerNames) {
			name += " " + strconv.Itoa(i/len(partnerNames)+1)
		}
		um := organization.UserManagementORIGINAL
		if i%2 == 1 {
			um = organization.UserManagementCENTRALIZED
		}
		out = append(out, &orgPlan{name: name, domain: slug(name) + ".test", um: um, accounts: o.OrgAccounts})
	}
	return out
}

// refuseExisting fails when any organization, domain, site or account the plans would
// make is already there: seeding twice must not duplicate or mix data.
func refuseExisting(ctx context.Context, tx *ent.Tx, ps []*orgPlan) error {
	names, doms := make([]string, len(ps)), make([]string, len(ps))
	for i, p := range ps {
		names[i], doms[i] = p.name, p.domain
	}
	if o, err := tx.Organization.Query().Where(organization.NameIn(names...)).First(ctx); err == nil {
		return fmt.Errorf("the database already holds an organization named %q (seeded before?): use a fresh database or another --org-name", o.Name)
	} else if !ent.IsNotFound(err) {
		return err
	}
	if d, err := tx.Domain.Query().Where(domain.NameIn(doms...)).First(ctx); err == nil {
		return fmt.Errorf("the database already holds the domain %s: use a fresh database or another --org-name", d.Name)
	} else if !ent.IsNotFound(err) {
		return err
	}
	if a, err := tx.Account.Query().Where(account.EmailDomainIn(append(doms, freeMail...)...)).First(ctx); err == nil {
		return fmt.Errorf("the database already holds accounts on %s: use a fresh database", a.EmailDomain)
	} else if !ent.IsNotFound(err) {
		return err
	}
	return nil
}

// create makes the organization with its policies, verified and claimed domain,
// sites with their default groups, extra groups and admin (an ORG_ADMIN account).
func (p *orgPlan) create(ctx context.Context, tx *ent.Tx, o Options, siteCount, groupCount int, hash string) error {
	org, err := tx.Organization.Create().SetName(p.name).SetUserManagement(p.um).SetCreatedAt(o.Now).Save(ctx)
	if err != nil {
		return err
	}
	p.id = org.ID
	type policy struct {
		name              string
		billable, sso     bool
		strength          authenticationpolicy.PasswordStrength
		weight            float64
		isDefault         bool
		expiry, idleHours int
	}
	policies := []policy{{"Default policy", true, false, authenticationpolicy.PasswordStrengthMEDIUM, 0.85, true, 0, 24 * 30}}
	if siteCount > 1 {
		policies = append(policies,
			policy{"Contractors", false, false, authenticationpolicy.PasswordStrengthSTRONG, 0.10, false, 90, 8},
			policy{"Engineering SSO", true, true, authenticationpolicy.PasswordStrengthSTRONG, 0.05, false, 0, 12})
	}
	for _, pol := range policies {
		saved, err := tx.AuthenticationPolicy.Create().SetOrgID(p.id).SetName(pol.name).SetIsDefault(pol.isDefault).
			SetBillable(pol.billable).SetEnforceSSO(pol.sso).SetPasswordStrength(pol.strength).
			SetPasswordExpiryDays(pol.expiry).SetIdleSessionMinutes(pol.idleHours * 60).Save(ctx)
		if err != nil {
			return err
		}
		p.policies = append(p.policies, saved.ID)
		p.weights = append(p.weights, pol.weight)
	}
	// Marked verified by the operator, as `orgdir domains mark-verified` does, and claimed.
	if err := tx.Domain.Create().SetOrgID(p.id).SetName(p.domain).SetToken(domains.NewToken()).
		SetStatus(domain.StatusVERIFIED).SetVerifiedAt(o.Now).SetClaimedAt(o.Now).Exec(ctx); err != nil {
		return err
	}
	for i := range siteCount {
		name := slug(p.name)
		if siteCount > 1 {
			suffix := siteNames[i%len(siteNames)]
			if i >= len(siteNames) {
				suffix += strconv.Itoa(i/len(siteNames) + 1)
			}
			name += "-" + suffix
		}
		products := productSets[i%len(productSets)]
		st, err := directory.CreateSite(ctx, tx, p.id, name, "https://"+name+".example.test", products)
		if err != nil {
			return fmt.Errorf("site %s: %w", name, err)
		}
		sp := &sitePlan{id: st.ID, name: st.Name, org: p, grants: map[string]groupgrant.Product{}}
		for _, prod := range products {
			g, err := st.QueryGroups().Where(group.Name(directory.DefaultGroupName(prod, groupgrant.RoleUSER, st.Name))).Only(ctx)
			if err != nil {
				return err
			}
			sp.users = append(sp.users, string(g.ID))
			sp.grants[string(g.ID)] = prod
		}
		p.sites = append(p.sites, sp)
	}
	for i := range groupCount {
		sp := p.sites[i%len(p.sites)]
		dept := strings.ToLower(departments[i%len(departments)])
		g, err := tx.Group.Create().SetSiteID(sp.id).SetName(fmt.Sprintf("%s-team-%d", dept, i+1)).
			SetDescription("Team group of " + departments[i%len(departments)]).Save(ctx)
		if err != nil {
			return err
		}
		products := productSets[(i%len(p.sites))%len(productSets)]
		prod := products[i%len(products)]
		if err := tx.GroupGrant.Create().SetGroupID(g.ID).SetProduct(prod).
			SetRole(groupgrant.RoleUSER).Exec(ctx); err != nil {
			return err
		}
		sp.custom = append(sp.custom, string(g.ID))
		sp.grants[string(g.ID)] = prod
	}
	return p.createAdmin(ctx, tx, o, hash)
}

// createAdmin makes the organization's admin: a managed ACTIVE account with two-step
// verification, the password, the default policy and the ORG_ADMIN role. Its counters
// are computed with every other account's at the end.
func (p *orgPlan) createAdmin(ctx context.Context, tx *ent.Tx, o Options, hash string) error {
	display, key, err := directory.NormalizeEmail("email", "admin@"+p.domain)
	if err != nil {
		return err
	}
	name := p.name + " Admin"
	a, err := tx.Account.Create().SetEmail(display).SetEmailKey(key).SetEmailDomain(directory.EmailDomain(key)).
		SetName(name).SetNameKey(strings.ToLower(name)).SetTwoStepVerification(true).SetPasswordHash(hash).
		SetManagingOrgID(p.id).SetPolicyID(p.policies[0]).SetCreatedAt(o.Now).Save(ctx)
	if err != nil {
		return err
	}
	p.admin, p.adminID, p.made = a.Email, a.ID, 1
	return tx.AdminRole.Create().SetAccountID(a.ID).SetOrgID(p.id).SetRole(adminrole.RoleORG_ADMIN).Exec(ctx)
}
