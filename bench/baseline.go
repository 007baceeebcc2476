package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"orgdir/internal/db"
	"orgdir/internal/gid"
)

// baselineEnv names the plan file when this program runs as the baseline server.
const baselineEnv = "ORGDIR_BENCH_BASELINE_PLAN"

// startBaseline runs this program again as the baseline server (a separate process,
// so that its CPU time and memory are measured like the server's).
func startBaseline(planPath string) (*process, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Env = append(os.Environ(), baselineEnv+"="+planPath)
	return start("baseline", cmd, "")
}

// runBaselineChild is the baseline: a minimal net/http handler that opens the database
// with orgdir's own Open (the same driver, pragmas and pool) and, for each request,
// runs the statements the server ran for it and encodes the rows as JSON.
func runBaselineChild(planPath string) error {
	p, err := readPlan(planPath)
	if err != nil {
		return err
	}
	d, err := db.Open(p.DSN)
	if err != nil {
		return err
	}
	defer d.Close()
	stmts := &preparedStmts{db: d.SQL, byQuery: map[string]*sql.Stmt{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /w/{name}/{variant}", func(w http.ResponseWriter, r *http.Request) {
		caps := p.Workloads[r.PathValue("name")]
		v, _ := strconv.Atoi(r.PathValue("variant"))
		if len(caps) == 0 {
			http.Error(w, "no such workload", http.StatusNotFound)
			return
		}
		out, err := replay(r.Context(), d.SQL, stmts, caps[v%len(caps)])
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": out})
	})
	mux.HandleFunc("GET /export", func(w http.ResponseWriter, r *http.Request) {
		if err := scanCSV(r.Context(), w, d.SQL, p.Export); err != nil {
			// Headers are gone once rows stream: end the body so the client sees it cut.
			panic(http.ErrAbortHandler)
		}
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("baseline is listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); _ = srv.Shutdown(context.Background()) }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

type execer interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// replay runs the statements of one captured request, in its transactions, with fresh
// ids for the rows it inserts, and returns the rows read.
func replay(ctx context.Context, d *sql.DB, stmts *preparedStmts, cp capture) ([][][]any, error) {
	fresh := map[string]string{}
	for _, id := range cp.Minted {
		fresh[id] = string(gid.New(id[:3]))
	}
	var (
		tx  *sql.Tx
		on  execer = d
		out [][][]any
	)
	defer func() {
		if tx != nil {
			_ = tx.Rollback()
		}
	}()
	for _, s := range cp.Stmts {
		var err error
		switch {
		case s.Begin:
			tx, err = d.BeginTx(ctx, nil)
			on = tx
		case s.Commit:
			err = tx.Commit()
			tx, on = nil, d
		case s.Rollback:
			err = tx.Rollback()
			tx, on = nil, d
		case s.Exec:
			_, err = on.ExecContext(ctx, s.Query, substitute(s.Args, fresh)...)
		default:
			var rows [][]any
			from := on
			if tx == nil {
				from = stmts.on(ctx, s.Query)
			}
			rows, err = readRows(ctx, from, s.Query, substitute(s.Args, fresh))
			out = append(out, rows)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Query, err)
		}
	}
	return out, nil
}

// preparedStmts are the baseline's reads outside transactions, each prepared once, as
// a hand-written server would prepare its statements (the server under test caches
// prepared statements for the same reads: internal/db/stmt_cache.go).
type preparedStmts struct {
	db      *sql.DB
	mu      sync.Mutex
	byQuery map[string]*sql.Stmt
}

// on returns something that runs query as a prepared statement (or, should preparing
// fail, the database itself, which then reports the error).
func (p *preparedStmts) on(ctx context.Context, query string) execer {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.byQuery[query]
	if !ok {
		var err error
		if st, err = p.db.PrepareContext(ctx, query); err != nil {
			return p.db
		}
		p.byQuery[query] = st
	}
	return stmtExecer{st}
}

// stmtExecer runs its prepared statement whatever query it is given (always the same).
type stmtExecer struct{ st *sql.Stmt }

func (s stmtExecer) ExecContext(ctx context.Context, _ string, args ...any) (sql.Result, error) {
	return s.st.ExecContext(ctx, args...)
}

func (s stmtExecer) QueryContext(ctx context.Context, _ string, args ...any) (*sql.Rows, error) {
	return s.st.QueryContext(ctx, args...)
}

func substitute(args []any, fresh map[string]string) []any {
	if len(fresh) == 0 {
		return args
	}
	out := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok {
			if f, ok := fresh[s]; ok {
				a = f
			}
		}
		out[i] = a
	}
	return out
}

func readRows(ctx context.Context, on execer, query string, args []any) ([][]any, error) {
	rows, err := on.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}
