package auth

import (
	"context"
	stdsql "database/sql"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"orgdir/ent/account"
	"orgdir/ent/adminrole"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/session"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// signedIn is what every authenticated request needs to know of its session: one row
// per admin role of the session's account (one row without a role when it has none).
// It is read in one statement: reading the session, its account, the account's
// policy and its roles one by one was half the time of a stats request (make bench W4).
type signedIn struct {
	SessionID   int               `json:"session_id"`
	ExpiresAt   time.Time         `json:"expires_at"`
	LastSeenAt  time.Time         `json:"last_seen_at"`
	AccountID   string            `json:"account_id"`
	Email       string            `json:"email"`
	Status      string            `json:"status"`
	IdleMinutes stdsql.NullInt64  `json:"idle_minutes"`
	Role        stdsql.NullString `json:"role"`
	OrgID       stdsql.NullString `json:"org_id"`
	SiteID      stdsql.NullString `json:"site_id"`
}

// lookupSession reads the session whose token hashes to hash, with its account, the
// account's policy's idle timeout and the account's admin roles; nil when none.
func (s *Service) lookupSession(ctx context.Context, hash []byte) ([]signedIn, error) {
	var rows []signedIn
	err := s.Client.Session.Query().Where(session.TokenHash(hash)).
		Modify(func(sel *entsql.Selector) {
			a := entsql.Table(account.Table)
			p := entsql.Table(authenticationpolicy.Table)
			r := entsql.Table(adminrole.Table)
			sel.Join(a).On(sel.C(session.FieldAccountID), a.C(account.FieldID)).
				LeftJoin(p).On(a.C(account.FieldPolicyID), p.C(authenticationpolicy.FieldID)).
				LeftJoin(r).On(a.C(account.FieldID), r.C(adminrole.FieldAccountID))
			sel.Select(
				entsql.As(sel.C(session.FieldID), "session_id"),
				sel.C(session.FieldExpiresAt), sel.C(session.FieldLastSeenAt),
				entsql.As(a.C(account.FieldID), "account_id"),
				a.C(account.FieldEmail), a.C(account.FieldStatus),
				entsql.As(p.C(authenticationpolicy.FieldIdleSessionMinutes), "idle_minutes"),
				r.C(adminrole.FieldRole), r.C(adminrole.FieldOrgID), r.C(adminrole.FieldSiteID),
			).OrderBy(r.C(adminrole.FieldID))
		}).Scan(ctx, &rows)
	return rows, err
}

// idleFor is how long the session may stay unused: its account's policy's idle
// session duration, or the service default.
func (s *Service) idleFor(row signedIn) time.Duration {
	if row.IdleMinutes.Valid && row.IdleMinutes.Int64 > 0 {
		return time.Duration(row.IdleMinutes.Int64) * time.Minute
	}
	return s.Idle
}

// viewerOf builds the viewer of a signed-in admin from its rows, as viewerFor does
// from its account and roles.
func viewerOf(rows []signedIn) *viewer.Viewer {
	v := &viewer.Viewer{AccountID: gid.ID(rows[0].AccountID), Label: rows[0].Email}
	for _, r := range rows {
		if !r.Role.Valid {
			continue // the account has no role: the row of the LEFT JOIN without one
		}
		var site *gid.ID
		if r.SiteID.Valid {
			id := gid.ID(r.SiteID.String)
			site = &id
		}
		addRole(v, adminrole.Role(r.Role.String), gid.ID(r.OrgID.String), site)
	}
	return v
}
