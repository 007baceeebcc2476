package db

// SetFewMatches lowers the SQLite search plan's threshold for a test; the returned
// function restores it.
func SetFewMatches(n int) func() {
	old := fewMatches
	fewMatches = n
	return func() { fewMatches = old }
}
