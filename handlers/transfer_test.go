package handlers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"
)

// upload posts file as the import form's file field.
func upload(t *testing.T, c *http.Client, base, filename, content string, header http.Header) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if filename != "" {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, base+"/account/import", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range header {
		req.Header[k] = v
	}
	return do(t, c, req)
}

// exportJSON downloads the signed-in user's JSON export and returns its tasks.
func exportJSON(t *testing.T, c *http.Client, base string) []map[string]any {
	t.Helper()
	resp := get(t, c, base+"/account/export?format=json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: status %d", resp.StatusCode)
	}
	var doc struct {
		Tasks []map[string]any `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &doc); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	return doc.Tasks
}

func TestAccountExport(t *testing.T) {
	s := newTestServer(t)
	c := s.signUp(t, "alice")
	for _, title := range []string{"Buy milk", "Call Bob"} {
		if resp := postForm(t, c, s.URL+"/tasks", url.Values{"title": {title}, "priority": {"high"}, "due": {"2026-12-24"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create task: status %d", resp.StatusCode)
		}
	}
	today := time.Now().UTC().Format("2006-01-02")
	tests := []struct {
		format, ctype, start string
	}{
		{"json", "application/json; charset=utf-8", "{"},
		{"csv", "text/csv; charset=utf-8", "\uFEFFtitle,description,due,priority,status,completed_at,created_at,updated_at\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			resp := get(t, c, s.URL+"/account/export?format="+tt.format)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			disp, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
			if want := "docket-alice-" + today + "." + tt.format; err != nil || disp != "attachment" || params["filename"] != want {
				t.Errorf("Content-Disposition %q, want attachment; filename=%s", resp.Header.Get("Content-Disposition"), want)
			}
			if !strings.HasPrefix(resp.Body, tt.start) || !strings.Contains(resp.Body, "Buy milk") || !strings.Contains(resp.Body, "Call Bob") {
				t.Errorf("body:\n%s", resp.Body)
			}
		})
	}

	if resp := get(t, c, s.URL+"/account/export?format=xml"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("format=xml: status %d, want 400", resp.StatusCode)
	}
	if resp := get(t, s.client(t), s.URL+"/account/export"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Errorf("signed out: status %d to %q, want 303 to /login", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := exportJSON(t, s.signUp(t, "bob"), s.URL); len(got) != 0 {
		t.Errorf("bob's export holds alice's tasks: %v", got)
	}
}

func TestAccountImportRoundTrip(t *testing.T) {
	s := newTestServer(t)
	alice := s.signUp(t, "alice")
	postForm(t, alice, s.URL+"/tasks", url.Values{"title": {"Write report"}, "description": {"Two\nlines"}, "due": {"2026-01-31"}, "priority": {"urgent"}, "status": {"doing"}})
	postForm(t, alice, s.URL+"/tasks", url.Values{"title": {"Done already"}, "status": {"done"}})
	aliceTasks := exportJSON(t, alice, s.URL)
	file := get(t, alice, s.URL+"/account/export?format=json").Body

	bob := s.signUp(t, "bob")
	resp := upload(t, bob, s.URL, "alice.json", file, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/tasks" {
		t.Fatalf("import: status %d to %q, want 303 to /tasks\n%s", resp.StatusCode, resp.Header.Get("Location"), resp.Body)
	}
	page := get(t, bob, s.URL+"/tasks")
	if !strings.Contains(page.Body, "Imported 2 tasks from alice.json.") {
		t.Error("the task list does not confirm the import")
	}
	if diff := cmp.Diff(aliceTasks, exportJSON(t, bob, s.URL)); diff != "" {
		t.Errorf("bob's tasks differ from alice's export (-alice +bob):\n%s", diff)
	}
}

func TestAccountImportRefusesBadFiles(t *testing.T) {
	s := newTestServer(t)
	c := s.signUp(t, "alice")
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
		{"no file", "", "", "Choose a file to import.", nil},
		{"wrong kind", "tasks.txt", "title\nx\n", "Choose a .json or .csv file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := upload(t, c, s.URL, tt.filename, tt.content, nil)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", resp.StatusCode)
			}
			doc := parseHTML(t, resp.Body)
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
	if got := exportJSON(t, c, s.URL); len(got) != 0 {
		t.Errorf("refused imports stored %d tasks", len(got))
	}
}

func TestAccountImportLargeFileAndCrossSite(t *testing.T) {
	s := newTestServer(t)
	c := s.signUp(t, "alice")
	var csv strings.Builder
	csv.WriteString("title,description\n")
	for i := range 300 {
		fmt.Fprintf(&csv, "Task %d,%s\n", i, strings.Repeat("n", 7000))
	}
	if csv.Len() <= maxBodyBytes {
		t.Fatalf("test file of %d bytes does not exceed the form limit", csv.Len())
	}
	cross := http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}
	if resp := upload(t, c, s.URL, "big.csv", csv.String(), cross); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site import: status %d, want 403", resp.StatusCode)
	}
	if resp := upload(t, c, s.URL, "big.csv", csv.String(), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import of %d bytes: status %d\n%.300s", csv.Len(), resp.StatusCode, resp.Body)
	}
	if got := exportJSON(t, c, s.URL); len(got) != 300 {
		t.Errorf("imported %d tasks, want 300", len(got))
	}
}

func TestAccountPageOffersExportAndImport(t *testing.T) {
	s := newTestServer(t)
	resp := get(t, s.signUp(t, "alice"), s.URL+"/account")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	doc := parseHTML(t, resp.Body)
	card := doc.Find(`[data-testid="transfer"]`)
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
