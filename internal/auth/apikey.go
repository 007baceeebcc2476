package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"
	"unicode/utf8"

	"orgdir/ent"
	"orgdir/ent/apikey"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// keyPrefix starts every API key secret, so that leaked keys are easy to recognize.
const keyPrefix = "odk_"

// CreateAPIKeyInput describes a new org API key.
type CreateAPIKeyInput struct {
	Name      string
	ReadOnly  bool
	ExpiresAt *time.Time
}

// CreatedAPIKey is a new key with its secret: the only time the secret is shown.
type CreatedAPIKey struct {
	APIKey *ent.ApiKey
	Secret string
}

// CreateAPIKey creates an org-scoped API key. Only an org admin signed in with a
// session may create keys: a key cannot mint other keys.
func (s *Service) CreateAPIKey(ctx context.Context, org gid.ID, in CreateAPIKeyInput) (*CreatedAPIKey, error) {
	v, err := requireSessionAdmin(ctx, org)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return nil, apperr.Invalid("input.name", "give the key a name of 1 to 100 characters")
	}
	now := s.Clock.Now()
	if in.ExpiresAt != nil && !in.ExpiresAt.After(now) {
		return nil, apperr.Invalid("input.expiresAt", "the expiry must be in the future")
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	secret := keyPrefix + base64.RawURLEncoding.EncodeToString(b)
	var k *ent.ApiKey
	err = directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		k, err = tx.ApiKey.Create().SetOrgID(org).SetName(name).SetReadOnly(in.ReadOnly).
			SetSecretHash(hashToken(secret)).SetCreatedBy(v.AccountID).SetCreatedAt(now).
			SetNillableExpiresAt(in.ExpiresAt).Save(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Org: org, Action: "api_key.created", TargetType: "ApiKey",
			TargetID: k.ID, TargetLabel: name, Details: map[string]any{"readOnly": in.ReadOnly}})
	})
	if err != nil {
		return nil, err
	}
	return &CreatedAPIKey{APIKey: k.Unwrap(), Secret: secret}, nil
}

// RevokeAPIKey revokes a key at once, on every server.
func (s *Service) RevokeAPIKey(ctx context.Context, id gid.ID) (*ent.ApiKey, error) {
	var out *ent.ApiKey
	err := directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		k, err := tx.ApiKey.Get(ctx, id)
		if ent.IsNotFound(err) || id.Prefix() != "key" {
			return apperr.NotFoundf("API key")
		}
		if err != nil {
			return err
		}
		if _, err := requireSessionAdmin(ctx, k.OrgID); err != nil {
			return err
		}
		if k.RevokedAt != nil {
			return apperr.State("this API key is already revoked")
		}
		now := s.Clock.Now()
		if out, err = tx.ApiKey.UpdateOne(k).SetRevokedAt(now).Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Org: k.OrgID, Action: "api_key.revoked", TargetType: "ApiKey",
			TargetID: k.ID, TargetLabel: k.Name})
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}

// AuthenticateKey returns the viewer of an API key secret, or nil for an unknown,
// revoked or expired key. Use is recorded at most once a minute per key (last use and
// an audit event), so a read-only load does not queue on the write lock.
func (s *Service) AuthenticateKey(ctx context.Context, secret string) (*viewer.Viewer, error) {
	sys := viewer.System(ctx)
	if !strings.HasPrefix(secret, keyPrefix) {
		return nil, nil
	}
	k, err := s.Client.ApiKey.Query().Where(apikey.SecretHash(hashToken(secret))).Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	if k.RevokedAt != nil || (k.ExpiresAt != nil && !now.Before(*k.ExpiresAt)) {
		return nil, nil
	}
	v := &viewer.Viewer{APIKeyID: k.ID, Label: "API key " + k.Name, OrgAdmin: []gid.ID{k.OrgID}, ReadOnly: k.ReadOnly}
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= touchEvery {
		err := directory.WithTx(sys, s.Client, func(tx *ent.Tx) error {
			n, err := tx.ApiKey.Update().Where(apikey.ID(k.ID), apikey.Or(apikey.LastUsedAtIsNil(),
				apikey.LastUsedAtLT(now.Add(-touchEvery)))).SetLastUsedAt(now).Save(sys)
			if err != nil || n == 0 {
				return err
			}
			return audit.Record(viewer.NewContext(ctx, v), tx, now, audit.Event{Org: k.OrgID, Action: "api_key.used",
				TargetType: "ApiKey", TargetID: k.ID, TargetLabel: k.Name})
		})
		if err != nil {
			return nil, err
		}
	}
	return v, nil
}

// requireSessionAdmin allows only an org admin of org signed in with a session.
func requireSessionAdmin(ctx context.Context, org gid.ID) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if !v.IsOrgAdmin(org) {
		for _, o := range v.VisibleOrgs() {
			if o == org {
				return nil, apperr.Forbiddenf("only organization admins can manage API keys and admins")
			}
		}
		return nil, apperr.NotFoundf("organization")
	}
	if v.APIKeyID != "" {
		return nil, apperr.Forbiddenf("API keys cannot manage API keys or admins; sign in")
	}
	return v, nil
}
