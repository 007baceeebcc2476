package testkit

import (
	"context"
	"sync"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/ent/adminrole"
	"orgdir/ent/domain"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/ent/organization"
	"orgdir/internal/auth"
	"orgdir/internal/directory"
	"orgdir/internal/domains"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Password is every fixture admin's password.
const Password = "correct horse battery staple"

var (
	hashOnce sync.Once
	hash     string
)

func passwordHash() string {
	hashOnce.Do(func() {
		var err error
		if hash, err = auth.HashPassword(Password); err != nil {
			panic(err)
		}
	})
	return hash
}

// World is a small directory every test can start from:
//
//   - Acme (CENTRALIZED) verified and claimed acme.test, has acme.dev unverified, sites
//     acme-eng (Jira, Confluence) and acme-support (JSM); policies Default (billable),
//     Contractors (not billable) and SSO (enforces SSO); admin admin@acme.test.
//   - Globex (ORIGINAL) verified and claimed globex.test, site globex (Jira, Trello);
//     admin admin@globex.test and site admin siteadmin@globex.test.
//   - Alice (acme.test) is an ACTIVE Jira user of acme-eng and of Globex's site.
//   - Bob (acme.test) is on no site. Pat (acme.test) is provisioned.
//   - Gina (globex.test) is only on Globex's site: Acme cannot see her.
//   - Gus (globex.test) is an ACTIVE user of acme-eng: Acme sees him, Globex manages him.
//   - Eve (gmail.test, managed by nobody) is an INVITED user of acme-eng.
type World struct {
	Acme, Globex                      gid.ID
	AcmeEng, AcmeSupport, GlobexSite  gid.ID
	Default, Contractors, SSO         gid.ID
	AcmeJiraUsers, GlobexJiraUsers    gid.ID
	AcmeAdmin, GlobexAdmin, SiteAdmin gid.ID
	Alice, Bob, Pat, Gina, Gus, Eve   gid.ID
}

// Emails of the fixture admins.
const (
	AcmeAdminEmail   = "admin@acme.test"
	GlobexAdminEmail = "admin@globex.test"
	SiteAdminEmail   = "siteadmin@globex.test"
)

// Seed builds the World through the same rules the API uses.
func (e *Env) Seed() *World {
	e.T.Helper()
	ctx := viewer.System(context.Background())
	w := &World{}
	now := e.Clock.Now()
	err := directory.WithTx(ctx, e.App.DB.Client, func(tx *ent.Tx) error {
		b := builder{ctx: ctx, tx: tx, now: now}
		w.Acme = b.org("Acme", organization.UserManagementCENTRALIZED, "acme.test")
		w.Globex = b.org("Globex", organization.UserManagementORIGINAL, "globex.test")
		b.must(tx.Domain.Create().SetOrgID(w.Acme).SetName("acme.dev").SetToken(domains.NewToken()).Exec(ctx))
		w.Default = b.policy(w.Acme, "Default", true, false, true)
		w.Contractors = b.policy(w.Acme, "Contractors", false, false, false)
		w.SSO = b.policy(w.Acme, "SSO", true, true, false)
		b.policy(w.Globex, "Default", true, false, true)
		w.AcmeEng = b.site(w.Acme, "acme-eng", groupgrant.ProductJIRA, groupgrant.ProductCONFLUENCE)
		w.AcmeSupport = b.site(w.Acme, "acme-support", groupgrant.ProductJIRA_SERVICE_MANAGEMENT)
		w.GlobexSite = b.site(w.Globex, "globex", groupgrant.ProductJIRA, groupgrant.ProductTRELLO)
		w.AcmeJiraUsers = b.group(w.AcmeEng, "jira-users-acme-eng")
		w.GlobexJiraUsers = b.group(w.GlobexSite, "jira-users-globex")
		w.AcmeAdmin = b.admin(AcmeAdminEmail, w.Acme, "")
		w.GlobexAdmin = b.admin(GlobexAdminEmail, w.Globex, "")
		w.SiteAdmin = b.admin(SiteAdminEmail, w.Globex, w.GlobexSite)
		w.Alice = b.account("alice@acme.test", "Alice Anders", false)
		w.Bob = b.account("bob@acme.test", "Bob Brown", true)
		w.Pat = b.account("pat@acme.test", "Pat Provisioned", false)
		b.must(tx.Account.UpdateOneID(w.Pat).SetProvisioned(true).Exec(ctx))
		w.Gina = b.account("gina@globex.test", "Gina Globex", false)
		w.Gus = b.account("gus@globex.test", "Gus Globex", false)
		w.Eve = b.account("eve@gmail.test", "Eve External", false)
		b.join(w.Alice, w.AcmeEng, membership.StatusACTIVE, w.AcmeJiraUsers)
		b.join(w.Alice, w.GlobexSite, membership.StatusACTIVE, w.GlobexJiraUsers)
		b.join(w.Gina, w.GlobexSite, membership.StatusACTIVE, w.GlobexJiraUsers)
		b.join(w.Gus, w.AcmeEng, membership.StatusACTIVE, w.AcmeJiraUsers)
		b.join(w.Eve, w.AcmeEng, membership.StatusINVITED, "")
		b.must(tx.Device.Create().SetAccountID(w.Alice).SetName("Chrome on macOS").SetLastUsedAt(now).Exec(ctx))
		b.must(tx.ApiToken.Create().SetAccountID(w.Alice).SetLabel("CI").Exec(ctx))
		b.must(tx.Device.Create().SetAccountID(w.Gus).SetName("Firefox").SetLastUsedAt(now).Exec(ctx))
		return b.err
	})
	require.NoError(e.T, err)
	return w
}

// builder keeps the first error, so Seed reads as a list.
type builder struct {
	ctx context.Context
	tx  *ent.Tx
	now time.Time
	err error
}

func (b *builder) must(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *builder) org(name string, um organization.UserManagement, domainName string) gid.ID {
	o, err := b.tx.Organization.Create().SetName(name).SetUserManagement(um).Save(b.ctx)
	b.must(err)
	if err != nil {
		return ""
	}
	b.must(b.tx.Domain.Create().SetOrgID(o.ID).SetName(domainName).SetToken(domains.NewToken()).
		SetStatus(domain.StatusVERIFIED).SetVerifiedAt(b.now).SetClaimedAt(b.now).Exec(b.ctx))
	return o.ID
}

func (b *builder) policy(org gid.ID, name string, billable, sso, isDefault bool) gid.ID {
	p, err := b.tx.AuthenticationPolicy.Create().SetOrgID(org).SetName(name).SetBillable(billable).
		SetEnforceSSO(sso).SetIsDefault(isDefault).SetIdleSessionMinutes(60).Save(b.ctx)
	b.must(err)
	if err != nil {
		return ""
	}
	return p.ID
}

func (b *builder) site(org gid.ID, name string, products ...groupgrant.Product) gid.ID {
	st, err := directory.CreateSite(b.ctx, b.tx, org, name, "https://"+name+".example.test", products)
	b.must(err)
	if err != nil {
		return ""
	}
	return st.ID
}

func (b *builder) group(site gid.ID, name string) gid.ID {
	g, err := b.tx.Group.Query().Where(group.SiteID(site), group.Name(name)).Only(b.ctx)
	b.must(err)
	if err != nil {
		return ""
	}
	return g.ID
}

func (b *builder) account(email, name string, twoStep bool) gid.ID {
	if b.err != nil {
		return ""
	}
	a, err := directory.CreateAccount(b.ctx, b.tx, b.now, directory.NewAccount{Email: email, Name: name, TwoStepVerification: twoStep})
	b.must(err)
	if err != nil {
		return ""
	}
	return a.ID
}

func (b *builder) admin(email string, org, site gid.ID) gid.ID {
	if b.err != nil {
		return ""
	}
	a, err := directory.CreateAccount(b.ctx, b.tx, b.now, directory.NewAccount{Email: email, Name: "Admin " + email,
		PasswordHash: passwordHash()})
	b.must(err)
	if err != nil {
		return ""
	}
	c := b.tx.AdminRole.Create().SetAccountID(a.ID).SetOrgID(org).SetRole(adminrole.RoleORG_ADMIN)
	if site != "" {
		c.SetRole(adminrole.RoleSITE_ADMIN).SetSiteID(site)
	}
	b.must(c.Exec(b.ctx))
	return a.ID
}

func (b *builder) join(accountID, siteID gid.ID, status membership.Status, groupID gid.ID) {
	if b.err != nil {
		return
	}
	st, err := b.tx.Site.Get(b.ctx, siteID)
	b.must(err)
	a, err := b.tx.Account.Get(b.ctx, accountID)
	b.must(err)
	if b.err != nil {
		return
	}
	m, err := directory.AddMembership(b.ctx, b.tx, b.now, st, a, membership.StatusINVITED, nil)
	b.must(err)
	if b.err != nil {
		return
	}
	if groupID != "" {
		g, err := b.tx.Group.Get(b.ctx, groupID)
		b.must(err)
		b.must(directory.AddToGroup(b.ctx, b.tx, g, m))
	}
	if status == membership.StatusACTIVE {
		_, err := directory.RecordActivity(b.ctx, b.tx, m, b.now.Add(-time.Hour))
		b.must(err)
	}
}
