package directory

import (
	"context"
	"strings"
	"time"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/domain"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
)

// NewAccount is a person who gets an account, by invitation or provisioning.
type NewAccount struct {
	Email               string
	Name                string
	TwoStepVerification bool
	Provisioned         bool
	PasswordHash        string
}

// CreateAccount creates an ACTIVE account in tx. When its email is on a domain that
// an organization has verified and claimed, that organization manages it from the
// start, in its default policy, and its counters and audit log show it (rule 1).
func CreateAccount(ctx context.Context, tx *ent.Tx, now time.Time, in NewAccount) (*ent.Account, error) {
	display, key, err := NormalizeEmail("email", in.Email)
	if err != nil {
		return nil, err
	}
	sys := systemCtx(ctx)
	if taken, err := tx.Account.Query().Where(account.EmailKey(key)).Exist(sys); err != nil {
		return nil, err
	} else if taken {
		return nil, apperr.Conflictf("email", "an account with this email address already exists")
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		name = display[:strings.IndexByte(display, '@')]
	}
	c := tx.Account.Create().SetEmail(display).SetEmailKey(key).SetEmailDomain(EmailDomain(key)).
		SetName(name).SetNameKey(strings.ToLower(name)).
		SetTwoStepVerification(in.TwoStepVerification).SetProvisioned(in.Provisioned)
	if in.PasswordHash != "" {
		c.SetPasswordHash(in.PasswordHash)
	}
	d, err := tx.Domain.Query().Where(domain.Name(EmailDomain(key)), domain.StatusEQ(domain.StatusVERIFIED),
		domain.ClaimedAtNotNil()).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	if d != nil {
		c.SetManagingOrgID(d.OrgID)
		p, err := tx.AuthenticationPolicy.Query().
			Where(authenticationpolicy.OrgID(d.OrgID), authenticationpolicy.IsDefault(true)).Only(sys)
		if err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
		if p != nil {
			c.SetPolicyID(p.ID)
		}
	}
	a, err := c.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.Conflictf("email", "an account with this email address already exists")
	}
	if err != nil {
		return nil, err
	}
	if d == nil {
		return a, nil
	}
	if err := MoveStats(ctx, tx, nil, a); err != nil {
		return nil, err
	}
	return a, audit.Record(ctx, tx, now, audit.Event{Org: d.OrgID, Action: "account.created_managed",
		TargetType: "Account", TargetID: a.ID, TargetLabel: a.Email, Account: a.ID,
		Details: map[string]any{"domain": d.Name}})
}

// AssignPolicy puts a managed account in one of its organization's policies.
func AssignPolicy(ctx context.Context, tx *ent.Tx, now time.Time, a *ent.Account, p *ent.AuthenticationPolicy) (*ent.Account, error) {
	if a.ManagingOrgID == nil || *a.ManagingOrgID != p.OrgID {
		return nil, apperr.Invalid("policyId", "the policy belongs to another organization")
	}
	if a.PolicyID != nil && *a.PolicyID == p.ID {
		return a, nil
	}
	after, err := tx.Account.UpdateOne(a).SetPolicyID(p.ID).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := MoveStats(ctx, tx, a, after); err != nil {
		return nil, err
	}
	return after, audit.Record(ctx, tx, now, audit.Event{Org: p.OrgID, Action: "account.policy_changed",
		TargetType: "Account", TargetID: a.ID, TargetLabel: a.Email, Account: a.ID,
		Details: map[string]any{"after": map[string]any{"policy": p.Name}}})
}
