package domains_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVerifyDomainByDNSTXTAmongSeveralAndMultiStringRecords(t *testing.T) {
	f := newFixture(t, true)
	t.Run("several TXT records, ours among them", func(t *testing.T) {
		d := f.mustAdd(f.w.Acme, "newco.test")
		f.dns.SetTXT("newco.test", []string{"v=spf1 include:_spf.example.test ~all"},
			[]string{"google-site-verification=abc"}, []string{d.VerificationRecord})
		v := f.mustVerify(d.ID, "DNS_TXT")
		assert.Equal(t, "VERIFIED", v.Status)
		require.NotNil(t, v.Method)
		assert.Equal(t, "DNS_TXT", *v.Method)
		require.NotNil(t, v.VerifiedAt)
		assert.True(t, v.VerifiedAt.Equal(f.env.Clock.Now()))
		assert.Nil(t, v.LastCheckError)
		assert.Nil(t, v.ClaimedAt, "verifying claims nothing")
		assert.Len(t, f.auditEvents(f.w.Acme, "domain.verified"), 1)
	})
	t.Run("one record split into several strings", func(t *testing.T) {
		d := f.mustAdd(f.w.Acme, "split.test")
		rec := d.VerificationRecord
		f.dns.SetTXT("split.test", []string{rec[:10], rec[10:30], rec[30:]})
		assert.Equal(t, "VERIFIED", f.mustVerify(d.ID, "DNS_TXT").Status)
	})
}

func TestVerifyDomainByHTTPSFile(t *testing.T) {
	f := newFixture(t, true)
	d := f.mustAdd(f.w.Acme, "web.test")
	f.dns.SetA("web.test", "127.0.0.1")
	f.web.Serve("web.test", d.VerificationRecord+"\n")
	v := f.mustVerify(d.ID, "HTTPS_FILE")
	assert.Equal(t, "VERIFIED", v.Status, "lastCheckError: %v", v.LastCheckError)
	require.NotNil(t, v.Method)
	assert.Equal(t, "HTTPS_FILE", *v.Method)

	t.Run("a redirect within the same host is followed", func(t *testing.T) {
		d := f.mustAdd(f.w.Acme, "moved.test")
		f.dns.SetA("moved.test", "127.0.0.1")
		f.web.Redirect("moved.test", "/verification/current.txt")
		f.web.Serve("moved.test/verification/current.txt", d.VerificationRecord)
		v := f.mustVerify(d.ID, "HTTPS_FILE")
		assert.Equal(t, "VERIFIED", v.Status, "lastCheckError: %v", v.LastCheckError)
	})
}

// Every reason a check fails leaves the domain UNVERIFIED with lastCheckError saying why.
func TestVerifyDomainFailureReasons(t *testing.T) {
	f := newFixture(t, true)
	cases := []struct {
		name, domain, method, reason string
		setup                        func(record string)
	}{
		{"DNS: no record", "none.test", "DNS_TXT", "No record", func(string) {
			f.dns.SetTXT("none.test", []string{"v=spf1 -all"})
		}},
		{"DNS: the name does not exist", "nxdomain.test", "DNS_TXT", "No record", func(string) {}},
		{"DNS: wrong value", "wrong.test", "DNS_TXT", "Wrong value", func(string) {
			f.dns.SetTXT("wrong.test", []string{"orgdir-domain-verification=0123456789abcdef0123456789abcdef"})
		}},
		{"DNS: timeout", "silent.test", "DNS_TXT", "Timeout", func(string) { f.dns.Silence("silent.test") }},
		{"DNS: server failure", "servfail.test", "DNS_TXT", "Lookup failed", func(string) { f.dns.Fail("servfail.test") }},
		{"HTTPS: no file", "nofile.test", "HTTPS_FILE", "No record", func(string) {
			f.dns.SetA("nofile.test", "127.0.0.1")
		}},
		{"HTTPS: server error", "error.test", "HTTPS_FILE", "No record", func(string) {
			f.dns.SetA("error.test", "127.0.0.1")
			f.web.Status("error.test", http.StatusInternalServerError)
		}},
		{"HTTPS: no address", "noaddr.test", "HTTPS_FILE", "No record", func(record string) {
			f.dns.SetTXT("noaddr.test", []string{record})
		}},
		{"HTTPS: wrong value", "wrongfile.test", "HTTPS_FILE", "Wrong value", func(string) {
			f.dns.SetA("wrongfile.test", "127.0.0.1")
			f.web.Serve("wrongfile.test", "orgdir-domain-verification=0123456789abcdef0123456789abcdef")
		}},
		{"HTTPS: timeout", "slow.test", "HTTPS_FILE", "Timeout", func(string) {
			f.dns.SetA("slow.test", "127.0.0.1")
			f.web.Slow("slow.test")
		}},
		{"HTTPS: TLS failure", "untrusted.test", "HTTPS_FILE", "TLS failure", func(record string) {
			f.dns.SetA("untrusted.test", "127.0.0.1")
			f.web.Untrusted("untrusted.test")
			f.web.Serve("untrusted.test", record)
		}},
		{"HTTPS: redirect to another host", "elsewhere.test", "HTTPS_FILE", "Refused redirect", func(record string) {
			f.dns.SetA("elsewhere.test", "127.0.0.1")
			f.dns.SetA("attacker.test", "127.0.0.1")
			f.web.Redirect("elsewhere.test", "https://attacker.test/.well-known/orgdir-domain-verification.txt")
			f.web.Serve("attacker.test", record)
		}},
		{"HTTPS: connection refused", "closed.test", "HTTPS_FILE", "Fetch failed", func(string) {
			f.dns.SetA("closed.test", "127.0.0.2") // loopback, where the test server does not listen
		}},
		{"HTTPS: file too large", "big.test", "HTTPS_FILE", "File too large", func(record string) {
			f.dns.SetA("big.test", "127.0.0.1")
			f.web.Serve("big.test", record+strings.Repeat("\n", 5000))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := f.mustAdd(f.w.Acme, c.domain)
			c.setup(d.VerificationRecord)
			before := len(f.auditEvents(f.w.Acme, "domain.verification_failed"))
			v := f.mustVerify(d.ID, c.method)
			assert.Equal(t, "UNVERIFIED", v.Status)
			assert.Nil(t, v.Method)
			assert.Nil(t, v.VerifiedAt)
			require.NotNil(t, v.LastCheckError)
			assert.True(t, strings.HasPrefix(*v.LastCheckError, c.reason+": "), "lastCheckError %q should start with %q", *v.LastCheckError, c.reason)
			assert.Contains(t, *v.LastCheckError, c.domain)
			require.NotNil(t, v.LastCheckedAt)
			assert.True(t, v.LastCheckedAt.Equal(f.env.Clock.Now()))
			assert.Len(t, f.auditEvents(f.w.Acme, "domain.verification_failed"), before+1)
			assert.Equal(t, v, f.domain(d.ID), "the failure is kept on the domain")
		})
	}
}

