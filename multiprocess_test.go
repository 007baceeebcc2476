package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"orgdir/ent"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/testkit"
	"orgdir/internal/viewer"
)

// Several `orgdir serve` processes on one database (docs/POSTGRES.md): whatever the
// pass's database is (ORGDIR_TEST_DB), the processes share it and nothing else.

// serveProcess is one running `orgdir serve` whose log lines are kept.
type serveProcess struct {
	cmd  *exec.Cmd
	addr string
	mu   sync.Mutex
	logs []string
}

// log returns the JSON log lines (stderr) the process wrote so far.
func (p *serveProcess) log() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.logs...)
}

// startTogether starts n `orgdir serve` processes on dsn at the same moment (so their
// start-up work, migrations and the first run of the jobs, overlaps) and waits until
// every one listens.
func startTogether(t *testing.T, n int, dsn string) []*serveProcess {
	t.Helper()
	procs := make([]*serveProcess, n)
	listening := make(chan error, n)
	for i := range procs {
		p := &serveProcess{addr: freeAddr(t)}
		p.cmd = exec.Command(binary, "serve", "--addr", p.addr, "--db", dsn)
		stdout, err := p.cmd.StdoutPipe()
		require.NoError(t, err)
		stderr, err := p.cmd.StderrPipe()
		require.NoError(t, err)
		procs[i] = p
		go func() {
			s := bufio.NewScanner(stdout)
			seen := []string{}
			for s.Scan() {
				seen = append(seen, s.Text())
				if strings.Contains(s.Text(), "listening on") {
					listening <- nil
					_, _ = io.Copy(io.Discard, stdout)
					return
				}
			}
			listening <- fmt.Errorf("process %d exited before listening: %v %v", i, seen, p.log())
		}()
		go func() {
			s := bufio.NewScanner(stderr)
			s.Buffer(make([]byte, 64<<10), 1<<20)
			for s.Scan() {
				p.mu.Lock()
				p.logs = append(p.logs, s.Text())
				p.mu.Unlock()
			}
		}()
	}
	for _, p := range procs {
		require.NoError(t, p.cmd.Start())
		t.Cleanup(func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait() })
	}
	timeout := time.After(60 * time.Second)
	for range procs {
		select {
		case err := <-listening:
			require.NoError(t, err)
		case <-timeout:
			t.Fatal("the processes did not all start within 60 s")
		}
	}
	return procs
}

// finalizedBy sums the "deleted accounts whose grace period ended" counts a process
// logged: how many accounts its finalizer reports it deleted.
func finalizedBy(t *testing.T, p *serveProcess) int {
	t.Helper()
	total := 0
	for _, l := range p.log() {
		var e struct {
			Msg   string `json:"msg"`
			Count int    `json:"count"`
			Level string `json:"level"`
			Err   string `json:"err"`
		}
		if json.Unmarshal([]byte(l), &e) != nil {
			continue
		}
		require.NotEqual(t, "ERROR", e.Level, "process %s logged an error: %s", p.addr, l)
		if e.Msg == "deleted accounts whose grace period ended" {
			total += e.Count
		}
	}
	return total
}

// stats are the counter-kept Managed accounts figures that do not depend on the clock.
type stats struct {
	Total, Active, Deactivated, PendingDeletion, SecureLogin, Billable, WithoutSiteAccess int
}

func statsOver(t *testing.T, c *apiClient, org gid.ID) stats {
	t.Helper()
	var out struct {
		Organization struct{ ManagedAccountStats stats }
	}
	c.must(t, `query($org: ID!) { organization(id: $org) { managedAccountStats {
	  total active deactivated pendingDeletion secureLogin billable withoutSiteAccess } } }`,
		map[string]any{"org": org}, &out)
	return out.Organization.ManagedAccountStats
}

func recount(t *testing.T, env *testkit.Env, org gid.ID) stats {
	t.Helper()
	st, err := env.App.Directory.Recount(context.Background(), org)
	require.NoError(t, err)
	return stats{Total: st.Total, Active: st.Active, Deactivated: st.Deactivated, PendingDeletion: st.PendingDeletion,
		SecureLogin: st.SecureLogin, Billable: st.Billable, WithoutSiteAccess: st.WithoutSiteAccess}
}

