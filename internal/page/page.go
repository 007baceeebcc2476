// Package page holds the arguments of a cursor connection and their limits, shared by
// every list of the API.
package page

import (
	"entgo.io/contrib/entgql"

	"orgdir/internal/apperr"
	"orgdir/internal/gid"
)

// Max is the largest first or last a connection accepts.
const Max = 100

// Default applies when neither first nor last is given.
const Default = 50

// Page is a request for one page of a cursor connection.
type Page struct {
	After  *entgql.Cursor[gid.ID]
	First  *int
	Before *entgql.Cursor[gid.ID]
	Last   *int
}

// Check validates the page size and the cursors' ids, and applies the default.
func (p *Page) Check() error {
	// entgql decodes a cursor's id with msgpack, not with gid's own check: a crafted
	// cursor could carry any string into the keyset predicate.
	for _, c := range []struct {
		name   string
		cursor *entgql.Cursor[gid.ID]
	}{{"after", p.After}, {"before", p.Before}} {
		if c.cursor == nil {
			continue
		}
		if _, err := gid.Parse(string(c.cursor.ID)); err != nil {
			return apperr.Invalid(c.name, "%s is not a cursor of this list", c.name)
		}
	}
	for _, f := range []struct {
		name string
		n    *int
	}{{"first", p.First}, {"last", p.Last}} {
		if f.n != nil && (*f.n < 0 || *f.n > Max) {
			return apperr.Invalid(f.name, "%s must be between 0 and %d", f.name, Max)
		}
	}
	if p.First == nil && p.Last == nil {
		n := Default
		p.First = &n
	}
	return nil
}

// KeepZeroSortValue makes cursors on a zero sort value work. entgql encodes a cursor's
// sort value with msgpack's omitempty, so a cursor taken on a row whose sort key is the
// zero value (0, the "never" of last-active keys, or "") comes back with no value, and
// entgql then pages by id alone: rows are skipped and repeated. For a page ordered by a
// field (not by id, whose cursors carry no value), call this with that field's zero
// value so such a cursor means what it meant when it was handed out.
func (p *Page) KeepZeroSortValue(zero any) {
	for _, c := range []**entgql.Cursor[gid.ID]{&p.After, &p.Before} {
		if *c != nil && (*c).Value == nil {
			restored := **c
			restored.Value = zero
			*c = &restored
		}
	}
}
