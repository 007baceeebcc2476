package directory

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/apitoken"
	"orgdir/ent/device"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/gid"
)

// RevokeAPIToken deletes one personal API token of a managed account.
func (s *Service) RevokeAPIToken(ctx context.Context, accountID, tokenID gid.ID) (*ent.Account, error) {
	return s.removeSecurityItem(ctx, accountID, "account.api_token_revoked", func(tx *ent.Tx, a *ent.Account) (string, error) {
		t, err := tx.ApiToken.Query().Where(apitoken.ID(tokenID), apitoken.AccountID(a.ID)).Only(ctx)
		if ent.IsNotFound(err) {
			return "", apperr.NotFoundf("API token")
		}
		if err != nil {
			return "", err
		}
		return t.Label, tx.ApiToken.DeleteOne(t).Exec(ctx)
	})
}

// LogOutDevice ends one device session of a managed account.
func (s *Service) LogOutDevice(ctx context.Context, accountID, deviceID gid.ID) (*ent.Account, error) {
	return s.removeSecurityItem(ctx, accountID, "account.device_logged_out", func(tx *ent.Tx, a *ent.Account) (string, error) {
		d, err := tx.Device.Query().Where(device.ID(deviceID), device.AccountID(a.ID)).Only(ctx)
		if ent.IsNotFound(err) {
			return "", apperr.NotFoundf("device")
		}
		if err != nil {
			return "", err
		}
		return d.Name, tx.Device.DeleteOne(d).Exec(ctx)
	})
}

func (s *Service) removeSecurityItem(ctx context.Context, accountID gid.ID, action string,
	remove func(tx *ent.Tx, a *ent.Account) (string, error)) (*ent.Account, error) {
	var out *ent.Account
	err := WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		a, err := managedForChange(ctx, tx, accountID)
		if err != nil {
			return err
		}
		item, err := remove(tx, a)
		if err != nil {
			return err
		}
		out = a
		return audit.Record(ctx, tx, s.Clock.Now(), audit.Event{
			Org: *a.ManagingOrgID, Action: action, TargetType: "Account", TargetID: a.ID, Account: a.ID, TargetLabel: label(a),
			Details: map[string]any{"item": item},
		})
	})
	return detached(out, err)
}
