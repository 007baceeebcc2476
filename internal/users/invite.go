package users

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"orgdir/ent"
	"orgdir/ent/account"
	"orgdir/ent/group"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// MaxInvite is the largest number of emails one invitation takes.
const MaxInvite = 100

// ProductAccessInput is one (product, role) to grant.
type ProductAccessInput struct {
	Product groupgrant.Product
	Role    groupgrant.Role
}

// Invite invites people to a site by email (rule 4). The whole list is validated
// first; one invalid email, product or group rejects it and writes nothing. Repeated
// emails count once. New emails get an account (managed from the start when their
// domain is claimed, rule 1); anyone already on the site, whatever the status, makes
// the whole list CONFLICT. Access and groups are applied in the same transaction.
func (s *Service) Invite(ctx context.Context, siteID gid.ID, emails []string, access []*ProductAccessInput,
	groupIDs []gid.ID) ([]*ent.Membership, error) {
	type invitee struct {
		field, display, key string
	}
	if len(emails) == 0 {
		return nil, apperr.Invalid("emails", "give at least one email address")
	}
	if len(emails) > MaxInvite {
		return nil, apperr.Invalid("emails", "at most %d email addresses at once", MaxInvite)
	}
	var people []invitee
	seen := map[string]bool{}
	for i, e := range emails {
		field := fmt.Sprintf("emails[%d]", i)
		display, key, err := directory.NormalizeEmail(field, e)
		if err != nil {
			return nil, err
		}
		if !seen[key] {
			seen[key] = true
			people = append(people, invitee{field, display, key})
		}
	}
	var out []*ent.Membership
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		out = nil // a retried transaction starts over
		st, err := siteForChange(ctx, tx.Client(), siteID)
		if err != nil {
			return err
		}
		groups, err := groupsToJoin(ctx, tx, st, access, groupIDs)
		if err != nil {
			return err
		}
		now := s.Clock.Now()
		v := viewer.FromContext(ctx)
		var invitedBy *gid.ID
		if v.AccountID != "" {
			invitedBy = &v.AccountID
		}
		sys := viewer.System(ctx)
		for _, p := range people {
			a, err := tx.Account.Query().Where(account.EmailKey(p.key), account.StatusNEQ(account.StatusDELETED)).Only(sys)
			switch {
			case ent.IsNotFound(err):
				a, err = directory.CreateAccount(ctx, tx, now, directory.NewAccount{Email: p.display})
			case err == nil:
				onSite, qerr := tx.Membership.Query().Where(membership.AccountID(a.ID), membership.SiteID(st.ID),
					membership.RemovedAtIsNil()).Exist(sys)
				if qerr != nil {
					return qerr
				}
				if onSite {
					return apperr.Conflictf(p.field, "%s is already a user of %s", p.display, st.Name)
				}
			}
			if err != nil {
				return err
			}
			m, err := directory.AddMembership(ctx, tx, now, st, a, membership.StatusINVITED, invitedBy)
			if err != nil {
				var ae *apperr.Error
				if errors.As(err, &ae) && ae.Code == apperr.Conflict {
					ae.Field = p.field
				}
				return err
			}
			for _, g := range groups {
				if err := directory.AddToGroup(ctx, tx, g, m); err != nil {
					return err
				}
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, m := range out {
		out[i] = m.Unwrap()
	}
	return out, nil
}

// groupsToJoin checks the requested access (products installed on the site) and groups
// (groups of the site) and returns the groups to put invitees in.
func groupsToJoin(ctx context.Context, tx *ent.Tx, st *ent.Site, access []*ProductAccessInput, groupIDs []gid.ID) ([]*ent.Group, error) {
	var out []*ent.Group
	for i, pa := range access {
		if !slices.Contains(st.Products, string(pa.Product)) {
			return nil, apperr.Invalid(fmt.Sprintf("access[%d].product", i), "%s is not installed on %s",
				directory.ProductName(pa.Product), st.Name)
		}
		gs, err := defaultGroups(ctx, tx, st, pa.Product, pa.Role)
		if err != nil {
			return nil, err
		}
		out = appendGroups(out, gs...)
	}
	for i, id := range groupIDs {
		g, err := tx.Group.Query().Where(group.ID(id), group.SiteID(st.ID)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, apperr.Invalid(fmt.Sprintf("groupIds[%d]", i), "not a group of %s", st.Name)
		}
		if err != nil {
			return nil, err
		}
		out = appendGroups(out, g)
	}
	return out, nil
}

// defaultGroups returns the default groups that grant role on product: for ADMIN both
// the admins' and the users' groups, since ADMIN includes USER.
func defaultGroups(ctx context.Context, tx *ent.Tx, st *ent.Site, p groupgrant.Product, r groupgrant.Role) ([]*ent.Group, error) {
	roles := []groupgrant.Role{groupgrant.RoleUSER}
	if r == groupgrant.RoleADMIN {
		roles = append(roles, groupgrant.RoleADMIN)
	}
	var out []*ent.Group
	for _, role := range roles {
		g, err := tx.Group.Query().Where(group.SiteID(st.ID), group.IsDefault(true),
			group.HasGrantsWith(groupgrant.ProductEQ(p), groupgrant.RoleEQ(role))).First(ctx)
		if ent.IsNotFound(err) {
			// A default group deleted by an admin is created again on demand.
			g, err = tx.Group.Create().SetSiteID(st.ID).SetName(directory.DefaultGroupName(p, role, st.Name)).
				SetIsDefault(true).Save(ctx)
			if err == nil {
				err = tx.GroupGrant.Create().SetGroupID(g.ID).SetProduct(p).SetRole(role).Exec(ctx)
			}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

func appendGroups(gs []*ent.Group, more ...*ent.Group) []*ent.Group {
	for _, g := range more {
		if !slices.ContainsFunc(gs, func(x *ent.Group) bool { return x.ID == g.ID }) {
			gs = append(gs, g)
		}
	}
	return gs
}
