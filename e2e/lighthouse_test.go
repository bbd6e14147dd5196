package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"docket/models"
)

// Lighthouse runs from the test-only npm packages (package.json), driven
// by lighthouse.mjs, in a Chromium of its own: the suite's shared browser
// runs other scenarios' tabs, which would be measured with the page.
const (
	lighthouseModule = "node_modules/lighthouse/package.json"
	lighthouseScript = "lighthouse.mjs"
)

// lighthouseCategories must each score 1 (100 in the report) on the task
// list, as UX.md asks.
var lighthouseCategories = []string{"performance", "accessibility", "best-practices", "seo"}

// lighthouseAttempts bounds how often a run is repeated when only its
// performance falls short. The performance score is a simulation from a
// trace of this machine's CPU, and a busy CI machine (or the scenarios
// running beside this one) can push a page that is fast enough over a
// threshold once; a slow page falls short every time. Lighthouse's own
// advice for variance is to run it more than once.
const lighthouseAttempts = 3

// lighthouseFlags are the flags Chromium needs here, as startBrowser's.
var lighthouseFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
	"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
}

// lighthouseTools returns the paths of node and of lighthouse.mjs,
// skipping the test when node or Lighthouse is missing, or failing it
// under CI=true.
func lighthouseTools(t *testing.T) (node, script string) {
	t.Helper()
	node, err := exec.LookPath("node")
	missing := ""
	if err != nil {
		missing = "node (apt-get install nodejs)"
	} else if _, err := os.Stat(lighthouseModule); err != nil {
		missing = "Lighthouse (run npm ci --ignore-scripts in e2e/)"
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Lighthouse: %s is missing, and CI=true requires it", missing)
		}
		t.Skipf("Lighthouse skipped: %s is missing", missing)
	}
	script, err = filepath.Abs(lighthouseScript)
	if err != nil {
		t.Fatal(err)
	}
	return node, script
}

// lighthouseRun is one page in one of Lighthouse's presets.
type lighthouseRun struct {
	URL    string `json:"url"`
	Preset string `json:"preset"` // "mobile" (Lighthouse's default) or "desktop"
}

// lighthouseResult is what lighthouse.mjs reports of one run.
type lighthouseResult struct {
	URL            string              `json:"url"`
	FinalURL       string              `json:"finalUrl"`
	Preset         string              `json:"preset"`
	Scores         map[string]*float64 `json:"scores"`
	Failing        []lighthouseAudit   `json:"failing"`
	RuntimeError   string              `json:"runtimeError"`
	Warnings       []string            `json:"warnings"`
	BenchmarkIndex float64             `json:"benchmarkIndex"`
}

// lighthouseAudit is one audit that cost its category points.
type lighthouseAudit struct {
	Category     string   `json:"category"`
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Score        float64  `json:"score"`
	DisplayValue string   `json:"displayValue"`
	Details      []string `json:"details"`
	More         int      `json:"more"`
}

// score is the category's score, or -1 when Lighthouse gave none.
func (r lighthouseResult) score(category string) float64 {
	if s := r.Scores[category]; s != nil {
		return *s
	}
	return -1
}

func (r lighthouseResult) String() string {
	var s []string
	for _, c := range lighthouseCategories {
		s = append(s, fmt.Sprintf("%s %.2f", c, r.score(c)))
	}
	return fmt.Sprintf("%s %s: %s", r.Preset, r.URL, strings.Join(s, ", "))
}

// shortfall describes each category of r below 1 with the audits that
// cost it points, or returns "" when every category scores 1.
func (r lighthouseResult) shortfall(categories []string) string {
	var b strings.Builder
	for _, c := range categories {
		if r.score(c) == 1 {
			continue
		}
		fmt.Fprintf(&b, "\n%s scores %.2f on %s (%s):", c, r.score(c), r.URL, r.Preset)
		for _, a := range r.Failing {
			if a.Category != c {
				continue
			}
			fmt.Fprintf(&b, "\n\t[%s] %s", a.ID, a.Title)
			if a.Score >= 0 {
				fmt.Fprintf(&b, ": score %.2f", a.Score)
			}
			if a.DisplayValue != "" {
				fmt.Fprintf(&b, " (%s)", a.DisplayValue)
			}
			for _, d := range a.Details {
				fmt.Fprintf(&b, "\n\t\t%s", d)
			}
			if a.More > 0 {
				fmt.Fprintf(&b, "\n\t\t… and %d more", a.More)
			}
		}
	}
	if b.Len() > 0 && r.RuntimeError != "" {
		fmt.Fprintf(&b, "\n\tLighthouse: %s", r.RuntimeError)
	}
	if b.Len() > 0 && len(r.Warnings) > 0 {
		fmt.Fprintf(&b, "\n\twarnings (benchmark index %.0f): %s", r.BenchmarkIndex, strings.Join(r.Warnings, "; "))
	}
	return b.String()
}

