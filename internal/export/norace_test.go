//go:build !race

package export_test

const raceDetector = false
