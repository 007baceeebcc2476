package page

import (
	"bytes"
	"encoding/base64"
	"errors"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// MaxCursor is the longest cursor string CheckCursor accepts: an id and a sort value
// (a name or email key of at most 254 bytes) in base64 stay well under it.
const MaxCursor = 1024

// ErrBadCursor is a cursor string this API cannot have handed out.
var ErrBadCursor = errors.New("not a cursor of this list")

// CheckCursor accepts only what a cursor of ours can be, before entgql decodes it: base64
// of a msgpack map of at most two entries, "i" a string (the id) and "v" a scalar (nil,
// bool, number or string: the sort value). entgql decodes the value as msgpack into an
// interface, which presizes every map to the length its header claims (up to a million
// entries), so a cursor of 150 bytes of nested map headers made the server allocate
// 1.6 GB; this check reads headers and scalars only and allocates nothing of the kind.
func CheckCursor(s string) error {
	if len(s) > MaxCursor {
		return ErrBadCursor
	}
	raw, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return ErrBadCursor
	}
	r := bytes.NewReader(raw)
	d := msgpack.NewDecoder(r)
	n, err := d.DecodeMapLen()
	if err != nil || n < 1 || n > 2 {
		return ErrBadCursor
	}
	seen := map[string]bool{}
	for range n {
		if c, err := d.PeekCode(); err != nil || !msgpcode.IsString(c) {
			return ErrBadCursor
		}
		key, err := d.DecodeString()
		if err != nil || seen[key] || key != "i" && key != "v" {
			return ErrBadCursor
		}
		seen[key] = true
		c, err := d.PeekCode()
		if err != nil || key == "i" && !msgpcode.IsString(c) || key == "v" && !isScalar(c) {
			return ErrBadCursor
		}
		if err := d.Skip(); err != nil {
			return ErrBadCursor
		}
	}
	if !seen["i"] || r.Len() != 0 {
		return ErrBadCursor
	}
	return nil
}

// isScalar reports whether the msgpack value starting with code c is nil, a bool, a
// number or a string.
func isScalar(c byte) bool {
	switch c {
	case msgpcode.Nil, msgpcode.False, msgpcode.True, msgpcode.Float, msgpcode.Double,
		msgpcode.Uint8, msgpcode.Uint16, msgpcode.Uint32, msgpcode.Uint64,
		msgpcode.Int8, msgpcode.Int16, msgpcode.Int32, msgpcode.Int64:
		return true
	}
	return msgpcode.IsFixedNum(c) || msgpcode.IsString(c)
}
