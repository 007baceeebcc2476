package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"orgdir/internal/db"
)

// row is one line of the results table.
type row struct {
	name, title, target string
	server, base        *result
	pass                bool
	note                string
}

// dbResult is everything measured on one database.
type dbResult struct {
	kind       string
	world      *world
	seeded     time.Duration
	cached     bool
	rows       []row
	rssPeak    int64 // the server's VmHWM at the end
	rssBase    int64
	claim      *claimResult
	rareCount  int
	commonCnt  int
	capturedIn time.Duration
}

type claimResult struct {
	took        time.Duration
	claimed     int
	writes      int
	writeErrors int
	firstErr    string
	worstWait   time.Duration
	p99Wait     time.Duration
}

func runDatabase(ctx context.Context, c config, kind string) (*dbResult, error) {
	logf(c, "%s: preparing %d accounts", kind, c.accounts)
	ds, err := prepare(ctx, c, kind)
	if err != nil {
		return nil, err
	}
	defer ds.cleanup()
	res := &dbResult{kind: kind, seeded: ds.seeded, cached: ds.cached}
	d, err := db.Open(ds.dsn)
	if err != nil {
		return nil, err
	}
	w, err := discover(ctx, d, c.writers)
	if err != nil {
		d.Close()
		return nil, err
	}
	res.world = w
	if len(w.writerIDs) < 2*c.writers {
		d.Close()
		return nil, fmt.Errorf("need %d active users of %s for W5 and W8, found %d", 2*c.writers, w.orgName, len(w.writerIDs))
	}
	var domainID string
	if c.workloads["W8"] {
		logf(c, "%s: adding %d claimable accounts", kind, c.claim)
		if domainID, err = prepareClaim(ctx, c, d, ds.dsn, w.org, c.claim); err != nil {
			d.Close()
			return nil, err
		}
	}
	d.Close()

	logf(c, "%s: capturing the SQL of each workload (org %s, %d accounts, admin %s)", kind, w.orgName, w.managed, w.adminEmail)
	began := time.Now()
	cp, err := newCapturer(ctx, ds.dsn, w.adminEmail)
	if err != nil {
		return nil, err
	}
	depth := min(c.depth, max(w.managed-100, 0))
	cursor, err := followCursors(cp, w.org, depth)
	if err != nil {
		cp.close()
		return nil, err
	}
	reads := readWorkloads(w, depth, cursor)
	pl := &plan{DSN: ds.dsn, Workloads: map[string][]capture{}, Export: exportScan(ds.dsn, w.org)}
	for _, rw := range reads {
		if !c.workloads[group(rw.name)] {
			continue
		}
		for _, rq := range rw.variants {
			// The second run is the one kept: the first may include throttled writes
			// (session last use) that a warm server does not repeat.
			if _, err := cp.record(rq, graphQLOK); err != nil {
				cp.close()
				return nil, fmt.Errorf("%s: %w", rw.name, err)
			}
			capt, err := cp.record(rq, graphQLOK)
			if err != nil {
				cp.close()
				return nil, fmt.Errorf("%s: %w", rw.name, err)
			}
			pl.Workloads[rw.name] = append(pl.Workloads[rw.name], capt)
		}
	}
	res.rareCount, _ = totalCount(cp, reads, "W3r")
	res.commonCnt, _ = totalCount(cp, reads, "W3c")
	writes := writeRequests(w.org, w.writerIDs[:c.writers])
	if c.workloads["W5"] {
		for _, rq := range writes {
			capt, err := cp.record(rq, graphQLOK)
			if err != nil {
				cp.close()
				return nil, fmt.Errorf("W5 capture: %w", err)
			}
			pl.Workloads["W5"] = append(pl.Workloads["W5"], capt)
		}
	}
	cp.close()
	res.capturedIn = time.Since(began)
	planPath := filepath.Join(os.TempDir(), fmt.Sprintf("orgdir-bench-plan-%d-%s.gob", os.Getpid(), kind))
	if err := writePlan(planPath, pl); err != nil {
		return nil, err
	}
	defer os.Remove(planPath)

	logf(c, "%s: starting the server and the baseline", kind)
	serverLog := filepath.Join(os.TempDir(), fmt.Sprintf("orgdir-bench-server-%s.log", kind))
	logf(c, "%s: server log in %s", kind, serverLog)
	srv, err := start("orgdir", exec.Command(c.bin, "serve", "--addr", "127.0.0.1:0", "--db", ds.dsn), serverLog)
	if err != nil {
		return nil, err
	}
	defer srv.shutdown()
	if err := srv.waitReady("/readyz"); err != nil {
		return nil, err
	}
	if err := srv.waitFirstJobPass(); err != nil {
		return nil, err
	}
	base, err := startBaseline(planPath)
	if err != nil {
		return nil, err
	}
	defer base.shutdown()
	client := newClient(max(c.clients, c.writers) + 4)
	session, err := signIn(client, "http://"+srv.addr, w.adminEmail)
	if err != nil {
		return nil, err
	}
	hdr := http.Header{"Content-Type": {"application/json"}, "Cookie": {cookieHeader(session)}}
	toServer := func(rq request) request {
		rq.url, rq.header = "http://"+srv.addr+rq.url, hdr
		return rq
	}

	var w2p99 time.Duration
	for _, rw := range reads {
		if !c.workloads[group(rw.name)] {
			continue
		}
		logf(c, "%s: %s", kind, rw.name)
		vs := rw.variants
		clients := c.clients
		if rw.latency {
			clients = c.latencyCl
		}
		sr := drive(ctx, client, srv, clients, c.warmup, c.duration, func(wk, seq int) request {
			return toServer(vs[variant(len(vs), wk, seq)])
		}, graphQLOK)
		br := drive(ctx, client, base, clients, c.warmup, c.duration, func(wk, seq int) request {
			return request{method: "GET", url: fmt.Sprintf("http://%s/w/%s/%d", base.addr, rw.name, variant(len(vs), wk, seq))}
		}, statusOK)
		r := row{name: rw.name, title: rw.title, target: rw.target, server: &sr, base: &br}
		switch rw.name {
		case "W1", "W2", "W7":
			r.pass = sr.rps() >= 0.5*br.rps()
		case "W2b":
			r.pass = w2p99 > 0 && sr.pct(0.99) <= w2p99*3/2
			if w2p99 > 0 {
				r.note = fmt.Sprintf("W2 p99 %s", ms(w2p99))
			}
		case "W3r", "W3c":
			r.pass = sr.pct(0.99) < 20*time.Millisecond
			n := res.rareCount
			if rw.name == "W3c" {
				n = res.commonCnt
			}
			r.note = fmt.Sprintf("%d matches (%.2f%%)", n, 100*float64(n)/float64(max(w.managed, 1)))
		case "W4":
			r.pass = sr.pct(0.99) < 2*time.Millisecond
		}
		if rw.name == "W2" {
			w2p99 = sr.pct(0.99)
		}
		r.pass = r.pass && sr.errors == 0 && br.errors == 0
		res.rows = append(res.rows, r)
	}

	if c.workloads["W5"] {
		logf(c, "%s: W5", kind)
		// Each writer alternates suspend and restore across warm-up and measurement
		// (a count per writer, touched only by that writer's goroutine).
		turns := make([]int, c.writers)
		sr := drive(ctx, client, srv, c.writers, c.warmup, c.duration, func(wk, _ int) request {
			turns[wk]++
			return toServer(writes[2*wk+(turns[wk]-1)%2])
		}, graphQLOK)
		br := drive(ctx, client, base, c.writers, c.warmup, c.duration, func(wk, seq int) request {
			return request{method: "GET", url: fmt.Sprintf("http://%s/w/W5/%d", base.addr, 2*wk+seq%2)}
		}, statusOK)
		res.rows = append(res.rows, row{name: "W5", title: fmt.Sprintf("suspend/restore, %d concurrent writers", c.writers),
			target: "rps ≥ 0.8 × baseline, 0 errors", server: &sr, base: &br,
			pass: sr.rps() >= 0.8*br.rps() && sr.errors == 0 && br.errors == 0})
	}

	if c.workloads["W6"] {
		logf(c, "%s: W6", kind)
		sr := repeat(ctx, client, srv, c.exportRuns, toServer(request{method: "GET", url: "/export/orgs/" + w.org + "/managed-accounts.csv", stream: true}))
		br := repeat(ctx, client, base, c.exportRuns, request{method: "GET", url: "http://" + base.addr + "/export", stream: true})
		res.rows = append(res.rows, row{name: "W6", title: fmt.Sprintf("CSV export of %d accounts", w.managed),
			target: "rows/s ≥ 0.8 × plain scan", server: &sr, base: &br,
			pass: sr.rps() >= 0.8*br.rps() && sr.errors == 0 && br.errors == 0,
			note: fmt.Sprintf("%.0f vs %.0f rows/s; %.0f MB vs %.0f MB a run", sr.rps()*float64(w.managed), br.rps()*float64(w.managed),
				float64(sr.bytes)/float64(max(sr.requests, 1))/1e6, float64(br.bytes)/float64(max(br.requests, 1))/1e6)})
	}

	if c.workloads["W8"] {
		logf(c, "%s: W8", kind)
		cr, err := runClaim(ctx, client, srv, toServer, writeRequests(w.org, w.writerIDs[c.writers:2*c.writers]), domainID, c.writers)
		if err != nil {
			return nil, err
		}
		res.claim = cr
	}
	res.rssPeak = srv.peakRSS()
	res.rssBase = base.peakRSS()
	return res, nil
}

