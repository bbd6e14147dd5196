package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// inViewport reports whether the whole of the first element matching sel
// is inside the window.
func (tb *tab) inViewport(sel string) bool {
	tb.t.Helper()
	return js[bool](tb, fmt.Sprintf(`(() => {
		const r = document.querySelector(%s)?.getBoundingClientRect();
		return !!r && r.top >= 0 && r.bottom <= innerHeight;
	})()`, strconv.Quote(sel)))
}

// testAccountErrorFocus: a refused form on the long account page comes
// back with its field focused and in view, with and without JavaScript.
func testAccountErrorFocus(t *testing.T, b *browser) {
	bad := filepath.Join(t.TempDir(), "tasks.json")
	if err := os.WriteFile(bad, []byte("not an export"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []struct {
		name string
		opts []tabOption
	}{
		{"with JavaScript", nil},
		{"without JavaScript", []tabOption{withoutJavaScript}},
	} {
		srv := startDocket(t)
		tb := b.newTab(t, srv, mode.opts...)
		tb.do(chromedp.EmulateViewport(1280, 700))
		tb.allowConsole("422 (Unprocessable Entity)")
		tb.signUp("careful")

		tb.open("/account")
		tb.typeInto("#delete-password", "not my password")
		tb.clickAndLoad("[data-testid=delete-account-form] button[type=submit]", "/account/delete")
		tb.waitFor("the focus on the password", `document.activeElement?.id === "delete-password"`)
		if !tb.inViewport("[data-testid=delete-password-error]") || !tb.inViewport("#delete-password") {
			t.Errorf("%s: the delete error is out of sight (scrolled %v px)", mode.name, js[float64](tb, `scrollY`))
		}

		tb.open("/account")
		tb.do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{bad}))
		tb.clickAndLoad("[data-testid=import-form] button[type=submit]", "/account/import")
		tb.waitFor("the focus on the file field", `document.activeElement?.id === "import-file"`)
		if !tb.inViewport("[data-testid=import-file-error]") {
			t.Errorf("%s: the import error is out of sight (scrolled %v px)", mode.name, js[float64](tb, `scrollY`))
		}
	}
}
