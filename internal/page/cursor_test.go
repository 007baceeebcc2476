package page_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"

	"entgo.io/contrib/entgql"
	"github.com/stretchr/testify/require"

	"orgdir/internal/apperr"
	"orgdir/internal/gid"
	"orgdir/internal/page"
)

func encode(c entgql.Cursor[gid.ID]) string {
	var b bytes.Buffer
	c.MarshalGQL(&b)
	s, err := strconv.Unquote(b.String())
	if err != nil {
		panic(err)
	}
	return s
}

// FuzzCursorDecode feeds any string to the decoding every list's after/before goes
// through: page.CheckCursor (the API runs it before entgql sees the string), entgql's
// cursor, then page.Check. It returns an error or a cursor, never panics; a cursor that
// gets through has a scalar sort value and re-encodes to a string that passes again and
// decodes to the same cursor; and Check lets through only cursors whose id is a
// well-formed orgdir id, refusing the others as INVALID_INPUT on the argument.
// Seeds: testdata/fuzz/FuzzCursorDecode.
func FuzzCursorDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		if page.CheckCursor(s) != nil {
			return
		}
		var c entgql.Cursor[gid.ID]
		if err := c.UnmarshalGQL(s); err != nil {
			return
		}
		switch c.Value.(type) {
		case nil, bool, string, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64:
		default:
			t.Fatalf("%q passed with a sort value of type %T", s, c.Value)
		}
		again := encode(c)
		var c2 entgql.Cursor[gid.ID]
		if err := page.CheckCursor(again); err != nil {
			t.Fatalf("%q decoded to %#v, whose encoding %q does not pass: %v", s, c, again, err)
		}
		if err := c2.UnmarshalGQL(again); err != nil {
			t.Fatalf("%q decoded to %#v, whose encoding %q does not decode: %v", s, c, again, err)
		}
		if c2.ID != c.ID || encode(c2) != again {
			t.Fatalf("%q: %#v re-encoded as %q decodes to %#v", s, c, again, c2)
		}
		for _, p := range []page.Page{{After: &c}, {Before: &c}} {
			err := p.Check()
			_, bad := gid.Parse(string(c.ID))
			var ae *apperr.Error
			switch {
			case bad == nil && err != nil:
				t.Fatalf("cursor %#v with a good id refused: %v", c, err)
			case bad != nil && (!errors.As(err, &ae) || ae.Code != apperr.InvalidInput || (ae.Field != "after" && ae.Field != "before")):
				t.Fatalf("cursor %#v with a malformed id: %v", c, err)
			}
		}
	})
}

// nestedMaps is a cursor whose sort value is depth map headers each claiming 2^32-1
// entries: entgql alone presizes each map to a million entries.
func nestedMaps(depth int) string {
	raw := []byte{0x82, 0xa1, 'i', 0xa1, 'x', 0xa1, 'v'}
	for range depth {
		raw = append(raw, 0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 'k')
	}
	return base64.RawStdEncoding.EncodeToString(raw)
}

func TestCheckCursorRefusesWhatNoListHandsOut(t *testing.T) {
	id := gid.New("acc")
	for name, s := range map[string]string{
		"nested map headers":  nestedMaps(20),
		"a list as the value": encode(entgql.Cursor[gid.ID]{ID: id, Value: []any{1}}),
		"a map as the value":  encode(entgql.Cursor[gid.ID]{ID: id, Value: map[string]any{"a": 1}}),
		"not base64":          "%%%",
		"too long":            encode(entgql.Cursor[gid.ID]{ID: id, Value: strings.Repeat("a", page.MaxCursor)}),
		"trailing bytes":      base64.RawStdEncoding.EncodeToString(append(mustRaw(encode(entgql.Cursor[gid.ID]{ID: id})), 0xc0)),
		"no id":               base64.RawStdEncoding.EncodeToString([]byte{0x81, 0xa1, 'v', 0x01}),
	} {
		require.ErrorIs(t, page.CheckCursor(s), page.ErrBadCursor, name)
	}
	for _, v := range []any{nil, "Zoë", int64(0), int64(1 << 40), int64(-5)} {
		require.NoError(t, page.CheckCursor(encode(entgql.Cursor[gid.ID]{ID: id, Value: v})), "%#v", v)
	}
}

func mustRaw(s string) []byte {
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// FuzzCursorRoundTrip encodes cursors of any id and sort value (a string, a number or
// none, as the lists use) and decodes them back unchanged.
func FuzzCursorRoundTrip(f *testing.F) {
	f.Fuzz(func(t *testing.T, id, text string, n int64, useText bool) {
		c := entgql.Cursor[gid.ID]{ID: gid.ID(id)}
		if useText {
			c.Value = text
		} else if n != 0 {
			c.Value = n
		}
		enc := encode(c)
		if len(enc) <= page.MaxCursor {
			if err := page.CheckCursor(enc); err != nil {
				t.Fatalf("%#v encodes to %q, which CheckCursor refuses: %v", c, enc, err)
			}
		}
		var back entgql.Cursor[gid.ID]
		if err := back.UnmarshalGQL(enc); err != nil {
			t.Fatalf("%#v does not decode: %v", c, err)
		}
		if back.ID != c.ID {
			t.Fatalf("id %q came back as %q", c.ID, back.ID)
		}
		switch want := c.Value.(type) {
		case nil:
			if back.Value != nil {
				t.Fatalf("no value came back as %#v", back.Value)
			}
		case string:
			if want == "" {
				// msgpack's omitempty drops a zero value: page.KeepZeroSortValue restores it.
				if back.Value != nil {
					t.Fatalf("empty string came back as %#v", back.Value)
				}
			} else if back.Value != want {
				t.Fatalf("value %q came back as %#v", want, back.Value)
			}
		case int64:
			if got, ok := asInt64(back.Value); !ok || got != want {
				t.Fatalf("value %d came back as %#v", want, back.Value)
			}
		}
	})
}

// asInt64 reads any integer msgpack decoded (it picks the smallest type that holds it).
func asInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		return int64(x), x <= 1<<63-1
	}
	return 0, false
}
