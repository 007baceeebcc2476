// Package directory owns the Managed accounts side of orgdir: the lifecycle of the
// accounts an organization manages (PRODUCT.md §2 rules 5, 10, 11, 12, 14, 15, 19 and
// the state table), their details and security, the page's listing and its stats.
package directory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/internal/apperr"
	"orgdir/internal/clock"
	"orgdir/internal/db"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Service applies the Managed accounts rules on one database.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
}

// New returns a Service.
func New(client *ent.Client, c clock.Clock) *Service { return &Service{Client: client, Clock: c} }

// txAttempts bounds how often WithTx runs a transaction that PostgreSQL gave up.
const txAttempts = 5

// WithTx runs fn in a transaction and commits it only when fn succeeds. On PostgreSQL
// two transactions that wait for each other's rows end in a deadlock error for one of
// them (SQLite's write lock serializes them instead); that one is run again from the
// start, so fn must not keep state from an earlier attempt.
func WithTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) error {
	var err error
	for attempt := 1; attempt <= txAttempts; attempt++ {
		err = runTx(ctx, client, fn)
		if !db.Retryable(err) || ctx.Err() != nil {
			return err
		}
		// A short random pause keeps the two from meeting again at once.
		time.Sleep(time.Duration(attempt) * time.Duration(1+rand.IntN(10)) * time.Millisecond)
	}
	return err
}

func runTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// lockRows is a query predicate that locks the rows read until the transaction ends,
// where the database has row locks (PostgreSQL's FOR UPDATE).
func lockRows(s *entsql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.ForUpdate()
	}
}

// Account returns the account id names if the viewer sees it.
func (s *Service) Account(ctx context.Context, id gid.ID) (*ent.Account, error) {
	return visibleAccount(ctx, s.Client, id)
}

func visibleAccount(ctx context.Context, c *ent.Client, id gid.ID) (*ent.Account, error) {
	if id.Prefix() != "acc" {
		return nil, apperr.NotFoundf("account")
	}
	a, err := c.Account.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("account")
	}
	return a, err
}

// IsManaged reports whether a is managed by an organization the viewer administers.
// For a site admin that is the organization of its site: the Users page's Managed
// badge, its managed filter and its export agree. Changing the account still takes an
// organization admin (ManagedByOrgAdmin).
func IsManaged(ctx context.Context, a *ent.Account) bool {
	return a.ManagingOrgID != nil && slices.Contains(viewer.FromContext(ctx).VisibleOrgs(), *a.ManagingOrgID)
}

// ManagedByOrgAdmin reports whether a is managed by an organization the viewer
// administers in full: the condition for lifecycle actions, policies and outside access.
func ManagedByOrgAdmin(ctx context.Context, a *ent.Account) bool {
	return a.ManagingOrgID != nil && viewer.FromContext(ctx).IsOrgAdmin(*a.ManagingOrgID)
}

// managedForChange loads the account for a lifecycle action inside tx: NOT_FOUND when
// the viewer does not see it, FORBIDDEN when its role allows no change, NOT_MANAGED
// when another organization (or nobody) manages it.
//
// The row stays locked until tx ends, so that two processes changing one account at once
// take turns and the second sees the first's change (on PostgreSQL; SQLite's write
// transactions are serialized already).
func managedForChange(ctx context.Context, tx *ent.Tx, id gid.ID) (*ent.Account, error) {
	if id.Prefix() != "acc" {
		return nil, apperr.NotFoundf("account")
	}
	a, err := tx.Account.Query().Where(account.ID(id), lockRows).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("account")
	}
	if err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	if !v.CanWrite() {
		return nil, apperr.Forbiddenf("this API key is read-only")
	}
	if ManagedByOrgAdmin(ctx, a) {
		return a, nil
	}
	if len(v.OrgAdmin) == 0 {
		return nil, apperr.Forbiddenf("only organization admins can change accounts")
	}
	return nil, apperr.NotManagedf()
}

// requireStatus enforces a row of the state table.
func requireStatus(a *ent.Account, action string, allowed ...account.Status) error {
	for _, st := range allowed {
		if a.Status == st {
			return nil
		}
	}
	return apperr.State("cannot %s an account that is %s", action, statusWords(a.Status))
}

func statusWords(s account.Status) string {
	switch s {
	case account.StatusACTIVE:
		return "active"
	case account.StatusDEACTIVATED:
		return "deactivated"
	case account.StatusPENDING_DELETION:
		return "pending deletion (cancel the deletion first)"
	default:
		return "deleted"
	}
}

func label(a *ent.Account) string { return a.Email }

// detached returns an account read or written inside a transaction that has ended,
// bound to the client again, so that the API can still load its edges (memberships,
// devices, API tokens, ...) for the mutation's answer. On error it returns no account.
func detached(a *ent.Account, err error) (*ent.Account, error) {
	if err != nil || a == nil {
		return nil, err
	}
	return a.Unwrap(), nil
}
