package e2e

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds every browser step, so a missing element fails the
// test with a message instead of hanging it.
const stepTimeout = 10 * time.Second

// pollInterval is how long the tests wait before they look again at a
// condition that does not hold yet. Looking costs a round trip to the
// browser of well under a millisecond; a longer pause would be time the
// condition has held and nobody noticed.
const pollInterval = 5 * time.Millisecond

// eventually reports whether cond holds, looking again every pollInterval
// until timeout has passed.
func eventually(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); ; time.Sleep(pollInterval) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// tab is one browser tab in a browser context of its own, pointed at one
// server. It records the console and fails the test on any error there.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
	allowed  []string
	// dialogs are the messages of JavaScript dialogs, which are accepted
	// unless dismiss is set.
	dialogs []string
	dismiss bool
}

// tabOption changes a tab before its first page loads.
type tabOption func(t *tab) error

// newTab opens a tab on srv in a fresh browser context.
func (b *browser) newTab(t *testing.T, srv *server, opts ...tabOption) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	tb := &tab{t: t, ctx: ctx, base: srv.url}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open tab: %v", err)
	}
	tb.listen(ctx)
	t.Cleanup(func() {
		tb.checkConsole()
		cancel()
	})
	for _, opt := range opts {
		if err := opt(tb); err != nil {
			t.Fatalf("set up tab: %v", err)
		}
	}
	return tb
}

// newTabLike opens another tab in the same browser context, sharing cookies.
func (tb *tab) newTabLike() *tab {
	tb.t.Helper()
	ctx, cancel := chromedp.NewContext(tb.ctx)
	other := &tab{t: tb.t, ctx: ctx, base: tb.base}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		tb.t.Fatalf("open second tab: %v", err)
	}
	other.listen(ctx)
	tb.t.Cleanup(func() {
		other.checkConsole()
		cancel()
	})
	return other
}

// listen records console messages and answers dialogs.
func (tb *tab) listen(ctx context.Context) {
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.messages = append(tb.messages, m)
			tb.mu.Unlock()
		}
	}()
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.dialogs = append(tb.dialogs, ev.Message)
			accept := !tb.dismiss
			tb.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept})
		}
	}()
}

// waitDialogs waits until n dialogs have opened and returns their messages.
func (tb *tab) waitDialogs(n int) []string {
	tb.t.Helper()
	var got []string
	if !eventually(stepTimeout, func() bool {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		got = slices.Clone(tb.dialogs)
		return len(got) >= n
	}) {
		tb.t.Fatalf("waiting for %d dialogs: %d came in %s", n, len(got), stepTimeout)
	}
	return got
}

// withTimezone makes the browser report zone as its time zone.
func withTimezone(zone string) tabOption {
	return func(tb *tab) error {
		_, err := chromedp.Call(tb.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return err
	}
}

// withoutJavaScript turns scripts off, as for a visitor who blocks them.
func withoutJavaScript(tb *tab) error {
	_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
}

// allowConsole accepts console errors containing text, for steps that
// provoke an error response on purpose.
func (tb *tab) allowConsole(text string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.allowed = append(tb.allowed, text)
}

// checkConsole fails the test for console errors, uncaught exceptions and
// CSP violations that were not allowed.
func (tb *tab) checkConsole() {
	tb.t.Helper()
	tb.flushConsole()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, m := range tb.messages {
		bad := m.Type == chromedp.ConsoleError || m.IsException() ||
			strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy")
		if !bad || tb.isAllowed(m.Text) {
			continue
		}
		tb.t.Errorf("browser console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1)
	}
}

// consoleMarker is what flushConsole writes to the console.
const consoleMarker = "docket: the console check has seen everything before this"

// flushConsole writes consoleMarker to the console and waits until the
// listener has recorded it: the page's messages come in order, so every
// one before it has arrived by then.
func (tb *tab) flushConsole() {
	tb.t.Helper()
	logged := eventually(stepTimeout, func() bool {
		ctx, cancel := context.WithTimeout(tb.ctx, time.Second)
		defer cancel()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`console.debug(`+strconv.Quote(consoleMarker)+`)`))
		return err == nil
	})
	if !logged || !eventually(stepTimeout, func() bool {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		return slices.ContainsFunc(tb.messages, func(m chromedp.ConsoleMessage) bool { return m.Text == consoleMarker })
	}) {
		tb.t.Error("browser console: a message written at the end never arrived, so earlier ones may be missing")
	}
}

func (tb *tab) isAllowed(text string) bool {
	for _, a := range tb.allowed {
		if strings.Contains(text, a) {
			return true
		}
	}
	return false
}