// lighthouse runs Lighthouse on runs, signed in with cookie, and returns
// one result per run, in order.
func lighthouse(t *testing.T, cookie string, runs []lighthouseRun) []lighthouseResult {
	t.Helper()
	node, script := lighthouseTools(t)
	job, err := json.Marshal(map[string]any{
		"chrome": chromiumPath(t),
		"flags":  lighthouseFlags,
		"cookie": cookie,
		"runs":   runs,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Duration(len(runs))*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script)
	cmd.Dir = filepath.Dir(script)
	cmd.Stdin = bytes.NewReader(job)
	// An interrupt lets chrome-launcher close the Chromium it started.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("Lighthouse: %v\n%s", err, stderr.String())
	}
	var results []lighthouseResult
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(runs) {
		t.Fatalf("Lighthouse output (%d results for %d runs): %v\n%s\n%s", len(results), len(runs), err, out, stderr.String())
	}
	return results
}

// testLighthouse signs in a user with a few tasks of every kind and checks
// that the task list and the Inbox score 100 in every category Lighthouse
// has, on a phone and on a desktop.
func testLighthouse(t *testing.T, b *browser) {
	lighthouseTools(t)
	srv := startDocket(t)
	tb := b.newTab(t, srv)
	tb.signUp("lighthouse")
	uid := srv.userID(t, "lighthouse")
	day := today(t, "UTC")
	work := srv.seedList(t, uid, "Work", "blue")
	tasks := srv.seed(t, uid,
		models.Task{Title: "Renew the car insurance", Priority: models.PriorityUrgent, Due: day.AddDays(-2)},
		models.Task{Title: "Call the plumber about the kitchen tap", Priority: models.PriorityHigh, Due: day, Status: models.StatusDoing},
		models.Task{Title: "Quarterly report", ListID: work.ID, Priority: models.PriorityMedium, Due: day.AddDays(3),
			Description: "Figures from finance first."},
		models.Task{Title: "Plan the garden", Priority: models.PriorityLow, Due: day.AddDays(40)},
		models.Task{Title: "Sort old photos"},
		models.Task{Title: "Return library books", Status: models.StatusDone},
	)
	srv.seed(t, uid, models.Task{Title: "Collect figures", ParentID: tasks[2].ID})
	srv.seedLabels(t, uid, tasks[0].ID, "phone")
	srv.seedLabels(t, uid, tasks[2].ID, "waiting", "phone")

	tb.open("/tasks")
	// The buttons only a page without scripts needs are hidden by CSS from
	// the first paint; hiding them later shifted the rows (CLS).
	if n := js[int](tb, `[...document.querySelectorAll(".nojs")].filter(e => e.checkVisibility()).length`); n > 0 {
		t.Errorf("%d buttons meant for pages without scripts show with scripts on", n)
	}
	inbox := js[string](tb, `document.querySelector("[data-testid=nav-views] a").getAttribute("href")`)
	if !strings.HasPrefix(inbox, "/tasks?list=") {
		t.Fatalf("the first view in the sidebar is %q, want the Inbox", inbox)
	}
	cookies, err := chromedp.Call(tb.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{srv.url}})
	if err != nil {
		t.Fatal(err)
	}
	var cookie []string
	for _, c := range cookies.Cookies {
		cookie = append(cookie, c.Name+"="+c.Value)
	}
	if len(cookie) == 0 {
		t.Fatal("no session cookie after sign-up")
	}

	var runs []lighthouseRun
	for _, path := range []string{"/tasks", inbox} {
		for _, preset := range []string{"mobile", "desktop"} {
			runs = append(runs, lighthouseRun{URL: srv.url + path, Preset: preset})
		}
	}
	for attempt := 1; len(runs) > 0; attempt++ {
		var again []lighthouseRun
		for i, r := range lighthouse(t, strings.Join(cookie, "; "), runs) {
			t.Logf("Lighthouse, attempt %d: %s", attempt, r)
			if r.FinalURL != runs[i].URL {
				t.Errorf("Lighthouse measured %s instead of %s: the session did not reach it", r.FinalURL, runs[i].URL)
				continue
			}
			// Only performance is measured again; the rest does not vary.
			others := slices.DeleteFunc(slices.Clone(lighthouseCategories), func(c string) bool { return c == "performance" })
			if msg := r.shortfall(others); msg != "" && attempt == 1 {
				t.Errorf("Lighthouse, fix these:%s", msg)
			}
			if msg := r.shortfall([]string{"performance"}); msg != "" {
				if attempt < lighthouseAttempts {
					again = append(again, runs[i])
					continue
				}
				t.Errorf("Lighthouse, %d attempts, fix these:%s", attempt, msg)
			}
		}
		runs = again
	}
}
