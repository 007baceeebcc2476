package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// binary is orgdir built once for the tests that run it as a process.
var binary string

func TestMain(m *testing.M) {
	// make soak runs the tests against bin/orgdir, the binary it built.
	if b := os.Getenv("ORGDIR_BINARY"); b != "" {
		abs, err := filepath.Abs(b)
		if err != nil {
			panic(err)
		}
		binary = abs
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "orgdir-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "orgdir")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic(fmt.Sprintf("build: %v\n%s", err, out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// start runs `orgdir serve` and waits for its "listening" line.
func start(t *testing.T, env []string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	return startLogging(t, os.Stderr, env, args...)
}

// startLogging is start with the process's JSON logs (stderr) going to logs.
func startLogging(t *testing.T, logs io.Writer, env []string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	var seen []string
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			require.True(t, ok, "orgdir exited before listening: %v", seen)
			seen = append(seen, l)
			if strings.Contains(l, "listening on") {
				go func() {
					for range lines {
					}
				}()
				return cmd, strings.Join(seen, "\n")
			}
		case <-timeout:
			t.Fatalf("orgdir did not start: %v", seen)
		}
	}
}

func TestServeLoadsDemoDataSignsInAndDrainsOnSIGTERM(t *testing.T) {
	addr := freeAddr(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "data", "orgdir.db")
	cmd, out := start(t, []string{"ORGDIR_DEMO_PASSWORD=demo-secret", "ORGDIR_DEMO=true"}, "--addr", addr, "--db", db)
	require.Contains(t, out, "admin@acme.test")
	require.Contains(t, out, "http://"+addr)

	res, err := http.Post("http://"+addr+"/auth/login", "application/json",
		strings.NewReader(`{"email":"admin@acme.test","password":"demo-secret"}`))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	cookie := res.Cookies()[0]

	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/query",
		strings.NewReader(`{"query":"{ viewer { organizations { name managedAccounts(first: 5) { totalCount } } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(cookie)
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	var body struct {
		Data struct {
			Viewer struct {
				Organizations []struct {
					Name            string
					ManagedAccounts struct{ TotalCount int }
				}
			}
		}
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	res.Body.Close()
	require.Equal(t, "Acme", body.Data.Viewer.Organizations[0].Name)
	require.Greater(t, body.Data.Viewer.Organizations[0].ManagedAccounts.TotalCount, 140)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "SIGTERM exits 0")
	case <-time.After(30 * time.Second):
		t.Fatal("orgdir did not stop after SIGTERM")
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	envAddr, flagAddr := freeAddr(t), freeAddr(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "orgdir.db")
	_, out := start(t, []string{"ORGDIR_ADDR=" + envAddr, "ORGDIR_DB=" + db}, "--addr", flagAddr)
	require.Contains(t, out, flagAddr)
	require.NotContains(t, out, envAddr)
	require.Contains(t, out, db, "the database comes from ORGDIR_DB when no flag is given")
}

func TestMetricsAddrServesMetricsOnlyThere(t *testing.T) {
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "orgdir.db")
	_, out := start(t, []string{"ORGDIR_METRICS_ADDR=" + metricsAddr}, "--addr", addr, "--db", db)
	require.Contains(t, out, "http://"+metricsAddr+"/metrics")

	get := func(url string) (int, string) {
		res, err := http.Get(url)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(b)
	}
	status, _ := get("http://" + addr + "/healthz")
	require.Equal(t, http.StatusOK, status)
	status, body := get("http://" + metricsAddr + "/metrics")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, `orgdir_http_requests_total{code="200",operation="",route="GET /healthz"} 1`)
	require.Contains(t, body, `go_sql_open_connections{db_name="sqlite"}`)
	status, body = get("http://" + addr + "/metrics")
	require.Equal(t, http.StatusNotFound, status, "not on the main listener")
	require.NotContains(t, body, "orgdir_http_requests_total")
}

func TestServeTunesTheGarbageCollectorUnlessTheEnvironmentDoes(t *testing.T) {
	for _, name := range []string{"GOGC", "GOMEMLIMIT"} {
		if v, ok := os.LookupEnv(name); ok {
			require.NoError(t, os.Unsetenv(name))
			t.Cleanup(func() { os.Setenv(name, v) })
		}
	}
	settings := func(env ...string) string {
		addr := freeAddr(t)
		start(t, env, "--addr", addr, "--db", "sqlite:"+filepath.Join(t.TempDir(), "orgdir.db"))
		res, err := http.Get("http://" + addr + "/metrics")
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "go_gc_gogc_percent ") || strings.HasPrefix(l, "go_gc_gomemlimit_bytes ") {
				out = append(out, l)
			}
		}
		return strings.Join(out, "; ")
	}
	require.Equal(t, fmt.Sprintf("go_gc_gogc_percent %d; go_gc_gomemlimit_bytes %g", serveGCPercent, float64(serveMemoryLimit)),
		settings())
	require.Equal(t, "go_gc_gogc_percent 150; go_gc_gomemlimit_bytes 1.073741824e+09",
		settings("GOGC=150", "GOMEMLIMIT=1GiB"), "the environment chooses")
}

func TestPprofAddrServesTheProfilerOnlyThere(t *testing.T) {
	addr, pprofAddr := freeAddr(t), freeAddr(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "orgdir.db")
	_, out := start(t, nil, "--addr", addr, "--db", db, "--pprof-addr", pprofAddr)
	require.Contains(t, out, "http://"+pprofAddr+"/debug/pprof/")

	res, err := http.Get("http://" + pprofAddr + "/debug/pprof/goroutine?debug=1")
	require.NoError(t, err)
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, string(b), "goroutine profile:")

	res, err = http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	require.NoError(t, err)
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	require.NotContains(t, string(b), "goroutine profile:", "never on the main listener")
}

func TestHelpExplainsEveryFlag(t *testing.T) {
	out, err := exec.Command(binary, "serve", "--help").CombinedOutput()
	require.NoError(t, err)
	for _, flag := range []string{"--addr", "--db", "--demo", "--shutdown-timeout", "--metrics-addr", "ORGDIR_METRICS_ADDR", "--pprof-addr", "ORGDIR_PPROF_ADDR", "ORGDIR_ADDR", "ORGDIR_DB", "ORGDIR_DEMO"} {
		require.Contains(t, string(out), flag)
	}
	out, err = exec.Command(binary, "--help").CombinedOutput()
	require.NoError(t, err)
	for _, command := range []string{"serve", "migrate", "backup", "restore"} {
		require.Contains(t, string(out), command)
	}
	out, err = exec.Command(binary, "backup", "--help").CombinedOutput()
	require.NoError(t, err)
	for _, flag := range []string{"--to", "--force", "--db", "pg_dump"} {
		require.Contains(t, string(out), flag)
	}
	out, err = exec.Command(binary, "restore", "--help").CombinedOutput()
	require.NoError(t, err)
	for _, flag := range []string{"--from", "--db", "Stop orgdir serve first", "pg_restore"} {
		require.Contains(t, string(out), flag)
	}
}

func TestMigrateCommandAndABadDatabaseGiveOneClearLine(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "orgdir.db")
	out, err := exec.Command(binary, "migrate", "--db", db).CombinedOutput()
	require.NoError(t, err, string(out))
	require.Contains(t, string(out), "up to date")

	var stderr bytes.Buffer
	cmd := exec.Command(binary, "migrate", "--db", "oracle://nowhere")
	cmd.Stderr = &stderr
	require.Error(t, cmd.Run())
	require.Contains(t, stderr.String(), "unsupported")
}

func TestAdminsSetPasswordCommand(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "orgdir.db")
	cmd := exec.Command(binary, "admins", "set-password", "--email", "nobody@acme.test", "--db", db)
	cmd.Stdin = strings.NewReader("a long enough password\n")
	out, err := cmd.CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(out), "account not found")

	cmd = exec.Command(binary, "admins", "set-password", "--email", "nobody@acme.test", "--db", db)
	cmd.Stdin = strings.NewReader("short\n")
	out, err = cmd.CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(out), "at least")
}