// scheduleDeletions creates n accounts Acme manages and schedules their deletion
// through the API, then moves the scheduled time into the past: the grace period of
// every one has ended (test setup straight in the database, as a clock would).
func scheduleDeletions(t *testing.T, env *testkit.Env, n int) []gid.ID {
	t.Helper()
	ctx := viewer.System(context.Background())
	ids := make([]gid.ID, n)
	err := directory.WithTx(ctx, env.App.DB.Client, func(tx *ent.Tx) error {
		for i := range ids {
			a, err := directory.CreateAccount(ctx, tx, env.Clock.Now(), directory.NewAccount{
				Email: fmt.Sprintf("leaver%04d@acme.test", i), Name: fmt.Sprintf("Leaver %04d", i)})
			if err != nil {
				return err
			}
			ids[i] = a.ID
		}
		return nil
	})
	require.NoError(t, err)
	admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				r := admin.Query(`mutation($id: ID!) { deleteAccount(accountId: $id) { status } }`, map[string]any{"id": ids[i]})
				if len(r.Errors) > 0 {
					errs <- fmt.Errorf("delete %s: %+v", ids[i], r.Errors)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	res, err := env.Exec(`UPDATE accounts SET deletion_scheduled_for = ? WHERE status = 'PENDING_DELETION'`,
		time.Now().Add(-time.Hour))
	require.NoError(t, err)
	moved, err := res.RowsAffected()
	require.NoError(t, err)
	require.EqualValues(t, n, moved)
	return ids
}

func TestTwoServeProcessesOnOneDatabase(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	// More than two of the finalizer's batches of 500, so that the processes' batches
	// interleave; fewer under -race (the SQLite pass), where setting them up is 20× slower.
	n := 1100
	if raceDetector {
		n = 150
	}
	ids := scheduleDeletions(t, env, n)
	before := recount(t, env, w.Acme)
	require.Equal(t, n, before.PendingDeletion)

	procs := startTogether(t, 2, env.DSN)
	a, b := procs[0], procs[1]

	t.Run("both finalizers ran at start-up and each due account was finalized exactly once", func(t *testing.T) {
		deadline := time.Now().Add(2 * time.Minute)
		for env.Count(`SELECT COUNT(*) FROM accounts WHERE status = 'PENDING_DELETION'`) > 0 {
			require.True(t, time.Now().Before(deadline), "accounts still pending deletion after 2 minutes")
			time.Sleep(200 * time.Millisecond)
		}
		// The finalizer logs after its last batch: wait until both have reported.
		var byA, byB int
		for {
			byA, byB = finalizedBy(t, a), finalizedBy(t, b)
			if byA+byB >= n || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("process A finalized %d accounts, process B %d", byA, byB)
		require.Equal(t, n, byA+byB, "the two finalizers' reports add up to the due accounts, none twice")

		require.Equal(t, n, env.Count(`SELECT COUNT(*) FROM accounts WHERE status = 'DELETED' AND email LIKE 'deleted-%'`))
		require.Equal(t, n, env.Count(`SELECT COUNT(*) FROM audit_events WHERE action = 'account.deleted'`))
		require.Zero(t, env.Count(`SELECT COUNT(*) FROM (SELECT target_id FROM audit_events WHERE action = 'account.deleted'
			GROUP BY target_id HAVING COUNT(*) <> 1) twice`), "one account.deleted event per account")
		for _, id := range []gid.ID{ids[0], ids[n/2], ids[n-1]} {
			require.Equal(t, 1, env.Count(`SELECT COUNT(*) FROM audit_events WHERE action = 'account.deleted' AND target_id = ?`, id))
		}

		want := recount(t, env, w.Acme)
		require.Zero(t, want.PendingDeletion)
		require.Equal(t, before.Total-n, want.Total)
		for _, p := range procs {
			c := newAPIClient(p.addr)
			require.NoError(t, c.login(testkit.AcmeAdminEmail, testkit.Password))
			require.Equal(t, want, statsOver(t, c, w.Acme), "the counters %s reads equal a recount", p.addr)
		}
	})

	t.Run("a sign-out on one process is honoured by the other", func(t *testing.T) {
		c := newAPIClient(a.addr)
		require.NoError(t, c.login(testkit.AcmeAdminEmail, testkit.Password))
		cookie := sessionCookie(t, c, a.addr)

		require.Equal(t, http.StatusOK, viewerStatus(t, b.addr, cookie), "the session of A works on B")
		res, err := postWithCookie(a.addr, "/auth/logout", cookie)
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, res)
		require.Equal(t, http.StatusUnauthorized, viewerStatus(t, b.addr, cookie), "B refuses the cookie after the sign-out on A")
		require.Equal(t, http.StatusUnauthorized, viewerStatus(t, a.addr, cookie))
	})

	t.Run("sign-in limits are shared: failures on both processes add up", func(t *testing.T) {
		attempt := func(addr, password string) int {
			body := fmt.Sprintf(`{"email":%q,"password":%q}`, testkit.GlobexAdminEmail, password)
			res, err := http.Post("http://"+addr+"/auth/login", "application/json", strings.NewReader(body))
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode
		}
		// Five wrong passwords at once, spread over both processes.
		codes := make(chan int, 5)
		var wg sync.WaitGroup
		for i := range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes <- attempt(procs[i%2].addr, "wrong password")
			}()
		}
		wg.Wait()
		close(codes)
		for code := range codes {
			require.Equal(t, http.StatusUnauthorized, code)
		}
		require.Equal(t, http.StatusTooManyRequests, attempt(a.addr, testkit.Password), "the sixth attempt is refused, on A")
		require.Equal(t, http.StatusTooManyRequests, attempt(b.addr, testkit.Password), "and on B")
	})
}

// sessionCookie is the session cookie c holds for the process at addr.
func sessionCookie(t *testing.T, c *apiClient, addr string) *http.Cookie {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
	require.NoError(t, err)
	for _, k := range c.http.Jar.Cookies(req.URL) {
		if k.Name == "orgdir_session" {
			return k
		}
	}
	t.Fatal("no session cookie after signing in")
	return nil
}

// viewerStatus asks the process at addr who the cookie's holder is.
func viewerStatus(t *testing.T, addr string, cookie *http.Cookie) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/query", strings.NewReader(`{"query":"{ viewer { organizations { id } } }"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(cookie)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func postWithCookie(addr, path string, cookie *http.Cookie) (int, error) {
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+path, nil)
	if err != nil {
		return 0, err
	}
	req.AddCookie(cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

func TestTwoServeProcessesMigrateAnEmptyDatabaseTogether(t *testing.T) {
	dsn, _ := testkit.NewDatabase(t)
	procs := startTogether(t, 2, dsn)
	for _, p := range procs {
		res, err := http.Get("http://" + p.addr + "/readyz")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, "%s is ready", p.addr)
	}
}
