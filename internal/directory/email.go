package directory

import (
	"net/mail"
	"strings"

	"golang.org/x/net/idna"

	"orgdir/internal/apperr"
)

// maxEmailLength is the longest address SMTP allows.
const maxEmailLength = 254

// NormalizeEmail checks that addr is one plain email address and returns it as typed
// (trimmed) and its normalized key: lower case, IDNA domain. field names the input for
// the error.
func NormalizeEmail(field, addr string) (display, key string, err error) {
	display = strings.TrimSpace(addr)
	bad := apperr.Invalid(field, "%q is not a valid email address", truncate(display, 80))
	if display == "" || len(display) > maxEmailLength {
		return "", "", bad
	}
	parsed, perr := mail.ParseAddress(display)
	if perr != nil || parsed.Address != display || parsed.Name != "" {
		return "", "", bad
	}
	local, domain, ok := strings.Cut(display, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", "", bad
	}
	ascii, derr := idna.Lookup.ToASCII(strings.ToLower(domain))
	if derr != nil || !hostName(ascii) {
		return "", "", bad
	}
	key = strings.ToLower(local) + "@" + ascii
	if len(key) > maxEmailLength {
		return "", "", bad // the A-label form can be longer than what was typed
	}
	return display, key, nil
}

// hostName checks an A-label domain: labels of 1 to 63 letters, digits and hyphens.
// idna lets an empty label through ("xn--" decodes to nothing: found by
// FuzzNormalizeEmail), which would make keys like "a@.0".
func hostName(s string) bool {
	for _, l := range strings.Split(s, ".") {
		if l == "" || len(l) > 63 {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// EmailDomain returns the domain part of a normalized key.
func EmailDomain(key string) string {
	_, d, _ := strings.Cut(key, "@")
	return d
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
