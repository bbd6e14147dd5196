package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

func TestImportRejectsBadFiles(t *testing.T) {
	t.Parallel()
	const header = "title,description,due,priority,status,completed_at,created_at,updated_at\n"
	tests := []struct {
		name   string
		format string
		body   string
		want   []string // Where(p) + ": " for each problem, in order
	}{
		{"csv fields", models.FormatCSV, header +
			"Fine,,2026-01-02,high,todo,,,\n" +
			",,,,,,,\n" +
			"Late,,2026-13-40,,,,,\n" +
			"Odd,,,huge,maybe,,,\n" +
			"Done,,,,done,,,\n" +
			"Open,,,,todo,2026-01-01T00:00:00Z,,\n" +
			"When,,,,,,yesterday,\n" +
			strings.Repeat("x", models.MaxTitleLen+1) + "," + strings.Repeat("y", models.MaxDescriptionLen+1) + ",,,,,,\n",
			[]string{"row 3, title", "row 4, due", "row 5, priority", "row 5, status", "row 6, completed_at",
				"row 7, completed_at", "row 8, created_at", "row 9, title", "row 9, description"}},
		{"csv header", models.FormatCSV, "name,titel,due,due\nx,y,,\n", []string{"column name", "column titel", "column due", "column title"}},
		{"csv empty", models.FormatCSV, header, []string{"file"}},
		{"csv broken quotes", models.FormatCSV, header + "\"unterminated,,,\n", []string{"file"}},
		{"json fields", models.FormatJSON, `{"docket_export":1,"tasks":[{"title":"ok"},{"title":" ","due":"tomorrow"}]}`,
			[]string{"task 2, title", "task 2, due"}},
		{"json unknown field", models.FormatJSON, `{"docket_export":1,"tasks":[{"title":"ok","colour":"red"}]}`, []string{"task 1"}},
		{"json version", models.FormatJSON, `{"docket_export":7,"tasks":[{"title":"ok"}]}`, []string{"docket_export"}},
		{"json not json", models.FormatJSON, "title\nhello\n", []string{"file"}},
		{"json second document", models.FormatJSON, `{"docket_export":1,"tasks":[{"title":"a"}]}{"docket_export":1,"tasks":[]}`, []string{"file"}},
		{"json trailing data", models.FormatJSON, `{"docket_export":1,"tasks":[{"title":"a"}]} x`, []string{"file"}},
		{"json invalid utf-8", models.FormatJSON, "{\"docket_export\":1,\"tasks\":[{\"title\":\"ok\"},{\"title\":\"a\xffb\"}]}", []string{"task 2"}},
		{"json nul", models.FormatJSON, `{"docket_export":1,"tasks":[{"title":"a\u0000b"}]}`, []string{"task 1, title"}},
		{"csv extra cells", models.FormatCSV, "title,due\nFine,\nTwo,2026-01-02,surplus\n", []string{"row 3"}},
		{"csv nul", models.FormatCSV, "title,description\nA\x00B,x\n", []string{"row 2, title"}},
		{"csv invalid utf-8", models.FormatCSV, "title,description\nok,a\xffb\n", []string{"row 2, description"}},
		{"times out of range", models.FormatJSON, `{"docket_export":1,"tasks":[` +
			`{"title":"x","created_at":"9999-12-31T23:59:59-23:59"},` +
			`{"title":"y","updated_at":"1899-12-31T23:59:59Z"},` +
			`{"title":"z","status":"done","completed_at":"0000-01-01T00:00:00Z"}]}`,
			[]string{"task 1, created_at", "task 2, updated_at", "task 3, completed_at"}},
		{"due dates out of range", models.FormatCSV, "title,due\na,0000-01-01\nb,0001-01-01\nc,1899-12-31\n",
			[]string{"row 2, due", "row 3, due", "row 4, due"}},
		{"json subtasks", models.FormatJSON, `{"docket_export":2,"tasks":[{"title":"a","subtasks":[` +
			`{"title":"b","subtasks":[{"title":"c"}]},{"title":"d","list":"Work"},{"title":"","labels":["x,y"]},{"title":"e","subtasks":[]}]}]}`,
			[]string{"task 1, subtask 1, subtasks", "task 1, subtask 2, list", "task 1, subtask 3, title", "task 1, subtask 3, labels"}},
		{"json too many subtasks", models.FormatJSON, `{"docket_export":2,"tasks":[{"title":"a","subtasks":[` +
			strings.Repeat(`{"title":"b"},`, models.MaxSubtasks) + `{"title":"b"}]}]}`, []string{"task 1, subtasks"}},
		{"json lists and labels of tasks", models.FormatJSON, `{"docket_export":2,"tasks":[` +
			`{"title":"a","list":"` + strings.Repeat("l", models.MaxListNameLen+1) + `"},{"title":"b","labels":["` +
			strings.Join(labelNames(models.MaxLabelsPerTask+1), `","`) + `"]},` +
			`{"title":"c","labels":["ok",""," ","a,b","` + strings.Repeat("l", models.MaxLabelNameLen+1) + `"]}]}`,
			[]string{"task 1, list", "task 2, labels", "task 3, labels", "task 3, labels"}},
		{"json lists and labels declared", models.FormatJSON, `{"docket_export":2,"tasks":[{"title":"a"}],` +
			`"lists":[{"name":"Work","colour":"mauve"},{"name":"work"},{"name":"inbox","archived":true},{"name":""}],` +
			`"labels":[{"name":"a,b"},{"name":"ok","colour":"blue"},{"name":"OK"}]}`,
			[]string{"lists", "lists", "lists", "lists", "labels", "labels"}},
		{"json lists not an array", models.FormatJSON, `{"docket_export":2,"lists":{"name":"Work"},"tasks":[{"title":"a"}]}`,
			[]string{"lists"}},
		{"json lists unknown field", models.FormatJSON, `{"docket_export":2,"lists":[{"name":"Work","icon":"x"}],"tasks":[{"title":"a"}]}`,
			[]string{"file"}},
		{"json field twice", models.FormatJSON, `{"docket_export":2,"tasks":[{"title":"a"}],"tasks":[]}`, []string{"tasks"}},
		{"json too many lists", models.FormatJSON, `{"docket_export":2,"tasks":[` + manyLists(models.MaxLists) + `]}`,
			[]string{"file"}},
		{"csv parents", models.FormatCSV, "title,parent,list\n" +
			"a,,Work\n" + // row 2
			"b,2,\n" + // a subtask of row 2
			"c,3,\n" + // of a subtask
			"d,5,\n" + // of a later row
			"e,1,\n" + // of the header
			"f,x,\n" + // not a number
			"g,2,Home\n" + // in another list than its parent's
			"h,2,work\n", // its parent's list, in another case
			[]string{"row 4, parent", "row 5, parent", "row 6, parent", "row 7, parent", "row 8, list"}},
		{"csv too many subtasks", models.FormatCSV, "title,parent\na,\n" + strings.Repeat("b,2\n", models.MaxSubtasks+1),
			[]string{fmt.Sprintf("row %d, parent", models.MaxSubtasks+3)}},
		{"csv labels", models.FormatCSV, "title,labels\na,\"x, y\"\nb,\"" + strings.Join(labelNames(models.MaxLabelsPerTask+1), ",") + "\"\n" +
			"c,\"ok, " + strings.Repeat("l", models.MaxLabelNameLen+1) + "\"\n",
			[]string{"row 3, labels", "row 4, labels"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tasks, err := models.ParseImport(strings.NewReader(tt.body), tt.format, 1, time.Now())
			ie, ok := errors.AsType[*models.ImportError](err)
			if !ok || tasks != nil {
				t.Fatalf("ParseImport = %d tasks, %v; want an *ImportError", len(tasks), err)
			}
			var got []string
			for _, p := range ie.Problems {
				if p.Message == "" {
					t.Errorf("%s has no message", ie.Where(p))
				}
				got = append(got, ie.Where(p))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

// labelNames returns n different label names.
func labelNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("label %d", i)
	}
	return names
}

// manyLists is n+1 JSON tasks in lists of their own: with the Inbox, one
// more list than an account keeps.
func manyLists(n int) string {
	tasks := make([]string, n)
	for i := range tasks {
		tasks[i] = fmt.Sprintf(`{"title":"t","list":"List %d"}`, i)
	}
	return strings.Join(tasks, ",")
}

func TestImportAcceptsByteOrderMark(t *testing.T) {
	for _, tt := range []struct{ format, body string }{
		{models.FormatJSON, "\uFEFF{\"docket_export\":1,\"tasks\":[{\"title\":\"a\"}]}"},
		{models.FormatCSV, "\uFEFFtitle\na\n"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			tasks, err := models.ParseImport(strings.NewReader(tt.body), tt.format, 1, time.Now())
			if err != nil || len(tasks) != 1 || tasks[0].Title != "a" {
				t.Fatalf("ParseImport = %v, %v; want one task titled a", tasks, err)
			}
		})
	}
}

func TestImportDefaults(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tasks, err := models.ParseImport(strings.NewReader("Title\n  Just a title  \n"), models.FormatCSV, 7, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []models.Task{{UserID: 7, Title: "Just a title", Priority: models.PriorityNone, Status: models.StatusTodo, CreatedAt: now, UpdatedAt: now}}
	if diff := cmp.Diff(want, tasks, cmp.AllowUnexported(models.Date{})); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestImportTasksAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	now := time.Now().UTC()
	tasks := make([]models.Task, 1200) // more than one insert batch
	for i := range tasks {
		tasks[i] = models.Task{UserID: alice.ID, Title: "ok", Status: models.StatusTodo, CreatedAt: now, UpdatedAt: now}
	}
	tasks[1100].Status = models.StatusDone // the schema's CHECK refuses done without completed_at
	if err := models.ImportTasks(ctx, db.Write, tasks); err == nil {
		t.Fatal("ImportTasks stored a task the schema refuses")
	}
	if got, err := models.AllTasks(ctx, db.Read, alice.ID); err != nil || len(got) != 0 {
		t.Errorf("after a failed import the user has %d tasks (err %v), want 0", len(got), err)
	}
}

// A version 1 export, which knows no lists, imports into the Inbox, also
// for an account that has other lists.
func TestImportVersion1IntoInbox(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	createList(t, db, alice.ID, "Work", "blue")
	file := `{"docket_export": 1, "username": "old", "exported_at": "2026-11-01T00:00:00Z", "tasks": [
		{"title": "Old one", "description": "", "due": "2026-11-02", "priority": "high", "status": "todo",
		 "completed_at": null, "created_at": "2026-10-01T00:00:00Z", "updated_at": "2026-10-01T00:00:00Z"},
		{"title": "Old two", "status": "done", "completed_at": "2026-10-05T00:00:00Z"}]}`
	n, err := models.Import(t.Context(), db, strings.NewReader(file), models.FormatJSON, alice.ID, fixedNow, models.ImportLimits{})
	if err != nil || n != 2 {
		t.Fatalf("Import = %d, %v; want 2 tasks", n, err)
	}
	want := `list "Inbox" "" inbox=true archived=false
list "Work" "blue" inbox=false archived=false
task 0 "Old one" list="Inbox" parent=-1 labels=[]
task 1 "Old two" list="Inbox" parent=-1 labels=[]
`
	if diff := cmp.Diff(want, structureOf(t, db, alice.ID)); diff != "" {
		t.Errorf("after the import (-want +got):\n%s", diff)
	}
}
