package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"docket/models"
)

// report is everything one harness run measured: the same scenarios on
// each engine, each against its own ceiling.
type report struct {
	tasks, conns int
	duration     time.Duration
	binaryMB     float64
	// loads are the machine's load averages as the run went: at its
	// start, before each engine after the first, and at its end.
	loads   []string
	engines []*engineReport
}

// engineReport is what the run measured on one engine.
type engineReport struct {
	engine            models.Engine
	seed, coldStart   time.Duration
	organise          time.Duration // spreading the seeded tasks over lists and labels
	idleMB            float64
	peakBeforeLoginMB float64
	peakMB            float64
	firstVisitKB      float64
	rows              rowWeight // the list fragment's page of rows
	docket, ceiling   []result
	stored            storedWrites
	// commitSettings are the server's durability settings as Docket's
	// own connections see them (PostgreSQL only), such as
	// "synchronous_commit=on fsync=on".
	commitSettings string
	durableCommits bool
	// serverErrors counts the errors Docket logged, the first in full.
	serverErrors     int
	firstServerError string
}

// storedWrites checks that acknowledged writes were stored: the load
// user's tasks before the create scenario, the creates the server
// answered with success (warm-up included), and the tasks found after
// the server was killed with SIGKILL.
type storedWrites struct {
	checked              bool
	before, acked, after int
}

func (s storedWrites) ok() bool { return s.checked && s.after-s.before >= s.acked }

func find(rs []result, name string, conns int) result {
	for _, x := range rs {
		if x.name == name && x.conns == conns {
			return x
		}
	}
	return result{}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

// engineTitle is the section heading and table label of an engine.
func engineTitle(e models.Engine) string {
	if e == models.Postgres {
		return "PostgreSQL"
	}
	return "SQLite"
}

func (r *report) print(w io.Writer) {
	host, _ := os.Hostname()
	fmt.Fprintf(w, "Docket load run — %s, %s/%s, %d CPUs, host %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"),
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), host)
	fmt.Fprintf(w, "%d tasks for the load user; %s per scenario after warm-up; static binary %.1f MB.\n",
		r.tasks, r.duration, r.binaryMB)
	fmt.Fprintf(w, "Load average (1, 5, 15 min) at the start, between engines and at the end: %s.\n", strings.Join(r.loads, " → "))
	for _, e := range r.engines {
		fmt.Fprintf(w, "\n## %s\n\n", engineTitle(e.engine))
		r.printTable(w, e)
		r.printMeasures(w, e)
		printBudgets(w, r.budgets(e))
	}
}

