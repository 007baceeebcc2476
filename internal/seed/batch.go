package seed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"orgdir/internal/db"
)

// maxParams keeps one statement under SQLite's default limit of 32,766 bound
// parameters (PostgreSQL allows 65,535).
const maxParams = 30000

// table buffers rows of one table for multi-row INSERTs: a few thousand statements
// for a million rows instead of a million round trips.
type table struct {
	name    string
	cols    []string
	perStmt int
	args    []any
	rows    int
	written int64
}

func newTable(name string, cols ...string) *table {
	return &table{name: name, cols: cols, perStmt: min(1000, maxParams/len(cols))}
}

// statement is INSERT INTO name (cols) VALUES (?, ...), ... for n rows.
func (t *table) statement(n int) string {
	quoted := make([]string, len(t.cols))
	for i, c := range t.cols {
		quoted[i] = `"` + c + `"`
	}
	row := "(" + db.Placeholders(len(t.cols)) + ")"
	var b strings.Builder
	b.WriteString(`INSERT INTO "` + t.name + `" (` + strings.Join(quoted, ", ") + `) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// add buffers one row; values follow cols.
func (t *table) add(values ...any) {
	if len(values) != len(t.cols) {
		panic(fmt.Sprintf("seed: %s takes %d values, got %d", t.name, len(t.cols), len(values)))
	}
	t.args = append(t.args, values...)
	t.rows++
}

// writer runs the INSERTs in the seeding transaction. The statement for a full
// chunk of each table is prepared once, so the database parses it once.
type writer struct {
	tx      *sql.Tx
	conn    *sql.Conn // the transaction's connection, for COPY on PostgreSQL
	dialect string
	stmts   map[string]*sql.Stmt
}

func (w *writer) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return w.tx.ExecContext(ctx, db.Rebind(w.dialect, query), args...)
}

// flush writes every buffered row of t.
func (w *writer) flush(ctx context.Context, t *table) error {
	if w.dialect == dialect.Postgres && t.rows > 0 {
		return w.copy(ctx, t)
	}
	off := 0
	for t.rows > 0 {
		n := min(t.rows, t.perStmt)
		k := n * len(t.cols)
		var err error
		if n == t.perStmt {
			stmt := w.stmts[t.name]
			if stmt == nil {
				if stmt, err = w.tx.PrepareContext(ctx, db.Rebind(w.dialect, t.statement(n))); err != nil {
					return fmt.Errorf("insert into %s: %w", t.name, err)
				}
				w.stmts[t.name] = stmt
			}
			_, err = stmt.ExecContext(ctx, t.args[off:off+k]...)
		} else {
			_, err = w.exec(ctx, t.statement(n), t.args[off:off+k]...)
		}
		if err != nil {
			return fmt.Errorf("insert into %s: %w", t.name, err)
		}
		off += k
		t.rows -= n
		t.written += int64(n)
	}
	clear(t.args)
	t.args = t.args[:0]
	return nil
}

// copy writes t's rows with PostgreSQL's COPY on the transaction's connection: no
// statement to parse or plan, the rows streamed in binary.
func (w *writer) copy(ctx context.Context, t *table) error {
	rows := make([][]any, t.rows)
	for i := range rows {
		rows[i] = t.args[i*len(t.cols) : (i+1)*len(t.cols)]
	}
	err := w.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		return fmt.Errorf("copy into %s: %w", t.name, err)
	}
	t.written += int64(t.rows)
	t.rows = 0
	clear(t.args)
	t.args = t.args[:0]
	return nil
}
