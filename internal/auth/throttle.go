package auth

import (
	"context"
	"time"

	"orgdir/ent"
	"orgdir/ent/signinthrottle"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/viewer"
)

// Sign-in limits: within one window, an account (by email) may fail MaxAccountFailures
// times and a client address MaxAddressFailures times; further attempts are refused
// with RATE_LIMITED until the window ends, whatever the password.
const (
	MaxAccountFailures = 5
	MaxAddressFailures = 30
	ThrottleWindow     = time.Minute
)

// ErrRateLimited refuses a sign-in attempt over the limits.
var ErrRateLimited = &apperr.Error{Code: apperr.RateLimited, Message: "too many failed sign-ins; try again in a minute"}

func accountKey(emailKey string) string { return "account:" + emailKey }
func addressKey(addr string) string     { return "address:" + addr }

// throttled reports whether any key is over its limit in the current window.
func (s *Service) throttled(ctx context.Context, limits map[string]int) (bool, error) {
	now := s.Clock.Now()
	for key, limit := range limits {
		t, err := s.Client.SignInThrottle.Query().Where(signinthrottle.Key(key)).Only(ctx)
		if ent.IsNotFound(err) {
			continue
		}
		if err != nil {
			return false, err
		}
		if now.Sub(t.WindowStart) < ThrottleWindow && t.Failures >= limit {
			return true, nil
		}
	}
	return false, nil
}

// recordFailure counts one failed attempt for each key, starting a new window where
// the old one has ended.
func (s *Service) recordFailure(ctx context.Context, keys ...string) error {
	now := s.Clock.Now()
	return directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		for _, key := range keys {
			t, err := tx.SignInThrottle.Query().Where(signinthrottle.Key(key)).Only(ctx)
			switch {
			case ent.IsNotFound(err):
				// Another process may be counting the same key's first failure right now:
				// then its row wins and this failure is added to it.
				err = tx.SignInThrottle.Create().SetKey(key).SetWindowStart(now).SetFailures(1).
					OnConflictColumns(signinthrottle.FieldKey).AddFailures(1).Exec(ctx)
			case err != nil:
			case now.Sub(t.WindowStart) >= ThrottleWindow:
				err = tx.SignInThrottle.UpdateOne(t).SetWindowStart(now).SetFailures(1).Exec(ctx)
			default:
				err = tx.SignInThrottle.UpdateOne(t).AddFailures(1).Exec(ctx)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// clearFailures forgets an account's failures after it signs in.
func (s *Service) clearFailures(ctx context.Context, key string) error {
	_, err := s.Client.SignInThrottle.Delete().Where(signinthrottle.Key(key)).Exec(viewer.System(ctx))
	return err
}
