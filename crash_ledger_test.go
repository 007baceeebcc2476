package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// ledger is every mutation the crash test sent, whether it was acknowledged (HTTP 200
// without errors) and what it promised; and the accounts and memberships still free to
// be changed. An operation is written down before it is sent, so one cut short by the
// kill is still checked for all-or-nothing.
type ledger struct {
	mu       sync.Mutex
	round    int
	invites  []*inviteOp
	suspends []*suspendOp
	deletes  []*accountOp
	bulk     []*accountOp // one per item of deactivateAccounts
	claims   []*claimOp
	// accounts are managed, ACTIVE and untouched: free to delete or deactivate.
	accounts []string
	touched  map[string]bool
	// memberships come from acknowledged invitations and were never suspended.
	memberships []suspendOp
	acked       map[int]int // acknowledged mutations by round
}

type inviteOp struct {
	round  int
	site   string
	emails []string
	acked  bool
}

type suspendOp struct {
	round         int
	site, account string
	acked         bool
}

type accountOp struct {
	round   int
	account string
	acked   bool
}

type claimOp struct {
	domain, id  string
	sent, acked bool
	took        time.Duration
}

func newLedger() *ledger { return &ledger{touched: map[string]bool{}, acked: map[int]int{}} }

func (l *ledger) acknowledgedSince(round int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.acked[round]
}

// takeAccounts removes up to n free accounts from the pool.
func (l *ledger) takeAccounts(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	n = min(n, len(l.accounts))
	out := l.accounts[len(l.accounts)-n:]
	l.accounts = l.accounts[:len(l.accounts)-n]
	for _, a := range out {
		l.touched[a] = true
	}
	return out
}

// send runs one mutation for the ledger. It reports whether it was acknowledged; an
// answer with errors fails the test, and so does no answer unless the kill caused it.
func (l *ledger) send(ctx context.Context, t *testing.T, api *apiClient, killing *atomic.Bool, query string, vars map[string]any, out any) (bool, bool) {
	a, err := api.do(ctx, query, vars)
	if err != nil {
		if !killing.Load() {
			t.Errorf("no answer before the kill: %v", err)
		}
		return false, false
	}
	if !a.ok() {
		t.Errorf("%s %v: status %d errors %+v", strings.Fields(query)[0], vars, a.Status, a.Errors)
		return false, false
	}
	if out != nil {
		if err := json.Unmarshal(a.Data, out); err != nil {
			t.Errorf("decode: %v", err)
		}
	}
	return true, true
}

// work sends a random mix of lifecycle mutations until the server dies or ctx ends.
func (l *ledger) work(ctx context.Context, t *testing.T, api *apiClient, org acme, rnd *rand.Rand, name string, killing *atomic.Bool) {
	for i := 0; ctx.Err() == nil; i++ {
		var alive bool
		switch p := rnd.Intn(100); {
		case p < 35:
			alive = l.invite(ctx, t, api, org.sites[rnd.Intn(len(org.sites))], name, i, 1+rnd.Intn(4), killing)
		case p < 55:
			alive = l.suspend(ctx, t, api, rnd, killing)
		case p < 70:
			alive = l.delete(ctx, t, api, killing)
		default:
			alive = l.deactivate(ctx, t, api, 2+rnd.Intn(7), killing)
		}
		if !alive {
			return
		}
	}
}

func (l *ledger) invite(ctx context.Context, t *testing.T, api *apiClient, site, name string, i, n int, killing *atomic.Bool) bool {
	op := &inviteOp{site: site}
	for k := range n {
		op.emails = append(op.emails, fmt.Sprintf("%s-%d-%d@guests.crash.test", name, i, k))
	}
	l.mu.Lock()
	op.round = l.round
	l.invites = append(l.invites, op)
	l.mu.Unlock()
	var out struct {
		InviteUsers []struct{ Account struct{ ID string } }
	}
	alive, acked := l.send(ctx, t, api, killing, `mutation($site: ID!, $emails: [String!]!) { inviteUsers(siteId: $site, emails: $emails) { account { id } } }`,
		map[string]any{"site": site, "emails": op.emails}, &out)
	if acked {
		l.mu.Lock()
		op.acked = true
		l.acked[op.round]++
		for _, m := range out.InviteUsers {
			l.memberships = append(l.memberships, suspendOp{site: site, account: m.Account.ID})
		}
		l.mu.Unlock()
	}
	return alive
}

