package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"time"
)

// report is everything one harness run measured.
type report struct {
	tasks, conns      int
	duration          time.Duration
	binaryMB          float64
	seed, coldStart   time.Duration
	idleMB            float64
	peakBeforeLoginMB float64
	peakMB            float64
	firstVisitKB      float64
	docket, ceiling   []result
}

func (r *report) find(rs []result, name string, conns int) result {
	for _, x := range rs {
		if x.name == name && x.conns == conns {
			return x
		}
	}
	return result{}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func (r *report) print(w io.Writer) {
	host, _ := os.Hostname()
	fmt.Fprintf(w, "Docket load run — %s, %s/%s, %d CPUs, host %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"),
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), host)
	fmt.Fprintf(w, "%d tasks for the load user; %s per scenario after warm-up.\n\n", r.tasks, r.duration)
	fmt.Fprintln(w, "| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | vs ceiling | server CPU ms/req | loadgen CPU |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	ceilList := r.find(r.ceiling, "ceiling list", r.conns)
	ceilWrite := r.find(r.ceiling, "ceiling durable write", r.conns)
	ceilTempl := r.find(r.ceiling, "ceiling list (templ)", r.conns)
	for _, x := range append(append([]result{}, r.docket...), r.ceiling...) {
		ratio := ""
		switch {
		case x.name == "list fragment" && x.conns == r.conns:
			ratio = fmt.Sprintf("%.0f%% of list, %.0f%% of templ list", 100*x.rps()/ceilList.rps(), 100*x.rps()/ceilTempl.rps())
		case x.name == "full list page", x.name == "search q=report", x.name == "load more page 20":
			ratio = fmt.Sprintf("%.0f%% of list", 100*x.rps()/ceilList.rps())
		case x.name == "toggle", x.name == "inline title update", x.name == "create":
			ratio = fmt.Sprintf("%.0f%% of write", 100*x.rps()/ceilWrite.rps())
		}
		errs := fmt.Sprint(x.errors)
		if x.firstErr != "" {
			errs += " (" + x.firstErr + ")"
		}
		cpu := "n/a" // no /proc to read
		if x.serverCPU > 0 {
			cpu = fmt.Sprintf("%.3f", float64(x.serverCPU)/float64(time.Millisecond))
		}
		fmt.Fprintf(w, "| %s | %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %.2f cores |\n",
			x.name, x.conns, x.rps(), ms(x.p50), ms(x.p90), ms(x.p99), ms(x.max), errs, ratio, cpu, x.loadCPU)
	}
	fmt.Fprintf(w, "\n| measure | value |\n|---|---:|\n")
	fmt.Fprintf(w, "| seed %d tasks | %s |\n| cold start to first /healthz 200 (median) | %s ms |\n", r.tasks, r.seed.Round(time.Millisecond), ms(r.coldStart))
	fmt.Fprintf(w, "| idle RSS | %.1f MB |\n| peak RSS before log-in burst | %.1f MB |\n", r.idleMB, r.peakBeforeLoginMB)
	if r.find(r.docket, "log in (argon2id)", r.conns).requests > 0 {
		fmt.Fprintf(w, "| peak RSS after log-in burst | %.1f MB |\n", r.peakMB)
	}
	fmt.Fprintf(w, "| static binary | %.1f MB |\n| first visit to /tasks, compressed | %.1f KB |\n\n", r.binaryMB, r.firstVisitKB)

	frag1 := r.find(r.docket, "list fragment", 1)
	frag := r.find(r.docket, "list fragment", r.conns)
	toggle, update := r.find(r.docket, "toggle", r.conns), r.find(r.docket, "inline title update", r.conns)
	budgets := []struct {
		name string
		ok   bool
		got  string
	}{
		{"list fragment, 1 connection: p99 ≤ 5 ms", frag1.p99 <= 5*time.Millisecond, ms(frag1.p99) + " ms"},
		{fmt.Sprintf("list fragment, %d connections: ≥ 80%% of ceiling throughput", r.conns), frag.rps() >= 0.8*ceilList.rps(),
			fmt.Sprintf("%.0f%%", 100*frag.rps()/ceilList.rps())},
		{fmt.Sprintf("list fragment, %d connections: p99 no worse than ceiling's", r.conns), frag.p99 <= ceilList.p99,
			ms(frag.p99) + " vs " + ms(ceilList.p99) + " ms"},
		{"toggle: zero errors, ≥ 50% of ceiling durable write rate", toggle.errors == 0 && toggle.rps() >= 0.5*ceilWrite.rps(),
			fmt.Sprintf("%.0f%%, %d errors", 100*toggle.rps()/ceilWrite.rps(), toggle.errors)},
		{"inline update: zero errors, ≥ 50% of ceiling durable write rate", update.errors == 0 && update.rps() >= 0.5*ceilWrite.rps(),
			fmt.Sprintf("%.0f%%, %d errors", 100*update.rps()/ceilWrite.rps(), update.errors)},
		{"all scenarios: zero errors", r.errorFree(), ""},
		{"cold start ≤ 100 ms", r.coldStart <= 100*time.Millisecond, ms(r.coldStart) + " ms"},
		{"idle RSS ≤ 30 MB", r.idleMB <= 30, fmt.Sprintf("%.1f MB", r.idleMB)},
		{"peak RSS under the log-in burst ≤ 300 MB", r.peakMB <= 300, fmt.Sprintf("%.1f MB", r.peakMB)},
		{"static binary ≤ 25 MB", r.binaryMB <= 25, fmt.Sprintf("%.1f MB", r.binaryMB)},
		{"first visit ≤ 40 KB compressed", r.firstVisitKB <= 40, fmt.Sprintf("%.1f KB", r.firstVisitKB)},
	}
	fmt.Fprintln(w, "| budget | result | measured |\n|---|---|---:|")
	skipped := map[int]bool{0: frag1.requests == 0, 1: frag.requests == 0, 2: frag.requests == 0,
		3: toggle.requests == 0, 4: update.requests == 0, 8: r.find(r.docket, "log in (argon2id)", r.conns).requests == 0}
	for i, b := range budgets {
		verdict := "FAIL"
		switch {
		case skipped[i]:
			verdict, b.got = "not run", ""
		case b.ok:
			verdict = "PASS"
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", b.name, verdict, b.got)
	}
}

func (r *report) errorFree() bool {
	for _, x := range append(append([]result{}, r.docket...), r.ceiling...) {
		if x.errors > 0 {
			return false
		}
	}
	return true
}
