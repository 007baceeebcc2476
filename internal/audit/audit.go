// Package audit writes the append-only audit log (PRODUCT.md §2 rule 19): one event per
// changed object, in the same transaction as the change, with the actor taken from the
// request's viewer.
package audit

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/auditevent"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Event is one change to one object.
type Event struct {
	Org         gid.ID
	Action      string // for example "account.deactivated"
	TargetType  string // "Account", "Membership", ...
	TargetID    gid.ID
	TargetLabel string
	Account     gid.ID // the account the event is about, when there is one
	Details     map[string]any
}

// Record writes e with tx, as done by the viewer of ctx at now.
func Record(ctx context.Context, tx *ent.Tx, now time.Time, e Event) error {
	_, err := build(ctx, tx, now, e).Save(ctx)
	return err
}

// RecordAll writes events in one statement (bulk changes, the deletion finalizer).
func RecordAll(ctx context.Context, tx *ent.Tx, now time.Time, events []Event) error {
	builders := make([]*ent.AuditEventCreate, len(events))
	for i, e := range events {
		builders[i] = build(ctx, tx, now, e)
	}
	for len(builders) > 0 {
		n := min(len(builders), 100)
		if _, err := tx.AuditEvent.CreateBulk(builders[:n]...).Save(ctx); err != nil {
			return err
		}
		builders = builders[n:]
	}
	return nil
}

func build(ctx context.Context, tx *ent.Tx, now time.Time, e Event) *ent.AuditEventCreate {
	v := viewer.FromContext(ctx)
	c := tx.AuditEvent.Create().
		SetOrgID(e.Org).
		SetTime(now).
		SetAction(e.Action).
		SetTargetType(e.TargetType).
		SetTargetLabel(e.TargetLabel).
		SetActorLabel(v.Label)
	if e.TargetID != "" {
		c.SetTargetID(e.TargetID)
	}
	if e.Account != "" {
		c.SetAccountID(e.Account)
	}
	if e.Details != nil {
		c.SetDetails(e.Details)
	}
	switch {
	case v.APIKeyID != "":
		c.SetActorType(auditevent.ActorTypeAPI_KEY).SetActorID(v.APIKeyID)
	case v.AccountID != "":
		c.SetActorType(auditevent.ActorTypeACCOUNT).SetActorID(v.AccountID)
	default:
		c.SetActorType(auditevent.ActorTypeSYSTEM)
	}
	return c
}
