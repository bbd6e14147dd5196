package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"docket/internal/testdb"
	"docket/models"
)

// pgRun is a PostgreSQL part of a run in which every budget holds.
func pgRun() *engineReport {
	ms := func(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }
	scenario := func(name string, conns int, p50, p99 float64) result {
		return result{name: name, conns: conns, requests: 100, acked: 120, elapsed: time.Second, p50: ms(p50), p99: ms(p99)}
	}
	docket := []result{
		scenario("list fragment", 1, 3, 9), scenario("list fragment", 32, 60, 200),
		scenario("toggle", 32, 10, 50), scenario("inline title update", 32, 10, 50), scenario("create", 32, 10, 50),
		scenario("quick add preview", 32, 10, 40),
	}
	for _, name := range viewScenarios {
		docket = append(docket, scenario(name, 32, 80, 200))
	}
	return &engineReport{
		engine: models.Postgres,
		docket: docket,
		ceiling: []result{
			scenario("ceiling list", 1, 2, 5), scenario("ceiling list", 32, 40, 100),
			scenario("ceiling list (templ)", 32, 30, 90), scenario("ceiling durable write", 32, 5, 20),
			scenario("ceiling list (bare rows)", 32, 40, 300),
		},
		stored:         storedWrites{checked: true, before: 1000, acked: 120, after: 1120},
		commitSettings: "synchronous_commit=on, fsync=on", durableCommits: true,
	}
}

func TestPostgresBudgets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(e *engineReport)
		fail   []string // the budgets that must fail, by the start of their names
	}{
		{"all hold", func(*engineReport) {}, nil},
		{"list p50 over twice the ceiling's at 1 connection", func(e *engineReport) { e.docket[0].p50 = 4*time.Millisecond + 1 },
			[]string{"list fragment, 1 connection(s)"}},
		{"list p99 over twice the ceiling's at 32 connections", func(e *engineReport) { e.docket[1].p99 = 201 * time.Millisecond },
			[]string{"list fragment, 32 connection(s)"}},
		{"a failed toggle", func(e *engineReport) { e.docket[2].errors = 1 }, []string{"toggle, 32 connections", "all scenarios"}},
		{"a failed create", func(e *engineReport) { e.docket[4].errors = 1 }, []string{"create, 32 connections", "all scenarios"}},
		{"an acknowledged create lost", func(e *engineReport) { e.stored.after-- }, []string{"every acknowledged create"}},
		{"a view's p50 over twice the ceiling list's", func(e *engineReport) { e.docket[len(e.docket)-1].p50 = 80*time.Millisecond + 1 },
			[]string{"upcoming, 32 connections"}},
		{"list under the bare-row ceiling's throughput", func(e *engineReport) { e.ceiling[4].requests = 101 },
			[]string{"list fragment, 32 connections: ≥ 1.0× the bare-row"}},
		{"list p99 over the bare-row ceiling's", func(e *engineReport) { e.ceiling[4].p99 = 199 * time.Millisecond },
			[]string{"list fragment, 32 connections: ≥ 1.0× the bare-row"}},
		{"quick add preview p99 over 50 ms", func(e *engineReport) { e.docket[5].p99 = 50*time.Millisecond + 1 },
			[]string{"quick add preview"}},
		{"a failed quick add preview", func(e *engineReport) { e.docket[5].errors = 1 }, []string{"quick add preview", "all scenarios"}},
		{"asynchronous commits", func(e *engineReport) {
			e.commitSettings, e.durableCommits = "synchronous_commit=off, fsync=on", false
		}, []string{"commits wait for the WAL flush"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := pgRun()
			tt.change(e)
			r := &report{conns: 32, engines: []*engineReport{e}}
			for _, b := range r.budgets(e) {
				if !b.run {
					t.Errorf("budget %q not run; every scenario it needs ran", b.name)
				}
				wantFail := slices.ContainsFunc(tt.fail, func(p string) bool { return strings.HasPrefix(b.name, p) })
				if b.ok == wantFail {
					t.Errorf("budget %q: ok = %v, want %v (measured %s)", b.name, b.ok, !wantFail, b.got)
				}
			}
		})
	}
}

