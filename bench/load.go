package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"syscall"
	"time"
)

// maxSamples bounds the latencies one scenario keeps, so memory stays
// bounded however fast the server is.
const maxSamples = 2_000_000

// request builds one request; i counts requests within a worker so
// writes can spread over rows.
type request func(worker, i int) (*http.Request, error)

// result summarises one scenario run.
type result struct {
	name          string
	conns         int
	requests      int
	acked         int // requests answered with the wanted status, warm-up included
	errors        int
	firstErr      string
	elapsed       time.Duration
	p50, p90, p99 time.Duration
	max           time.Duration
	loadCPU       float64 // the load generator's CPU use, in cores
	// serverCPU is the server's CPU time per request (user + system, all
	// threads). Less noisy than throughput on a shared machine: queueing
	// behind other processes does not add to it.
	serverCPU time.Duration
}

func (r result) rps() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// run drives next at conns concurrent connections for warm-up and then for
// d, counting only the second part. A response with an unexpected status
// is an error. serverPID is the process whose CPU time is charged to the
// requests.
func run(client *http.Client, serverPID int, name string, conns int, warmup, d time.Duration, want int, next request) result {
	warm, _, _ := drive(client, conns, warmup, want, next) // warm caches and connections
	cpu0, srv0 := cpuTime(), procCPU(serverPID)
	start := time.Now()
	samples, errs, firstErr := drive(client, conns, d, want, next)
	elapsed := time.Since(start)
	res := result{name: name, conns: conns, requests: len(samples), acked: len(warm) + len(samples), errors: errs, firstErr: firstErr, elapsed: elapsed,
		loadCPU: (cpuTime() - cpu0).Seconds() / elapsed.Seconds()}
	if srv1 := procCPU(serverPID); len(samples) > 0 && srv0 > 0 && srv1 > srv0 {
		res.serverCPU = (srv1 - srv0) / time.Duration(len(samples))
	}
	if len(samples) > 0 {
		slices.Sort(samples)
		pct := func(p float64) time.Duration { return samples[min(len(samples)-1, int(p*float64(len(samples))))] }
		res.p50, res.p90, res.p99, res.max = pct(0.50), pct(0.90), pct(0.99), samples[len(samples)-1]
	}
	return res
}

func drive(client *http.Client, conns int, d time.Duration, want int, next request) (samples []time.Duration, errs int, firstErr string) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range conns {
		wg.Go(func() {
			local := make([]time.Duration, 0, 4096)
			nerr, ferr := 0, ""
			for i := 0; ctx.Err() == nil && len(local) < maxSamples/conns; i++ {
				req, err := next(w, i)
				if err == nil {
					t0 := time.Now()
					err = do(client, req, want)
					if err == nil {
						local = append(local, time.Since(t0))
						continue
					}
				}
				if ctx.Err() == nil {
					nerr++
					if ferr == "" {
						ferr = err.Error()
					}
				}
			}
			mu.Lock()
			samples = append(samples, local...)
			errs += nerr
			if firstErr == "" {
				firstErr = ferr
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return samples, errs, firstErr
}

func do(client *http.Client, req *http.Request, want int) error {
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d", req.Method, req.URL.Path, res.StatusCode, want)
	}
	return nil
}

// cpuTime is the user+system CPU this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
