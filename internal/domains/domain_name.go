package domains

import (
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"orgdir/internal/apperr"
)

// publicMail are mail providers whose domains no organization can own. The public
// suffix list covers everything else nobody owns (com, co.uk, github.io, ...).
var publicMail = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true, "hotmail.co.uk": true,
	"live.com": true, "msn.com": true, "yahoo.com": true, "yahoo.co.uk": true, "yahoo.fr": true, "ymail.com": true,
	"aol.com": true, "icloud.com": true, "me.com": true, "mac.com": true, "proton.me": true, "protonmail.com": true,
	"pm.me": true, "gmx.com": true, "gmx.de": true, "gmx.net": true, "web.de": true, "mail.com": true,
	"yandex.com": true, "yandex.ru": true, "mail.ru": true, "zoho.com": true, "fastmail.com": true, "hey.com": true,
	"tutanota.com": true, "tuta.io": true, "qq.com": true, "163.com": true, "126.com": true, "naver.com": true,
}

// NormalizeName returns the form a domain is stored and compared in: lower case, IDNA
// (A-labels, as account email keys are), no trailing dot. Names that are not a domain,
// public mail domains and public suffixes are INVALID_INPUT on field.
func NormalizeName(field, raw string) (string, error) {
	name := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(raw)), ".")
	if name == "" {
		return "", apperr.Invalid(field, "enter a domain name, for example example.com")
	}
	if strings.ContainsAny(name, "@/: ") {
		return "", apperr.Invalid(field, "enter only the domain name, for example example.com (no address, scheme or path)")
	}
	ascii, err := idna.Lookup.ToASCII(name)
	if err != nil || !validDNSName(ascii) {
		return "", apperr.Invalid(field, "%q is not a valid domain name", truncate(raw, 80))
	}
	if publicMail[ascii] {
		return "", apperr.Invalid(field, "%s is a public email provider: no organization can verify it", ascii)
	}
	if suffix, _ := publicsuffix.PublicSuffix(ascii); suffix == ascii {
		return "", apperr.Invalid(field, "%s is a public suffix: verify a domain registered under it instead", ascii)
	}
	return ascii, nil
}

// validDNSName checks an A-label name: at least two labels of letters, digits and
// inner hyphens, each at most 63 bytes, 253 in all.
func validDNSName(s string) bool {
	if len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
