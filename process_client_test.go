package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// apiClient talks to an `orgdir serve` process over loopback as a signed-in admin,
// with keep-alive connections, the way the SPA and integrations do.
type apiClient struct {
	base string
	http *http.Client
}

// gqlError is one entry of a GraphQL answer's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// gqlAnswer is what came back for one request: status, data and errors. A transport
// error (the process died, the listener closed) is err of do, not an answer.
type gqlAnswer struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

func (a gqlAnswer) ok() bool { return a.Status == http.StatusOK && len(a.Errors) == 0 }

func newAPIClient(addr string) *apiClient {
	jar, _ := cookiejar.New(nil)
	return &apiClient{base: "http://" + addr, http: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
}

// login signs in and keeps the session cookie.
func (c *apiClient) login(email, password string) error {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	res, err := c.http.Post(c.base+"/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return fmt.Errorf("sign in as %s: %d %s", email, res.StatusCode, b)
	}
	return nil
}

// do posts one GraphQL document. err is set only when no complete answer arrived.
func (c *apiClient) do(ctx context.Context, query string, vars map[string]any) (gqlAnswer, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/query", bytes.NewReader(body))
	if err != nil {
		return gqlAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return gqlAnswer{}, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return gqlAnswer{}, err
	}
	a := gqlAnswer{Status: res.StatusCode}
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, fmt.Errorf("status %d, not JSON: %.200s", res.StatusCode, raw)
	}
	a.Status = res.StatusCode
	return a, nil
}

// must runs a document that has to succeed and decodes its data into out.
func (c *apiClient) must(t *testing.T, query string, vars map[string]any, out any) {
	t.Helper()
	a, err := c.do(context.Background(), query, vars)
	require.NoError(t, err)
	require.True(t, a.ok(), "status %d errors %+v", a.Status, a.Errors)
	if out != nil {
		require.NoError(t, json.Unmarshal(a.Data, out))
	}
}

// acme is what the process tests need of the demo's Acme organization.
type acme struct {
	org   string
	sites []string
}

const demoPassword = "demo-secret-for-process-tests"

// acmeOf reads Acme's id and sites as its admin sees them.
func acmeOf(t *testing.T, c *apiClient) acme {
	t.Helper()
	var out struct {
		Viewer struct {
			Organizations []struct {
				ID, Name string
				Sites    []struct{ ID string }
			}
		}
	}
	c.must(t, `{ viewer { organizations { id name sites { id } } } }`, nil, &out)
	for _, o := range out.Viewer.Organizations {
		if o.Name == "Acme" {
			a := acme{org: o.ID}
			for _, s := range o.Sites {
				a.sites = append(a.sites, s.ID)
			}
			require.NotEmpty(t, a.sites)
			return a
		}
	}
	t.Fatalf("Acme is not among %+v", out.Viewer.Organizations)
	return acme{}
}

// stopGracefully sends SIGTERM and requires exit status 0 within limit.
func stopGracefully(t *testing.T, cmd *exec.Cmd, limit time.Duration) time.Duration {
	t.Helper()
	began := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "SIGTERM exits 0")
	case <-time.After(limit):
		t.Fatalf("orgdir did not exit within %s of SIGTERM", limit)
	}
	return time.Since(began)
}

// kill9 SIGKILLs the process and reaps it.
func kill9(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
}

// runOrgdir runs a one-shot orgdir command and returns its combined output.
func runOrgdir(args ...string) (string, error) {
	out, err := exec.Command(binary, args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// sqliteFile is the path of a sqlite: URL in a test's temp dir.
func sqliteFile(t *testing.T, name string) (path, dsn string) {
	path = filepath.Join(t.TempDir(), name)
	return path, "sqlite:" + path
}

// envInt reads a positive integer from the environment, def when unset.
func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	var n int
	_, err := fmt.Sscan(v, &n)
	require.NoError(t, err, "%s=%q", name, v)
	return n
}
