package domains_test

import (
	"strings"
	"testing"

	"orgdir/internal/domains"
)

// FuzzNormalizeName checks the form a domain is stored and compared in: an accepted name
// is lower-case ASCII letters, digits, hyphens and dots in at least two labels of at
// most 63 bytes (253 in all), with no trailing dot, and it is a fixed point: the stored
// name, that name with a trailing dot, and that name in upper case all normalize to it.
// Seeds: testdata/fuzz/FuzzNormalizeName.
func FuzzNormalizeName(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		name, err := domains.NormalizeName("domain", in)
		if err != nil {
			if name != "" {
				t.Fatalf("an error with a name: %q", name)
			}
			return
		}
		if len(name) > 253 || strings.HasSuffix(name, ".") {
			t.Fatalf("%q gave %q", in, name)
		}
		labels := strings.Split(name, ".")
		if len(labels) < 2 {
			t.Fatalf("%q gave one label %q", in, name)
		}
		for _, l := range labels {
			if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
				t.Fatalf("%q gave %q with label %q", in, name, l)
			}
			for i := 0; i < len(l); i++ {
				if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
					t.Fatalf("%q gave %q with byte %q", in, name, c)
				}
			}
		}
		for _, again := range []string{name, name + ".", strings.ToUpper(name), " " + name + " "} {
			if got, err := domains.NormalizeName("domain", again); err != nil || got != name {
				t.Fatalf("%q gave %q, but %q gives %q (%v)", in, name, again, got, err)
			}
		}
	})
}
