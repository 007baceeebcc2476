//go:build race

package export_test

// raceDetector: modernc SQLite runs about 50 times slower under -race, so the
// streaming test generates fewer rows there (see bulkRows).
const raceDetector = true
