package access

import (
	"context"
	"errors"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"orgdir/ent"
	"orgdir/internal/apperr"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Node returns the object id names if the viewer sees it. Anything else, whether it
// exists elsewhere or not at all, is the same NOT_FOUND.
func Node(ctx context.Context, client *ent.Client, id gid.ID) (ent.Noder, error) {
	n, err := client.Noder(ctx, id, ent.WithNodeType(nodeType))
	if err != nil {
		return nil, notFound(err, "object")
	}
	return n, nil
}

// Nodes returns the objects ids name, in order, with null and a NOT_FOUND error at its
// index for each one the viewer does not see (Relay's nodes): the objects it does see
// are still returned, since a resolver that returns an error loses its whole result.
func Nodes(ctx context.Context, client *ent.Client, ids []gid.ID) ([]ent.Noder, error) {
	out := make([]ent.Noder, len(ids))
	for i, id := range ids {
		n, err := Node(ctx, client, id)
		if errors.Is(err, apperr.ErrNotFound) {
			graphql.AddError(graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i)), err)
			continue
		}
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// Organization returns an organization the viewer administers in full.
func Organization(ctx context.Context, client *ent.Client, id gid.ID) (*ent.Organization, error) {
	if !viewer.FromContext(ctx).IsOrgAdmin(id) {
		return nil, apperr.NotFoundf("organization")
	}
	o, err := client.Organization.Get(ctx, id)
	return o, notFound(err, "organization")
}

// OrganizationRef is Organization for a document that reads none of the organization's
// columns, only fields resolved from its id (stats, lists): the same check, without
// reading the row. A signed-in viewer administers an organization through an admin role
// or an API key, whose foreign key names an existing organization, and organizations
// are never deleted.
func OrganizationRef(ctx context.Context, client *ent.Client, id gid.ID) (*ent.Organization, error) {
	v := viewer.FromContext(ctx)
	if v.IsSystem() {
		return Organization(ctx, client, id)
	}
	if !v.IsOrgAdmin(id) {
		return nil, apperr.NotFoundf("organization")
	}
	return &ent.Organization{ID: id}, nil
}

// Site returns a site the viewer administers, as org admin or site admin.
func Site(ctx context.Context, client *ent.Client, id gid.ID) (*ent.Site, error) {
	s, err := client.Site.Get(ctx, id)
	return s, notFound(err, "site")
}

func nodeType(_ context.Context, id gid.ID) (string, error) { return gid.Table(id) }

func notFound(err error, what string) error {
	if err == nil {
		return nil
	}
	if ent.IsNotFound(err) || err == gid.ErrMalformed {
		return apperr.NotFoundf(what)
	}
	return err
}

// RequireOrgAdmin allows an organization admin of org. A site admin of one of its
// sites (who sees the organization) gets FORBIDDEN; anyone else NOT_FOUND, exactly as
// for an organization that does not exist.
func RequireOrgAdmin(ctx context.Context, org gid.ID) error {
	v := viewer.FromContext(ctx)
	if v.IsOrgAdmin(org) {
		return nil
	}
	if slices.Contains(v.VisibleOrgs(), org) {
		return apperr.Forbiddenf("only organization admins can do this")
	}
	return apperr.NotFoundf("organization")
}
