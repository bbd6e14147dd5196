package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// Not parallel: run charges the whole process's CPU to its requests and
// checks how long it took, so it runs before the parallel tests start.
func TestRunCountsRequestsAndErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bad" {
			http.Error(w, "no", http.StatusTeapot)
			return
		}
		// Busy rather than asleep: /proc counts CPU in 10 ms ticks, and a
		// server that only sleeps could finish the run without one.
		for start := time.Now(); time.Since(start) < time.Millisecond; {
		}
	}))
	defer srv.Close()
	client := newClient(4)

	ok := run(client, os.Getpid(), "ok", 4, 20*time.Millisecond, 200*time.Millisecond, 200, get(srv.URL, "", "/", ""))
	if ok.requests == 0 || ok.errors != 0 {
		t.Fatalf("ok run: %d requests, %d errors; want some requests and no errors", ok.requests, ok.errors)
	}
	if !(ok.p50 >= time.Millisecond && ok.p50 <= ok.p90 && ok.p90 <= ok.p99 && ok.p99 <= ok.max) {
		t.Errorf("percentiles out of order or below the handler's 1 ms: %v %v %v %v", ok.p50, ok.p90, ok.p99, ok.max)
	}
	if _, err := os.Stat("/proc/self/stat"); err == nil && ok.serverCPU <= 0 {
		t.Errorf("server CPU per request = %v, want the in-process server's CPU charged to its requests", ok.serverCPU)
	}
	// At least the duration asked for; the upper bound only catches a run
	// that ignores its duration, with room for a machine under heavy load
	// (a busy CI run once took 2.03 s).
	if ok.elapsed < 200*time.Millisecond || ok.elapsed > 30*time.Second {
		t.Errorf("run took %v, want 200 ms and a little more", ok.elapsed)
	}

	bad := run(client, os.Getpid(), "bad", 2, 0, 100*time.Millisecond, 200, get(srv.URL, "", "/bad", ""))
	if bad.errors == 0 || !strings.Contains(bad.firstErr, "status 418") {
		t.Errorf("bad run: %d errors, first %q; want errors naming status 418", bad.errors, bad.firstErr)
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	got := median([]time.Duration{5, 1, 4, 2, 3})
	if got != 3 {
		t.Errorf("median = %v, want 3", got)
	}
}

func TestProcMemory(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc on this system")
	}
	for _, field := range []string{"VmRSS", "VmHWM"} {
		mb, err := procMemory(os.Getpid(), field)
		if err != nil {
			t.Fatal(err)
		}
		if mb <= 0 || mb > 10_000 {
			t.Errorf("%s = %.1f MB, want a plausible size", field, mb)
		}
	}
}
