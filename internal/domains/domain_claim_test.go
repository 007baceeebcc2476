package domains_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

type previewView struct {
	ClaimPreview struct {
		Domain         struct{ Name string }
		Claimable      int
		AlreadyManaged int
		Accounts       struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Edges []struct {
				Node struct {
					ID      gid.ID
					Email   string
					Managed bool
				}
			}
		}
	}
}

const previewQuery = `query($id: ID!, $first: Int, $after: Cursor) { claimPreview(domainId: $id) {
	domain { name } claimable alreadyManaged
	accounts(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id email managed } } } } }`

func (f *fixture) preview(id gid.ID, first int, after string) previewView {
	f.t.Helper()
	vars := map[string]any{"id": id, "first": first}
	if after != "" {
		vars["after"] = after
	}
	var out previewView
	f.acme.MustQuery(previewQuery, vars, &out)
	return out
}

func (f *fixture) claim(id gid.ID) (int, domainView) {
	f.t.Helper()
	var out struct {
		ClaimAccounts struct {
			Claimed int
			Domain  domainView
		}
	}
	f.acme.MustQuery(`mutation($id: ID!) { claimAccounts(domainId: $id) { claimed domain { `+domainFields+` } } }`,
		map[string]any{"id": id}, &out)
	return out.ClaimAccounts.Claimed, out.ClaimAccounts.Domain
}

// invite invites emails to a site as the given admin client.
func (f *fixture) invite(c interface {
	MustQuery(string, map[string]any, any)
}, site gid.ID, emails ...string) {
	f.t.Helper()
	c.MustQuery(`mutation($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails) { id } }`,
		map[string]any{"site": site, "emails": emails}, nil)
}

func TestClaimPreviewAndClaimAccountsRule1(t *testing.T) {
	f := newFixture(t, true)
	d := f.mustAdd(f.w.Acme, "newco.test")
	noSite := f.createAccounts("n1@newco.test", "sub@eng.newco.test")
	f.invite(f.acme, f.w.AcmeEng, "n2@NewCo.test")
	f.invite(f.globex, f.w.GlobexSite, "n3@newco.test")
	f.invite(f.acme, f.w.AcmeSupport, "someone@elsewhere.test")
	statsBefore := f.requireCountersMatchRecount(f.w.Acme)

	t.Run("an unverified domain has no preview and cannot be claimed", func(t *testing.T) {
		r := f.acme.Query(previewQuery, map[string]any{"id": d.ID, "first": 10})
		assert.Equal(t, "INVALID_STATE", r.Code())
		r = f.acme.Query(`mutation($id: ID!) { claimAccounts(domainId: $id) { claimed } }`, map[string]any{"id": d.ID})
		assert.Equal(t, "INVALID_STATE", r.Code())
	})

	f.dns.SetTXT("newco.test", []string{d.VerificationRecord})
	require.Equal(t, "VERIFIED", f.mustVerify(d.ID, "DNS_TXT").Status)
	assert.Equal(t, statsBefore, f.requireCountersMatchRecount(f.w.Acme), "a verified domain that was never claimed manages nothing")

	t.Run("the preview shows exactly the accounts on that domain, which the organization could not see before", func(t *testing.T) {
		p := f.preview(d.ID, 2, "").ClaimPreview
		assert.Equal(t, "newco.test", p.Domain.Name)
		assert.Equal(t, 3, p.Claimable)
		assert.Equal(t, 0, p.AlreadyManaged)
		assert.Equal(t, 3, p.Accounts.TotalCount)
		require.Len(t, p.Accounts.Edges, 2)
		assert.Equal(t, "n1@newco.test", p.Accounts.Edges[0].Node.Email)
		assert.Equal(t, "n2@NewCo.test", p.Accounts.Edges[1].Node.Email)
		assert.False(t, p.Accounts.Edges[0].Node.Managed)
		require.True(t, p.Accounts.PageInfo.HasNextPage)
		next := f.preview(d.ID, 2, p.Accounts.PageInfo.EndCursor).ClaimPreview
		require.Len(t, next.Accounts.Edges, 1)
		assert.Equal(t, "n3@newco.test", next.Accounts.Edges[0].Node.Email)
	})

	n, claimed := f.claim(d.ID)
	require.Equal(t, 3, n)
	require.NotNil(t, claimed.ClaimedAt)

	t.Run("the accounts are managed, in the default policy, with site access as it is", func(t *testing.T) {
		var out struct {
			Organization struct {
				ManagedAccounts struct {
					Edges []struct {
						Node struct {
							Email                string
							Managed              bool
							AuthenticationPolicy struct{ ID gid.ID }
						}
					}
				}
			}
		}
		f.acme.MustQuery(`query($org: ID!) { organization(id: $org) { managedAccounts(first: 50, search: "newco") {
			edges { node { email managed authenticationPolicy { id } } } } } }`, map[string]any{"org": f.w.Acme}, &out)
		emails := map[string]bool{}
		for _, e := range out.Organization.ManagedAccounts.Edges {
			emails[e.Node.Email] = true
			assert.True(t, e.Node.Managed)
			assert.Equal(t, f.w.Default, e.Node.AuthenticationPolicy.ID)
		}
		assert.Equal(t, map[string]bool{"n1@newco.test": true, "n2@NewCo.test": true, "n3@newco.test": true}, emails)
		assert.Nil(t, f.account(noSite[1]).ManagingOrgID, "a subdomain is not covered")
		assert.False(t, f.account(noSite[0]).HasSiteAccess)
	})

	t.Run("the counters moved and equal a recount", func(t *testing.T) {
		after := f.requireCountersMatchRecount(f.w.Acme)
		assert.Equal(t, statsBefore.Total+3, after.Total)
		assert.Equal(t, statsBefore.WithoutSiteAccess+2, after.WithoutSiteAccess, "n1 and n3 are on no Acme site")
		assert.Equal(t, statsBefore.Billable+3, after.Billable)
		f.requireCountersMatchRecount(f.w.Globex)
	})

	t.Run("the Users rows say managed, and claiming gave no site access", func(t *testing.T) {
		var out struct {
			Organization struct {
				Users struct {
					Edges []struct {
						Node struct {
							Account     struct{ Email string }
							Memberships []struct{ Site struct{ Name string } }
						}
					}
				}
				UserStats struct{ Total int }
			}
		}
		f.acme.MustQuery(`query($org: ID!) { organization(id: $org) { userStats { total }
			users(first: 50, where: {managed: true}, search: "newco") { edges { node { account { email } memberships { site { name } } } } } } }`,
			map[string]any{"org": f.w.Acme}, &out)
		require.Len(t, out.Organization.Users.Edges, 1)
		assert.Equal(t, "n2@NewCo.test", out.Organization.Users.Edges[0].Node.Account.Email)
		assert.Len(t, out.Organization.Users.Edges[0].Node.Memberships, 1)
		ms, err := f.env.App.DB.Client.Account.Query().Where().QueryMemberships().Count(viewer.System(context.Background()))
		require.NoError(t, err)
		assert.Equal(t, 8, ms, "no membership was created")
	})

	t.Run("one audit event with the count and the domain", func(t *testing.T) {
		evs := f.auditEvents(f.w.Acme, "domain.claimed")
		require.Len(t, evs, 1)
		assert.EqualValues(t, 3, evs[0].Details["count"])
		assert.Equal(t, "newco.test", evs[0].Details["domain"])
		assert.Equal(t, d.ID, *evs[0].TargetID)
	})

	t.Run("accounts created later on the domain are managed from the start", func(t *testing.T) {
		f.invite(f.globex, f.w.GlobexSite, "late@newco.test")
		p := f.preview(d.ID, 10, "").ClaimPreview
		assert.Equal(t, 0, p.Claimable)
		assert.Equal(t, 4, p.AlreadyManaged)
		after := f.requireCountersMatchRecount(f.w.Acme)
		assert.Equal(t, statsBefore.Total+4, after.Total)
		var labels []string
		for _, e := range f.auditEvents(f.w.Acme, "account.created_managed") {
			labels = append(labels, e.TargetLabel)
		}
		assert.Contains(t, labels, "late@newco.test", "the organization's audit log shows it")
	})

	t.Run("claiming again changes nothing and writes nothing", func(t *testing.T) {
		n, again := f.claim(d.ID)
		assert.Equal(t, 0, n)
		assert.Equal(t, claimed.ClaimedAt, again.ClaimedAt)
		assert.Len(t, f.auditEvents(f.w.Acme, "domain.claimed"), 1)
	})
}