func (l *ledger) suspend(ctx context.Context, t *testing.T, api *apiClient, rnd *rand.Rand, killing *atomic.Bool) bool {
	l.mu.Lock()
	if len(l.memberships) == 0 {
		l.mu.Unlock()
		return true
	}
	i := rnd.Intn(len(l.memberships))
	op := l.memberships[i]
	l.memberships[i] = l.memberships[len(l.memberships)-1]
	l.memberships = l.memberships[:len(l.memberships)-1]
	op.round = l.round
	l.suspends = append(l.suspends, &op)
	l.mu.Unlock()
	alive, acked := l.send(ctx, t, api, killing, `mutation($site: ID!, $acc: ID!) { suspendUser(siteId: $site, accountId: $acc, reason: "crash test") { status } }`,
		map[string]any{"site": op.site, "acc": op.account}, nil)
	l.settle(acked, &op.acked, op.round)
	return alive
}

func (l *ledger) delete(ctx context.Context, t *testing.T, api *apiClient, killing *atomic.Bool) bool {
	ids := l.takeAccounts(1)
	if len(ids) == 0 {
		return true
	}
	l.mu.Lock()
	op := &accountOp{round: l.round, account: ids[0]}
	l.deletes = append(l.deletes, op)
	l.mu.Unlock()
	alive, acked := l.send(ctx, t, api, killing, `mutation($acc: ID!) { deleteAccount(accountId: $acc) { status } }`,
		map[string]any{"acc": op.account}, nil)
	l.settle(acked, &op.acked, op.round)
	return alive
}

// deactivate deactivates n accounts in one bulk request: each item in its own
// transaction, so each is checked on its own.
func (l *ledger) deactivate(ctx context.Context, t *testing.T, api *apiClient, n int, killing *atomic.Bool) bool {
	ids := l.takeAccounts(n)
	if len(ids) == 0 {
		return true
	}
	ops := map[string]*accountOp{}
	l.mu.Lock()
	for _, id := range ids {
		ops[id] = &accountOp{round: l.round, account: id}
		l.bulk = append(l.bulk, ops[id])
	}
	l.mu.Unlock()
	var out struct {
		DeactivateAccounts []struct {
			AccountID string
			Error     *struct{ Code, Message string }
		}
	}
	alive, acked := l.send(ctx, t, api, killing, `mutation($ids: [ID!]!) { deactivateAccounts(accountIds: $ids, message: "crash test") { accountId error { code message } } }`,
		map[string]any{"ids": ids}, &out)
	if acked {
		for _, r := range out.DeactivateAccounts {
			if r.Error != nil {
				t.Errorf("deactivate %s: %+v", r.AccountID, *r.Error)
				continue
			}
			l.settle(true, &ops[r.AccountID].acked, ops[r.AccountID].round)
		}
	}
	return alive
}

func (l *ledger) claim(ctx context.Context, t *testing.T, api *apiClient, op *claimOp, killing *atomic.Bool) {
	l.mu.Lock()
	op.sent = true
	l.claims = append(l.claims, op)
	round := l.round
	l.mu.Unlock()
	var out struct{ ClaimAccounts struct{ Claimed int } }
	began := time.Now()
	_, acked := l.send(ctx, t, api, killing, `mutation($id: ID!) { claimAccounts(domainId: $id) { claimed } }`,
		map[string]any{"id": op.id}, &out)
	if acked && out.ClaimAccounts.Claimed != crashClaimSize {
		t.Errorf("claim of %s: %d accounts, want %d", op.domain, out.ClaimAccounts.Claimed, crashClaimSize)
	}
	op.took = time.Since(began)
	l.settle(acked, &op.acked, round)
}

// settle marks an operation acknowledged.
func (l *ledger) settle(acked bool, flag *bool, round int) {
	if !acked {
		return
	}
	l.mu.Lock()
	*flag = true
	l.acked[round]++
	l.mu.Unlock()
}
