package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sent is one request of the load generator: its unique GraphQL operation name, when
// it was sent and answered, and how it ended.
type sent struct {
	op             string
	began, ended   time.Time
	answer         gqlAnswer
	err            error
	connectRefused bool
}

// TestSIGTERMUnderLoadFinishesEveryAcceptedRequest sends SIGTERM while six clients
// on keep-alive connections read and write as fast as they can. Every request the
// server accepted (it logs each one it handled, by operation name) must have been
// answered with success; a request that failed must never have reached a handler
// (refused after the listener closed, or sent on a keep-alive connection the server
// was closing); and the process must exit 0 within --shutdown-timeout.
func TestSIGTERMUnderLoadFinishesEveryAcceptedRequest(t *testing.T) {
	_, dsn := sqliteFile(t, "orgdir.db")
	logPath := filepath.Join(t.TempDir(), "orgdir.log")
	logs, err := os.Create(logPath)
	require.NoError(t, err)
	defer logs.Close()
	addr := freeAddr(t)
	const drain = 15 * time.Second
	cmd, _ := startLogging(t, logs, []string{"ORGDIR_DEMO=true", "ORGDIR_DEMO_PASSWORD=" + demoPassword},
		"--addr", addr, "--db", dsn, "--shutdown-timeout", drain.String())
	login := newAPIClient(addr)
	require.NoError(t, login.login("admin@acme.test", demoPassword))
	org := acmeOf(t, login)

	var mu sync.Mutex
	var all []sent
	var wg sync.WaitGroup
	for w := range 6 {
		// Each worker has its own connections, all with the one session.
		api := newAPIClient(addr)
		api.http.Jar = login.http.Jar
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				s := loadRequest(api, org, w, i)
				mu.Lock()
				all = append(all, s)
				mu.Unlock()
				if s.err != nil {
					return // the server is going away; later requests would only be refused
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	sigterm := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "SIGTERM under load exits 0")
	case <-time.After(drain + 5*time.Second):
		t.Fatalf("orgdir did not exit within --shutdown-timeout %s", drain)
	}
	exited := time.Since(sigterm)
	wg.Wait()

	handled := handledOperations(t, logPath)
	var ok, answeredAfterSIGTERM, refused, closedUnaccepted int
	for _, s := range all {
		if s.err == nil {
			assert.True(t, s.answer.ok(), "%s: status %d errors %+v", s.op, s.answer.Status, s.answer.Errors)
			assert.Equal(t, 200, handled[s.op], "%s was answered, so the server logged it", s.op)
			ok++
			if s.ended.After(sigterm) {
				answeredAfterSIGTERM++
			}
			continue
		}
		assert.False(t, s.began.Before(sigterm.Add(-time.Second)) && !s.connectRefused, "%s failed long before SIGTERM: %v", s.op, s.err)
		_, accepted := handled[s.op]
		assert.False(t, accepted, "%s was accepted by the server (status %d) but the client got %v", s.op, handled[s.op], s.err)
		if s.connectRefused {
			refused++
		} else {
			closedUnaccepted++
		}
	}
	t.Logf("%d requests answered with success (%d of them after SIGTERM), %d refused after the listener closed, "+
		"%d failed on a keep-alive connection the server closed before reading them; exited %s after SIGTERM",
		ok, answeredAfterSIGTERM, refused, closedUnaccepted, exited.Round(time.Millisecond))
	require.Positive(t, ok)
	require.Len(t, handled, ok, "every request the server handled was answered with success")
}

// loadRequest sends one read or write with a unique operation name.
func loadRequest(api *apiClient, org acme, w, i int) sent {
	s := sent{op: fmt.Sprintf("load_%d_%d", w, i), began: time.Now()}
	var query string
	vars := map[string]any{"org": org.org}
	switch i % 4 {
	case 0:
		query = `mutation ` + s.op + `($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails) { id } }`
		vars = map[string]any{"site": org.sites[i%len(org.sites)], "emails": []string{s.op + "@load.test"}}
	case 1:
		query = `query ` + s.op + `($org: ID!) { organization(id: $org) { managedAccountStats { total active } } }`
	case 2:
		query = `query ` + s.op + `($org: ID!) { organization(id: $org) { managedAccounts(first: 50) { totalCount edges { node { id email status lastActiveAt } } } } }`
	default:
		query = `query ` + s.op + `($org: ID!) { organization(id: $org) { users(first: 50) { totalCount } } }`
	}
	s.answer, s.err = api.do(context.Background(), query, vars)
	s.ended = time.Now()
	s.connectRefused = errors.Is(s.err, syscall.ECONNREFUSED)
	return s
}

// handledOperations reads the server's JSON request log: the status of every GraphQL
// operation it handled, by name.
func handledOperations(t *testing.T, path string) map[string]int {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Msg       string `json:"msg"`
			Operation string `json:"operation"`
			Status    int    `json:"status"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "request" && len(line.Operation) > 5 && line.Operation[:5] == "load_" {
			out[line.Operation] = line.Status
		}
	}
	require.NoError(t, sc.Err())
	return out
}
