package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// exportedTasks runs docket export for user as JSON and returns its tasks.
func exportedTasks(t *testing.T, dbPath, user string) []map[string]any {
	t.Helper()
	out := mustRun(t, dbPath, "", "export", user).stdout
	var doc struct {
		Username string           `json:"username"`
		Tasks    []map[string]any `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	if doc.Username != user {
		t.Errorf("export names user %q, want %q", doc.Username, user)
	}
	return doc.Tasks
}

func TestExportImportCommands(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	dir := t.TempDir()
	mustRun(t, dbPath, "password123\n", "user", "create", "alice")
	mustRun(t, dbPath, "password123\n", "user", "create", "bob")

	sheet := filepath.Join(dir, "from-a-spreadsheet.csv")
	csv := "\uFEFFTitle,Due,Priority,Status,Completed_at,Description\r\n" +
		"Pay rent,2026-12-01,high,todo,,\"first line\r\nsecond, line\"\r\n" +
		"File taxes,,urgent,done,2026-04-30 17:00:00,\r\n"
	if err := os.WriteFile(sheet, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, dbPath, "", "import", "alice", sheet)
	if !strings.Contains(res.stdout, "Imported 2 tasks") {
		t.Errorf("import printed %q", res.stdout)
	}

	aliceTasks := exportedTasks(t, dbPath, "alice")
	if len(aliceTasks) != 2 || aliceTasks[0]["description"] != "first line\nsecond, line" ||
		aliceTasks[1]["completed_at"] != "2026-04-30T17:00:00Z" || aliceTasks[1]["priority"] != "urgent" {
		t.Fatalf("alice's tasks after the CSV import: %v", aliceTasks)
	}

	backup := filepath.Join(dir, "alice.json")
	if err := os.WriteFile(backup, []byte("old contents"), 0o600); err != nil {
		t.Fatal(err)
	}
	res = mustRun(t, dbPath, "", "export", "--output", backup, "alice")
	if res.stdout != "" || !strings.Contains(res.stderr, backup) {
		t.Errorf("export --output printed %q / %q", res.stdout, res.stderr)
	}
	mustRun(t, dbPath, "", "import", "bob", backup)
	if diff := cmp.Diff(aliceTasks, exportedTasks(t, dbPath, "bob")); diff != "" {
		t.Errorf("bob's import of alice's export differs (-alice +bob):\n%s", diff)
	}

	csvOut := filepath.Join(dir, "alice.csv")
	mustRun(t, dbPath, "", "export", "alice", "--output", csvOut)
	if b, _ := os.ReadFile(csvOut); !strings.HasPrefix(string(b), "\uFEFFtitle,description,due") {
		t.Errorf("--output x.csv did not write CSV: %.60q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("folder holds %d files, want 3 (no temporary files left)", len(entries))
	}
}

func TestImportCommandRefusesBadFile(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	mustRun(t, dbPath, "password123\n", "user", "create", "alice")
	bad := filepath.Join(t.TempDir(), "tasks.csv")
	body := "title,due,status\nGood,2026-01-01,todo\nBad date,2026-02-30,todo\n,,\n"
	if err := os.WriteFile(bad, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	res := runCmd(t, dbPath, "", "import", "alice", bad)
	if res.err == nil || strings.Contains(res.err.Error(), "\n") || !strings.Contains(res.err.Error(), "nothing was imported") {
		t.Fatalf("error = %v, want one line saying nothing was imported", res.err)
	}
	for _, want := range []string{"row 3, due: Enter the due date as YYYY-MM-DD.", "row 4, title: Give the task a title."} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	if tasks := exportedTasks(t, dbPath, "alice"); len(tasks) != 0 {
		t.Errorf("a refused import stored %d tasks", len(tasks))
	}
}

func TestExportImportCommandErrors(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	mustRun(t, dbPath, "password123\n", "user", "create", "alice")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no user", []string{"export"}, "name one user"},
		{"unknown user", []string{"export", "zed"}, `no user named "zed"`},
		{"bad format", []string{"export", "alice", "--format", "xml"}, "not json or csv"},
		{"import without file", []string{"import", "alice"}, "name one user and one file"},
		{"import unknown extension", []string{"import", "alice", "tasks.txt"}, "cannot tell the format"},
		{"import missing file", []string{"import", "alice", "missing.json"}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runCmd(t, dbPath, "", tt.args...)
			if res.err == nil || !strings.Contains(res.err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to mention %q", res.err, tt.want)
			}
		})
	}
}
