package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is a server the bench started (orgdir serve, or the baseline child): its
// address, and its CPU time and resident memory read from /proc.
type process struct {
	name string
	cmd  *exec.Cmd
	addr string // host:port
	logs *bytes.Buffer

	mu     sync.Mutex
	rssMax int64 // bytes, sampled
	stop   chan struct{}
	done   chan struct{}
}

// start runs cmd, waits for the line announcing its address on stdout ("... listening
// on http://ADDR ..."), and samples its memory until stopped. Its standard error goes
// to logFile when given (the server's access logs), else to memory for error messages.
func start(name string, cmd *exec.Cmd, logFile string) (*process, error) {
	p := &process{name: name, cmd: cmd, logs: &bytes.Buffer{}, stop: make(chan struct{}), done: make(chan struct{})}
	cmd.Stderr = &lockedWriter{w: p.logs}
	if logFile != "" {
		f, err := os.Create(logFile)
		if err != nil {
			return nil, err
		}
		defer f.Close() // the child holds its own descriptor
		cmd.Stderr = f
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if i := strings.Index(line, "://"); i >= 0 && !sent && strings.Contains(line, "listening on") {
				addr := strings.Fields(line[i+3:])[0]
				found <- addr
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			_ = cmd.Wait()
			return nil, fmt.Errorf("%s exited before listening: %s", name, tail(p.logs.String()))
		}
		p.addr = addr
	case <-time.After(5 * time.Minute):
		p.kill()
		return nil, fmt.Errorf("%s did not listen within 5 minutes: %s", name, tail(p.logs.String()))
	}
	go p.sample()
	return p, nil
}

// waitReady polls path until it answers 200.
func (p *process) waitReady(path string) error {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + p.addr + path)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready at %s", p.name, path)
}

// waitFirstJobPass waits until the server's background jobs have run once (the pass
// it starts with), as its /metrics shows: the domain re-check is the pass's last job. A cached dataset holds accounts whose
// deletion grace period has ended since it was seeded, and finalizing a few thousand
// of them in the middle of a measured workload had doubled the server's CPU there
// (W4 alone: 7.4 CPU s instead of 4.8, p99 4.4 ms).
func (p *process) waitFirstJobPass() error {
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + p.addr + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), `orgdir_job_runs_total{job="recheck_domains"}`) {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s: background jobs did not finish their first run within 5 minutes", p.name)
}

func (p *process) sample() {
	defer close(p.done)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		if rss, err := procRSS(p.cmd.Process.Pid); err == nil {
			p.mu.Lock()
			p.rssMax = max(p.rssMax, rss)
			p.mu.Unlock()
		}
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
	}
}

// takeRSSMax returns the highest RSS sampled since the last call, and starts afresh.
func (p *process) takeRSSMax() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	v := p.rssMax
	p.rssMax = 0
	if rss, err := procRSS(p.cmd.Process.Pid); err == nil {
		p.rssMax = rss
	}
	return v
}

// peakRSS is the kernel's high-water mark of the process's resident memory.
func (p *process) peakRSS() int64 {
	v, _ := procStatusField(p.cmd.Process.Pid, "VmHWM:")
	return v
}

// cpu returns the process's user+system CPU time.
func (p *process) cpu() time.Duration {
	d, _ := procCPU(p.cmd.Process.Pid)
	return d
}

// shutdown sends SIGTERM and waits; a process that does not exit in 30s is killed.
func (p *process) shutdown() error {
	close(p.stop)
	<-p.done
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- p.cmd.Wait() }()
	select {
	case err := <-exited:
		return err
	case <-time.After(30 * time.Second):
		p.kill()
		return fmt.Errorf("%s did not stop on SIGTERM; killed", p.name)
	}
}

func (p *process) kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	_ = p.cmd.Wait()
}

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat (100 on Linux).
const clockTicks = 100

func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces: count fields after its closing paren.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad /proc/%d/stat", pid)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

func procRSS(pid int) (int64, error) { return procStatusField(pid, "VmRSS:") }

func procStatusField(pid int, name string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, name); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", name, pid)
}

func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	// Access logs are one line a request: keep only the last 64 KiB.
	if buf, ok := l.w.(*bytes.Buffer); ok && buf.Len() > 64<<10 {
		keep := append([]byte(nil), buf.Bytes()[buf.Len()-32<<10:]...)
		buf.Reset()
		buf.Write(keep)
	}
	return l.w.Write(b)
}
