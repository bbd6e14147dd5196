package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"docket/models"
)

// TestBrowser runs every browser scenario against its own server and
// database, in parallel, sharing one Chromium.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	b := startBrowser(t)
	scenarios := []struct {
		name string
		run  func(t *testing.T, b *browser)
	}{
		{"page checks", testPages}, // the longest, so it starts first
		{"sign up", testSignUp},
		{"quick add", testQuickAdd},
		{"inline title", testInlineTitle},
		{"inline meta", testInlineMeta},
		{"task page", testTaskPage},
		{"filters", testFilters},
		{"load more", testLoadMore},
		{"search then toggle", testSearchThenToggle},
		{"search then load more", testSearchThenLoadMore},
		{"toggle during a list fetch", testToggleDuringListFetch},
		{"slow search overtaken", testSlowSearchOvertaken},
		{"load more by keyboard", testLoadMoreKeyboard},
		{"delete", testDelete},
		{"validation", testValidation},
		{"log out and in", testLogoutLogin},
		{"account time zone", testAccountTimezone},
		{"without JavaScript", testNoJavaScript},
		{"keyboard only", testKeyboard},
		{"title link", testTitleLink},
		{"account error focus", testAccountErrorFocus},
		{"select keys", testSelectKeys},
		{"one editor", testOneEditor},
		{"console check", testConsoleCanary},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			sc.run(t, b)
		})
	}
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
	for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline) && !(csp && exception); time.Sleep(20 * time.Millisecond) {
		tb.mu.Lock()
		for _, m := range tb.messages {
			csp = csp || strings.Contains(m.Text, "Content Security Policy")
			exception = exception || (m.IsException() && strings.Contains(m.Text, "canary exception"))
		}
		tb.mu.Unlock()
	}
	if !csp || !exception {
		t.Fatalf("console check missed the canaries: CSP violation seen %v, exception seen %v", csp, exception)
	}
	tb.allowConsole("Content Security Policy")
	tb.allowConsole("canary exception")
}