func TestClaimAccountsOfAVerifiedDomainWithNoAccountsStillClaimsIt(t *testing.T) {
	f := newFixture(t, true)
	d := f.verifiedByDNS("empty.test")
	n, claimed := f.claim(d.ID)
	assert.Equal(t, 0, n)
	require.NotNil(t, claimed.ClaimedAt)
	f.invite(f.acme, f.w.AcmeEng, "first@empty.test")
	p := f.preview(d.ID, 10, "").ClaimPreview
	assert.Equal(t, 1, p.AlreadyManaged, "the first account on the claimed domain is managed from the start")
	f.requireCountersMatchRecount(f.w.Acme)
}

// Who sees what: an admin of X sees an account when it appears in a claim preview of
// X's verified domain, and nobody else does.
func TestAccountsInTheClaimPreviewOfAVerifiedDomainAreVisibleButNotManaged(t *testing.T) {
	f := newFixture(t, true)
	d := f.mustAdd(f.w.Acme, "newco.test")
	id := f.createAccounts("n1@newco.test")[0]
	node := func(c *testkit.Client) testkit.Response {
		return c.Query(`query($id: ID!) { node(id: $id) { ... on Account { email managed } } }`, map[string]any{"id": id})
	}
	assert.Equal(t, "NOT_FOUND", node(f.acme).Code(), "before verification")
	f.dns.SetTXT("newco.test", []string{d.VerificationRecord})
	f.mustVerify(d.ID, "DNS_TXT")

	var out struct {
		Node struct {
			Email   string
			Managed bool
		}
	}
	r := node(f.acme)
	require.Empty(t, r.Errors)
	r.Decode(&out)
	assert.Equal(t, "n1@newco.test", out.Node.Email)
	assert.False(t, out.Node.Managed)
	r = f.acme.Query(`mutation($id: ID!) { deactivateAccount(accountId: $id) { id } }`, map[string]any{"id": id})
	assert.Equal(t, "NOT_MANAGED", r.Code(), "seen but not managed until claimed")
	assert.Equal(t, "NOT_FOUND", node(f.globex).Code())
	assert.Equal(t, "NOT_FOUND", node(f.siteAdmin).Code())

	f.claim(d.ID)
	r = f.acme.Query(`mutation($id: ID!) { deactivateAccount(accountId: $id) { status } }`, map[string]any{"id": id})
	assert.Empty(t, r.Errors)
}
