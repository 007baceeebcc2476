package export

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/ent/predicate"
	"orgdir/internal/access"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// ManagedAccountsHeader is the header row of the Managed accounts export, before the
// product columns.
var ManagedAccountsHeader = []string{"Name", "Email", "Account ID", "Last active", "Status", "Billable",
	"Policy name", "Policy type", "SAML single sign-on", "Two-step verification", "Password requirements",
	"Idle session duration"}

// ManagedAccounts serves GET /export/orgs/{org}/managed-accounts.csv: the accounts the
// organization manages, as its Managed accounts page lists them for the same search,
// filter and order, with the sites where each uses each product, inside and outside
// the organization (rule 17).
func (s *Service) ManagedAccounts() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, "managed_accounts", func() (*export, error) { return s.managedAccounts(r) })
	})
}

func (s *Service) managedAccounts(r *http.Request) (*export, error) {
	ctx := directory.WithRequestCache(r.Context())
	org, err := pathID(r, "org", "org")
	if err != nil {
		return nil, err
	}
	if err := access.RequireOrgAdmin(ctx, org); err != nil {
		return nil, err
	}
	search, filter, k, err := managedAccountParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	o, err := s.Client.Organization.Get(ctx, org)
	if err != nil {
		return nil, err
	}
	policies, err := s.Client.AuthenticationPolicy.Query().Where(authenticationpolicy.OrgID(org)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[gid.ID]*ent.AuthenticationPolicy{}
	for _, p := range policies {
		byID[p.ID] = p
	}
	preds := directory.ManagedAccountPredicates(org, search, filter)
	return &export{
		filename: s.filename("managed-accounts", o.Name),
		header:   append(slices.Clone(ManagedAccountsHeader), productHeaders()...),
		stream: func(_ context.Context, out *csvStream) error {
			return batches(ctx, k,
				func(after, order func(*sql.Selector)) ([]*ent.Account, error) {
					q := s.Client.Account.Query().Where(preds...).Order(account.OrderOption(order)).Limit(BatchSize)
					if after != nil {
						q.Where(predicate.Account(after))
					}
					return q.All(access.ManagedOnly(ctx))
				},
				func(a *ent.Account) (any, gid.ID) { return accountSortValue(a, k), a.ID },
				func(rows []*ent.Account) error {
					sites, err := s.productSites(ctx, rows)
					if err != nil {
						return err
					}
					for _, a := range rows {
						row, err := s.managedAccountRow(ctx, a, byID, sites[a.ID])
						if err != nil {
							return err
						}
						if err := out.Write(row); err != nil {
							return err
						}
					}
					return out.Flush()
				})
		},
	}, nil
}

func accountSortValue(a *ent.Account, k keyset) any {
	switch k.column {
	case account.FieldNameKey:
		return a.NameKey
	case account.FieldEmailKey:
		return a.EmailKey
	case account.FieldLastActiveKey:
		return a.LastActiveKey
	}
	return nil
}

func (s *Service) managedAccountRow(ctx context.Context, a *ent.Account, policies map[gid.ID]*ent.AuthenticationPolicy,
	sites map[groupgrant.Product][]string) ([]string, error) {
	billable, err := s.Directory.Billable(ctx, a)
	if err != nil {
		return nil, err
	}
	var p *ent.AuthenticationPolicy
	if a.PolicyID != nil {
		p = policies[*a.PolicyID]
	}
	row := []string{a.Name, a.Email, string(a.ID), LastActive(a.LastActiveAt), Words(string(a.Status)), YesNo(billable),
		"", "", YesNo(p != nil && p.EnforceSSO), YesNo(a.TwoStepVerification), "", ""}
	if p != nil {
		row[6], row[7], row[10], row[11] = p.Name, policyType(p), passwordRequirements(p), Duration(p.IdleSessionMinutes)
	}
	for _, prod := range products {
		row = append(row, strings.Join(sites[prod], ", "))
	}
	return row, nil
}

func policyType(p *ent.AuthenticationPolicy) string {
	if p.Billable {
		return "Billable"
	}
	return "Non-billable"
}

func passwordRequirements(p *ent.AuthenticationPolicy) string {
	expiry := "never expire"
	if p.PasswordExpiryDays > 0 {
		expiry = fmt.Sprintf("expire after %d days", p.PasswordExpiryDays)
	}
	return fmt.Sprintf("%s strength, passwords %s", Words(string(p.PasswordStrength)), expiry)
}

// productSites lists, for each account of a batch, the names of the sites where its
// groups grant each product, on any organization's sites: the accounts are managed by
// the exporting organization, which sees their outside access by rule 17 (only the
// site names are exported).
func (s *Service) productSites(ctx context.Context, accounts []*ent.Account) (map[gid.ID]map[groupgrant.Product][]string, error) {
	ids := make([]gid.ID, len(accounts))
	for i, a := range accounts {
		ids[i] = a.ID
	}
	ms, err := s.withAccess(viewer.System(ctx), ids, nil)
	if err != nil {
		return nil, err
	}
	out := map[gid.ID]map[groupgrant.Product][]string{}
	for _, m := range ms {
		for _, pa := range directory.MembershipAccess(m) {
			byProduct := out[m.AccountID]
			if byProduct == nil {
				byProduct = map[groupgrant.Product][]string{}
				out[m.AccountID] = byProduct
			}
			if !slices.Contains(byProduct[pa.Product], pa.Site.Name) {
				byProduct[pa.Product] = append(byProduct[pa.Product], pa.Site.Name)
			}
		}
	}
	for _, byProduct := range out {
		for _, names := range byProduct {
			slices.Sort(names)
		}
	}
	return out, nil
}

// withAccess loads the current memberships of accounts (narrowed by preds) with their
// site and their groups' grants, as product access needs them.
func (s *Service) withAccess(ctx context.Context, accounts []gid.ID, preds []predicate.Membership) ([]*ent.Membership, error) {
	q := s.Client.Membership.Query().Where(membership.AccountIDIn(accounts...), membership.RemovedAtIsNil()).Where(preds...)
	return q.WithSite().WithGroups(func(g *ent.GroupQuery) { g.WithGrants().Order(group.ByName()) }).All(ctx)
}
