package export

import (
	"net/url"
	"strconv"
	"time"

	"entgo.io/ent/dialect/sql"

	"orgdir/ent/account"
	"orgdir/ent/groupgrant"
	"orgdir/ent/membership"
	"orgdir/internal/apperr"
	"orgdir/internal/directory"
	"orgdir/internal/gid"
	"orgdir/internal/users"
)

// params reads an export's query parameters: the names of the page's GraphQL filter
// fields plus search, orderBy and direction. An unknown or repeated parameter, or a
// value that does not parse, is INVALID_INPUT naming it.
type params struct {
	v   url.Values
	err error
}

func newParams(v url.Values, allowed ...string) *params {
	p := &params{v: v}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for name, vals := range v {
		switch {
		case !ok[name]:
			p.fail(apperr.Invalid(name, "unknown parameter %q", name))
		case len(vals) > 1:
			p.fail(apperr.Invalid(name, "give %s once", name))
		}
	}
	return p
}

func (p *params) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

func (p *params) str(name string) *string {
	if !p.v.Has(name) {
		return nil
	}
	s := p.v.Get(name)
	return &s
}

func (p *params) boolean(name string) *bool {
	s := p.str(name)
	if s == nil {
		return nil
	}
	b, err := strconv.ParseBool(*s)
	if err != nil {
		p.fail(apperr.Invalid(name, "%s must be true or false", name))
		return nil
	}
	return &b
}

func (p *params) time(name string) *time.Time {
	s := p.str(name)
	if s == nil {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		p.fail(apperr.Invalid(name, "%s must be an RFC 3339 time, for example 2026-01-31T00:00:00Z", name))
		return nil
	}
	return &t
}

func (p *params) id(name string) *gid.ID {
	s := p.str(name)
	if s == nil {
		return nil
	}
	id, err := gid.Parse(*s)
	if err != nil {
		p.fail(apperr.Invalid(name, "malformed id"))
		return nil
	}
	return &id
}

// enum reads a parameter that must be one of values (as valid reports).
func enum[T ~string](p *params, name string, valid func(T) error) *T {
	s := p.str(name)
	if s == nil {
		return nil
	}
	v := T(*s)
	if valid(v) != nil {
		p.fail(apperr.Invalid(name, "%q is not a valid %s", *s, name))
		return nil
	}
	return &v
}

// order reads orderBy and direction into the keyset an export pages with: by id (the
// API's default order) unless orderBy names one of fields.
func (p *params) order(fields map[string]string) keyset {
	k := keyset{}
	if s := p.str("orderBy"); s != nil {
		col, ok := fields[*s]
		if !ok {
			p.fail(apperr.Invalid("orderBy", "%q is not a field this list can be ordered by", *s))
		}
		k.column = col
	}
	if s := p.str("direction"); s != nil {
		switch *s {
		case "ASC":
		case "DESC":
			k.desc = true
		default:
			p.fail(apperr.Invalid("direction", "direction must be ASC or DESC"))
		}
	}
	return k
}

// managedAccountParams reads the Managed accounts page's search and filter.
func managedAccountParams(v url.Values) (*string, *directory.ManagedAccountFilter, keyset, error) {
	p := newParams(v, "search", "status", "twoStepVerification", "hasSiteAccess", "policyId",
		"lastActiveBefore", "lastActiveAfter", "neverActive", "orderBy", "direction")
	f := &directory.ManagedAccountFilter{
		Status:              enum(p, "status", account.StatusValidator),
		TwoStepVerification: p.boolean("twoStepVerification"),
		HasSiteAccess:       p.boolean("hasSiteAccess"),
		PolicyID:            p.id("policyId"),
		LastActiveBefore:    p.time("lastActiveBefore"),
		LastActiveAfter:     p.time("lastActiveAfter"),
		NeverActive:         p.boolean("neverActive"),
	}
	k := p.order(map[string]string{"NAME": account.FieldNameKey, "EMAIL": account.FieldEmailKey,
		"LAST_ACTIVE": account.FieldLastActiveKey})
	return p.str("search"), f, k, p.err
}

// userOptions are the Users export's own options (PRODUCT.md §6).
type userOptions struct {
	// activeOnly keeps the memberships that are ACTIVE, of ACTIVE accounts.
	activeOnly bool
	// pivot spreads groups over Group 1 … Group n columns.
	pivot bool
}

// userParams reads a Users page's search and filter and the export's options.
func userParams(v url.Values) (*string, *users.UserFilter, keyset, userOptions, error) {
	p := newParams(v, "search", "status", "siteId", "product", "groupId", "managed", "lastActiveBefore",
		"orderBy", "direction", "activeOnly", "groups")
	f := &users.UserFilter{
		Status:           enum(p, "status", membership.StatusValidator),
		SiteID:           p.id("siteId"),
		Product:          enum(p, "product", groupgrant.ProductValidator),
		GroupID:          p.id("groupId"),
		Managed:          p.boolean("managed"),
		LastActiveBefore: p.time("lastActiveBefore"),
	}
	// The Users rows (org_users and memberships) share these column names.
	k := p.order(map[string]string{"NAME": membership.FieldNameKey, "EMAIL": membership.FieldEmailKey,
		"LAST_ACTIVE": membership.FieldLastActiveKey, "STATUS": membership.FieldStatus})
	var o userOptions
	if b := p.boolean("activeOnly"); b != nil {
		o.activeOnly = *b
	}
	if g := p.str("groups"); g != nil {
		if *g != "pivot" {
			p.fail(apperr.Invalid("groups", "groups must be pivot, or left out for one cell"))
		}
		o.pivot = true
	}
	return p.str("search"), f, k, o, p.err
}

// keyset pages through a list by (sort column, id) in the order's direction, with a
// range an index on (…, column, id) serves, so every batch costs its size.
type keyset struct {
	column string // "" orders by id alone
	desc   bool
}

func (k keyset) order(s *sql.Selector) {
	dir := sql.Asc
	if k.desc {
		dir = sql.Desc
	}
	if k.column != "" {
		s.OrderBy(dir(s.C(k.column)))
	}
	s.OrderBy(dir(s.C("id")))
}

// after matches the rows that come after the row with sort value v and id.
func (k keyset) after(v any, id gid.ID) func(*sql.Selector) {
	gt, gte := sql.GT, sql.GTE
	if k.desc {
		gt, gte = sql.LT, sql.LTE
	}
	return func(s *sql.Selector) {
		if k.column == "" {
			s.Where(gt(s.C("id"), string(id)))
			return
		}
		c := s.C(k.column)
		s.Where(sql.And(gte(c, v), sql.Or(gt(c, v), gt(s.C("id"), string(id)))))
	}
}
