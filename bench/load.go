package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// request is one HTTP request of a workload; worker w sends requests built by the
// workload's make function with its own worker number and sequence number.
type request struct {
	method, url string
	body        []byte
	header      http.Header
	stream      bool // a large answer (CSV): count its bytes, keep none
}

// result is what one side of one workload measured.
type result struct {
	requests  int
	errors    int
	firstErr  string
	elapsed   time.Duration
	latencies []time.Duration // sorted
	cpu       time.Duration   // server CPU during the measurement
	rssMax    int64
	bytes     int64
}

func (r result) rps() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

func (r result) pct(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies)-1) * p)
	return r.latencies[i]
}

func (r result) maxLatency() time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[len(r.latencies)-1]
}

// newClient is a keep-alive client with enough idle connections for every worker.
func newClient(workers int) *http.Client {
	return &http.Client{
		Timeout: 5 * time.Minute,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        workers * 2,
			MaxIdleConnsPerHost: workers * 2,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
	}
}

// okFunc decides whether a response is a success: 200 and, for GraphQL, no errors.
type okFunc func(status int, body []byte) error

func graphQLOK(status int, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %s", status, clip(body))
	}
	if bytes.Contains(body, []byte(`"errors"`)) {
		return fmt.Errorf("GraphQL errors: %s", clip(body))
	}
	return nil
}

func statusOK(status int, body []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %s", status, clip(body))
	}
	return nil
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "..."
	}
	return string(b)
}

// drive runs workers that send requests back to back for warmup (not recorded) and
// then for duration (recorded), and measures the target's CPU over the recorded part.
func drive(ctx context.Context, client *http.Client, target *process, workers int, warmup, duration time.Duration,
	make func(worker, seq int) request, ok okFunc) result {
	if warmup > 0 {
		_ = loop(ctx, client, workers, warmup, make, ok, false)
	}
	target.takeRSSMax()
	cpu0 := target.cpu()
	res := loop(ctx, client, workers, duration, make, ok, true)
	res.cpu = target.cpu() - cpu0
	res.rssMax = target.takeRSSMax()
	return res
}

func loop(ctx context.Context, client *http.Client, workers int, duration time.Duration,
	make func(worker, seq int) request, ok okFunc, record bool) result {
	// Requests in flight at the deadline finish (and count): a write cut off half-way
	// would leave its account in an unknown state.
	deadline := time.Now().Add(duration)
	var (
		mu       sync.Mutex
		all      []time.Duration
		errs     int
		firstErr string
		nbytes   atomic.Int64
		wg       sync.WaitGroup
	)
	began := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			nerr, first := 0, ""
			for seq := 0; ctx.Err() == nil && time.Now().Before(deadline); seq++ {
				t0 := time.Now()
				n, err := send(ctx, client, make(w, seq), ok)
				nbytes.Add(n)
				if err != nil {
					nerr++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				if record {
					lat = append(lat, time.Since(t0))
				}
			}
			mu.Lock()
			all = append(all, lat...)
			errs += nerr
			if firstErr == "" {
				firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(all)
	return result{requests: len(all), errors: errs, firstErr: firstErr, elapsed: time.Since(began), latencies: all, bytes: nbytes.Load()}
}

func send(ctx context.Context, client *http.Client, rq request, ok okFunc) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, rq.method, rq.url, bytes.NewReader(rq.body))
	if err != nil {
		return 0, err
	}
	for k, v := range rq.header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if rq.stream {
		n, err := io.Copy(io.Discard, resp.Body)
		if err != nil {
			return n, err
		}
		return n, ok(resp.StatusCode, nil)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return int64(len(body)), err
	}
	return int64(len(body)), ok(resp.StatusCode, body)
}
