//go:build race

package main

// raceDetector: modernc SQLite runs about 50 times slower under -race, and the crash
// test's checks run SQLite in the test process, so it runs in make test-crash instead.
const raceDetector = true