// group maps a row to the --workloads name that selects it.
func group(name string) string {
	if name == "W3r" || name == "W3c" {
		return "W3"
	}
	return name
}

// repeat sends rq n times, one after the other, measuring the target's CPU.
func repeat(ctx context.Context, client *http.Client, target *process, n int, rq request) result {
	target.takeRSSMax()
	cpu0 := target.cpu()
	var res result
	began := time.Now()
	for range n {
		t0 := time.Now()
		nb, err := send(ctx, client, rq, statusOK)
		res.bytes += nb
		if err != nil {
			res.errors++
			if res.firstErr == "" {
				res.firstErr = err.Error()
			}
			continue
		}
		res.requests++
		res.latencies = append(res.latencies, time.Since(t0))
	}
	res.elapsed = time.Since(began)
	res.cpu = target.cpu() - cpu0
	res.rssMax = target.takeRSSMax()
	sortDurations(res.latencies)
	return res
}

// runClaim claims the domain while writers suspend and restore other accounts, and
// reports how long the claim took and the writers' worst latency meanwhile.
func runClaim(ctx context.Context, client *http.Client, srv *process, toServer func(request) request,
	writes []request, domainID string, writers int) (*claimResult, error) {
	stop := make(chan struct{})
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		lat  []time.Duration
		errs int
		ferr string
	)
	for wk := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := 0; ; seq++ {
				select {
				case <-stop:
					return
				default:
				}
				t0 := time.Now()
				_, err := send(ctx, client, toServer(writes[2*wk+seq%2]), graphQLOK)
				mu.Lock()
				lat = append(lat, time.Since(t0))
				if err != nil {
					errs++
					if ferr == "" {
						ferr = err.Error()
					}
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(time.Second)
	mu.Lock()
	lat = lat[:0]
	mu.Unlock()
	t0 := time.Now()
	body, err := post(ctx, client, toServer(gqlRequest(claimMutation, map[string]any{"domainId": domainID})))
	took := time.Since(t0)
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	var out struct {
		Data struct {
			ClaimAccounts struct{ Claimed int } `json:"claimAccounts"`
		}
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, err
	}
	sortDurations(lat)
	r := &claimResult{took: took, claimed: out.Data.ClaimAccounts.Claimed, writes: len(lat), writeErrors: errs, firstErr: ferr}
	if len(lat) > 0 {
		r.worstWait = lat[len(lat)-1]
		r.p99Wait = lat[int(float64(len(lat)-1)*0.99)]
	}
	return r, nil
}

// post sends a GraphQL request and returns its body, or an error for any GraphQL error.
func post(ctx context.Context, client *http.Client, rq request) ([]byte, error) {
	var body []byte
	_, err := send(ctx, client, rq, func(status int, b []byte) error {
		body = b
		return graphQLOK(status, b)
	})
	return body, err
}

// followCursors pages through the main organization's Managed accounts, 100 at a
// time, and returns the cursor after the first depth rows.
func followCursors(cp *capturer, org string, depth int) (string, error) {
	var after any
	for done := 0; done < depth; done += 100 {
		rq := gqlRequest(cursorQuery, map[string]any{"orgId": org, "after": after})
		rq.url = cp.srv.URL + rq.url
		rq.header = http.Header{"Content-Type": {"application/json"}, "Cookie": {cookieHeader(cp.cookie)}}
		body, err := post(context.Background(), cp.client, rq)
		if err != nil {
			return "", fmt.Errorf("follow cursors at %d: %w", done, err)
		}
		var out struct {
			Data struct {
				Organization struct {
					ManagedAccounts struct {
						PageInfo struct {
							EndCursor   string
							HasNextPage bool
						}
					}
				}
			}
		}
		if err := json.Unmarshal(body, &out); err != nil {
			return "", err
		}
		after = out.Data.Organization.ManagedAccounts.PageInfo.EndCursor
		if !out.Data.Organization.ManagedAccounts.PageInfo.HasNextPage {
			break
		}
	}
	s, _ := after.(string)
	return s, nil
}

// totalCount runs the first request of workload name in the capturer and returns the
// totalCount of its managedAccounts.
func totalCount(cp *capturer, reads []readWorkload, name string) (int, error) {
	for _, rw := range reads {
		if rw.name != name {
			continue
		}
		rq := rw.variants[0]
		rq.url = cp.srv.URL + rq.url
		rq.header = http.Header{"Content-Type": {"application/json"}, "Cookie": {cookieHeader(cp.cookie)}}
		body, err := post(context.Background(), cp.client, rq)
		if err != nil {
			return 0, err
		}
		var out struct {
			Data struct {
				Organization struct {
					ManagedAccounts struct{ TotalCount int }
				}
			}
		}
		err = json.Unmarshal(body, &out)
		return out.Data.Organization.ManagedAccounts.TotalCount, err
	}
	return 0, fmt.Errorf("no workload %s", name)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
