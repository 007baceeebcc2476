// Package viewer carries who is asking through a request's context. Every read in
// orgdir is filtered by it (see internal/access); a context without a viewer sees
// nothing, and only background jobs, demo loading and sign-in use the system viewer.
package viewer

import (
	"context"
	"slices"

	"orgdir/internal/gid"
)

// Viewer is the caller of a request: an admin account with its roles, or an org API key.
type Viewer struct {
	AccountID gid.ID // set for a signed-in admin
	Label     string // email of the admin or name of the key, for audit events
	APIKeyID  gid.ID // set for an org API key
	ReadOnly  bool   // a read-only API key
	// OrgAdmin lists the organizations the caller administers in full.
	OrgAdmin []gid.ID
	// SiteAdmin lists the sites the caller administers (Users page only), with their orgs.
	SiteAdmin     []gid.ID
	SiteAdminOrgs []gid.ID
	system        bool
}

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer of ctx, or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// System returns ctx with the system viewer, which sees everything. Only jobs, demo
// loading, sign-in and the rules' own cross-org bookkeeping use it.
func System(ctx context.Context) context.Context {
	return NewContext(ctx, &Viewer{system: true, Label: "orgdir"})
}

// IsSystem reports whether v is the system viewer.
func (v *Viewer) IsSystem() bool { return v != nil && v.system }

// IsOrgAdmin reports whether v administers the whole organization org.
func (v *Viewer) IsOrgAdmin(org gid.ID) bool {
	return v != nil && (v.system || slices.Contains(v.OrgAdmin, org))
}

// IsSiteAdmin reports whether v administers site (as a site admin or through its org).
func (v *Viewer) IsSiteAdmin(site, org gid.ID) bool {
	return v.IsOrgAdmin(org) || (v != nil && slices.Contains(v.SiteAdmin, site))
}

// CanWrite reports whether v may change anything at all.
func (v *Viewer) CanWrite() bool { return v != nil && !v.ReadOnly }

// VisibleOrgs lists the organizations whose name and sites v may read.
func (v *Viewer) VisibleOrgs() []gid.ID {
	if v == nil {
		return nil
	}
	out := slices.Clone(v.OrgAdmin)
	for _, o := range v.SiteAdminOrgs {
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}
