//go:build race

package domains_test

// raceDetector: modernc SQLite runs about 50 times slower under -race, so the
// large-claim test uses fewer accounts there.
const raceDetector = true
