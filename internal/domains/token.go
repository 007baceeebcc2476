// Package domains owns email domains: normalization, verification tokens, and (in a
// later step) verification over DNS and HTTPS and claiming.
package domains

import (
	"crypto/rand"
	"encoding/hex"
)

// TXTPrefix starts the TXT record that proves ownership of a domain.
const TXTPrefix = "orgdir-domain-verification="

// NewToken returns a fresh verification token of 128 random bits.
func NewToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
