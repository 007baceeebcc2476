package users

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/accountsuggestion"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// SuggestChanges records a change an admin suggests for an account its organization
// does not manage (rule 6). Nothing of the account changes; its managing organization,
// if any, sees the suggestion. For a managed account, edit it instead (rule 13).
func (s *Service) SuggestChanges(ctx context.Context, accountID gid.ID, in directory.AccountDetailsInput) (bool, error) {
	in, err := directory.ValidateDetails(in)
	if err != nil {
		return false, err
	}
	changes := map[string]string{}
	for name, v := range map[string]*string{"name": in.Name, "nickname": in.Nickname, "jobTitle": in.JobTitle,
		"department": in.Department, "organization": in.Organization, "location": in.Location, "timeZone": in.TimeZone} {
		if v != nil {
			changes[name] = *v
		}
	}
	if len(changes) == 0 {
		return false, apperr.Invalid("input", "suggest at least one change")
	}
	v := viewer.FromContext(ctx)
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		a, err := directory.New(tx.Client(), s.Clock).Account(ctx, accountID)
		if err != nil {
			return err
		}
		if !v.CanWrite() {
			return apperr.Forbiddenf("this API key is read-only")
		}
		if directory.ManagedByOrgAdmin(ctx, a) {
			return apperr.State("your organization manages this account: update its details instead")
		}
		org, err := suggestingOrg(ctx, tx, a)
		if err != nil {
			return err
		}
		sug, err := tx.AccountSuggestion.Create().SetAccountID(a.ID).SetFromOrgID(org).
			SetSuggestedByLabel(v.Label).SetChanges(changes).Save(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Clock.Now(), audit.Event{Org: org, Action: "account.changes_suggested",
			TargetType: "AccountSuggestion", TargetID: sug.ID, TargetLabel: a.Email, Account: a.ID,
			Details: map[string]any{"changes": changes}})
	})
	return err == nil, err
}

// suggestingOrg is the viewer's organization that has the account as a user.
func suggestingOrg(ctx context.Context, tx *ent.Tx, a *ent.Account) (gid.ID, error) {
	ms, err := a.QueryMemberships().WithSite().All(ctx)
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		return m.Edges.Site.OrgID, nil
	}
	return "", apperr.NotFoundf("account")
}

// Suggestions lists the suggestions made for an account, for its managing organization
// and for the organizations that made them; newest first.
func Suggestions(ctx context.Context, client *ent.Client, a *ent.Account) ([]*ent.AccountSuggestion, error) {
	return client.AccountSuggestion.Query().Where(accountsuggestion.AccountID(a.ID)).
		Order(ent.Desc(accountsuggestion.FieldID)).All(ctx)
}

// SuggestedChange is one field of a suggestion.
type SuggestedChange struct {
	Field string
	Value string
}

// Changes lists a suggestion's fields in a stable order.
func Changes(s *ent.AccountSuggestion) []*SuggestedChange {
	var out []*SuggestedChange
	for _, f := range []string{"name", "nickname", "jobTitle", "department", "organization", "location", "timeZone"} {
		if v, ok := s.Changes[f]; ok {
			out = append(out, &SuggestedChange{Field: f, Value: v})
		}
	}
	return out
}
