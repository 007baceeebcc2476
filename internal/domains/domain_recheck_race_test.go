package domains_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/internal/app"
	"orgdir/internal/domains"
)

func TestDomainRecheckRacingInTwoProcessesChecksEachDueDomainOnce(t *testing.T) {
	f := newFixture(t, true)
	for i := range 6 {
		f.verifiedByDNS(fmt.Sprintf("race%d.test", i))
	}
	due := f.env.Count(`SELECT COUNT(*) FROM domains WHERE status = 'VERIFIED' AND method IS NOT NULL`)
	require.GreaterOrEqual(t, due, 6)
	// A second process on the same database, with the same checks and clock.
	other, err := app.New(context.Background(), app.Options{DB: f.env.DSN, Clock: f.env.Clock, Domains: domains.Config{
		DNSResolver: f.dns.addr, CAFile: f.web.caFile, AllowPrivate: true, HTTPSPort: f.web.port, Timeout: 700 * time.Millisecond,
	}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = other.Close() })
	f.env.Clock.Advance(domains.RecheckEvery + time.Minute)

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		checked int
		errs    []error
	)
	for range 3 {
		for _, s := range []*domains.Service{f.env.App.Domains, other.Domains} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := s.Recheck(context.Background())
				mu.Lock()
				defer mu.Unlock()
				checked += n
				if err != nil {
					errs = append(errs, err)
				}
			}()
		}
	}
	wg.Wait()
	require.Empty(t, errs)
	require.Equal(t, due, checked, "six racing re-checks check each due domain once between them")
	require.Zero(t, f.env.Count(`SELECT COUNT(*) FROM domains WHERE status = 'VERIFIED' AND method IS NOT NULL
		AND (last_checked_at IS NULL OR last_checked_at < ?)`, f.env.Clock.Now()), "every due domain was checked now")
}
