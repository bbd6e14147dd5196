// Command bench is Docket's load harness: it seeds a fresh database, starts
// the docket binary on 127.0.0.1, drives it with a bounded load, runs a
// minimal Go server on the same data as a ceiling, and prints a results
// table and the performance budgets as PASS or FAIL. It does so on SQLite
// and, given -postgres, then on a fresh PostgreSQL database, in one run.
// Run it with `task bench`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"docket/models"
)

// options are the harness's flags.
type options struct {
	docket   string
	dir      string
	tasks    int
	conns    int
	duration time.Duration
	warmup   time.Duration
	starts   int
	only     *regexp.Regexp
	sqlite   bool
	postgres string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if len(os.Args) > 1 && os.Args[1] == "ceiling" { // the ceiling server, run by the harness itself
		err := ceilingMain(ctx, os.Args[2:])
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "bench ceiling:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "import" { // the import scenario, on its own server
		if err := importMain(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "bench import:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	flag.StringVar(&o.docket, "docket", "./bin/docket", "the docket `binary` to measure (static build)")
	flag.StringVar(&o.dir, "dir", "", "working `folder` for the database (default: a new temporary one)")
	flag.IntVar(&o.tasks, "tasks", 100_000, "tasks to seed for the load user")
	flag.IntVar(&o.conns, "conns", 32, "concurrent connections")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per scenario")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured warm-up per scenario")
	flag.IntVar(&o.starts, "starts", 5, "cold starts to take the median of")
	only := flag.String("only", "", "run only the Docket scenarios whose names match this `regexp`")
	flag.BoolVar(&o.sqlite, "sqlite", true, "run the scenarios on SQLite (-sqlite=false with -postgres runs PostgreSQL alone)")
	flag.StringVar(&o.postgres, "postgres", "", "also run every scenario on PostgreSQL, in a new database made (and dropped after) on the server this `URL` reaches, whose role may create databases")
	flag.Parse()
	var err error
	if o.only, err = regexp.Compile(*only); err != nil {
		fmt.Fprintln(os.Stderr, "bench: -only:", err)
		os.Exit(2)
	}
	if !o.sqlite && o.postgres == "" {
		fmt.Fprintln(os.Stderr, "bench: -sqlite=false leaves nothing to run without -postgres")
		os.Exit(2)
	}
	if err := harness(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func ceilingMain(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
	db := fs.String("db", "", "database file or PostgreSQL URL")
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	user := fs.Int64("user", 1, "user id whose tasks to list")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return serveCeiling(ctx, *db, *addr, *user)
}

var passwordLine = regexp.MustCompile(`(?m)^password: (\S+)$`)

func harness(o options) error {
	if o.dir == "" {
		dir, err := os.MkdirTemp("", "docket-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.dir = dir
	}
	docket, err := filepath.Abs(o.docket)
	if err != nil {
		return err
	}
	bin, err := os.Stat(docket)
	if err != nil {
		return fmt.Errorf("%w (build it first: task bench does)", err)
	}
	rep := &report{binaryMB: float64(bin.Size()) / (1 << 20), conns: o.conns, duration: o.duration, tasks: o.tasks,
		loads: []string{loadAverage()}}
	if o.sqlite {
		if err := measureEngine(o, docket, filepath.Join(o.dir, "bench.db"), rep); err != nil {
			return err
		}
	}
	if o.postgres != "" {
		dsn, drop, err := createDatabase(o.postgres)
		if err != nil {
			return err
		}
		defer drop()
		if o.sqlite {
			rep.loads = append(rep.loads, loadAverage())
		}
		if err := measureEngine(o, docket, dsn, rep); err != nil {
			return err
		}
	}
	rep.loads = append(rep.loads, loadAverage())
	rep.print(os.Stdout)
	return nil
}

// measureEngine seeds the empty database dsn names, measures Docket's cold
// start and every scenario on it, checks that the creates it acknowledged
// survive a SIGKILL, and measures the ceiling on the same data.
func measureEngine(o options, docket, dsn string, rep *report) error {
	e := &engineReport{engine: models.SQLite}
	if models.IsPostgres(dsn) {
		e.engine = models.Postgres
	}
	name := engineTitle(e.engine)
	fmt.Fprintf(os.Stderr, "%s: seeding %d tasks…\n", name, o.tasks)
	t0 := time.Now()
	out, err := runCmd(5*time.Minute, docket, "seed", "--db", dsn, "--user", "load", "--tasks", strconv.Itoa(o.tasks))
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	e.seed = time.Since(t0)
	m := passwordLine.FindStringSubmatch(out)
	if m == nil {
		return fmt.Errorf("seed printed no password: %q", out)
	}
	password := m[1]
	t0 = time.Now()
	org, err := organise(dsn)
	if err != nil {
		return err
	}
	e.organise = time.Since(t0)
	if e.engine == models.Postgres {
		if e.commitSettings, e.durableCommits, err = commitSettings(dsn); err != nil {
			return err
		}
	}

	serveArgs := func(addr string) []string { return []string{"serve", "--addr", addr, "--db", dsn} }
	var starts []time.Duration
	for range o.starts {
		addr, err := freeAddr()
		if err != nil {
			return err
		}
		s, d, err := start(addr, nil, docket, serveArgs(addr)...)
		if err != nil {
			return err
		}
		starts = append(starts, d)
		s.stop()
	}
	e.coldStart = median(starts)

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	// The server's log is kept to tell why a request failed.
	logPath := filepath.Join(o.dir, string(e.engine)+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	s, _, err := start(addr, logFile, docket, serveArgs(addr)...)
	if err != nil {
		return err
	}
	defer s.stop()
	time.Sleep(time.Second)
	if e.idleMB, err = s.memory("VmRSS"); err != nil {
		return err
	}
	if err := measureDocket(o, s, password, dsn, org, e); err != nil {
		return err
	}
	// No graceful stop: whatever the server acknowledged must already be
	// on disk, not in its memory.
	s.kill()
	if e.serverErrors, e.firstServerError, err = logErrors(logPath); err != nil {
		return err
	}
	if e.stored.checked {
		if e.stored.after, err = countTasks(dsn, loadUserID); err != nil {
			return err
		}
	}

	if err := measureCeiling(o, dsn, e); err != nil {
		return err
	}
	rep.engines = append(rep.engines, e)
	return nil
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s[len(s)/2]
}
