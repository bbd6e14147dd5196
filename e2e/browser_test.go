package e2e

import (
	"context"
	"flag"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"docket/models"
)

// TestBrowser runs every browser scenario against its own server and
// database, several at a time, sharing one Chromium.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	b := startBrowser(t)
	var pages pageChecks
	// The longest first, so that the short ones fill the gaps at the end.
	scenarios := append(pages.scenarios(), []scenario{
		{name: "organise", run: testOrganise},
		{name: "organise without JavaScript", run: testOrganiseNoJavaScript},
		{name: "quick add chips", run: testQuickAddChips},
		{name: "quick add without JavaScript", run: testQuickAddNoJavaScript},
		{name: "account error focus", run: testAccountErrorFocus},
		{name: "delete", run: testDelete},
		{name: "log out and in", run: testLogoutLogin},
		{name: "without JavaScript", run: testNoJavaScript},
		{name: "filters", run: testFilters},
		{name: "load more", run: testLoadMore},
		{name: "panel title", run: testPanelTitle},
		{name: "search then load more", run: testSearchThenLoadMore},
		{name: "task panel", run: testTaskPanel},
		{name: "compact rows", run: testCompactRows},
		{name: "search then toggle", run: testSearchThenToggle},
		{name: "one editor", run: testOneEditor},
		{name: "row menu", run: testRowMenu},
		{name: "task page", run: testTaskPage},
		{name: "keyboard only", run: testKeyboard},
		{name: "quick add", run: testQuickAdd},
		{name: "validation", run: testValidation},
		{name: "load more by keyboard", run: testLoadMoreKeyboard},
		{name: "account time zone", run: testAccountTimezone},
		{name: "slow search overtaken", run: testSlowSearchOvertaken},
		{name: "toggle during a list fetch", run: testToggleDuringListFetch},
		{name: "select keys", run: testSelectKeys},
		{name: "sign up", run: testSignUp},
		{name: "console check", run: testConsoleCanary},
	}...)
	// The checker runs beside the scenarios still going.
	validated := make(chan struct{})
	go func() {
		defer close(validated)
		pages.groups.Wait()
		t.Run("page checks HTML", pages.validate)
	}()
	runScenarios(t, b, scenarios)
	<-validated
	// Lighthouse scores speed from a trace of this machine's CPU, which the
	// other scenarios would share: it runs alone, after them.
	runScenarios(t, b, []scenario{{name: "lighthouse", run: testLighthouse}})
}

// scenario is one browser test. done, if set, is called when it has run
// or was left out by -run.
type scenario struct {
	name string
	run  func(t *testing.T, b *browser)
	done func()
}

// runScenarios runs each scenario as a subtest of t, as many at a time as
// -parallel allows, starting them in the order given. Parallel subtests
// (t.Parallel) would start in no set order, and subtests of theirs after
// every other waiting test.
func runScenarios(t *testing.T, b *browser, scenarios []scenario) {
	queue := make(chan scenario)
	var wg sync.WaitGroup
	for range min(parallelism(), len(scenarios)) {
		wg.Go(func() {
			for sc := range queue {
				t.Run(sc.name, func(t *testing.T) { sc.run(t, b) })
				if sc.done != nil {
					sc.done()
				}
			}
		})
	}
	for _, sc := range scenarios {
		queue <- sc
	}
	close(queue)
	wg.Wait()
}

// parallelism is the -parallel flag of go test, which defaults to
// GOMAXPROCS.
func parallelism() int {
	if f := flag.Lookup("test.parallel"); f != nil {
		if n, ok := f.Value.(flag.Getter).Get().(int); ok && n > 0 {
			return n
		}
	}
	return runtime.GOMAXPROCS(0)
}

const testPassword = "correct horse battery"

// signUp registers username through the form and waits for the task list.
func (tb *tab) signUp(username string) {
	tb.t.Helper()
	tb.open("/register")
	tb.typeInto("#username", username)
	tb.typeInto("#password", testPassword)
	tb.do(chromedp.Click(chromedp.CSS(`[data-testid=register-form] button[type=submit]`)))
	tb.waitFor("the task list after sign-up", `location.pathname === "/tasks" && !!document.querySelector("[data-testid=task-list]")`)
}

func testSignUp(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv, withTimezone("Asia/Kathmandu"))
	tb.signUp("ada")

	tb.wantPath("/tasks")
	if got := tb.count("[data-testid=task-row]"); got != 0 {
		t.Errorf("a new account shows %d rows, want 0", got)
	}
	if !tb.visible("[data-testid=empty-state]") {
		t.Error("the empty state is hidden on an empty list")
	}
	if got, want := tb.text("[data-testid=empty-state] strong"), "Nothing to do."; got != want {
		t.Errorf("empty state = %q, want %q", got, want)
	}
	if got, want := tb.text("[data-testid=summary]"), "0 open tasks"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got, want := tb.text("[data-testid=account-link]"), "ada"; got != want {
		t.Errorf("account link = %q, want %q", got, want)
	}
	// Chromium may name a zone by an older alias (Asia/Katmandu); what it
	// reports is what the form sends.
	zone := js[string](tb, `Intl.DateTimeFormat().resolvedOptions().timeZone`)
	u, err := models.GetUserByUsername(context.Background(), srv.db.Read, "ada")
	if err != nil {
		t.Fatal(err)
	}
	if u.Timezone != zone || models.LoadLocation(u.Timezone) == time.UTC {
		t.Errorf("stored time zone = %q, want the browser's %q (Asia/Kathmandu)", u.Timezone, zone)
	}
}

// testConsoleCanary proves the console check sees what it must catch: a
// CSP violation and an uncaught exception, provoked on purpose.
func testConsoleCanary(t *testing.T, b *browser) {
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.open("/login")
	tb.do(chromedp.Evaluate[chromedp.Void](`const s = document.createElement("script"); s.textContent = "1"; document.body.append(s)`),
		chromedp.Evaluate[chromedp.Void](`setTimeout(() => { throw new Error("canary exception") })`))
	var csp, exception bool
	if !eventually(stepTimeout, func() bool {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, m := range tb.messages {
			csp = csp || strings.Contains(m.Text, "Content Security Policy")
			exception = exception || (m.IsException() && strings.Contains(m.Text, "canary exception"))
		}
		return csp && exception
	}) {
		t.Fatalf("console check missed the canaries: CSP violation seen %v, exception seen %v", csp, exception)
	}
	tb.allowConsole("Content Security Policy")
	tb.allowConsole("canary exception")
}
