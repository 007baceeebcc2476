//go:build race

package seed_test

// accounts is the main organization's size in these tests: modernc SQLite runs
// about 50 times slower under -race, so fewer there.
const accounts = 500
