package main

import (
	"os"
	"runtime/debug"
)

// The garbage collector's settings for `orgdir serve`, unless GOGC or GOMEMLIMIT is
// set. At rest orgdir's live heap is a few megabytes, so with Go's default (GOGC=100)
// the collector ran every 40 ms under load, and a request that met it took several
// times longer: that was the p99 of the stats request (make bench W4; BENCHMARKS.md).
// A higher GOGC runs it a fraction as often; the soft memory limit makes it run
// harder again before the heap can take the process near issue 7's 300 MB.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 192 << 20
)

// tuneGC applies the settings above where the environment does not choose.
func tuneGC() {
	if _, ok := os.LookupEnv("GOGC"); !ok {
		debug.SetGCPercent(serveGCPercent)
	}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); !ok {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
