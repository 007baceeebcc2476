package auth

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/adminrole"
	"orgdir/ent/organization"
	"orgdir/internal/apperr"
	"orgdir/internal/audit"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
)

// GrantAdminRole makes an account an ORG_ADMIN of org, or a SITE_ADMIN of one of its
// sites (ORIGINAL organizations only: centralized ones are run by org admins). The
// account must be one the granting admin sees.
func (s *Service) GrantAdminRole(ctx context.Context, org, accountID gid.ID, role adminrole.Role, siteID *gid.ID) (*ent.AdminRole, error) {
	if _, err := requireSessionAdmin(ctx, org); err != nil {
		return nil, err
	}
	var out *ent.AdminRole
	err := directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		o, err := tx.Organization.Get(ctx, org)
		if err != nil {
			return err
		}
		a, err := directory.New(tx.Client(), s.Clock).Account(ctx, accountID)
		if err != nil {
			return err
		}
		c := tx.AdminRole.Create().SetAccountID(a.ID).SetOrgID(org).SetRole(role)
		exists := tx.AdminRole.Query().Where(adminrole.AccountID(a.ID), adminrole.OrgID(org))
		label := o.Name
		switch {
		case role == adminrole.RoleORG_ADMIN && siteID != nil:
			return apperr.Invalid("siteId", "an organization admin role is not for one site")
		case role == adminrole.RoleSITE_ADMIN && siteID == nil:
			return apperr.Invalid("siteId", "a site admin role needs a site")
		case role == adminrole.RoleSITE_ADMIN && o.UserManagement != organization.UserManagementORIGINAL:
			return apperr.Invalid("role", "organizations with centralized user management have organization admins only")
		case role == adminrole.RoleSITE_ADMIN:
			st, err := tx.Site.Get(ctx, *siteID)
			if ent.IsNotFound(err) || (err == nil && st.OrgID != org) {
				return apperr.Invalid("siteId", "not a site of this organization")
			}
			if err != nil {
				return err
			}
			c.SetSiteID(st.ID)
			exists.Where(adminrole.SiteID(st.ID))
			label = st.Name
		default:
			exists.Where(adminrole.SiteIDIsNil())
		}
		if dup, err := exists.Exist(ctx); err != nil || dup {
			if err == nil {
				err = apperr.Conflictf("accountId", "%s already has this role", a.Email)
			}
			return err
		}
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Clock.Now(), audit.Event{Org: org, Action: "admin_role.granted", TargetType: "AdminRole",
			TargetID: out.ID, TargetLabel: a.Email, Account: a.ID, Details: map[string]any{"role": string(role), "scope": label}})
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}

// RevokeAdminRole takes a role away at once (roles are read on every request). The
// last organization admin of an organization cannot be removed.
func (s *Service) RevokeAdminRole(ctx context.Context, id gid.ID) (gid.ID, error) {
	err := directory.WithTx(ctx, s.Client, func(tx *ent.Tx) error {
		r, err := tx.AdminRole.Query().Where(adminrole.ID(id)).WithAccount().Only(ctx)
		if ent.IsNotFound(err) || id.Prefix() != "adr" {
			return apperr.NotFoundf("admin role")
		}
		if err != nil {
			return err
		}
		if _, err := requireSessionAdmin(ctx, r.OrgID); err != nil {
			return err
		}
		if r.Role == adminrole.RoleORG_ADMIN {
			n, err := tx.AdminRole.Query().Where(adminrole.OrgID(r.OrgID), adminrole.RoleEQ(adminrole.RoleORG_ADMIN)).Count(ctx)
			if err != nil {
				return err
			}
			if n <= 1 {
				return apperr.State("an organization needs at least one organization admin")
			}
		}
		if err := tx.AdminRole.DeleteOne(r).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Clock.Now(), audit.Event{Org: r.OrgID, Action: "admin_role.revoked", TargetType: "AdminRole",
			TargetID: r.ID, TargetLabel: r.Edges.Account.Email, Account: r.AccountID, Details: map[string]any{"role": string(r.Role)}})
	})
	if err != nil {
		return "", err
	}
	return id, nil
}
