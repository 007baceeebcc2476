// Package auth owns sign-in: password hashing, database-backed sessions shared by every
// server process, and turning a request's credentials into its viewer.
package auth

import (
	"runtime"

	"github.com/alexedwards/argon2id"
)

// params are the argon2id settings: at least OWASP's m=19456 KiB, t=2, p=1.
var params = &argon2id.Params{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// hashing bounds concurrent hashing, so a burst of sign-ins cannot exhaust memory.
var hashing = make(chan struct{}, max(2, runtime.NumCPU()))

// HashPassword returns the argon2id hash of password.
func HashPassword(password string) (string, error) {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	return argon2id.CreateHash(password, params)
}

// dummyHash is compared against when the email is unknown, so that an unknown email
// costs the same work as a wrong password and the timing tells nothing.
var dummyHash = func() string {
	h, err := argon2id.CreateHash("orgdir-dummy-password", params)
	if err != nil {
		panic(err)
	}
	return h
}()

func checkPassword(password, hash string) bool {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	if hash == "" {
		hash = dummyHash
		password = ""
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}
