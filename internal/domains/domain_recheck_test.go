package domains_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/domains"
	"orgdir/internal/testkit"
)

// relogin signs the admins in again after the clock moved past their sessions.
func (f *fixture) relogin() {
	f.acme = f.env.Login(testkit.AcmeAdminEmail, testkit.Password)
	f.globex = f.env.Login(testkit.GlobexAdminEmail, testkit.Password)
}

func TestDomainLapsesAfter7DaysOfFailedRechecksAndItsOldTokenNeverVerifiesItAgain(t *testing.T) {
	f := newFixture(t, true)
	d := f.verifiedByDNS("newco.test")
	oldRecord := d.VerificationRecord
	ids := f.createAccounts("n1@newco.test")
	f.invite(f.acme, f.w.AcmeEng, "n2@newco.test")
	f.claim(d.ID)
	managed := f.requireCountersMatchRecount(f.w.Acme)

	f.recheckDaily()
	f.relogin()
	v := f.domain(d.ID)
	require.Equal(t, "VERIFIED", v.Status)
	assert.True(t, v.LastCheckedAt.Equal(f.env.Clock.Now()), "checked again after a day")
	assert.Nil(t, v.LastCheckError)
	f.env.App.Jobs.RunOnce(context.Background())
	assert.Equal(t, v, f.domain(d.ID), "at most one check a day")

	f.dns.SetTXT("newco.test")
	f.recheckDaily()
	firstFailure := f.env.Clock.Now()
	for day := 1; day < 7; day++ {
		f.relogin()
		v := f.domain(d.ID)
		require.Equal(t, "VERIFIED", v.Status, "day %d of failures", day)
		require.NotNil(t, v.LastCheckError)
		assert.True(t, strings.HasPrefix(*v.LastCheckError, "No record: "), *v.LastCheckError)
		require.NotNil(t, v.FailingSince)
		assert.True(t, v.FailingSince.Equal(firstFailure))
		f.recheckDaily()
	}
	f.relogin()
	require.Equal(t, "VERIFIED", f.domain(d.ID).Status, "6 days of failures")
	f.recheckDaily()
	f.relogin()

	lapsed := f.domain(d.ID)
	t.Run("after 7 days the domain is UNVERIFIED and says why", func(t *testing.T) {
		assert.Equal(t, "UNVERIFIED", lapsed.Status)
		assert.Nil(t, lapsed.Method)
		assert.Nil(t, lapsed.VerifiedAt)
		assert.Nil(t, lapsed.ClaimedAt)
		require.NotNil(t, lapsed.LastCheckError)
		assert.True(t, strings.HasPrefix(*lapsed.LastCheckError, "No record: "), *lapsed.LastCheckError)
		assert.Contains(t, *lapsed.LastCheckError, "lost its verification")
		assert.NotEqual(t, oldRecord, lapsed.VerificationRecord, "the token that lapsed is withdrawn")
		evs := f.auditEvents(f.w.Acme, "domain.verification_lapsed")
		require.Len(t, evs, 1)
		assert.EqualValues(t, 2, evs[0].Details["count"])
	})
	t.Run("its accounts are no longer managed", func(t *testing.T) {
		a := f.account(ids[0])
		assert.Nil(t, a.ManagingOrgID)
		assert.Nil(t, a.PolicyID)
		after := f.requireCountersMatchRecount(f.w.Acme)
		assert.Equal(t, managed.Total-2, after.Total)
		var out struct {
			Organization struct {
				Users struct {
					Edges []struct {
						Node struct{ Account struct{ Email string } }
					}
				}
			}
		}
		f.acme.MustQuery(`query($org: ID!) { organization(id: $org) { users(first: 10, where: {managed: false}, search: "newco") {
			edges { node { account { email } } } } } }`, map[string]any{"org": f.w.Acme}, &out)
		require.Len(t, out.Organization.Users.Edges, 1, "the user stays on the site, as an external user")
		assert.Equal(t, "n2@newco.test", out.Organization.Users.Edges[0].Node.Account.Email)
		f.invite(f.acme, f.w.AcmeEng, "n3@newco.test")
		assert.Equal(t, after.Total, f.requireCountersMatchRecount(f.w.Acme).Total, "new accounts are not managed either")
	})
	t.Run("the old token published again does not verify it", func(t *testing.T) {
		f.dns.SetTXT("newco.test", []string{oldRecord})
		v := f.mustVerify(d.ID, "DNS_TXT")
		assert.Equal(t, "UNVERIFIED", v.Status)
		require.NotNil(t, v.LastCheckError)
		assert.True(t, strings.HasPrefix(*v.LastCheckError, "Wrong value: "), *v.LastCheckError)
	})
	t.Run("added again, it gets a fresh token, which verifies it", func(t *testing.T) {
		again := f.mustAdd(f.w.Acme, "newco.test")
		assert.NotEqual(t, oldRecord, again.VerificationRecord)
		assert.NotEqual(t, lapsed.VerificationRecord, again.VerificationRecord)
		assert.Equal(t, "UNVERIFIED", f.mustVerify(d.ID, "DNS_TXT").Status, "still the old token published")
		f.dns.SetTXT("newco.test", []string{again.VerificationRecord})
		assert.Equal(t, "VERIFIED", f.mustVerify(d.ID, "DNS_TXT").Status)
		n, _ := f.claim(d.ID)
		assert.Equal(t, 3, n)
		f.requireCountersMatchRecount(f.w.Acme)
	})
}

