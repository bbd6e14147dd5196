package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
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

// tempDB is a database path in a fresh temporary folder.
func tempDB(t *testing.T) string {
	return filepath.Join(t.TempDir(), "docket.db")
}

// startServer runs docket serve on dbPath at a free loopback port with the
// extra args, and returns its URL and a client with a cookie jar that does
// not follow redirects. The server stops at cleanup.
func startServer(t *testing.T, dbPath string, args ...string) (string, *http.Client) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var logs bytes.Buffer
	e := Env{Files: testFiles,
		Getenv: func(string) string { return "" },
		Stdin:  strings.NewReader(""),
		Stdout: &bytes.Buffer{}, Stderr: &logs,
		Ready: func(addr string) { ready <- addr },
	}
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}, args...)
	go func() { done <- Run(ctx, e, args) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	jar, _ := cookiejar.New(nil)
	client := &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return "http://" + addr, client
}
