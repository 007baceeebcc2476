//go:build race

package jobs_test

// raceDetector: the safe-point test finalizes 2,000 accounts, which takes minutes with
// modernc SQLite under -race; make test-crash runs it without.
const raceDetector = true
