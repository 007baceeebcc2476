package export

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"entgo.io/ent/dialect/sql"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/authenticationpolicy"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/ent/predicate"
	"orgdir/ent/site"
	"orgdir/internal/access"
	"orgdir/internal/db"
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
	ctx := r.Context()
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
	preds := directory.ManagedAccountPredicates(org, search, filter)
	cells := policyCellsOf(policies)
	columns := managedAccountColumns
	if k.column != "" {
		columns = append(slices.Clip(columns), k.column)
	}
	return &export{
		filename: s.filename("managed-accounts", o.Name),
		header:   append(slices.Clone(ManagedAccountsHeader), productHeaders()...),
		stream: func(_ context.Context, out *csvStream) error {
			row := make([]string, 0, len(ManagedAccountsHeader)+len(products))
			status := map[account.Status]string{}
			ps := newProductSites(s.Client)
			return batches(ctx, k,
				func(after, order func(*sql.Selector)) ([]*ent.Account, error) {
					q := s.Client.Account.Query().Where(preds...).Order(account.OrderOption(order)).Limit(BatchSize)
					if after != nil {
						q.Where(predicate.Account(after))
					}
					// Only the exported columns and the keyset's: the others (timestamps
					// above all) cost more to read and decode than the rest of the row.
					return q.Select(columns...).All(access.ManagedOnly(ctx))
				},
				func(a *ent.Account) (any, gid.ID) { return accountSortValue(a, k), a.ID },
				func(ctx context.Context, rows []*ent.Account) (map[gid.ID]productSiteNames, error) {
					return ps.read(ctx, rows)
				},
				func(rows []*ent.Account, sites map[gid.ID]productSiteNames) error {
					for _, a := range rows {
						words, ok := status[a.Status]
						if !ok {
							words = Words(string(a.Status))
							status[a.Status] = words
						}
						var p *policyCells
						if a.PolicyID != nil {
							p = cells[*a.PolicyID]
						}
						row = managedAccountRow(row[:0], a, words, p, sites[a.ID])
						if err := out.Write(row); err != nil {
							return err
						}
					}
					return out.Flush()
				})
		},
	}, nil
}

// managedAccountColumns are the account fields a Managed accounts row reads (the id is
// always selected), to which the keyset adds its sort column.
var managedAccountColumns = []string{account.FieldName, account.FieldEmail, account.FieldLastActiveAt,
	account.FieldStatus, account.FieldTwoStepVerification, account.FieldPolicyID}

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

// policyCells are the cells one authentication policy gives each of its accounts,
// worked out once per export.
type policyCells struct {
	policy                                  *ent.AuthenticationPolicy
	name, kind, sso, password, idleDuration string
}

func policyCellsOf(policies []*ent.AuthenticationPolicy) map[gid.ID]*policyCells {
	out := make(map[gid.ID]*policyCells, len(policies))
	for _, p := range policies {
		out[p.ID] = &policyCells{policy: p, name: p.Name, kind: policyType(p), sso: YesNo(p.EnforceSSO),
			password: passwordRequirements(p), idleDuration: Duration(p.IdleSessionMinutes)}
	}
	return out
}

