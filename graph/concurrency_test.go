package graph_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/gid"
	"orgdir/internal/testkit"
)

// concurrentOutcome is what one goroutine of a concurrency test saw.
type concurrentOutcome struct {
	account gid.ID
	step    string
	errors  []testkit.Error
	status  int
	want    string // the account status the step must answer
	got     string
}

// runConcurrently runs one goroutine per account, each doing its steps in order with
// the client it is given, and returns every step's outcome.
func runConcurrently(t *testing.T, ids []gid.ID, client func(i int) *testkit.Client,
	steps func(i int) []struct{ name, doc, want string }) []concurrentOutcome {
	t.Helper()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		out   []concurrentOutcome
		start = make(chan struct{})
	)
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := client(i)
			<-start // release every goroutine at once
			for _, s := range steps(i) {
				r := c.Query(s.doc, map[string]any{"id": id})
				o := concurrentOutcome{account: id, step: s.name, errors: r.Errors, status: r.StatusCode, want: s.want}
				if len(r.Errors) == 0 {
					var data struct{ M struct{ Status string } }
					r.Decode(&data)
					o.got = data.M.Status
				}
				mu.Lock()
				out = append(out, o)
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// requireAllSucceeded fails on any error, naming "database is locked" and SQLITE_BUSY
// when they show up.
func requireAllSucceeded(t *testing.T, outcomes []concurrentOutcome, want int) {
	t.Helper()
	require.Len(t, outcomes, want)
	for _, o := range outcomes {
		for _, e := range o.errors {
			msg := strings.ToLower(e.Message)
			require.NotContains(t, msg, "database is locked", "%s %s", o.step, o.account)
			require.NotContains(t, msg, "sqlite_busy", "%s %s", o.step, o.account)
		}
		require.Empty(t, o.errors, "%s of %s failed", o.step, o.account)
		require.Equal(t, 200, o.status)
		require.Equal(t, o.want, o.got, "%s of %s", o.step, o.account)
	}
}

func TestConcurrentMutationsOnOneSQLiteFile(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()

	lifecycle := func(i int) []struct{ name, doc, want string } {
		return []struct{ name, doc, want string }{
			{"deactivate", `mutation($id: ID!) { m: deactivateAccount(accountId: $id, message: "load") { status } }`, "DEACTIVATED"},
			{"update details", fmt.Sprintf(`mutation($id: ID!) { m: updateAccountDetails(accountId: $id, input: {jobTitle: "Job %d"}) { status } }`, i), "DEACTIVATED"},
			{"reactivate", `mutation($id: ID!) { m: reactivateAccount(accountId: $id) { status } }`, "ACTIVE"},
		}
	}

	t.Run("32 goroutines sharing one signed-in client all succeed", func(t *testing.T) {
		ids := createManagedAccounts(t, env, "load", 32)
		admin := env.Login(testkit.AcmeAdminEmail, testkit.Password)
		before := auditRows(t, env)
		outcomes := runConcurrently(t, ids, func(int) *testkit.Client { return admin }, lifecycle)
		requireAllSucceeded(t, outcomes, 32*3)
		require.Equal(t, before+32*3, auditRows(t, env), "one audit event per mutation")
		for i, id := range ids {
			var status, job string
			require.NoError(t, env.QueryRow(`SELECT status, job_title FROM accounts WHERE id = ?`, id).Scan(&status, &job))
			require.Equal(t, "ACTIVE", status)
			require.Equal(t, fmt.Sprintf("Job %d", i), job)
		}
		require.Equal(t, recountStats(t, env, w.Acme), orgStats(t, admin, w.Acme))
	})

	t.Run("32 goroutines split over two server processes on the same file all succeed", func(t *testing.T) {
		other := env.Open()
		ids := createManagedAccounts(t, env, "split", 32)
		clients := []*testkit.Client{
			env.Login(testkit.AcmeAdminEmail, testkit.Password),
			other.Login(testkit.AcmeAdminEmail, testkit.Password),
		}
		before := auditRows(t, env)
		outcomes := runConcurrently(t, ids, func(i int) *testkit.Client { return clients[i%2] },
			func(i int) []struct{ name, doc, want string } {
				return []struct{ name, doc, want string }{
					{"deactivate", `mutation($id: ID!) { m: deactivateAccount(accountId: $id) { status } }`, "DEACTIVATED"},
					{"delete", `mutation($id: ID!) { m: deleteAccount(accountId: $id) { status } }`, "PENDING_DELETION"},
					{"cancel deletion", `mutation($id: ID!) { m: cancelAccountDeletion(accountId: $id) { status } }`, "ACTIVE"},
				}
			})
		requireAllSucceeded(t, outcomes, 32*3)
		require.Equal(t, before+32*3, auditRows(t, env))
		st := orgStats(t, clients[0], w.Acme)
		require.Equal(t, recountStats(t, env, w.Acme), st)
		require.Equal(t, st, orgStats(t, clients[1], w.Acme))
	})
}

func TestSQLitePragmasOnEveryPooledConnection(t *testing.T) {
	if testkit.Postgres() {
		t.Skip("SQLite only: PRAGMAs are per SQLite connection; PostgreSQL always enforces foreign keys and has no busy timeout")
	}
	env := testkit.New(t)
	env.Seed()
	ctx := context.Background()
	const n = 8

	// Hold n connections at once, so that each is a different pooled connection.
	conns := make([]*sql.Conn, n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conns[i], errs[i] = env.App.DB.SQL.Conn(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "connection %d", i)
	}
	defer func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	require.GreaterOrEqual(t, env.App.DB.SQL.Stats().OpenConnections, n)

	for i, c := range conns {
		t.Run(fmt.Sprintf("connection %d has foreign keys, WAL, a 10 s busy timeout and full sync", i), func(t *testing.T) {
			var fk, busy, synchronous int
			var journal string
			require.NoError(t, c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
			require.NoError(t, c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journal))
			require.NoError(t, c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy))
			require.NoError(t, c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&synchronous))
			require.Equal(t, 1, fk)
			require.Equal(t, "wal", journal)
			require.Equal(t, 10000, busy)
			require.Equal(t, 2, synchronous, "synchronous=FULL")
		})
	}
}

func TestOneChangeOfOneAccountSentToTwoProcessesAtOnceHappensOnce(t *testing.T) {
	env := testkit.New(t)
	w := env.Seed()
	other := env.Open()
	ids := createManagedAccounts(t, env, "twice", 16)
	clients := []*testkit.Client{
		env.Login(testkit.AcmeAdminEmail, testkit.Password),
		other.Login(testkit.AcmeAdminEmail, testkit.Password),
	}
	before := auditRows(t, env)
	var wg sync.WaitGroup
	results := make([][2]testkit.Response, len(ids))
	for i, id := range ids {
		for p, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i][p] = c.Query(`mutation($id: ID!) { m: deleteAccount(accountId: $id) { status } }`, map[string]any{"id": id})
			}()
		}
	}
	wg.Wait()
	for i, r := range results {
		ok := 0
		for _, res := range r {
			if len(res.Errors) == 0 {
				ok++
				continue
			}
			require.NotEqual(t, "INTERNAL", res.Code(), "%s: %+v", ids[i], res.Errors)
			require.Contains(t, res.Message(), "pending deletion", "the second sees the first's change")
		}
		require.Equal(t, 1, ok, "exactly one of the two deletions of %s succeeds", ids[i])
	}
	require.Equal(t, before+len(ids), auditRows(t, env), "one audit event per account")
	require.Equal(t, recountStats(t, env, w.Acme), orgStats(t, clients[0], w.Acme), "the counters moved once per account")
}
