package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The page checks use two test-only npm packages, pinned in package.json
// and installed by `npm ci`: the Nu HTML Checker and axe-core. Neither is
// part of the binary.
const (
	vnuJar    = "node_modules/vnu-jar/build/dist/vnu.jar"
	axeScript = "node_modules/axe-core/axe.min.js"
)

// checkTools returns the paths of java, vnu.jar and axe.min.js, skipping
// the test when one is missing, or failing it under CI=true.
func checkTools(t *testing.T) (java, vnu, axe string) {
	t.Helper()
	java, err := exec.LookPath("java")
	missing := ""
	if err != nil {
		missing = "java (apt-get install default-jre-headless)"
	}
	for _, p := range []string{vnuJar, axeScript} {
		if _, err := os.Stat(p); err != nil {
			missing = p + " (run npm ci)"
		}
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("page checks: %s is missing, and CI=true requires it", missing)
		}
		t.Skipf("page checks skipped: %s is missing", missing)
	}
	vnu, _ = filepath.Abs(vnuJar)
	axe, _ = filepath.Abs(axeScript)
	return java, vnu, axe
}

// vnuMessage is one finding of the Nu HTML Checker's JSON output.
type vnuMessage struct {
	Type    string `json:"type"`
	SubType string `json:"subType"`
	URL     string `json:"url"`
	Line    int    `json:"lastLine"`
	Message string `json:"message"`
	Extract string `json:"extract"`
}

// canary is a document with one known error (a duplicate id): the checker
// must report it, or it is not really checking.
const canary = `<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><p id="a"></p><p id="a"></p></body></html>`

// validateHTML checks every document in docs (name → HTML) with one run of
// the Nu HTML Checker and reports each error against its document.
func validateHTML(t *testing.T, java, vnu string, docs map[string]string) {
	t.Helper()
	dir := t.TempDir()
	docs["canary"] = canary
	var files []string
	for name, html := range docs {
		f := filepath.Join(dir, name+".html")
		if err := os.WriteFile(f, []byte(html), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// For a run this short the optimizing compiler costs more than it
	// saves: with only the quick one the checker takes under half the CPU
	// time (1.7 s against 4 s for the suite's pages). Its code is less
	// frugal with the stack, hence 4 MB where 1 MB did before.
	args := append([]string{"-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", vnu, "--format", "json", "--exit-zero-always", "--stdout"}, files...)
	out, err := exec.Command(java, args...).Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("Nu HTML Checker: %v\n%s", err, ee.Stderr)
	} else if err != nil {
		t.Fatalf("Nu HTML Checker: %v", err)
	}
	var res struct{ Messages []vnuMessage }
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("Nu HTML Checker output: %v\n%s", err, out)
	}
	errors, canaryErrors := 0, 0
	for _, m := range res.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(m.URL), ".html")
		if name == "canary" {
			canaryErrors++
			continue
		}
		errors++
		t.Errorf("HTML error in %s, line %d: %s\n\t%s", name, m.Line, m.Message, m.Extract)
	}
	if canaryErrors == 0 {
		t.Errorf("the Nu HTML Checker found no error in a document with a duplicate id; output:\n%s", out)
	}
	t.Logf("Nu HTML Checker: %d documents, %d errors", len(docs)-1, errors)
}

// axeViolation is one failed axe-core rule with the elements it failed on.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe injects axe-core into the page (once per document; DevTools
// evaluation is not bound by the page's CSP) and returns the serious and
// critical violations.
func (tb *tab) runAxe(axeSource string) []axeViolation {
	tb.t.Helper()
	if !js[bool](tb, `typeof window.axe === "object"`) {
		tb.do(chromedp.Evaluate[chromedp.Void](axeSource))
	}
	raw := value(tb, chromedp.Evaluate[[]byte](`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	var all []axeViolation
	if err := json.Unmarshal(raw, &all); err != nil {
		tb.t.Fatalf("axe result: %v", err)
	}
	var bad []axeViolation
	for _, v := range all {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, v)
		}
	}
	return bad
}

// viewport is one way the pages are checked: a width and a color scheme.
type viewport struct {
	width  int64
	scheme string
}

var viewports = []viewport{{390, "light"}, {390, "dark"}, {1280, "light"}, {1280, "dark"}}

func (v viewport) String() string { return fmt.Sprintf("%dpx-%s", v.width, v.scheme) }

// emulate sizes the page and sets prefers-color-scheme.
func (tb *tab) emulate(v viewport) {
	tb.t.Helper()
	tb.do(chromedp.EmulateViewport(v.width, 844), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v.scheme}},
		})
		return err
	}))
}

// screenshot writes the whole page as screenshots/<name>.png and checks
// that it is as wide as v. The PNG is compressed for speed: the same
// pixels, a fifth larger, for about half the browser's time.
func (tb *tab) screenshot(name string, v viewport) {
	tb.t.Helper()
	shot := value(tb, chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		yes := true
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: &yes, FromSurface: &yes, OptimizeForSpeed: &yes,
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}))
	img, err := png.DecodeConfig(bytes.NewReader(shot))
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	if int64(img.Width) != v.width {
		tb.t.Errorf("screenshot %s is %d px wide, want %d: the page is not shown at the width checked", name, img.Width, v.width)
	}
	if err := os.MkdirAll("screenshots", 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("screenshots", name+".png"), shot, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}
