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
// On SQLite: a page cache sized to the load and in-memory sorting for the index builds, and,
// when no other process has the database open, the rollback journal instead of WAL
// for the time of the load. In WAL mode a transaction larger than the cache writes
// its pages to the log, reads them back from there, and the checkpoint writes them all
// a second time; with the rollback journal, pages new to the file are written once and
// need no journal. The commit is durable either way (synchronous stays FULL), and
// every connection db.Open makes switches back to WAL, so an interrupted load leaves
// nothing to repair.
func bulkConn(ctx context.Context, d *db.DB, accounts int64) (conn *sql.Conn, done func() error, err error) {
	conn, err = d.SQL.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if d.Dialect != dialect.SQLite {
		return conn, conn.Close, nil
	}
	// About 2.6 KiB of tables and indexes per account: a cache that holds the whole
	// load (at most 6 GiB) is never spilled to the file and read back.
	cacheKiB := min(max(accounts*3, 256<<10), 6<<20)
	for _, p := range []string{fmt.Sprintf(`PRAGMA cache_size = -%d`, cacheKiB), `PRAGMA temp_store = MEMORY`, `PRAGMA threads = 2`} {
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
		for _, p := range []string{`PRAGMA cache_size = -2000`, `PRAGMA temp_store = DEFAULT`, `PRAGMA threads = 0`} {
			if _, err := conn.ExecContext(context.Background(), p); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
