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

// Check validates the page size and applies the default.
func (p *Page) Check() error {
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
