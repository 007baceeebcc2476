package export_test

import (
	"bufio"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"orgdir/internal/app"
	"orgdir/internal/export"
	"orgdir/internal/testkit"
)

// bulkRows is how many accounts the streaming test generates: 200k, or 20k under the
// race detector (where SQLite alone would take minutes); EXPORT_ROWS overrides.
func bulkRows() int {
	if n, err := strconv.Atoi(os.Getenv("EXPORT_ROWS")); err == nil && n > 0 {
		return n
	}
	if raceDetector {
		return 20_000
	}
	return 200_000
}

// maxHeapGrowth bounds the live heap an export may add, whatever the number of rows:
// under half of what 200k rows weigh as CSV (34 MB). Measured here: +4 to +7 MB for
// 20k, 100k, 200k and 400k rows alike.
const maxHeapGrowth = 16 << 20

func TestExportStreams200kRowsInBoundedMemoryAndStopsWhenTheClientGoesAway(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 200k accounts")
	}
	var batchQueries atomic.Int64
	env := testkit.NewWithOptions(t, app.Options{SQLLog: func(q string) {
		if strings.Contains(q, "FROM "+testkit.Ident("accounts")) && strings.Contains(q, "LIMIT "+strconv.Itoa(export.BatchSize)) {
			batchQueries.Add(1)
		}
	}})
	w := env.Seed()
	n := bulkRows()
	start := time.Now()
	// One set-based statement (see testkit.BulkInsert).
	env.BulkInsert(testkit.Series()+`
		INSERT INTO accounts (id, created_at, email, email_key, email_domain, name, name_key, status, two_step_verification,
			provisioned, last_active_key, has_site_access, policy_id, managing_org_id)
		SELECT `+testkit.AccountIDOf("i")+`, `+testkit.Timestamp("2026-03-02 09:00:00+00:00")+`, 'bulk' || i || '@acme.test', 'bulk' || i || '@acme.test',
			'acme.test', 'Bulk Person ' || i, 'bulk person ' || i, 'ACTIVE', i % 3 = 0, false, 0, false, ?, ? FROM seq`,
		n, w.Default, w.Acme)
	t.Logf("generated %d accounts in %s", n, time.Since(start).Round(time.Millisecond))
	acme := streamingClient(t, env)
	url := env.Server.URL + "/export/orgs/" + string(w.Acme) + "/managed-accounts.csv?orderBy=NAME"

	t.Run("memory does not grow with the rows, and the first bytes arrive at once", func(t *testing.T) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(25 * time.Millisecond):
				}
				runtime.GC() // the live heap: what the export holds, not garbage awaiting collection
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > peak.Load() {
					peak.Store(ms.HeapAlloc)
				}
			}
		}()
		began := time.Now()
		res := startDownload(t, acme, url)
		defer res.Body.Close()
		counter := &countingReader{r: res.Body}
		r := csv.NewReader(bufio.NewReader(counter))
		r.ReuseRecord = true
		rows := 0
		var firstRow time.Duration
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			if rows == 1 {
				firstRow = time.Since(began)
			}
			if rows > 0 {
				require.Len(t, rec, 20)
			}
			rows++
		}
		elapsed := time.Since(began)
		close(stop)
		wg.Wait()
		growth := int64(peak.Load()) - int64(base)
		assert.Equal(t, n+4+1, rows, "header, the World's 4 managed accounts and the generated ones")
		t.Logf("exported %d rows (%.1f MB) in %s: %.0f rows/s; first row after %s; live heap %0.1f MB before, peak %0.1f MB (+%0.1f MB); %d batch queries",
			rows-1, float64(counter.n)/1e6, elapsed.Round(time.Millisecond), float64(rows-1)/elapsed.Seconds(),
			firstRow.Round(time.Microsecond), float64(base)/1e6, float64(peak.Load())/1e6, float64(growth)/1e6, batchQueries.Load())
		assert.Less(t, growth, int64(maxHeapGrowth), "heap growth while streaming %d bytes", counter.n)
		assert.Less(t, firstRow, elapsed/5, "the first rows arrive long before the last")
	})

	t.Run("the export stops when the client goes away", func(t *testing.T) {
		before := batchQueries.Load()
		res := startDownload(t, acme, url)
		_, err := io.CopyN(io.Discard, res.Body, 200_000)
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
		time.Sleep(300 * time.Millisecond)
		after := batchQueries.Load()
		time.Sleep(500 * time.Millisecond)
		assert.Equal(t, after, batchQueries.Load(), "no more batches are read once the client is gone")
		assert.Less(t, after-before, int64(n/export.BatchSize/2), "the export stopped early (%d batches read)", after-before)
	})
}

// streamingClient signs in with a cookie jar of its own, for downloads read as a stream.
func streamingClient(t *testing.T, env *testkit.Env) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Post(env.Server.URL+"/auth/login", "application/json",
		strings.NewReader(`{"email": "`+testkit.AcmeAdminEmail+`", "password": "`+testkit.Password+`"}`))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	return c
}

func startDownload(t *testing.T, c *http.Client, url string) *http.Response {
	t.Helper()
	res, err := c.Get(url)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	return res
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