// Without --insecure-allow-private-verification the HTTPS check refuses private,
// loopback and link-local targets: the address dialed is checked, whatever the name.
func TestVerifyDomainRefusesPrivateAddressesWithoutTheTestFlag(t *testing.T) {
	f := newFixture(t, false)
	for name, ip := range map[string]string{"loopback.test": "127.0.0.1", "private.test": "10.1.2.3",
		"linklocal.test": "169.254.169.254", "cgnat.test": "100.64.0.1"} {
		t.Run(name, func(t *testing.T) {
			d := f.mustAdd(f.w.Acme, name)
			f.dns.SetA(name, ip)
			f.web.Serve(name, d.VerificationRecord)
			v := f.mustVerify(d.ID, "HTTPS_FILE")
			assert.Equal(t, "UNVERIFIED", v.Status)
			require.NotNil(t, v.LastCheckError)
			assert.True(t, strings.HasPrefix(*v.LastCheckError, "Refused address: "), *v.LastCheckError)
			assert.Contains(t, *v.LastCheckError, ip)
		})
	}
	t.Run("the DNS check still works", func(t *testing.T) {
		assert.Equal(t, "VERIFIED", f.verifiedByDNS("dnsonly.test").Status)
	})
}

func TestVerifyDomainBadInput(t *testing.T) {
	f := newFixture(t, true)
	d := f.mustAdd(f.w.Acme, "newco.test")
	assert.Equal(t, "INVALID_INPUT", f.verifyDomain(f.acme, "dom_nope", "DNS_TXT").Code())
	assert.Equal(t, "NOT_FOUND", f.verifyDomain(f.acme, f.w.Acme, "DNS_TXT").Code())
	assert.Equal(t, "GRAPHQL_VALIDATION_FAILED", f.verifyDomain(f.acme, d.ID, "CARRIER_PIGEON").Code())
}

func TestDomainChangesWithAReadOnlyAPIKeyAreForbidden(t *testing.T) {
	f := newFixture(t, true)
	d := f.verifiedByDNS("newco.test")
	key := f.apiKey(f.w.Acme, true)
	for name, q := range map[string]string{
		"addDomain":     `mutation { addDomain(organizationId: "` + string(f.w.Acme) + `", name: "other.test") { id } }`,
		"verifyDomain":  `mutation { verifyDomain(domainId: "` + string(d.ID) + `", method: DNS_TXT) { id } }`,
		"claimAccounts": `mutation { claimAccounts(domainId: "` + string(d.ID) + `") { claimed } }`,
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, "FORBIDDEN", f.bearerQuery(key, q).Code())
		})
	}
	t.Run("it can read the preview", func(t *testing.T) {
		r := f.bearerQuery(key, `{ claimPreview(domainId: "`+string(d.ID)+`") { claimable } }`)
		assert.Empty(t, r.Errors)
	})
}
