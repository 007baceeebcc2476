package domains

import (
	"context"

	"orgdir/ent"
	"orgdir/ent/domain"
	"orgdir/internal/apperr"
	"orgdir/internal/clock"
	"orgdir/internal/gid"
	"orgdir/internal/viewer"
)

// Service applies the domain rules on one database.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
	check  *checker
}

// New returns a Service whose checks follow cfg.
func New(client *ent.Client, c clock.Clock, cfg Config) (*Service, error) {
	ch, err := newChecker(cfg)
	if err != nil {
		return nil, err
	}
	return &Service{Client: client, Clock: c, check: ch}, nil
}

func requireWrite(ctx context.Context) error {
	if !viewer.FromContext(ctx).CanWrite() {
		return apperr.Forbiddenf("this API key is read-only")
	}
	return nil
}

// Domain returns a domain of an organization the viewer administers; anything else is
// NOT_FOUND.
func (s *Service) Domain(ctx context.Context, id gid.ID) (*ent.Domain, error) {
	if id.Prefix() != "dom" {
		return nil, apperr.NotFoundf("domain")
	}
	d, err := s.Client.Domain.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("domain")
	}
	return d, err
}

// domainForChange is Domain for a change: FORBIDDEN for a read-only caller.
func (s *Service) domainForChange(ctx context.Context, id gid.ID) (*ent.Domain, error) {
	d, err := s.Domain(ctx, id)
	if err != nil {
		return nil, err
	}
	return d, requireWrite(ctx)
}

// verifiedElsewhere reports whether another organization has verified name.
func verifiedElsewhere(ctx context.Context, c *ent.Client, org gid.ID, name string) error {
	taken, err := c.Domain.Query().
		Where(domain.Name(name), domain.StatusEQ(domain.StatusVERIFIED), domain.OrgIDNEQ(org)).
		Exist(viewer.System(ctx))
	if err != nil {
		return err
	}
	if taken {
		return apperr.Conflictf("name", "%s is verified by another organization", name)
	}
	return nil
}

// detached returns a domain written in a transaction that has ended, bound to the client.
func detached(d *ent.Domain, err error) (*ent.Domain, error) {
	if err != nil || d == nil {
		return nil, err
	}
	return d.Unwrap(), nil
}