// managedAccountRow appends a's row to row. status is a's status in words, p the cells
// of its policy (nil for none), sites the names of the sites where it uses each product
// (nil for none).
func managedAccountRow(row []string, a *ent.Account, status string, p *policyCells, sites productSiteNames) []string {
	var policy *ent.AuthenticationPolicy
	name, kind, sso, password, idle := "", "", "No", "", ""
	if p != nil {
		policy = p.policy
		name, kind, sso, password, idle = p.name, p.kind, p.sso, p.password, p.idleDuration
	}
	row = append(row, a.Name, a.Email, string(a.ID), LastActive(a.LastActiveAt), status,
		YesNo(directory.BillableUnder(a, policy)), name, kind, sso, YesNo(a.TwoStepVerification), password, idle)
	for i := range products {
		if sites == nil {
			row = append(row, "")
			continue
		}
		row = append(row, strings.Join(sites[i], ", "))
	}
	return row
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

// productSiteNames are the sorted, distinct names of the sites where an account uses
// each product, in the order of products.
type productSiteNames [][]string

// productIndex is the column of each product.
var productIndex = func() map[groupgrant.Product]int {
	m := make(map[groupgrant.Product]int, len(products))
	for i, p := range products {
		m[p] = i
	}
	return m
}()

// productSites reads, batch by batch, the names of the sites where each account uses
// each product: through its current memberships' groups, on any organization's sites
// (the accounts are managed by the exporting organization, which sees their outside
// access by rule 17; only the site names are exported). A batch costs two statements,
// its memberships and their groups; what each group grants and each site's name are
// read once per export, when a batch first meets them, instead of loaded again with
// every batch.
type productSites struct {
	client *ent.Client
	// mu guards the two caches: two batches are read at once (batches).
	mu sync.Mutex
	// grants holds, for each group met, the products it grants as bits of their
	// indexes in products.
	grants map[gid.ID]uint16
	sites  map[gid.ID]string
}

func newProductSites(client *ent.Client) *productSites {
	return &productSites{client: client, grants: map[gid.ID]uint16{}, sites: map[gid.ID]string{}}
}

// read gives each account of a batch that uses a product its site names, sorted and
// distinct, in the order of products.
func (r *productSites) read(ctx context.Context, accounts []*ent.Account) (map[gid.ID]productSiteNames, error) {
	ctx = viewer.System(ctx)
	ids := make([]gid.ID, len(accounts))
	for i, a := range accounts {
		ids[i] = a.ID
	}
	// Two lookups by index, not one join: PostgreSQL's planner may hash-join the
	// whole group members table for a batch's IN list. Scanned with database/sql
	// directly: ent's Scan into structs goes through reflection, which was 37% of the
	// export's CPU on PostgreSQL (pprof, make bench W6).
	type member struct{ ID, Account, Site gid.ID }
	var ms []member
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	err := scanRows(ctx, r.client, `SELECT id, account_id, site_id FROM memberships WHERE removed_at IS NULL AND account_id IN (`+
		db.Placeholders(len(ids))+`)`, args, func(rows *stdsql.Rows) error {
		var m member
		err := rows.Scan((*string)(&m.ID), (*string)(&m.Account), (*string)(&m.Site))
		ms = append(ms, m)
		return err
	})
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	byID := make(map[gid.ID]int, len(ms))
	mids := make([]any, len(ms))
	for i, m := range ms {
		byID[m.ID] = i
		mids[i] = m.ID
	}
	type groupMember struct{ Group, Membership gid.ID }
	var members []groupMember
	err = scanRows(ctx, r.client, `SELECT group_id, membership_id FROM `+group.MembersTable+` WHERE membership_id IN (`+
		db.Placeholders(len(mids))+`)`, mids, func(rows *stdsql.Rows) error {
		var gm groupMember
		err := rows.Scan((*string)(&gm.Group), (*string)(&gm.Membership))
		members = append(members, gm)
		return err
	})
	if err != nil {
		return nil, err
	}
	type pair struct{ Account, Site, Group gid.ID }
	pairs := make([]pair, len(members))
	for i, gm := range members {
		m := ms[byID[gm.Membership]]
		pairs[i] = pair{Account: m.Account, Site: m.Site, Group: gm.Group}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var groups, sites []gid.ID
	for _, p := range pairs {
		if _, ok := r.grants[p.Group]; !ok {
			r.grants[p.Group] = 0
			groups = append(groups, p.Group)
		}
		if _, ok := r.sites[p.Site]; !ok {
			r.sites[p.Site] = ""
			sites = append(sites, p.Site)
		}
	}
	if err := r.load(ctx, groups, sites); err != nil {
		return nil, err
	}
	out := map[gid.ID]productSiteNames{}
	for _, p := range pairs {
		bits := r.grants[p.Group]
		if bits == 0 {
			continue
		}
		names := out[p.Account]
		if names == nil {
			names = make(productSiteNames, len(products))
			out[p.Account] = names
		}
		site := r.sites[p.Site]
		for i := range products {
			// Two groups, or two sites of one name, list the name once.
			if bits&(1<<i) != 0 && !slices.Contains(names[i], site) {
				names[i] = append(names[i], site)
			}
		}
	}
	for _, names := range out {
		for _, n := range names {
			slices.Sort(n)
		}
	}
	return out, nil
}

// scanRows runs query and calls scan for each of its rows.
func scanRows(ctx context.Context, c *ent.Client, query string, args []any, scan func(*stdsql.Rows) error) error {
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// load reads the grants of groups and the names of sites not met before.
func (r *productSites) load(ctx context.Context, groups, sites []gid.ID) error {
	if len(groups) > 0 {
		var grants []struct {
			Group   gid.ID             `json:"group_id"`
			Product groupgrant.Product `json:"product"`
		}
		err := r.client.GroupGrant.Query().Where(groupgrant.GroupIDIn(groups...)).
			Select(groupgrant.FieldGroupID, groupgrant.FieldProduct).Scan(ctx, &grants)
		if err != nil {
			return err
		}
		for _, g := range grants {
			if i, ok := productIndex[g.Product]; ok {
				r.grants[g.Group] |= 1 << i
			}
		}
	}
	if len(sites) > 0 {
		var names []struct {
			ID   gid.ID `json:"id"`
			Name string `json:"name"`
		}
		if err := r.client.Site.Query().Where(site.IDIn(sites...)).Select(site.FieldID, site.FieldName).Scan(ctx, &names); err != nil {
			return err
		}
		for _, n := range names {
			r.sites[n.ID] = n.Name
		}
	}
	return nil
}

// withAccess loads the current memberships of accounts (narrowed by preds) with their
// site and their groups' grants, as product access needs them.
func (s *Service) withAccess(ctx context.Context, accounts []gid.ID, preds []predicate.Membership) ([]*ent.Membership, error) {
	q := s.Client.Membership.Query().Where(membership.AccountIDIn(accounts...), membership.RemovedAtIsNil()).Where(preds...)
	return q.WithSite().WithGroups(func(g *ent.GroupQuery) { g.WithGrants().Order(group.ByName()) }).All(ctx)
}