// TestSQLiteViewBudgets checks that each view is held to the list
// fragment's budget against the same run's ceiling: 80% of its throughput
// and a p99 no worse.
func TestSQLiteViewBudgets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		requests int
		p99      time.Duration
		ok       bool
	}{
		{"at the ceiling", 100, 100 * time.Millisecond, true},
		{"at 80% of the ceiling's throughput", 80, 100 * time.Millisecond, true},
		{"under 80%", 79, 50 * time.Millisecond, false},
		{"a p99 over the ceiling's", 200, 100*time.Millisecond + 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := pgRun()
			e.engine = models.SQLite
			view := &e.docket[len(e.docket)-2] // "today"
			view.requests, view.p99 = tt.requests, tt.p99
			r := &report{conns: 32, engines: []*engineReport{e}}
			for _, b := range r.budgets(e) {
				if strings.HasPrefix(b.name, "today, 32 connections") {
					if !b.run || b.ok != tt.ok {
						t.Errorf("budget %q: run %v, ok %v; want run, ok %v (measured %s)", b.name, b.run, b.ok, tt.ok, b.got)
					}
					return
				}
			}
			t.Error("no budget for the today view")
		})
	}
}

func TestPrintComparesEngines(t *testing.T) {
	t.Parallel()
	sqlite, pg := pgRun(), pgRun()
	sqlite.engine = models.SQLite
	pg.docket[1].requests = 50 // half SQLite's throughput
	var out bytes.Buffer
	(&report{conns: 32, loads: []string{"1.00 2.00 3.00", "4.00 5.00 6.00"}, engines: []*engineReport{sqlite, pg}}).print(&out)
	text := out.String()
	for _, want := range []string{"## SQLite", "## PostgreSQL", "1.00 2.00 3.00 → 4.00 5.00 6.00", "| vs SQLite |", " 0.50× |"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "| budget | result | measured |") != 2 {
		t.Errorf("want a budget table per engine:\n%s", text)
	}
}

func TestStoredWrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s  storedWrites
		ok bool
	}{
		{storedWrites{checked: true, before: 10, acked: 5, after: 15}, true},
		{storedWrites{checked: true, before: 10, acked: 5, after: 16}, true}, // a create whose answer was lost
		{storedWrites{checked: true, before: 10, acked: 5, after: 14}, false},
		{storedWrites{before: 10, acked: 5, after: 15}, false}, // not checked
	}
	for _, tt := range tests {
		if got := tt.s.ok(); got != tt.ok {
			t.Errorf("%+v.ok() = %v, want %v", tt.s, got, tt.ok)
		}
	}
}

func TestLogErrors(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "docket.log")
	log := `time=1 level=INFO msg=request status=200
time=2 level=ERROR msg="request failed" error="deadlock detected (SQLSTATE 40P01)"
time=3 level=INFO msg=request status=500
time=4 level=ERROR msg="request failed" error="other"
`
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	n, first, err := logErrors(path)
	if err != nil || n != 2 || !strings.Contains(first, "40P01") {
		t.Errorf("logErrors = %d, %q, %v; want 2 and the deadlock first", n, first, err)
	}
}

// TestCommitSettings reads the settings through Docket's own connections;
// the servers Docket is tested on keep PostgreSQL's defaults.
func TestCommitSettings(t *testing.T) {
	t.Parallel()
	testdb.PostgresOnly(t)
	settings, durable, err := commitSettings(testdb.Empty(t))
	if err != nil || !durable || settings != "synchronous_commit=on, fsync=on" {
		t.Errorf("commitSettings = %q, %v, %v; want PostgreSQL's defaults, durable", settings, durable, err)
	}
}
