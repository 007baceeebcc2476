package auth

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/organization"
	"orgdir/ent/site"
	"orgdir/internal/apperr"
	"orgdir/internal/viewer"
)

// Viewer describes the caller for the API's viewer field.
type Viewer struct {
	Account       *ent.Account
	APIKey        *ent.ApiKey
	Organizations []*ent.Organization
	AdminSites    []*ent.Site
}

// Describe loads what the API shows of the caller of ctx.
func (s *Service) Describe(ctx context.Context) (*Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() {
		return nil, &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in first"}
	}
	out := &Viewer{}
	var err error
	sys := viewer.System(ctx)
	if v.AccountID != "" {
		if out.Account, err = s.Client.Account.Get(sys, v.AccountID); err != nil {
			return nil, err
		}
	}
	if v.APIKeyID != "" {
		if out.APIKey, err = s.Client.ApiKey.Get(sys, v.APIKeyID); err != nil {
			return nil, err
		}
	}
	if out.Organizations, err = s.Client.Organization.Query().Where(organization.IDIn(v.OrgAdmin...)).
		Order(organization.ByName()).All(ctx); err != nil {
		return nil, err
	}
	out.AdminSites, err = s.Client.Site.Query().Where(site.IDIn(v.SiteAdmin...)).Order(site.ByName()).All(ctx)
	return out, err
}