// printTable prints one engine's scenarios and ceiling, with each
// scenario's share of the ceiling and, after the first engine, its
// throughput against the first engine's in the same run.
func (r *report) printTable(w io.Writer, e *engineReport) {
	base := r.engines[0]
	compare := e != base
	head, rule := "", ""
	if compare {
		head, rule = fmt.Sprintf(" vs %s |", engineTitle(base.engine)), "---:|"
	}
	fmt.Fprintf(w, "| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | vs ceiling | server CPU ms/req | loadgen CPU |%s\n", head)
	fmt.Fprintf(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%s\n", rule)
	ceilList := find(e.ceiling, "ceiling list", r.conns)
	ceilWrite := find(e.ceiling, "ceiling durable write", r.conns)
	ceilTempl := find(e.ceiling, "ceiling list (templ)", r.conns)
	ceilBare := find(e.ceiling, "ceiling list (bare rows)", r.conns)
	for _, x := range append(append([]result{}, e.docket...), e.ceiling...) {
		ratio := ""
		switch {
		case x.name == "list fragment" && x.conns == r.conns:
			ratio = fmt.Sprintf("%.0f%% of list, %.0f%% of templ list, %.2f× bare rows", 100*x.rps()/ceilList.rps(),
				100*x.rps()/ceilTempl.rps(), x.rps()/ceilBare.rps())
		case x.name == "full list page", x.name == "search q=report", x.name == "load more page 20", slices.Contains(viewScenarios, x.name):
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
		against := ""
		if compare {
			against = " |"
			if b := base.find(x.name, x.conns); b.requests > 0 {
				against = fmt.Sprintf(" %.2f× |", x.rps()/b.rps())
			}
		}
		fmt.Fprintf(w, "| %s | %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %.2f cores |%s\n",
			x.name, x.conns, x.rps(), ms(x.p50), ms(x.p90), ms(x.p99), ms(x.max), errs, ratio, cpu, x.loadCPU, against)
	}
}

func (r *report) printMeasures(w io.Writer, e *engineReport) {
	fmt.Fprintf(w, "\n| measure | value |\n|---|---:|\n")
	fmt.Fprintf(w, "| seed %d tasks | %s |\n| spread them over lists, labels and subtasks | %s |\n", r.tasks, e.seed.Round(time.Millisecond), e.organise.Round(time.Millisecond))
	fmt.Fprintf(w, "| cold start to first /healthz 200 (median) | %s ms |\n", ms(e.coldStart))
	fmt.Fprintf(w, "| idle RSS | %.1f MB |\n| peak RSS before log-in burst | %.1f MB |\n", e.idleMB, e.peakBeforeLoginMB)
	if find(e.docket, "log in (argon2id)", r.conns).requests > 0 {
		fmt.Fprintf(w, "| peak RSS after log-in burst | %.1f MB |\n", e.peakMB)
	}
	fmt.Fprintf(w, "| first visit to /tasks, compressed | %.1f KB |\n", e.firstVisitKB)
	if rw := e.rows; rw.rows > 0 {
		fmt.Fprintf(w, "| list fragment, %d rows: page as HTML · as sent (gzip) | %d · %d bytes |\n", rw.rows, rw.pageRaw, rw.pageWire)
		fmt.Fprintf(w, "| list fragment: bytes per row as HTML · gzipped | %.0f · %.0f |\n", rw.perRowRaw(), rw.perRowGzip())
	}
	if e.stored.checked {
		fmt.Fprintf(w, "| creates acknowledged (warm-up included) · tasks added, counted after SIGKILL | %d · %d |\n",
			e.stored.acked, e.stored.after-e.stored.before)
	}
	if e.serverErrors > 0 {
		fmt.Fprintf(w, "| errors in Docket's log | %d, the first: `%s` |\n", e.serverErrors, e.firstServerError)
	}
	if e.commitSettings != "" {
		fmt.Fprintf(w, "| commit settings of Docket's connections | %s |\n", e.commitSettings)
	}
	fmt.Fprintln(w)
}

// budget is one performance or correctness budget and how the run did.
type budget struct {
	name string
	ok   bool
	got  string
	run  bool // false when the scenarios it needs were left out
}

func printBudgets(w io.Writer, budgets []budget) {
	fmt.Fprintln(w, "| budget | result | measured |\n|---|---|---:|")
	for _, b := range budgets {
		verdict := "FAIL"
		switch {
		case !b.run:
			verdict, b.got = "not run", ""
		case b.ok:
			verdict = "PASS"
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", b.name, verdict, b.got)
	}
}

// budgets are the engine's budgets: on SQLite the performance issue's,
// on PostgreSQL the list within twice its ceiling's latencies and writes
// without errors; on both, the views the sidebar leads to held to the
// list's budget, and every acknowledged write stored.
func (r *report) budgets(e *engineReport) []budget {
	if e.engine == models.Postgres {
		return append(r.postgresBudgets(e), r.listBudgets(e)...)
	}
	return append(r.sqliteBudgets(e), r.listBudgets(e)...)
}

// listBudgets are the list-experience issue's, on both engines: the list
// fragment at r.conns connections against the bare-row ceiling of the same
// run, and the quick-add preview while people type.
func (r *report) listBudgets(e *engineReport) []budget {
	frag := find(e.docket, "list fragment", r.conns)
	bare := find(e.ceiling, "ceiling list (bare rows)", r.conns)
	quick := find(e.docket, "quick add preview", r.conns)
	return []budget{
		{fmt.Sprintf("list fragment, %d connections: ≥ 1.0× the bare-row ceiling's throughput, p99 no worse", r.conns),
			frag.rps() >= bare.rps() && frag.p99 <= bare.p99,
			fmt.Sprintf("%.2f×, p99 %s vs %s ms", frag.rps()/bare.rps(), ms(frag.p99), ms(bare.p99)), frag.requests > 0 && bare.requests > 0},
		{fmt.Sprintf("quick add preview, %d connections: zero errors, p99 ≤ 50 ms", r.conns),
			quick.errors == 0 && quick.p99 <= 50*time.Millisecond,
			fmt.Sprintf("%d errors, p99 %s ms", quick.errors, ms(quick.p99)), quick.requests > 0},
	}
}

// storedBudget checks that every create the server acknowledged was stored.
func storedBudget(e *engineReport) budget {
	return budget{"every acknowledged create stored, counted after SIGKILL of the server", e.stored.ok(),
		fmt.Sprintf("%d of %d", min(e.stored.after-e.stored.before, e.stored.acked), e.stored.acked), e.stored.checked}
}

// viewBudgets holds each of viewScenarios to the list fragment's budget at
// r.conns connections: rule names it, and holds says whether a view's
// result keeps it and what was measured.
func (r *report) viewBudgets(e *engineReport, rule string, holds func(x result) (bool, string)) []budget {
	var out []budget
	for _, name := range viewScenarios {
		x := find(e.docket, name, r.conns)
		ok, got := holds(x)
		out = append(out, budget{fmt.Sprintf("%s, %d connections: %s", name, r.conns, rule), ok, got, x.requests > 0})
	}
	return out
}

func (r *report) postgresBudgets(e *engineReport) []budget {
	ceil1, ceilList := find(e.ceiling, "ceiling list", 1), find(e.ceiling, "ceiling list", r.conns)
	within := func(x, c result) (bool, string) {
		return x.p50 <= 2*c.p50 && x.p99 <= 2*c.p99,
			fmt.Sprintf("p50 %s vs %s, p99 %s vs %s ms", ms(x.p50), ms(c.p50), ms(x.p99), ms(c.p99))
	}
	fragment := func(conns int, c result) budget {
		x := find(e.docket, "list fragment", conns)
		ok, got := within(x, c)
		return budget{fmt.Sprintf("list fragment, %d connection(s): p50 and p99 ≤ 2× the ceiling's", conns), ok, got, x.requests > 0}
	}
	errorFree := func(name string) budget {
		x := find(e.docket, name, r.conns)
		return budget{fmt.Sprintf("%s, %d connections: zero errors", name, r.conns), x.errors == 0,
			fmt.Sprintf("%d errors in %d requests", x.errors, x.requests+x.errors), x.requests > 0}
	}
	budgets := []budget{fragment(1, ceil1), fragment(r.conns, ceilList)}
	budgets = append(budgets, r.viewBudgets(e, "p50 and p99 ≤ 2× the ceiling's", func(x result) (bool, string) { return within(x, ceilList) })...)
	return append(budgets,
		errorFree("toggle"), errorFree("inline title update"), errorFree("create"),
		budget{"all scenarios: zero errors", e.errorFree(), "", true},
		storedBudget(e),
		budget{"commits wait for the WAL flush (synchronous_commit on, fsync on)", e.durableCommits, e.commitSettings, e.commitSettings != ""},
	)
}

func (r *report) sqliteBudgets(e *engineReport) []budget {
	frag1, frag := find(e.docket, "list fragment", 1), find(e.docket, "list fragment", r.conns)
	ceilList := find(e.ceiling, "ceiling list", r.conns)
	ceilWrite := find(e.ceiling, "ceiling durable write", r.conns)
	toggle, update := find(e.docket, "toggle", r.conns), find(e.docket, "inline title update", r.conns)
	budgets := []budget{
		{"list fragment, 1 connection: p99 ≤ 5 ms", frag1.p99 <= 5*time.Millisecond, ms(frag1.p99) + " ms", frag1.requests > 0},
		{fmt.Sprintf("list fragment, %d connections: ≥ 80%% of ceiling throughput", r.conns), frag.rps() >= 0.8*ceilList.rps(),
			fmt.Sprintf("%.0f%%", 100*frag.rps()/ceilList.rps()), frag.requests > 0},
		{fmt.Sprintf("list fragment, %d connections: p99 no worse than ceiling's", r.conns), frag.p99 <= ceilList.p99,
			ms(frag.p99) + " vs " + ms(ceilList.p99) + " ms", frag.requests > 0},
	}
	budgets = append(budgets, r.viewBudgets(e, "≥ 80% of ceiling throughput, p99 no worse than ceiling's", func(x result) (bool, string) {
		return x.rps() >= 0.8*ceilList.rps() && x.p99 <= ceilList.p99,
			fmt.Sprintf("%.0f%%, p99 %s vs %s ms", 100*x.rps()/ceilList.rps(), ms(x.p99), ms(ceilList.p99))
	})...)
	return append(budgets,
		budget{"toggle: zero errors, ≥ 50% of ceiling durable write rate", toggle.errors == 0 && toggle.rps() >= 0.5*ceilWrite.rps(),
			fmt.Sprintf("%.0f%%, %d errors", 100*toggle.rps()/ceilWrite.rps(), toggle.errors), toggle.requests > 0},
		budget{"inline update: zero errors, ≥ 50% of ceiling durable write rate", update.errors == 0 && update.rps() >= 0.5*ceilWrite.rps(),
			fmt.Sprintf("%.0f%%, %d errors", 100*update.rps()/ceilWrite.rps(), update.errors), update.requests > 0},
		budget{"all scenarios: zero errors", e.errorFree(), "", true},
		storedBudget(e),
		budget{"cold start ≤ 100 ms", e.coldStart <= 100*time.Millisecond, ms(e.coldStart) + " ms", true},
		budget{"idle RSS ≤ 30 MB", e.idleMB <= 30, fmt.Sprintf("%.1f MB", e.idleMB), true},
		budget{"peak RSS under the log-in burst ≤ 300 MB", e.peakMB <= 300, fmt.Sprintf("%.1f MB", e.peakMB),
			find(e.docket, "log in (argon2id)", r.conns).requests > 0},
		budget{"static binary ≤ 25 MB", r.binaryMB <= 25, fmt.Sprintf("%.1f MB", r.binaryMB), true},
		budget{"first visit ≤ 40 KB compressed", e.firstVisitKB <= 40, fmt.Sprintf("%.1f KB", e.firstVisitKB), true},
	)
}

// find returns the engine's result of a scenario, Docket's or the
// ceiling's, or a zero result if it did not run.
func (e *engineReport) find(name string, conns int) result {
	if x := find(e.docket, name, conns); x.requests > 0 {
		return x
	}
	return find(e.ceiling, name, conns)
}

func (e *engineReport) errorFree() bool {
	for _, x := range append(append([]result{}, e.docket...), e.ceiling...) {
		if x.errors > 0 {
			return false
		}
	}
	return true
}