// do runs steps, failing the test on the first error.
func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// value runs one action and returns its value, failing the test on error.
func value[T any](tb *tab, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
	return v
}

// open loads path and waits for the page.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.base + path))
}

// path is the current URL without the server's origin.
func (tb *tab) path() string {
	tb.t.Helper()
	return strings.TrimPrefix(value(tb, chromedp.Location()), tb.base)
}

// js evaluates expr in the page and returns its value.
func js[T any](tb *tab, expr string) T {
	tb.t.Helper()
	return value(tb, chromedp.Evaluate[T](expr))
}

// waitFor polls the JavaScript condition expr until it holds; what says
// what the test waits for, for the failure message. It keeps polling
// across page loads, which end a single in-page poll.
func (tb *tab) waitFor(what, expr string) {
	tb.t.Helper()
	var err error
	if eventually(stepTimeout, func() bool {
		ctx, cancel := context.WithTimeout(tb.ctx, time.Second)
		defer cancel()
		var ok bool
		// Only a parsed document counts: a page still loading can show the
		// element waited for before the rest of its form has arrived.
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool]("document.readyState !== 'loading' && !!("+expr+")"))
		return err == nil && ok
	}) {
		return
	}
	html, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.querySelector("main")?.outerHTML`))
	tb.t.Fatalf("waiting for %s: not true after %s (last error: %v); page:\n%s", what, stepTimeout, err, html)
}

// settled waits until htmx has no request in flight and has finished
// swapping and settling, which is when new content gets its triggers. A
// person is never that fast; a test is.
func (tb *tab) settled() {
	tb.t.Helper()
	tb.waitFor("htmx to settle", `!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")`)
}

// text is the visible text of the first element matching the CSS selector.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return strings.TrimSpace(value(tb, chromedp.Text(chromedp.CSS(sel))))
}

// texts is the text of every element matching sel, in document order.
func (tb *tab) texts(sel string) []string {
	tb.t.Helper()
	return js[[]string](tb, fmt.Sprintf(`Array.from(document.querySelectorAll(%s), e => e.textContent.trim())`, strconv.Quote(sel)))
}

// count is how many elements match sel.
func (tb *tab) count(sel string) int {
	tb.t.Helper()
	return js[int](tb, fmt.Sprintf(`document.querySelectorAll(%s).length`, strconv.Quote(sel)))
}

// visible reports whether the first element matching sel is displayed.
func (tb *tab) visible(sel string) bool {
	tb.t.Helper()
	return js[bool](tb, fmt.Sprintf(`(() => { const e = document.querySelector(%s); return !!e && e.checkVisibility(); })()`, strconv.Quote(sel)))
}

// click clicks the first element matching the CSS selector.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.settled()
	tb.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// typeInto replaces the value of the field sel with s by typing it.
func (tb *tab) typeInto(sel, s string) {
	tb.t.Helper()
	tb.settled()
	tb.do(append([]chromedp.Action[chromedp.Void]{chromedp.Clear(chromedp.CSS(sel))}, sendKeys(sel, s)...)...)
}

// pasteInto puts s into the field at sel in one input event, as pasting
// does.
func (tb *tab) pasteInto(sel, s string) {
	tb.t.Helper()
	tb.settled()
	tb.do(chromedp.Focus(chromedp.CSS(sel)), chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(f => { f.value = %q; f.dispatchEvent(new Event("input", {bubbles: true})); })(document.querySelector(%q))`, s, sel)))
}

// sendKeys focuses the element at sel and types keys into it, as
// chromedp.SendKeys does; SendKeys reads the node's attributes without
// holding its lock, a data race whenever the page changes an attribute at
// the same moment.
func sendKeys(sel, keys string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible), chromedp.KeyEvent(keys)}
}

// clickAndLoad clicks a link or a plain form's button, waits for the page
// it leads to (a new document, even at the same URL) and checks its URL.
func (tb *tab) clickAndLoad(sel, wantPath string) {
	tb.t.Helper()
	tb.clickAndNext(sel)
	tb.wantPath(wantPath)
}

// clickAndNext clicks a link or a plain form's button and waits for the
// page it leads to, wherever that is.
func (tb *tab) clickAndNext(sel string) {
	tb.t.Helper()
	tb.do(chromedp.Evaluate[chromedp.Void](`window.docketBeforeSubmit = true`))
	tb.click(sel)
	tb.waitFor("the next page", `!window.docketBeforeSubmit && document.readyState === "complete"`)
}

// wantPath fails unless the current URL path and query are want.
func (tb *tab) wantPath(want string) {
	tb.t.Helper()
	if got := tb.path(); got != want {
		tb.t.Fatalf("URL = %s, want %s", got, want)
	}
}
