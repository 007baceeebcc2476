package directory

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/domain"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/gid"
)

// AccountDetailsInput is the editable profile of an account. Nil fields are left as
// they are; an empty string clears an optional field.
type AccountDetailsInput struct {
	Name         *string
	Nickname     *string
	JobTitle     *string
	Department   *string
	Organization *string
	Location     *string
	TimeZone     *string
}

// maxFieldLength bounds every profile field.
const maxFieldLength = 255

// detail is one editable field: its input name, value, current value and setter.
type detail struct {
	name    string
	in      *string
	current string
	set     func(u *ent.AccountUpdateOne, v string)
}

func details(a *ent.Account, in AccountDetailsInput) []detail {
	return []detail{
		{"name", in.Name, a.Name, func(u *ent.AccountUpdateOne, v string) { u.SetName(v).SetNameKey(strings.ToLower(v)) }},
		{"nickname", in.Nickname, a.Nickname, func(u *ent.AccountUpdateOne, v string) { u.SetNickname(v) }},
		{"jobTitle", in.JobTitle, a.JobTitle, func(u *ent.AccountUpdateOne, v string) { u.SetJobTitle(v) }},
		{"department", in.Department, a.Department, func(u *ent.AccountUpdateOne, v string) { u.SetDepartment(v) }},
		{"organization", in.Organization, a.Organization, func(u *ent.AccountUpdateOne, v string) { u.SetOrganization(v) }},
		{"location", in.Location, a.Location, func(u *ent.AccountUpdateOne, v string) { u.SetLocation(v) }},
		{"timeZone", in.TimeZone, a.TimeZone, func(u *ent.AccountUpdateOne, v string) { u.SetTimeZone(v) }},
	}
}

// ValidateDetails checks every given field and returns them trimmed.
func ValidateDetails(in AccountDetailsInput) (AccountDetailsInput, error) {
	for _, d := range details(&ent.Account{}, in) {
		if d.in == nil {
			continue
		}
		v := strings.TrimSpace(*d.in)
		*d.in = v
		field := "input." + d.name
		switch {
		case !utf8.ValidString(v) || strings.IndexFunc(v, notText) >= 0:
			return in, apperr.Invalid(field, "%s is not valid text: it holds a control character or a noncharacter", d.name)
		case utf8.RuneCountInString(v) > maxFieldLength:
			return in, apperr.Invalid(field, "%s is longer than %d characters", d.name, maxFieldLength)
		case d.name == "name" && v == "":
			return in, apperr.Invalid(field, "name cannot be empty")
		case d.name == "timeZone" && v != "":
			if _, err := time.LoadLocation(v); err != nil || v == "Local" {
				return in, apperr.Invalid(field, "%q is not a time zone name such as Europe/Paris", truncate(v, 80))
			}
		}
	}
	return in, nil
}

// notText is a character no profile field holds: a control character (tab, line break,
// NUL...) or a Unicode noncharacter. They are one-line display texts, and SQLite's search
// index skips NUL and replaces noncharacters, where the page's key test would not.
func notText(r rune) bool {
	return unicode.IsControl(r) || r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE
}

// UpdateDetails edits the profile of a managed account that is not provisioned (rule 12).
// Fields equal to their current value are not written, and a request that changes
// nothing writes no audit event.
func (s *Service) UpdateDetails(ctx context.Context, id gid.ID, in AccountDetailsInput) (*ent.Account, error) {
	in, err := ValidateDetails(in)
	if err != nil {
		return nil, err
	}
	var out *ent.Account
	err = WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		a, err := editable(ctx, tx, id)
		if err != nil {
			return err
		}
		u := tx.Account.UpdateOne(a)
		before, after := map[string]any{}, map[string]any{}
		for _, d := range details(a, in) {
			if d.in == nil || *d.in == d.current {
				continue
			}
			d.set(u, *d.in)
			before[d.name], after[d.name] = d.current, *d.in
		}
		if len(after) == 0 {
			out = a
			return nil
		}
		if out, err = u.Save(ctx); err != nil {
			return err
		}
		if err := SyncAccountKeys(ctx, tx, out); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Clock.Now(), audit.Event{
			Org: *a.ManagingOrgID, Action: "account.details_updated", TargetType: "Account", TargetID: a.ID, Account: a.ID,
			TargetLabel: label(a), Details: map[string]any{"before": before, "after": after},
		})
	})
	return detached(out, err)
}

// ChangeEmail gives a managed account a new address on one of the organization's
// verified domains (rule 12).
func (s *Service) ChangeEmail(ctx context.Context, id gid.ID, email string) (*ent.Account, error) {
	display, key, err := NormalizeEmail("email", email)
	if err != nil {
		return nil, err
	}
	var out *ent.Account
	err = WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		a, err := editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if display == a.Email {
			out = a
			return nil
		}
		verified, err := tx.Domain.Query().Where(domain.OrgID(*a.ManagingOrgID), domain.Name(EmailDomain(key)),
			domain.StatusEQ(domain.StatusVERIFIED)).Exist(ctx)
		if err != nil {
			return err
		}
		if !verified {
			return apperr.Invalid("email", "the new address must be on one of your organization's verified domains")
		}
		if key != a.EmailKey {
			used, err := tx.Account.Query().Where(account.EmailKey(key)).Exist(systemCtx(ctx))
			if err != nil {
				return err
			}
			if used {
				return apperr.Conflictf("email", "this email address is already used by another account")
			}
		}
		out, err = tx.Account.UpdateOne(a).SetEmail(display).SetEmailKey(key).SetEmailDomain(EmailDomain(key)).Save(ctx)
		if ent.IsConstraintError(err) {
			return apperr.Conflictf("email", "this email address is already used by another account")
		}
		if err != nil {
			return err
		}
		if err := SyncAccountKeys(ctx, tx, out); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Clock.Now(), audit.Event{
			Org: *a.ManagingOrgID, Action: "account.email_changed", TargetType: "Account", TargetID: a.ID, Account: a.ID,
			TargetLabel: display, Details: map[string]any{"before": map[string]any{"email": a.Email}, "after": map[string]any{"email": display}},
		})
	})
	return detached(out, err)
}

// editable loads a managed account whose profile orgdir may change: provisioned
// accounts are edited in their identity provider.
func editable(ctx context.Context, tx *ent.Tx, id gid.ID) (*ent.Account, error) {
	a, err := managedForChange(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if a.Provisioned {
		return nil, apperr.State("this account is synced from an identity provider; edit it there")
	}
	if a.Status == account.StatusPENDING_DELETION {
		return nil, apperr.State("this account is pending deletion; cancel the deletion first")
	}
	return a, nil
}
