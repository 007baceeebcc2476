package users

import (
	"context"
	"slices"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
)

// GrantProductAccess gives a user of a site a product role by adding it to the site's
// default group for that role (for ADMIN, the users' group too, since ADMIN includes USER).
func (s *Service) GrantProductAccess(ctx context.Context, siteID, accountID gid.ID, p groupgrant.Product, r groupgrant.Role) (*ent.Membership, error) {
	return s.onSite(ctx, siteID, accountID, func(tx *ent.Tx, m *ent.Membership) (*ent.Membership, error) {
		st, err := tx.Site.Get(ctx, siteID)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(st.Products, string(p)) {
			return nil, apperr.Invalid("product", "%s is not installed on %s", directory.ProductName(p), st.Name)
		}
		groups, err := defaultGroups(ctx, tx, st, p, r)
		if err != nil {
			return nil, err
		}
		added, err := s.joinGroups(ctx, tx, m, groups)
		if err != nil || len(added) == 0 {
			return m, err
		}
		return m, s.auditAccess(ctx, tx, st, m, "user.product_access_granted", p, r, added)
	})
}

// RevokeProductAccess takes a product role from a user of a site by removing it from
// every group of the site that grants the role (for USER, also those granting ADMIN,
// which includes USER). The answer's productAccess shows what remains, for instance a
// role another removed group did not grant.
func (s *Service) RevokeProductAccess(ctx context.Context, siteID, accountID gid.ID, p groupgrant.Product, r groupgrant.Role) (*ent.Membership, error) {
	return s.onSite(ctx, siteID, accountID, func(tx *ent.Tx, m *ent.Membership) (*ent.Membership, error) {
		roles := []groupgrant.Role{groupgrant.RoleADMIN}
		if r == groupgrant.RoleUSER {
			roles = append(roles, groupgrant.RoleUSER)
		}
		groups, err := tx.Group.Query().Where(group.HasMembersWith(membership.ID(m.ID)),
			group.HasGrantsWith(groupgrant.ProductEQ(p), groupgrant.RoleIn(roles...))).All(ctx)
		if err != nil || len(groups) == 0 {
			return m, err
		}
		names := make([]string, len(groups))
		for i, g := range groups {
			if err := directory.RemoveFromGroup(ctx, tx, g, m); err != nil {
				return nil, err
			}
			names[i] = g.Name
		}
		st, err := tx.Site.Get(ctx, siteID)
		if err != nil {
			return nil, err
		}
		return m, s.auditAccess(ctx, tx, st, m, "user.product_access_revoked", p, r, names)
	})
}

// AddGroupMember puts a user of the group's site in the group (rule 18): the account
// must be a user of that site first (INVALID_STATE: invite first).
func (s *Service) AddGroupMember(ctx context.Context, groupID, accountID gid.ID) (*ent.Group, error) {
	return s.onGroup(ctx, groupID, accountID, func(tx *ent.Tx, g *ent.Group, m *ent.Membership) (string, error) {
		in, err := g.QueryMembers().Where(membership.ID(m.ID)).Exist(ctx)
		if err != nil || in {
			return "", err
		}
		return "group.member_added", directory.AddToGroup(ctx, tx, g, m)
	})
}

// RemoveGroupMember takes a user out of a group.
func (s *Service) RemoveGroupMember(ctx context.Context, groupID, accountID gid.ID) (*ent.Group, error) {
	return s.onGroup(ctx, groupID, accountID, func(tx *ent.Tx, g *ent.Group, m *ent.Membership) (string, error) {
		in, err := g.QueryMembers().Where(membership.ID(m.ID)).Exist(ctx)
		if err != nil || !in {
			return "", err
		}
		return "group.member_removed", directory.RemoveFromGroup(ctx, tx, g, m)
	})
}

// onGroup loads a group the viewer may change and the account's membership on its
// site, runs change, and audits the change it reports ("" for none).
func (s *Service) onGroup(ctx context.Context, groupID, accountID gid.ID,
	change func(tx *ent.Tx, g *ent.Group, m *ent.Membership) (string, error)) (*ent.Group, error) {
	var out *ent.Group
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		g, err := tx.Group.Get(ctx, groupID)
		if ent.IsNotFound(err) || groupID.Prefix() != "grp" {
			return apperr.NotFoundf("group")
		}
		if err != nil {
			return err
		}
		st, err := siteForChange(ctx, tx.Client(), g.SiteID)
		if err != nil {
			return err
		}
		a, err := tx.Account.Query().Where(account.ID(accountID)).Only(ctx)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("account")
		}
		if err != nil {
			return err
		}
		m, err := tx.Membership.Query().Where(membership.SiteID(st.ID), membership.AccountID(a.ID),
			membership.RemovedAtIsNil()).Only(ctx)
		if ent.IsNotFound(err) {
			return apperr.State("%s is not a user of %s: invite them first", a.Email, st.Name)
		}
		if err != nil {
			return err
		}
		action, err := change(tx, g, m)
		if err != nil {
			return err
		}
		out = g
		if action == "" {
			return nil
		}
		return audit.Record(ctx, tx, s.Clock.Now(), audit.Event{Org: st.OrgID, Action: action, TargetType: "Group",
			TargetID: g.ID, TargetLabel: g.Name, Account: a.ID, Details: map[string]any{"member": a.Email, "site": st.Name}})
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}

// joinGroups adds m to the groups it is not in yet and returns their names.
func (s *Service) joinGroups(ctx context.Context, tx *ent.Tx, m *ent.Membership, groups []*ent.Group) ([]string, error) {
	var added []string
	for _, g := range groups {
		in, err := g.QueryMembers().Where(membership.ID(m.ID)).Exist(ctx)
		if err != nil {
			return nil, err
		}
		if in {
			continue
		}
		if err := directory.AddToGroup(ctx, tx, g, m); err != nil {
			return nil, err
		}
		added = append(added, g.Name)
	}
	return added, nil
}

func (s *Service) auditAccess(ctx context.Context, tx *ent.Tx, st *ent.Site, m *ent.Membership, action string,
	p groupgrant.Product, r groupgrant.Role, groups []string) error {
	a, err := tx.Account.Get(ctx, m.AccountID)
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, s.Clock.Now(), audit.Event{Org: st.OrgID, Action: action, TargetType: "Membership",
		TargetID: m.ID, TargetLabel: a.Email, Account: a.ID,
		Details: map[string]any{"site": st.Name, "product": string(p), "role": string(r), "groups": groups}})
}
