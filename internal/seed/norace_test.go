//go:build !race

package seed_test

const accounts = 2000
