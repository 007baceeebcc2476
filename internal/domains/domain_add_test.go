package domains_test

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddDomainNormalizesTheName(t *testing.T) {
	f := newFixture(t, true)
	for in, want := range map[string]string{
		"NewCo.Test":          "newco.test",
		"  newco2.test.  ":    "newco2.test",
		"Bücher.Example":      "xn--bcher-kva.example",
		"xn--bcher-kva.test":  "xn--bcher-kva.test",
		"eng.subsidiary.test": "eng.subsidiary.test",
	} {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, want, f.mustAdd(f.w.Acme, in).Name)
		})
	}
}

func TestAddDomainRefusesPublicMailDomainsAndPublicSuffixes(t *testing.T) {
	f := newFixture(t, true)
	for _, name := range []string{"gmail.com", "Outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me",
		"com", "co.uk", "CO.UK.", "github.io", "test", "", "not a domain", "-bad-.test", "alice@newco.test",
		"https://newco.test/", "newco..test"} {
		t.Run(name, func(t *testing.T) {
			r := f.addDomain(f.acme, f.w.Acme, name)
			assert.Equal(t, "INVALID_INPUT", r.Code(), "%+v", r.Errors)
			assert.Equal(t, "name", r.Field())
		})
	}
}

func TestAddDomainVerifiedByAnotherOrganizationIsConflict(t *testing.T) {
	f := newFixture(t, true)
	r := f.addDomain(f.globex, f.w.Globex, "ACME.test")
	assert.Equal(t, "CONFLICT", r.Code())
	assert.Equal(t, "name", r.Field())
	// Both organizations may have the same domain pending; the first to verify it wins.
	f.mustAdd(f.w.Acme, "shared.test")
	g := f.mustAdd(f.w.Globex, "shared.test")
	f.verifiedByDNS("shared.test")
	f.dns.SetTXT("shared.test", []string{g.VerificationRecord})
	assert.Equal(t, "CONFLICT", f.verifyDomain(f.globex, g.ID, "DNS_TXT").Code())
}

func TestAddDomainIssuesA128BitTokenAndAFreshOneWhenAddedAgain(t *testing.T) {
	f := newFixture(t, true)
	d := f.mustAdd(f.w.Acme, "newco.test")
	assert.Equal(t, "UNVERIFIED", d.Status)
	assert.Regexp(t, regexp.MustCompile(`^orgdir-domain-verification=[0-9a-f]{32}$`), d.VerificationRecord)
	assert.Equal(t, "https://newco.test/.well-known/orgdir-domain-verification.txt", d.VerificationFileURL)
	other := f.mustAdd(f.w.Globex, "newco.test")
	assert.NotEqual(t, d.VerificationRecord, other.VerificationRecord, "a token is unique per (org, domain)")

	again := f.mustAdd(f.w.Acme, "newco.test")
	assert.Equal(t, d.ID, again.ID)
	assert.NotEqual(t, d.VerificationRecord, again.VerificationRecord, "adding an unverified domain again issues a fresh token")
	f.dns.SetTXT("newco.test", []string{d.VerificationRecord})
	failed := f.mustVerify(d.ID, "DNS_TXT")
	assert.Equal(t, "UNVERIFIED", failed.Status, "the token it had before never verifies it")

	f.dns.SetTXT("newco.test", []string{again.VerificationRecord})
	verified := f.mustVerify(d.ID, "DNS_TXT")
	require.Equal(t, "VERIFIED", verified.Status)
	assert.Equal(t, verified, f.mustAdd(f.w.Acme, "newco.test"), "adding a verified domain again changes nothing")
	assert.Len(t, f.auditEvents(f.w.Acme, "domain.added"), 1)
	assert.Len(t, f.auditEvents(f.w.Acme, "domain.token_reissued"), 1)
}

func TestDomainsAreForOrganizationAdminsOnly(t *testing.T) {
	f := newFixture(t, true)
	d := f.mustAdd(f.w.Acme, "newco.test")
	t.Run("a site admin of the organization gets FORBIDDEN", func(t *testing.T) {
		assert.Equal(t, "FORBIDDEN", f.addDomain(f.siteAdmin, f.w.Globex, "globex-labs.test").Code())
	})
	t.Run("another organization gets NOT_FOUND", func(t *testing.T) {
		assert.Equal(t, "NOT_FOUND", f.addDomain(f.globex, f.w.Acme, "evil.test").Code())
		assert.Equal(t, "NOT_FOUND", f.verifyDomain(f.globex, d.ID, "DNS_TXT").Code())
		r := f.globex.Query(`mutation($id: ID!) { claimAccounts(domainId: $id) { claimed } }`, map[string]any{"id": d.ID})
		assert.Equal(t, "NOT_FOUND", r.Code())
		r = f.globex.Query(`query($id: ID!) { claimPreview(domainId: $id) { claimable } }`, map[string]any{"id": d.ID})
		assert.Equal(t, "NOT_FOUND", r.Code())
		r = f.globex.Query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": d.ID})
		assert.Equal(t, "NOT_FOUND", r.Code())
	})
	t.Run("the organization lists its domains", func(t *testing.T) {
		var out struct {
			Organization struct{ Domains []domainView }
		}
		f.acme.MustQuery(`query($id: ID!) { organization(id: $id) { domains { `+domainFields+` } } }`,
			map[string]any{"id": f.w.Acme}, &out)
		var names []string
		for _, d := range out.Organization.Domains {
			names = append(names, d.Name)
		}
		assert.ElementsMatch(t, []string{"acme.test", "acme.dev", "newco.test"}, names)
	})
	t.Run("signed out is UNAUTHENTICATED", func(t *testing.T) {
		assert.Equal(t, "UNAUTHENTICATED", f.addDomain(f.env.Anonymous(), f.w.Acme, "x.test").Code())
	})
}
