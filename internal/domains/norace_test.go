//go:build !race

package domains_test

const raceDetector = false
