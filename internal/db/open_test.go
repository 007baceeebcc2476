package db_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"orgdir/internal/db"
)

// Several processes started at once on a new SQLite file all open it: each switches it
// to WAL, and SQLite refuses all but one without waiting. Connections of separate
// *sql.DB pools lock the file as separate processes do.
func TestOpeningANewSQLiteFileFromManyPoolsAtOnceSucceeds(t *testing.T) {
	dir := t.TempDir()
	for round := range 20 {
		path := filepath.Join(dir, fmt.Sprintf("new-%d.db", round))
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				d, err := db.Open("sqlite:" + path)
				if err == nil {
					err = d.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			require.NoError(t, err, "round %d, pool %d", round, i)
		}
	}
}
