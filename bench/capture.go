package main

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"orgdir/internal/app"
	"orgdir/internal/db"
	"orgdir/internal/gid"
)

// plan is what the baseline replays: for each workload and variant, the statements
// the server ran for that request, captured with the same data and arguments.
type plan struct {
	DSN       string
	Workloads map[string][]capture
	// Export is the baseline of W6: one hand-written query of the exported columns
	// (see exportScan).
	Export statementArgs
}

type capture struct {
	Stmts []db.Statement
	// Minted are ids the request created (first seen in an INSERT): a replay gives
	// each a fresh id so that it can run again.
	Minted []string
}

type statementArgs struct {
	Query string
	Args  []any
}

func init() {
	gob.Register(time.Time{})
	gob.Register([]byte{})
}

// recorder collects statements while capturing.
type recorder struct {
	mu    sync.Mutex
	on    bool
	stmts []db.Statement
}

func (r *recorder) hook(s db.Statement) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.stmts = append(r.stmts, s)
	}
}

func (r *recorder) begin() {
	r.mu.Lock()
	r.on, r.stmts = true, nil
	r.mu.Unlock()
}

func (r *recorder) end() []db.Statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.stmts
}

// capturer serves the same app in this process with a statement hook, so each
// workload's request can be sent once and its SQL recorded.
type capturer struct {
	app    *app.App
	srv    *httptest.Server
	rec    *recorder
	client *http.Client
	cookie string
}

func newCapturer(ctx context.Context, dsn, email string) (*capturer, error) {
	rec := &recorder{}
	// The in-process server's access logs are not the bench's output.
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	a, err := app.New(ctx, app.Options{DB: dsn, StatementHook: rec.hook})
	if err != nil {
		return nil, err
	}
	c := &capturer{app: a, srv: httptest.NewServer(a.Handler), rec: rec, client: newClient(1)}
	c.cookie, err = signIn(c.client, c.srv.URL, email)
	if err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *capturer) close() {
	c.srv.Close()
	c.app.Close()
}

// record sends rq (a server request of a workload, made for this process's server) and
// returns the statements it ran, their arguments made plain driver values.
func (c *capturer) record(rq request, ok okFunc) (capture, error) {
	rq.url = c.srv.URL + rq.url
	rq.header = http.Header{"Content-Type": {"application/json"}, "Cookie": {cookieHeader(c.cookie)}}
	c.rec.begin()
	_, err := send(context.Background(), c.client, rq, ok)
	stmts := c.rec.end()
	if err != nil {
		return capture{}, err
	}
	return plainCapture(stmts)
}

func plainCapture(stmts []db.Statement) (capture, error) {
	var cp capture
	seen := map[string]bool{}
	for _, s := range stmts {
		insert := strings.HasPrefix(strings.TrimSpace(strings.ToUpper(s.Query)), "INSERT")
		args := make([]any, len(s.Args))
		for i, a := range s.Args {
			v, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return cp, fmt.Errorf("argument %d of %q: %w", i, s.Query, err)
			}
			if str, ok := v.(string); ok {
				if _, err := gid.Parse(str); err == nil && !seen[str] {
					seen[str] = true
					if insert {
						cp.Minted = append(cp.Minted, str)
					}
				}
			}
			args[i] = v
		}
		s.Args = args
		cp.Stmts = append(cp.Stmts, s)
	}
	return cp, nil
}

func writePlan(path string, p *plan) error {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(p); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o600)
}

func readPlan(path string) (*plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var p plan
	return &p, gob.NewDecoder(f).Decode(&p)
}

// signIn signs in as email with the bench's admin password and returns the session.
func signIn(client *http.Client, base, email string) (string, error) {
	body, _ := json.Marshal(map[string]string{"email": email, "password": adminPassword})
	resp, err := client.Post(base+"/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("sign in as %s: status %d", email, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if strings.HasSuffix(c.Name, "orgdir_session") {
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("sign in as %s: no session cookie", email)
}

func cookieHeader(session string) string { return "orgdir_session=" + session }
