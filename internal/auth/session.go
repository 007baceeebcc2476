package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/adminrole"
	"orgdir/ent/session"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/clock"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Service signs admins in and out and resolves sessions.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
	// Lifetime is the absolute lifetime of a session; Idle ends one unused for that long.
	Lifetime time.Duration
	Idle     time.Duration
}

// New returns a Service with a 12-hour session lifetime and a 1-hour idle timeout.
func New(client *ent.Client, c clock.Clock) *Service {
	return &Service{Client: client, Clock: c, Lifetime: 12 * time.Hour, Idle: time.Hour}
}

// ErrBadCredentials is the one answer for any wrong email or password.
var ErrBadCredentials = &apperr.Error{Code: apperr.Unauthenticated, Message: "wrong email or password"}

// touchEvery throttles last-seen writes, so reads do not queue behind them.
const touchEvery = time.Minute

// Login checks an admin's email and password and starts a session. It returns the
// session token, which only the client keeps; the database keeps its hash. An unknown
// email, a wrong password and an account that administers nothing get the same error
// after the same work; attempts over the limits of throttle.go are RATE_LIMITED.
func (s *Service) Login(ctx context.Context, email, password, clientAddr string) (string, *viewer.Viewer, error) {
	sys := viewer.System(ctx)
	_, key, err := directory.NormalizeEmail("email", email)
	if err != nil {
		key = strings.ToLower(strings.TrimSpace(email))
	}
	limits := map[string]int{accountKey(key): MaxAccountFailures, addressKey(clientAddr): MaxAddressFailures}
	if over, err := s.throttled(sys, limits); err != nil || over {
		if err == nil {
			err = ErrRateLimited
		}
		return "", nil, err
	}
	a, err := s.Client.Account.Query().Where(account.EmailKey(key), account.StatusEQ(account.StatusACTIVE)).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return "", nil, err
	}
	hash := ""
	if a != nil {
		hash = a.PasswordHash
	}
	ok := checkPassword(password, hash) && a != nil
	var v *viewer.Viewer
	if a != nil {
		if v, err = s.viewerFor(sys, a); err != nil {
			return "", nil, err
		}
	}
	if !ok || len(v.OrgAdmin) == 0 && len(v.SiteAdmin) == 0 {
		return "", nil, s.failed(ctx, a, v, accountKey(key), addressKey(clientAddr))
	}
	if err := s.clearFailures(ctx, accountKey(key)); err != nil {
		return "", nil, err
	}
	token, hashed := newToken()
	now := s.Clock.Now()
	err = directory.WithTx(sys, s.Client, func(tx *ent.Tx) error {
		if err := tx.Session.Create().SetTokenHash(hashed).SetAccountID(a.ID).SetCreatedAt(now).
			SetLastSeenAt(now).SetExpiresAt(now.Add(s.Lifetime)).Exec(sys); err != nil {
			return err
		}
		return s.auditAll(viewer.NewContext(ctx, v), tx, v, "admin.signed_in", a)
	})
	if err != nil {
		return "", nil, err
	}
	return token, v, nil
}

// failed counts a failed sign-in and, for a known admin, audits it in the
// organizations it administers.
func (s *Service) failed(ctx context.Context, a *ent.Account, v *viewer.Viewer, keys ...string) error {
	sys := viewer.System(ctx)
	if err := s.recordFailure(sys, keys...); err != nil {
		return err
	}
	if a == nil || v == nil || len(v.VisibleOrgs()) == 0 {
		return ErrBadCredentials
	}
	err := directory.WithTx(sys, s.Client, func(tx *ent.Tx) error {
		return s.auditAll(sys, tx, v, "admin.sign_in_failed", a)
	})
	if err != nil {
		return err
	}
	return ErrBadCredentials
}

// Logout ends the session of token on every server at once.
func (s *Service) Logout(ctx context.Context, token string) error {
	sys := viewer.System(ctx)
	sess, err := s.Client.Session.Query().Where(session.TokenHash(hashToken(token))).WithAccount().Only(sys)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	v, err := s.viewerFor(sys, sess.Edges.Account)
	if err != nil {
		return err
	}
	return directory.WithTx(sys, s.Client, func(tx *ent.Tx) error {
		if err := tx.Session.DeleteOne(sess).Exec(sys); err != nil {
			return err
		}
		return s.auditAll(viewer.NewContext(ctx, v), tx, v, "admin.signed_out", sess.Edges.Account)
	})
}

// Authenticate returns the viewer of a session token, or nil when the token names no
// live session.
func (s *Service) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	sys := viewer.System(ctx)
	rows, err := s.lookupSession(sys, hashToken(token))
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	now := s.Clock.Now()
	sess := rows[0]
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.idleFor(sess) || account.Status(sess.Status) != account.StatusACTIVE {
		_, err := s.Client.Session.Delete().Where(session.ID(sess.SessionID)).Exec(sys)
		return nil, err
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.Client.Session.UpdateOneID(sess.SessionID).SetLastSeenAt(now).Exec(sys); err != nil {
			return nil, err
		}
	}
	return viewerOf(rows), nil
}

// viewerFor builds the viewer of an admin account from its roles.
func (s *Service) viewerFor(ctx context.Context, a *ent.Account) (*viewer.Viewer, error) {
	roles, err := s.Client.AdminRole.Query().Where(adminrole.AccountID(a.ID)).All(ctx)
	if err != nil {
		return nil, err
	}
	v := &viewer.Viewer{AccountID: a.ID, Label: a.Email}
	for _, r := range roles {
		addRole(v, r.Role, r.OrgID, r.SiteID)
	}
	return v, nil
}

// addRole gives v what an admin role grants: an organization, or a site of one.
func addRole(v *viewer.Viewer, role adminrole.Role, org gid.ID, site *gid.ID) {
	switch {
	case role == adminrole.RoleORG_ADMIN:
		v.OrgAdmin = append(v.OrgAdmin, org)
	case site != nil:
		v.SiteAdmin = append(v.SiteAdmin, *site)
		v.SiteAdminOrgs = append(v.SiteAdminOrgs, org)
	}
}

// auditAll records a sign-in or sign-out in the log of each organization the admin
// administers.
func (s *Service) auditAll(ctx context.Context, tx *ent.Tx, v *viewer.Viewer, action string, a *ent.Account) error {
	for _, org := range v.VisibleOrgs() {
		if err := audit.Record(ctx, tx, s.Clock.Now(), audit.Event{Org: org, Action: action,
			TargetType: "Account", TargetID: a.ID, TargetLabel: a.Email, Account: a.ID}); err != nil {
			return err
		}
	}
	return nil
}

func newToken() (token string, hash []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// IsBadCredentials reports whether err is the generic sign-in failure.
func IsBadCredentials(err error) bool { return errors.Is(err, ErrBadCredentials) }
