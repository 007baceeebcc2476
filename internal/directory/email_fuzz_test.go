package directory_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"orgdir/internal/directory"
)

// FuzzNormalizeEmail checks the email key every account is found by (its unique index):
// an accepted address comes back trimmed as typed, its key is lower case with an ASCII
// domain, and the key is a fixed point (normalizing it again gives it back), so the
// same person typed twice never gets two keys. Seeds: testdata/fuzz/FuzzNormalizeEmail.
func FuzzNormalizeEmail(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		display, key, err := directory.NormalizeEmail("email", in)
		if err != nil {
			if display != "" || key != "" {
				t.Fatalf("an error with a result: %q %q", display, key)
			}
			return
		}
		if display != strings.TrimSpace(in) {
			t.Fatalf("display %q is not the input %q trimmed", display, in)
		}
		if key == "" || len(display) > 254 {
			t.Fatalf("accepted %q with key %q", display, key)
		}
		if !utf8.ValidString(key) {
			t.Fatalf("key %q of %q is not UTF-8", key, in)
		}
		local, domain, ok := strings.Cut(key, "@")
		if !ok || local == "" || strings.Contains(domain, "@") {
			t.Fatalf("key %q of %q is not local@domain", key, in)
		}
		if local != strings.ToLower(local) {
			t.Fatalf("local part of key %q is not lower case", key)
		}
		for i := 0; i < len(domain); i++ {
			if c := domain[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
				t.Fatalf("domain of key %q is not lower-case ASCII", key)
			}
		}
		if got := directory.EmailDomain(key); got != domain {
			t.Fatalf("EmailDomain(%q) = %q", key, got)
		}
		// Idempotence: the key normalizes to itself.
		d2, k2, err := directory.NormalizeEmail("email", key)
		if err != nil || k2 != key || d2 != key {
			t.Fatalf("key %q of %q does not normalize to itself: %q %q %v", key, in, d2, k2, err)
		}
		// Case: an ASCII address typed in another case has the same key.
		if isASCII(display) {
			if _, k3, err := directory.NormalizeEmail("email", strings.ToUpper(display)); err != nil || k3 != key {
				t.Fatalf("%q upper-cased gives key %q (%v), not %q", display, k3, err, key)
			}
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
