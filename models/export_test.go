package models_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/uptrace/bun"

	"docket/models"
)

// sampleTasks stores tasks covering every field and returns them as read back.
func sampleTasks(t *testing.T, db *models.DB, userID int64) []models.Task {
	t.Helper()
	ctx := context.Background()
	created := time.Date(2025, 3, 4, 5, 6, 7, 123456789, time.UTC)
	due, _ := models.ParseDate("2026-02-28")
	tasks := []models.Task{
		{UserID: userID, Title: "Plain", Status: models.StatusTodo, CreatedAt: created, UpdatedAt: created},
		{UserID: userID, Title: `Quotes "and", commas; =SUM(A1)`, Description: "Line one\nLine two, with ünïcödé ✓\n\n  indented",
			Due: due, Priority: models.PriorityUrgent, Status: models.StatusDoing, CreatedAt: created.Add(time.Hour), UpdatedAt: created.Add(2 * time.Hour)},
		{UserID: userID, Title: "Finished", Priority: models.PriorityLow, Status: models.StatusDone,
			CompletedAt: bun.NullTime{Time: created.Add(48 * time.Hour)}, CreatedAt: created, UpdatedAt: created.Add(48 * time.Hour)},
		{UserID: userID, Title: strings.Repeat("ß", models.MaxTitleLen), Description: strings.Repeat("x", models.MaxDescriptionLen), Priority: models.PriorityMedium, Status: models.StatusTodo,
			CreatedAt: created, UpdatedAt: created},
	}
	if err := models.ImportTasks(ctx, db.Write, tasks); err != nil {
		t.Fatal(err)
	}
	stored, err := models.AllTasks(ctx, db.Read, userID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(tasks) {
		t.Fatalf("stored %d tasks, want %d", len(stored), len(tasks))
	}
	return stored
}

// ignoreIdentity leaves out what belongs to one database row, not the task.
var ignoreIdentity = cmpopts.IgnoreFields(models.Task{}, "ID", "UserID")

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, format := range []string{models.FormatJSON, models.FormatCSV} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := newTestDB(t)
			alice, bob := createUser(t, db, "alice"), createUser(t, db, "bob")
			want := sampleTasks(t, db, alice.ID)

			var buf bytes.Buffer
			if err := models.ExportTasks(ctx, db.Read, &buf, alice.ID, alice.Username, format, time.Now()); err != nil {
				t.Fatal(err)
			}
			parsed, err := models.ParseImport(bytes.NewReader(buf.Bytes()), format, bob.ID, time.Now())
			if err != nil {
				t.Fatalf("import of our own export: %v\n%s", err, buf.String())
			}
			if err := models.ImportTasks(ctx, db.Write, parsed); err != nil {
				t.Fatal(err)
			}
			got, err := models.AllTasks(ctx, db.Read, bob.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, ignoreIdentity, cmp.AllowUnexported(models.Date{})); diff != "" {
				t.Errorf("round trip (-exported +imported):\n%s", diff)
			}
			for _, task := range got {
				if task.UserID != bob.ID {
					t.Errorf("imported task belongs to user %d, want %d", task.UserID, bob.ID)
				}
			}
		})
	}
}

func TestExportCSVLayout(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	sampleTasks(t, db, alice.ID)
	var buf bytes.Buffer
	if err := models.ExportTasks(context.Background(), db.Read, &buf, alice.ID, alice.Username, models.FormatCSV, time.Now()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if want := "\uFEFFtitle,description,due,priority,status,completed_at,created_at,updated_at\r\n"; !strings.HasPrefix(out, want) {
		t.Errorf("CSV starts %q, want %q", out[:min(len(out), 120)], want)
	}
	if want := "\r\nFinished,,,low,done,2025-03-06T05:06:07.123456Z,2025-03-04T05:06:07.123456Z,2025-03-06T05:06:07.123456Z\r\n"; !strings.Contains(out, want) {
		t.Errorf("CSV lacks the row %q:\n%s", want, out[:min(len(out), 600)])
	}
}

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

func TestCSVExportDefusesFormulas(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	alice, bob := createUser(t, db, "alice"), createUser(t, db, "bob")
	titles := []string{"=SUM(A1)", "+1", "-2", "@cmd", "'=already quoted", "''+twice", "'plain quote", "fine"}
	for _, title := range titles {
		createTask(t, db, alice.ID, func(x *models.Task) { x.Title = title; x.Description = "\tindented" })
	}
	var buf bytes.Buffer
	if err := models.ExportTasks(ctx, db.Read, &buf, alice.ID, alice.Username, models.FormatCSV, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, cell := range []string{"\n'=SUM(A1),'\tindented,", "\n'+1,", "\n'-2,", "\n'@cmd,", "\n''=already quoted,", "\n'''+twice,", "\n'plain quote,", "\nfine,"} {
		if !strings.Contains(buf.String(), cell) {
			t.Errorf("defused CSV lacks %q:\n%s", cell, buf.String())
		}
	}
	tasks, err := models.ParseImport(bytes.NewReader(buf.Bytes()), models.FormatCSV, bob.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i, task := range tasks {
		if task.Title != titles[i] || task.Description != "\tindented" {
			t.Errorf("row %d imported as %q / %q, want %q / %q", i+2, task.Title, task.Description, titles[i], "\tindented")
		}
	}

	buf.Reset()
	err = models.ExportTasksWith(ctx, db.Read, &buf, alice.ID, alice.Username, models.FormatCSV, time.Now(), models.ExportOptions{KeepFormulas: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\n=SUM(A1),\"\tindented\",") {
		t.Errorf("CSV with formulas kept changed the cells:\n%s", buf.String())
	}
}
