// Package domains owns an organization's email domains (PRODUCT.md §2 rule 1, §5):
// normalizing and refusing names, verification tokens, proving ownership over real DNS
// and HTTPS, claiming the accounts on a verified domain with a preview first, the daily
// re-check that lets a domain lapse, and the operator's mark-verified.
package domains

import (
	"crypto/rand"
	"encoding/hex"

	"orgdir/ent"
)

// TXTPrefix starts the TXT record that proves ownership of a domain.
const TXTPrefix = "orgdir-domain-verification="

// FilePath is where the HTTPS proof is published on the domain.
const FilePath = "/.well-known/orgdir-domain-verification.txt"

// NewToken returns a fresh verification token of 128 random bits.
func NewToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// VerificationRecord is the exact value to publish, as a TXT record on the domain or
// as the content of the file at FileURL: orgdir-domain-verification=<token>.
func VerificationRecord(d *ent.Domain) string { return TXTPrefix + d.Token }

// FileURL is the address the HTTPS check fetches for d.
func FileURL(d *ent.Domain) string { return "https://" + d.Name + FilePath }