func TestDomainRecheckSuccessClearsEarlierFailures(t *testing.T) {
	f := newFixture(t, true)
	d := f.mustAdd(f.w.Acme, "web.test")
	f.dns.SetA("web.test", "127.0.0.1")
	f.web.Serve("web.test", d.VerificationRecord)
	require.Equal(t, "VERIFIED", f.mustVerify(d.ID, "HTTPS_FILE").Status)
	f.web.Serve("web.test", "something else")
	for range 5 {
		f.recheckDaily()
	}
	f.relogin()
	v := f.domain(d.ID)
	require.NotNil(t, v.FailingSince)
	require.NotNil(t, v.LastCheckError)
	assert.True(t, strings.HasPrefix(*v.LastCheckError, "Wrong value: "), *v.LastCheckError)

	f.web.Serve("web.test", d.VerificationRecord)
	f.recheckDaily()
	f.relogin()
	v = f.domain(d.ID)
	assert.Equal(t, "VERIFIED", v.Status)
	assert.Nil(t, v.FailingSince)
	assert.Nil(t, v.LastCheckError)

	f.web.Serve("web.test", "something else")
	for range 6 {
		f.recheckDaily()
	}
	f.relogin()
	assert.Equal(t, "VERIFIED", f.domain(d.ID).Status, "the 7 days count from the first failure after the last success")
}

func TestDomainRecheckSkipsOperatorMarkedDomains(t *testing.T) {
	f := newFixture(t, true)
	for range 10 {
		f.recheckDaily()
	}
	f.relogin()
	var out struct {
		Organization struct{ Domains []domainView }
	}
	f.acme.MustQuery(`query($id: ID!) { organization(id: $id) { domains { `+domainFields+` } } }`,
		map[string]any{"id": f.w.Acme}, &out)
	for _, d := range out.Organization.Domains {
		if d.Name == "acme.test" {
			assert.Equal(t, "VERIFIED", d.Status)
			assert.Nil(t, d.Method)
			assert.Nil(t, d.LastCheckedAt, "never re-checked")
		}
	}
}

func TestMarkVerifiedByTheOperatorIsAuditedAndNeverRechecked(t *testing.T) {
	f := newFixture(t, true)
	ctx := context.Background()
	d, err := f.env.App.Domains.MarkVerified(ctx, "Acme", "Partner.test")
	require.NoError(t, err)
	assert.Equal(t, "partner.test", d.Name)
	f.relogin()
	v := f.domain(d.ID)
	assert.Equal(t, "VERIFIED", v.Status)
	assert.Nil(t, v.Method)
	assert.NotNil(t, v.VerifiedAt)
	evs := f.auditEvents(f.w.Acme, "domain.marked_verified")
	require.Len(t, evs, 1)
	assert.Equal(t, "SYSTEM", string(evs[0].ActorType))

	_, err = f.env.App.Domains.MarkVerified(ctx, string(f.w.Globex), "partner.test")
	assert.ErrorContains(t, err, "verified by another organization")
	_, err = f.env.App.Domains.MarkVerified(ctx, "Nobody Inc", "x.test")
	assert.ErrorContains(t, err, "not found")
	_, err = f.env.App.Domains.MarkVerified(ctx, "Acme", "gmail.com")
	assert.ErrorContains(t, err, "public email provider")

	// Marking an added, unverified domain verifies that row; marking again changes nothing.
	added := f.mustAdd(f.w.Acme, "pending.test")
	_, err = f.env.App.Domains.MarkVerified(ctx, string(f.w.Acme), "pending.test")
	require.NoError(t, err)
	_, err = f.env.App.Domains.MarkVerified(ctx, string(f.w.Acme), "pending.test")
	require.NoError(t, err)
	assert.Equal(t, "VERIFIED", f.domain(added.ID).Status)
	assert.Len(t, f.auditEvents(f.w.Acme, "domain.marked_verified"), 2)

	f.env.Clock.Advance(domains.LapseAfter + 3*24*time.Hour)
	f.env.App.Jobs.RunOnce(ctx)
	f.relogin()
	assert.Nil(t, f.domain(d.ID).LastCheckedAt)
}
