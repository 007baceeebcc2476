// Package gid owns orgdir's opaque identifiers: a three-letter type prefix, an
// underscore and a ULID. The same string is used in the database, the GraphQL API,
// the routes of the SPA and the CSV exports, and the prefix lets node(id:) find the
// table without a lookup.
package gid

import (
	"crypto/rand"
	"database/sql/driver"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// ID is an opaque, globally unique identifier.
type ID string

// Prefixes of every entity that has an opaque id, mapped to its table name.
var tables = map[string]string{
	"org": "organizations",
	"acc": "accounts",
	"dom": "domains",
	"sit": "sites",
	"mem": "memberships",
	"grp": "groups",
	"pol": "authentication_policies",
	"dev": "devices",
	"tok": "api_tokens",
	"aud": "audit_events",
	"adr": "admin_roles",
	"key": "api_keys",
	"ous": "org_users",
	"sug": "account_suggestions",
}

var (
	mu      sync.Mutex
	entropy = ulid.Monotonic(rand.Reader, 0)
)

// New returns a fresh id with the given prefix.
func New(prefix string) ID {
	mu.Lock()
	defer mu.Unlock()
	return ID(prefix + "_" + ulid.MustNew(ulid.Timestamp(time.Now()), entropy).String())
}

// ErrMalformed is returned for a string that is not an orgdir id.
var ErrMalformed = fmt.Errorf("malformed id")

// Parse checks the shape of s (known prefix, valid ULID) and returns it as an ID.
func Parse(s string) (ID, error) {
	if len(s) != 30 || s[3] != '_' {
		return "", ErrMalformed
	}
	if _, ok := tables[s[:3]]; !ok {
		return "", ErrMalformed
	}
	if _, err := ulid.ParseStrict(s[4:]); err != nil {
		return "", ErrMalformed
	}
	return ID(s), nil
}

// Prefix returns the type prefix of id.
func (id ID) Prefix() string {
	if len(id) < 3 {
		return ""
	}
	return string(id[:3])
}

// Table returns the table of the entity that id names.
func Table(id ID) (string, error) {
	if t, ok := tables[id.Prefix()]; ok {
		return t, nil
	}
	return "", ErrMalformed
}

// MarshalGQL writes the id as a GraphQL string.
func (id ID) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(id))) }

// UnmarshalGQL accepts only well-formed ids, so a malformed one never reaches a query.
// It takes a string from a request, or an ID (entgql's generated Noder passes one).
func (id *ID) UnmarshalGQL(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case ID:
		s = string(x)
	default:
		return ErrMalformed
	}
	p, err := Parse(s)
	if err != nil {
		return err
	}
	*id = p
	return nil
}

// Scan implements sql.Scanner.
func (id *ID) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*id = ID(v)
	case []byte:
		*id = ID(v)
	case nil:
		*id = ""
	default:
		return fmt.Errorf("gid: unexpected type %T", src)
	}
	return nil
}

// Value implements driver.Valuer.
func (id ID) Value() (driver.Value, error) { return string(id), nil }

// String returns the id as a string.
func (id ID) String() string { return string(id) }
