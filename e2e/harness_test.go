package e2e

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/chromedp/chromedp"

	"docket/cli"
	"docket/internal/testdb"
	"docket/models"
)

// The browser suite drives the real server in Debian's Chromium. Without
// Chromium it skips, unless CI=true, where a missing browser is a failure.

// browserEnv names the browser to drive (a path, or a name on the PATH)
// instead of the first of browsers found.
const browserEnv = "DOCKET_E2E_BROWSER"

// browsers are the programs the suite drives, the first found on the PATH.
// The headless shells come first: the same Chromium without the windows,
// tabs and address bar of the browser, which nobody sees in a test and
// which cost the browser half its CPU time (Playwright drives the shell for
// headless runs too). Debian packages it as chromium-headless-shell.
var browsers = []string{"chromium-headless-shell", "chrome-headless-shell", "chromium", "chromium-browser", "google-chrome"}

// chromiumPath finds the browser, or ends the test as the environment says.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if name := os.Getenv(browserEnv); name != "" {
		p, err := exec.LookPath(name)
		if err != nil {
			t.Fatalf("browser tests: %s=%s: %v", browserEnv, name, err)
		}
		return p
	}
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("browser tests: Chromium is not installed, and CI=true requires it (apt-get install chromium-headless-shell)")
	}
	t.Skip("browser tests skipped: Chromium is not installed (apt-get install chromium-headless-shell, or chromium)")
	return ""
}

// browser is one headless Chromium shared by the tests of a run; each test
// gets its own browser context, so cookies never leak between users.
type browser struct {
	ctx context.Context
}

// startBrowser launches Chromium for the life of t.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// Every window of a headless Chromium has an address bar whose
		// suggestions are a web page of their own (a renderer per window,
		// redrawn on every navigation): a third of the suite's CPU time.
		// The list keeps chromedp's own two.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,WebUIOmniboxPopup,WebUIOmniboxAimPopup"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	start, cancelStart := context.WithTimeout(ctx, 30*time.Second)
	defer cancelStart()
	// The first Do starts the browser; its life must not be bound to the
	// time-out, so the time-out only watches the start.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	case <-start.Done():
		t.Fatal("start Chromium: no answer in 30s")
	}
	wantNoBrowserUI(t, ctx)
	t.Logf("browser: %s", path)
	return &browser{ctx: ctx}
}

// wantNoBrowserUI fails t if the browser runs pages of its own user
// interface, which a newer Chromium may start under another feature name
// than those startBrowser turns off.
func wantNoBrowserUI(t *testing.T, ctx context.Context) {
	t.Helper()
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatalf("list Chromium's targets: %v", err)
	}
	for _, info := range infos {
		if info.Type == "browser_ui" {
			t.Errorf("Chromium runs its own UI page %s, a renderer per window: turn off the feature that starts it in startBrowser", info.URL)
		}
	}
}

// server is a Docket server on 127.0.0.1 with a database of its own.
type server struct {
	url string
	// db is a second connection to the server's database, for seeding and
	// for checking what was stored.
	db *models.DB
}

// migrated is the database every server starts from: migrating a new
// database for each of them took a tenth of a second of fsyncs.
var migrated = testdb.New(os.DirFS("../models/migrations"))

// passwords hash at argon2id's lowest cost: nearly every scenario signs
// up, and the real cost, which the cli and models tests cover, is a few
// hundredths of a second of CPU each time.
var passwords = func() models.Passwords {
	pw, err := models.NewPasswords(argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		panic(err)
	}
	return pw
}()

// startDocket runs the real program, as main would, until t ends, and
// opens a second connection to its database.
func startDocket(t *testing.T) *server {
	t.Helper()
	dsn := migrated.DSN(t)
	url := serve(t, dsn, "--log-level", "warn")
	return &server{url: url, db: testdb.OpenDSN(t, dsn)}
}

// serve runs "docket serve" on dbPath at a free loopback port, in this
// process, with the program's files read from the checkout, and returns
// its URL. The server stops at cleanup.
func serve(t *testing.T, dbPath string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	logs := &syncBuffer{}
	e := cli.Env{
		Version:   "e2e",
		Files:     cli.Files{Assets: os.DirFS("../assets"), Migrations: os.DirFS("../models/migrations")},
		Getenv:    func(string) string { return "" },
		Stdin:     strings.NewReader(""),
		Stdout:    io.Discard,
		Stderr:    logs,
		Ready:     func(addr string) { ready <- addr },
		Passwords: passwords,
	}
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}, args...)
	go func() { done <- cli.Run(ctx, e, args) }()
	select {
	case addr := <-ready:
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v\n%s", err, logs.String())
			}
		})
		return "http://" + addr
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("serve did not start")
	}
	return ""
}

// syncBuffer is a log the server's goroutines and the test may share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
