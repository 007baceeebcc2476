package auth

import (
	"context"
	stdsql "database/sql"
	"time"

	"orgdir/ent/adminrole"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// signedIn is what every authenticated request needs to know of its session: one row
// per admin role of the session's account (one row without a role when it has none).
type signedIn struct {
	SessionID   int
	ExpiresAt   time.Time
	LastSeenAt  time.Time
	AccountID   string
	Email       string
	Status      string
	IdleMinutes stdsql.NullInt64
	Role        stdsql.NullString
	OrgID       stdsql.NullString
	SiteID      stdsql.NullString
}

// sessionSQL reads the session whose token hashes to the argument, with its account,
// the account's policy's idle timeout and the account's admin roles, in one statement:
// reading them one by one was half the time of a stats request (make bench W4). It is
// written out rather than built with ent's SQL builder on every request, which
// allocated more than running it. Only plain identifiers, so one text serves SQLite
// and PostgreSQL (whose driver renumbers the ? placeholder).
const sessionSQL = `SELECT s.id, s.expires_at, s.last_seen_at, a.id, a.email, a.status,
  p.idle_session_minutes, r.role, r.org_id, r.site_id
FROM sessions s
JOIN accounts a ON s.account_id = a.id
LEFT JOIN authentication_policies p ON a.policy_id = p.id
LEFT JOIN admin_roles r ON a.id = r.account_id
WHERE s.token_hash = ?
ORDER BY r.id`

// lookupSession reads the signed-in rows of the session whose token hashes to hash;
// none when there is no such session.
func (s *Service) lookupSession(ctx context.Context, hash []byte) ([]signedIn, error) {
	rows, err := s.Client.QueryContext(ctx, sessionSQL, hash)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []signedIn
	for rows.Next() {
		var r signedIn
		if err := rows.Scan(&r.SessionID, &r.ExpiresAt, &r.LastSeenAt, &r.AccountID, &r.Email, &r.Status,
			&r.IdleMinutes, &r.Role, &r.OrgID, &r.SiteID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
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
