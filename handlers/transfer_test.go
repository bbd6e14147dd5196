package handlers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"docket/handlers"
)

// upload posts content as the import form's file field (no file when
// filename is ""); header holds extra name, value pairs.
func (c *client) upload(filename, content string, header ...string) *response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			c.t.Fatal(err)
		}
		if _, err := fw.Write([]byte(content)); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, c.ts.URL+"/account/import", &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.send(req, header...)
}

// exportJSON downloads the signed-in user's JSON export and returns its tasks.
func (c *client) exportJSON() []map[string]any {
	c.t.Helper()
	res := c.get("/account/export?format=json")
	wantStatus(c.t, res, http.StatusOK)
	var doc struct {
		Tasks []map[string]any `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(res.body), &doc); err != nil {
		c.t.Fatalf("export is not JSON: %v", err)
	}
	return doc.Tasks
}

func TestAccountExport(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	for _, title := range []string{"Buy milk", "Call Bob"} {
		wantStatus(t, c.postForm("/tasks", url.Values{"title": {title}, "priority": {"high"}, "due": {"2026-12-24"}}), http.StatusSeeOther)
	}
	today := testNow.Format("2006-01-02")
	tests := []struct {
		format, ctype, start string
	}{
		{"json", "application/json; charset=utf-8", "{"},
		{"csv", "text/csv; charset=utf-8", "\uFEFFtitle,description,due,priority,status,completed_at,created_at,updated_at,list,labels,parent\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			res := c.get("/account/export?format=" + tt.format)
			wantStatus(t, res, http.StatusOK)
			if got := res.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
			if want := "docket-alice-" + today + "." + tt.format; err != nil || disp != "attachment" || params["filename"] != want {
				t.Errorf("Content-Disposition %q, want attachment; filename=%s", res.Header.Get("Content-Disposition"), want)
			}
			if !strings.HasPrefix(res.body, tt.start) || !strings.Contains(res.body, "Buy milk") || !strings.Contains(res.body, "Call Bob") {
				t.Errorf("body:\n%s", res.body)
			}
		})
	}

	wantStatus(t, c.get("/account/export?format=xml"), http.StatusBadRequest)
	wantRedirect(t, ts.newClient(t).get("/account/export"), "/login?next=%2Faccount%2Fexport")
	bob, _ := ts.signUp(t, "bob")
	if got := bob.exportJSON(); len(got) != 0 {
		t.Errorf("bob's export holds alice's tasks: %v", got)
	}
}

func TestAccountImportRoundTrip(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	alice, _ := ts.signUp(t, "alice")
	alice.postForm("/tasks", url.Values{"title": {"Write report"}, "description": {"Two\nlines"}, "due": {"2026-01-31"}, "priority": {"urgent"}, "status": {"doing"}})
	alice.postForm("/tasks", url.Values{"title": {"Done already"}, "status": {"done"}})
	aliceTasks := alice.exportJSON()
	file := alice.get("/account/export?format=json").body

	bob, _ := ts.signUp(t, "bob")
	res := bob.upload("alice.json", file)
	wantRedirect(t, res, "/tasks")
	if page := bob.get("/tasks"); !strings.Contains(page.body, "Imported 2 tasks from alice.json.") {
		t.Error("the task list does not confirm the import")
	}
	if diff := cmp.Diff(aliceTasks, bob.exportJSON()); diff != "" {
		t.Errorf("bob's tasks differ from alice's export (-alice +bob):\n%s", diff)
	}
}

// A version 2 export with lists, labels and subtasks goes from one
// account to another through the account page whole: the second exports
// exactly what the first did.
func TestAccountImportRoundTripsListsLabelsAndSubtasks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	alice, _ := ts.signUp(t, "alice")
	file := `{"docket_export": 2,
		"lists": [{"name": "Inbox", "colour": "", "archived": false}, {"name": "Work", "colour": "blue", "archived": false},
			{"name": "Old", "colour": "", "archived": true}],
		"labels": [{"name": "phone", "colour": "red"}, {"name": "someday", "colour": ""}],
		"tasks": [
			{"title": "Plan the offsite", "list": "Work", "labels": ["phone"], "subtasks": [
				{"title": "Book the venue", "status": "done", "completed_at": "2026-11-30T10:00:00Z", "labels": []},
				{"title": "Send the invitations", "labels": ["phone"]}]},
			{"title": "Clear the attic", "list": "Old", "labels": [], "subtasks": []}]}`
	wantRedirect(t, alice.upload("plan.json", file), "/tasks")
	if page := alice.get("/tasks"); !strings.Contains(page.body, "Imported 4 tasks from plan.json.") {
		t.Error("the task list does not confirm the import of 4 tasks")
	}
	exported := alice.get("/account/export?format=json").body

	bob, _ := ts.signUp(t, "bob")
	wantRedirect(t, bob.upload("alice.json", exported), "/tasks")
	again := bob.get("/account/export?format=json").body
	if got, want := strings.Replace(again, `"username": "bob"`, `"username": "alice"`, 1), exported; got != want {
		t.Errorf("bob's export differs from alice's (-alice +bob):\n%s", cmp.Diff(want, got))
	}
	var doc struct {
		Lists []map[string]any `json:"lists"`
		Tasks []struct {
			Title    string           `json:"title"`
			List     string           `json:"list"`
			Labels   []string         `json:"labels"`
			Subtasks []map[string]any `json:"subtasks"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(again), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Lists) != 3 || len(doc.Tasks) != 2 || doc.Tasks[0].List != "Work" || len(doc.Tasks[0].Subtasks) != 2 ||
		!slices.Equal(doc.Tasks[0].Labels, []string{"phone"}) {
		t.Errorf("bob's export lacks the structure imported:\n%s", again)
	}
}

func TestAccountImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	tests := []struct {
		name, filename, content string
		fieldError              string
		problems                []string
	}{
		{"rows", "tasks.csv", "title,due,priority\nFine,2026-01-01,low\nLate,2026-02-30,low\n,,urgent-ish\n",
			"Nothing was imported.", []string{
				"row 3, due: Enter the due date as YYYY-MM-DD.",
				"row 4, title: Give the task a title.",
				"row 4, priority: Use one of none, low, medium, high, urgent."}},
		{"subtasks", "tasks.csv", "title,parent\nTask,\nStep,2\nStep of a step,3\n",
			"Nothing was imported.", []string{
				"row 4, parent: Row 3 is a subtask itself; a subtask cannot have subtasks of its own."}},
		{"no file", "", "", "Choose a file to import.", nil},
		{"wrong kind", "tasks.txt", "title\nx\n", "Choose a .json or .csv file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.upload(tt.filename, tt.content)
			wantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.doc(t)
			if got := doc.Find(`[data-testid="import-form"] #import-file-error`).Text(); !strings.Contains(got, tt.fieldError) {
				t.Errorf("field error %q, want %q", got, tt.fieldError)
			}
			var got []string
			doc.Find(`[data-testid="import-problems"] li`).Each(func(_ int, li *goquery.Selection) {
				got = append(got, strings.TrimSpace(li.Text()))
			})
			if diff := cmp.Diff(tt.problems, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
	if got := c.exportJSON(); len(got) != 0 {
		t.Errorf("refused imports stored %d tasks", len(got))
	}
}

func TestAccountImportLargeFileAndCrossSite(t *testing.T) {
	t.Parallel()
	// This test is about size, not speed: under -race on a busy machine,
	// indexing a megabyte of notes for search takes tens of seconds, so
	// the import and the client get minutes instead of the usual 25 s.
	ts := newTestServer(t, func(cfg *handlers.Config) { cfg.ImportTimeout = 3 * time.Minute })
	c, _ := ts.signUp(t, "alice")
	c.hc.Timeout = 4 * time.Minute
	const rows = 160
	var csv strings.Builder
	csv.WriteString("title,description\n")
	// Just over the 1 MiB limit on ordinary forms: every character of
	// the notes also goes through the search index's trigrams.
	for i := range rows {
		fmt.Fprintf(&csv, "Task %d,%s\n", i, strings.Repeat("n", 7000))
	}
	// A form body exactly as long as the file must exceed the limit on
	// ordinary forms, or this test would not show that imports get more.
	asForm := url.Values{"title": {strings.Repeat("n", csv.Len()-len("title="))}}
	wantStatus(t, c.postForm("/tasks", asForm), http.StatusRequestEntityTooLarge)

	cross := []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}
	wantStatus(t, c.upload("big.csv", csv.String(), cross...), http.StatusForbidden)
	wantStatus(t, c.upload("big.csv", csv.String()), http.StatusSeeOther)
	if got := c.exportJSON(); len(got) != rows {
		t.Errorf("imported %d tasks, want %d", len(got), rows)
	}
}

func TestAccountPageOffersExportAndImport(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	res := c.get("/account")
	wantStatus(t, res, http.StatusOK)
	card := res.doc(t).Find(`[data-testid="transfer"]`)
	if href, _ := card.Find(`[data-testid="export-json"]`).Attr("href"); href != "/account/export?format=json" {
		t.Errorf("JSON link %q", href)
	}
	if href, _ := card.Find(`[data-testid="export-csv"]`).Attr("href"); href != "/account/export?format=csv" {
		t.Errorf("CSV link %q", href)
	}
	form := card.Find(`form[data-testid="import-form"]`)
	if action, _ := form.Attr("action"); action != "/account/import" {
		t.Errorf("import form action %q", action)
	}
	if enc, _ := form.Attr("enctype"); enc != "multipart/form-data" {
		t.Errorf("import form enctype %q", enc)
	}
	if form.Find(`input[type="file"][name="file"]`).Length() != 1 {
		t.Error("import form has no file input")
	}
}

func TestAccountImportLimits(t *testing.T) {
	ts := newTestServer(t, func(cfg *handlers.Config) { cfg.MaxTasksPerUser = 3 })
	c, _ := ts.signUp(t, "alice")
	rows := "title\n" + strings.Repeat("x\n", 100_001)
	res := c.upload("many.csv", rows)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if got := res.doc(t).Find(`[data-testid="import-problems"]`).Text(); !strings.Contains(got, "more than 100 000 tasks") {
		t.Errorf("problems %q, want the row limit", got)
	}

	for _, title := range []string{"One", "Two"} {
		wantStatus(t, c.postForm("/tasks", url.Values{"title": {title}}), http.StatusSeeOther)
	}
	res = c.upload("two.csv", "title\na\nb\n")
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if got := res.doc(t).Find(`[data-testid="import-problems"]`).Text(); !strings.Contains(got, "limit of 3 tasks") {
		t.Errorf("problems %q, want the per-user limit", got)
	}
	wantRedirect(t, c.upload("one.csv", "title\na\n"), "/tasks")
	res = c.postForm("/tasks", url.Values{"title": {"Four"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.body, "limit of 3 tasks") {
		t.Errorf("creating a task over the limit says:\n%s", res.body)
	}
	if got := c.exportJSON(); len(got) != 3 {
		t.Errorf("alice has %d tasks, want 3", len(got))
	}
}

func TestAccountImportPastDeadlineKeepsNothing(t *testing.T) {
	ts := newTestServer(t, func(cfg *handlers.Config) { cfg.ImportTimeout = time.Nanosecond })
	c, _ := ts.signUp(t, "alice")
	res := c.upload("tasks.csv", "title\na\nb\n")
	wantStatus(t, res, http.StatusServiceUnavailable)
	if !strings.Contains(res.body, "nothing was imported") {
		t.Errorf("body does not say nothing was imported:\n%s", res.body)
	}
	if got := c.exportJSON(); len(got) != 0 {
		t.Errorf("an abandoned import stored %d tasks", len(got))
	}
}

func TestAccountExportDefusesFormulas(t *testing.T) {
	ts := newTestServer(t)
	alice, _ := ts.signUp(t, "alice")
	wantStatus(t, alice.postForm("/tasks", url.Values{"title": {"=HYPERLINK(\"http://evil.example\")"}}), http.StatusSeeOther)
	defused := alice.get("/account/export?format=csv")
	wantStatus(t, defused, http.StatusOK)
	if !strings.Contains(defused.body, "\r\n\"'=HYPERLINK(\"\"http://evil.example\"\")\",") {
		t.Errorf("the default CSV does not defuse the formula:\n%s", defused.body)
	}
	kept := alice.get("/account/export?format=csv&formulas=keep")
	wantStatus(t, kept, http.StatusOK)
	if !strings.Contains(kept.body, "\r\n\"=HYPERLINK(") {
		t.Errorf("the CSV with formulas kept changed the cell:\n%s", kept.body)
	}
	if href, _ := alice.get("/account").doc(t).Find(`[data-testid="export-csv-formulas"]`).Attr("href"); href != "/account/export?format=csv&formulas=keep" {
		t.Errorf("the account page offers %q for formulas kept", href)
	}

	bob, _ := ts.signUp(t, "bob")
	wantRedirect(t, bob.upload("alice.csv", defused.body), "/tasks")
	if got := bob.exportJSON(); len(got) != 1 || got[0]["title"] != "=HYPERLINK(\"http://evil.example\")" {
		t.Errorf("the defused CSV imported as %v, want the original title", got)
	}
}

func TestTaskFormRefusesDueDatesOutOfRange(t *testing.T) {
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	for _, due := range []string{"0000-01-01", "0001-01-01", "1899-12-31"} {
		res := c.postForm("/tasks", url.Values{"title": {"Old"}, "due": {due}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.body, "Pick a date between 1900-01-01 and 9999-12-31.") {
			t.Errorf("due %s: the form does not say which dates it takes", due)
		}
	}
	if got := c.exportJSON(); len(got) != 0 {
		t.Errorf("refused forms stored %d tasks", len(got))
	}
}
