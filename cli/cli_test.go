package cli

import (
	"bytes"
	"context"
	"docket/internal/testdb"
	"docket/models"
	"net/http"
	"net/http/cookiejar"
	"os"
	"strings"
	"testing"
	"time"
)

// testFiles are the program's files as the binary embeds them.
var testFiles = Files{Assets: os.DirFS("../assets"), Migrations: os.DirFS("../models/migrations")}

// cmdResult is what one run of the program printed and returned.
type cmdResult struct {
	stdout, stderr string
	err            error
}

// runCmd runs docket with args, stdin as standard input and DOCKET_DB set
// to dbPath, as a shell would.
func runCmd(t *testing.T, dbPath, stdin string, args ...string) cmdResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := Env{Files: testFiles,
		Getenv: func(k string) string {
			if k == "DOCKET_DB" {
				return dbPath
			}
			return ""
		},
		Stdin:  strings.NewReader(stdin),
		Stdout: &stdout,
		Stderr: &stderr,
	}
	err := Run(context.Background(), e, args)
	return cmdResult{stdout.String(), stderr.String(), err}
}

// mustRun runs docket and fails the test if it returns an error.
func mustRun(t *testing.T, dbPath, stdin string, args ...string) cmdResult {
	t.Helper()
	res := runCmd(t, dbPath, stdin, args...)
	if res.err != nil {
		t.Fatalf("docket %s: %v\nstderr: %s", strings.Join(args, " "), res.err, res.stderr)
	}
	return res
}

func TestMain(m *testing.M) { testdb.Main(m.Run) }

// tempDB is a new, empty database on the pass's engine: a path in a fresh
// temporary folder, or a PostgreSQL database's URL.
func tempDB(t *testing.T) string {
	return testdb.Empty(t)
}

// startServer runs docket serve on dbPath at a free loopback port with the
// extra args, and returns its URL and a client with a cookie jar that does
// not follow redirects. The server stops at cleanup.
func startServer(t *testing.T, dbPath string, args ...string) (string, *http.Client) {
	t.Helper()
	return spawnServer(t, dbPath, args...).wait(t), newClient()
}

// spawned is a docket serve starting in the background.
type spawned struct {
	ready  chan string
	done   chan error
	cancel context.CancelFunc
	logs   *bytes.Buffer
}

// spawnServer starts docket serve as startServer does without waiting
// for it to listen, so several can start together.
func spawnServer(t *testing.T, dbPath string, args ...string) *spawned {
	t.Helper()
	return spawnServerWith(t, dbPath, models.Passwords{}, args...)
}

// spawnServerWith is spawnServer with the passwords the server hashes with.
func spawnServerWith(t *testing.T, dbPath string, pw models.Passwords, args ...string) *spawned {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &spawned{ready: make(chan string, 1), done: make(chan error, 1), cancel: cancel, logs: &bytes.Buffer{}}
	e := Env{Files: testFiles,
		Getenv: func(string) string { return "" },
		Stdin:  strings.NewReader(""),
		Stdout: &bytes.Buffer{}, Stderr: s.logs,
		Ready:     func(addr string) { s.ready <- addr },
		Passwords: pw,
	}
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}, args...)
	go func() { s.done <- Run(ctx, e, args) }()
	t.Cleanup(func() {
		cancel()
		if err := <-s.done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return s
}

// wait returns the server's URL once it listens, or fails t.
func (s *spawned) wait(t *testing.T) string {
	t.Helper()
	select {
	case addr := <-s.ready:
		return "http://" + addr
	case err := <-s.done:
		s.done <- err
		t.Fatalf("serve: %v\n%s", err, s.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

// newClient is an HTTP client with a cookie jar that does not follow
// redirects.
func newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
