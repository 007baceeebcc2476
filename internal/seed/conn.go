package seed

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"

	"orgdir/internal/db"
)

// bulkConn takes one connection for the load and tunes it for one very large
// transaction; done puts the connection back as the pool expects it.
//
// On SQLite: a page cache of a fixed size, sorter threads for the index builds, and,
// when no other process has the database open, the rollback journal instead of WAL
// for the time of the load. In WAL mode a transaction larger than the cache writes
// its pages to the log, reads them back from there, and the checkpoint writes them all
// a second time; with the rollback journal, pages new to the file are written once and
// need no journal. The commit is durable either way (synchronous stays FULL), and
// every connection db.Open makes switches back to WAL, so an interrupted load leaves
// nothing to repair (the journal truncates the file back to its size before the load).
//
// The cache is not sized to the load: pages new to the file spill to it while the load
// runs, so the kernel writes them back meanwhile and the commit has little left to write;
// and freeing a cache of gigabytes page by page (modernc's allocator hands each empty
// slab back with its own madvise) took some 40 s after a 1M-account commit. Temporary
// storage stays on files (SQLite's default): with temp_store=MEMORY, CREATE INDEX sorts
// all its keys in one list on one thread, a malloc and a free per key; with files, it
// sorts cache-sized runs, on a second thread with threads=2, and merges them.
// bulkCacheKiB is the load's page cache: also the size of each sorted run of an index
// build. 128 MiB took 132 CPU seconds for 1M accounts where a cache sized to the load
// (3 GiB) with in-memory sorting took 196.
const bulkCacheKiB = 128 << 10

func bulkConn(ctx context.Context, d *db.DB) (conn *sql.Conn, done func() error, err error) {
	conn, err = d.SQL.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if d.Dialect != dialect.SQLite {
		return conn, conn.Close, nil
	}
	for _, p := range []string{fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCacheKiB), `PRAGMA threads = 2`} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			conn.Close()
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	var mode string
	// Refused (SQLITE_BUSY) while another connection or process has the database
	// open: the load then runs in WAL mode, only slower.
	_ = conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode)
	return conn, func() error {
		defer conn.Close()
		if mode == "delete" {
			if err := conn.QueryRowContext(context.Background(), `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
				return fmt.Errorf("back to WAL mode: %w", err)
			}
		}
		for _, p := range []string{`PRAGMA cache_size = -2000`, `PRAGMA threads = 0`} {
			if _, err := conn.ExecContext(context.Background(), p); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
