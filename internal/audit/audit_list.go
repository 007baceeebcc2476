package audit

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"

	"orgdir/ent"
	"orgdir/ent/auditevent"
	"orgdir/ent/predicate"
	"orgdir/internal/apperr"
	"orgdir/internal/gid"
	"orgdir/internal/page"
	"orgdir/internal/viewer"
)

// AuditEventFilter narrows an organization's audit log.
type AuditEventFilter struct {
	ActorID  *gid.ID
	Action   *string
	TargetID *gid.ID
	After    *time.Time
	Before   *time.Time
}

// newestFirst orders by id, descending: ids are time-ordered, so this is newest first.
var newestFirst = ent.WithAuditEventOrder(&ent.AuditEventOrder{
	Direction: entgql.OrderDirectionDesc, Field: ent.DefaultAuditEventOrder.Field,
})

// List returns one page of org's audit log, newest first.
func List(ctx context.Context, client *ent.Client, org gid.ID, pg page.Page, f *AuditEventFilter) (*ent.AuditEventConnection, error) {
	if !viewer.FromContext(ctx).IsOrgAdmin(org) {
		return nil, apperr.Forbiddenf("only organization admins can read the audit log")
	}
	if err := pg.Check(); err != nil {
		return nil, err
	}
	preds := []predicate.AuditEvent{auditevent.OrgID(org)}
	if f != nil {
		preds = append(preds, f.predicates()...)
	}
	return client.AuditEvent.Query().Where(preds...).Paginate(ctx, pg.After, pg.First, pg.Before, pg.Last, newestFirst)
}

// ForAccount returns one page of the events about an account, newest first, from the
// organizations the viewer administers.
func ForAccount(ctx context.Context, client *ent.Client, accountID gid.ID, pg page.Page) (*ent.AuditEventConnection, error) {
	if err := pg.Check(); err != nil {
		return nil, err
	}
	return client.AuditEvent.Query().Where(auditevent.AccountID(accountID)).
		Paginate(ctx, pg.After, pg.First, pg.Before, pg.Last, newestFirst)
}

func (f *AuditEventFilter) predicates() []predicate.AuditEvent {
	var ps []predicate.AuditEvent
	if f.ActorID != nil {
		ps = append(ps, auditevent.ActorID(*f.ActorID))
	}
	if f.Action != nil {
		ps = append(ps, auditevent.Action(*f.Action))
	}
	if f.TargetID != nil {
		ps = append(ps, auditevent.TargetID(*f.TargetID))
	}
	if f.After != nil {
		ps = append(ps, auditevent.TimeGTE(*f.After))
	}
	if f.Before != nil {
		ps = append(ps, auditevent.TimeLT(*f.Before))
	}
	return ps
}
