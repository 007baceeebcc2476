package auth

import (
	"context"
	"unicode/utf8"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/session"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/viewer"
)

// MinPasswordLength is the shortest admin password accepted.
const MinPasswordLength = 12

// SetPassword sets an account's sign-in password (an operator's task: `orgdir admins
// set-password`) and ends all its sessions on every server at once.
func (s *Service) SetPassword(ctx context.Context, email, password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return apperr.Invalid("password", "use at least %d characters", MinPasswordLength)
	}
	_, key, err := directory.NormalizeEmail("email", email)
	if err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	sys := viewer.System(ctx)
	return directory.WithTx(sys, s.Client, func(tx *ent.Tx) error {
		a, err := tx.Account.Query().Where(account.EmailKey(key), account.StatusNEQ(account.StatusDELETED)).Only(sys)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("account")
		}
		if err != nil {
			return err
		}
		if err := tx.Account.UpdateOne(a).SetPasswordHash(hash).Exec(sys); err != nil {
			return err
		}
		if _, err := tx.Session.Delete().Where(session.AccountID(a.ID)).Exec(sys); err != nil {
			return err
		}
		v, err := s.viewerFor(sys, a)
		if err != nil {
			return err
		}
		return s.auditAll(sys, tx, v, "admin.password_changed", a)
	})
}
