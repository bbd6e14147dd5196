package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// server is a process under test listening on addr.
type server struct {
	cmd  *exec.Cmd
	addr string
}

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// start runs name with args (which must make it listen on addr) and waits
// for the first 200 from /healthz, returning the time that took. The
// process's stderr goes to stderr, or nowhere if that is nil.
func start(addr string, stderr io.Writer, name string, args ...string) (*server, time.Duration, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = stderr
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	s := &server{cmd: cmd, addr: addr}
	if err := waitHealthy(addr, 30*time.Second); err != nil {
		s.stop()
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	return s, time.Since(t0), nil
}

// waitHealthy polls addr's /healthz until it answers 200 or limit passes.
func waitHealthy(addr string, limit time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	for t0 := time.Now(); time.Since(t0) < limit; {
		res, err := client.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(500 * time.Microsecond)
	}
	return fmt.Errorf("no answer from /healthz within %v", limit)
}

// stop ends the process with SIGTERM, then SIGKILL if it lingers.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// kill ends the process with SIGKILL, so it gets no chance to flush or
// finish anything, and waits for it.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
}

// memory reads a field such as VmRSS or VmHWM of the server, in MB.
func (s *server) memory(field string) (float64, error) { return procMemory(s.cmd.Process.Pid, field) }

// procMemory reads a field of /proc/PID/status, in MB.
func procMemory(pid int, field string) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024, err
		}
	}
	return 0, errors.New(field + " not in /proc status")
}

// procCPU is the user+system CPU time process pid has used, all threads
// together, or 0 if /proc cannot tell.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name in parentheses may hold spaces; fields count from
	// after it. utime and stime are fields 14 and 15, in USER_HZ ticks,
	// which Linux fixes at 100 per second for /proc.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// run runs a command to completion with a deadline, returning its stdout.
func runCmd(timeout time.Duration, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	return string(out), err
}

// logErrors counts the lines of the server log at path that record an
// error, and returns the first.
func logErrors(path string) (n int, first string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "level=ERROR") {
			if n++; first == "" {
				first = sc.Text()
			}
		}
	}
	return n, first, sc.Err()
}
