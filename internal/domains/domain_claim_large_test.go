package domains_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/testkit"
)

// generateAccounts inserts n unmanaged accounts on domainName in one statement (the
// search index's trigger set aside meanwhile: these rows are never searched here).
func (f *fixture) generateAccounts(n int, domainName string) {
	f.t.Helper()
	f.env.BulkInsert(testkit.Series()+`
		INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, status, two_step_verification,
			provisioned, last_active_at, last_active_key, has_site_access)
		SELECT `+testkit.AccountIDOf("i")+`, `+testkit.Timestamp("2026-03-02 09:00:00+00:00")+`, 'p' || i || '@' || ?, 'p' || i || '@' || ?, ?,
			'Person ' || i, 'person ' || i, 'ACTIVE', i % 4 = 0, false,
			CASE WHEN i % 3 = 0 THEN NULL ELSE `+testkit.UnixTime("1767225600 + i * 60")+` END,
			CASE WHEN i % 3 = 0 THEN 0 ELSE 1767225600 + i * 60 END, false FROM seq`,
		n, domainName, domainName, domainName)
}

func TestClaimOf100kAccountsIsOneTransactionWhileOtherWritersSucceed(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 100k accounts")
	}
	n := 100_000
	if raceDetector {
		n = 2_000 // SQLite is ~50× slower under -race: a longer claim would outlast busy_timeout
	}
	f := newFixture(t, true)
	d := f.mustAdd(f.w.Acme, "bigco.test")
	f.generateAccounts(n, "bigco.test")
	f.invite(f.acme, f.w.AcmeEng, "on-a-site@bigco.test")
	f.dns.SetTXT("bigco.test", []string{d.VerificationRecord})
	f.mustVerify(d.ID, "DNS_TXT")
	require.Equal(t, n+1, f.preview(d.ID, 1, "").ClaimPreview.Claimable)

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	stop := make(chan struct{})
	writes := 0
	var mu sync.Mutex
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				r := f.acme.Query(`mutation($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails) { id } }`,
					map[string]any{"site": f.w.AcmeSupport, "emails": []string{fmt.Sprintf("writer%d-%d@elsewhere.test", w, i)}})
				if len(r.Errors) > 0 {
					errs <- fmt.Errorf("writer %d: %+v", w, r.Errors)
					return
				}
				mu.Lock()
				writes++
				mu.Unlock()
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	began := time.Now()
	claimed, _ := f.claim(d.ID)
	took := time.Since(began)
	time.Sleep(50 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, n+1, claimed)
	t.Logf("claimed %d accounts in %s while 4 writers made %d invitations", claimed, took.Round(time.Millisecond), writes)
	assert.Positive(t, writes)
	stats := f.requireCountersMatchRecount(f.w.Acme)
	assert.GreaterOrEqual(t, stats.Total, n+1)
	assert.Len(t, f.auditEvents(f.w.Acme, "domain.claimed"), 1)
}
