package models_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
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

// sampleAccount gives the user, beside sampleTasks in the Inbox, lists
// (a coloured Inbox, one archived, one without tasks), labels (one unused,
// one starting with "@") and tasks with subtasks, some labelled, some
// done; and returns the tasks as read back.
func sampleAccount(t *testing.T, db *models.DB, userID int64) []models.Task {
	t.Helper()
	ctx := t.Context()
	inbox, err := models.GetInbox(ctx, db.Read, userID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.UpdateList(ctx, db.Write, userID, inbox.ID, models.ListChanges{Colour: ptr(models.Colour("teal"))}); err != nil {
		t.Fatal(err)
	}
	work := createList(t, db, userID, "Work", "blue")
	createList(t, db, userID, "Errands ✓", "green")
	home := createList(t, db, userID, "Home", "")
	if _, err := models.UpdateList(ctx, db.Write, userID, home.ID, models.ListChanges{Archived: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	for _, l := range []models.Label{{Name: "phone", Colour: "red"}, {Name: "someday", Colour: "purple"}, {Name: "@home"}} {
		l.UserID = userID
		if err := models.CreateLabel(ctx, db.Write, &l); err != nil {
			t.Fatal(err)
		}
	}
	sampleTasks(t, db, userID)
	created := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	parent := models.Task{UserID: userID, ListID: work.ID, Title: "Plan the offsite", Priority: models.PriorityHigh,
		Status: models.StatusDoing, CreatedAt: created, UpdatedAt: created}
	other := models.Task{UserID: userID, ListID: home.ID, Title: "Fix the shed", Status: models.StatusTodo, CreatedAt: created, UpdatedAt: created}
	if err := models.ImportTasks(ctx, db.Write, []models.Task{parent, other}); err != nil {
		t.Fatal(err)
	}
	tasks := allTasks(t, db, userID)
	p, o := tasks[len(tasks)-2], tasks[len(tasks)-1]
	var subs []models.Task
	for i, title := range []string{"Book the venue", "Send the invitations", "Order lunch"} {
		sub := models.Task{UserID: userID, ListID: p.ListID, ParentID: p.ID, Position: []int{2, 5, 9}[i], Title: title,
			Status: models.StatusTodo, CreatedAt: created.Add(time.Duration(i) * time.Minute), UpdatedAt: created}
		if i == 0 {
			sub.Status, sub.CompletedAt = models.StatusDone, bun.NullTime{Time: created.Add(time.Hour)}
		}
		subs = append(subs, sub)
	}
	// The last subtask first: the order is the positions', not the ids'.
	subs[0], subs[2] = subs[2], subs[0]
	sub := models.Task{UserID: userID, ListID: o.ListID, ParentID: o.ID, Title: "Buy hinges", Status: models.StatusTodo,
		CreatedAt: created, UpdatedAt: created}
	if err := models.ImportTasks(ctx, db.Write, append(subs, sub)); err != nil {
		t.Fatal(err)
	}
	tasks = allTasks(t, db, userID)
	for i, names := range map[int][]string{0: {"phone", "@home"}, len(tasks) - 4: {"phone"}, len(tasks) - 1: {"phone", "someday"}} {
		if err := models.SetTaskLabels(ctx, db.Write, userID, tasks[i].ID, names); err != nil {
			t.Fatal(err)
		}
	}
	return tasks
}

// exportOf returns the user's export in format, with the user's name and
// the time of export left out: what two accounts holding the same tasks
// export alike.
func exportOf(t *testing.T, db *models.DB, u *models.User, format string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := models.ExportTasks(t.Context(), db.Read, &buf, u.ID, u.Username, format, time.Now()); err != nil {
		t.Fatal(err)
	}
	out := strings.Replace(buf.String(), `"username": "`+u.Username+`"`, `"username": "…"`, 1)
	if format == models.FormatJSON {
		var head struct {
			ExportedAt string `json:"exported_at"`
		}
		if err := json.Unmarshal(buf.Bytes(), &head); err != nil {
			t.Fatalf("export is not JSON: %v", err)
		}
		out = strings.Replace(out, head.ExportedAt, "…", 1)
	}
	return out
}

// An export imported into an empty account gives back exactly what was
// exported: the account's export is the same, its tasks the same.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, format := range []string{models.FormatJSON, models.FormatCSV} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			db := newTestDB(t)
			alice, bob := createUser(t, db, "alice"), createUser(t, db, "bob")
			want := sampleAccount(t, db, alice.ID)
			exported := exportOf(t, db, alice, format)
			var file bytes.Buffer
			if err := models.ExportTasks(t.Context(), db.Read, &file, alice.ID, alice.Username, format, time.Now()); err != nil {
				t.Fatal(err)
			}

			n, err := models.Import(t.Context(), db, bytes.NewReader(file.Bytes()), format, bob.ID, time.Now(), models.ImportLimits{})
			if err != nil || n != len(want) {
				t.Fatalf("import of our own export = %d, %v; want %d tasks\n%s", n, err, len(want), file.String())
			}

			if again := exportOf(t, db, bob, format); again != exported {
				t.Errorf("the import exports otherwise:\n%s", cmp.Diff(exported, again))
			}
			got := inExportOrder(allTasks(t, db, bob.ID))
			ignore := cmpopts.IgnoreFields(models.Task{}, "ID", "UserID", "ListID", "ParentID", "Position")
			if diff := cmp.Diff(inExportOrder(want), got, ignore, cmp.AllowUnexported(models.Date{})); diff != "" {
				t.Errorf("round trip (-exported +imported):\n%s", diff)
			}
			if format == models.FormatJSON {
				wantSameStructure(t, db, alice.ID, bob.ID)
			}
		})
	}
}

// inExportOrder returns tasks in the order an export lists them: each
// top-level task by id, followed by its subtasks by position.
func inExportOrder(tasks []models.Task) []models.Task {
	tasks = slices.Clone(tasks)
	slices.SortStableFunc(tasks, func(a, b models.Task) int {
		return a.Position - b.Position
	})
	var out []models.Task
	for _, task := range tasks {
		if task.ParentID == 0 {
			out = append(out, task)
			for _, sub := range tasks {
				if sub.ParentID == task.ID {
					out = append(out, sub)
				}
			}
		}
	}
	return out
}

// wantSameStructure fails the test unless the two users' lists, labels,
// and each task's list, labels and parent are alike, tasks taken in the
// order an export lists them.
func wantSameStructure(t *testing.T, db *models.DB, a, b int64) {
	t.Helper()
	if sa, sb := structureOf(t, db, a), structureOf(t, db, b); sa != sb {
		t.Errorf("structure differs:\n%s", cmp.Diff(sa, sb))
	}
}

// structureOf describes the user's lists, labels and tasks by name and
// position, leaving ids out.
func structureOf(t *testing.T, db *models.DB, userID int64) string {
	t.Helper()
	var b strings.Builder
	lists, err := models.UserLists(t.Context(), db.Read, userID)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for _, l := range lists {
		names[l.ID] = l.Name
		fmt.Fprintf(&b, "list %q %q inbox=%v archived=%v\n", l.Name, l.Colour, l.Inbox, l.Archived)
	}
	labels, err := models.UserLabels(t.Context(), db.Read, userID)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range labels {
		fmt.Fprintf(&b, "label %q %q\n", l.Name, l.Colour)
	}
	tasks := inExportOrder(allTasks(t, db, userID))
	index := map[int64]int{}
	var ids []int64
	for i, task := range tasks {
		index[task.ID] = i
		ids = append(ids, task.ID)
	}
	labelled, err := models.LabelsOfTasks(t.Context(), db.Read, userID, ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, task := range tasks {
		parent := -1
		if task.ParentID != 0 {
			parent = index[task.ParentID]
		}
		fmt.Fprintf(&b, "task %d %q list=%q parent=%d labels=%v\n", i, task.Title, names[task.ListID], parent,
			models.LabelNames(labelled[task.ID]))
	}
	return b.String()
}

func TestExportCSVLayout(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	sampleAccount(t, db, alice.ID)
	var buf bytes.Buffer
	if err := models.ExportTasks(context.Background(), db.Read, &buf, alice.ID, alice.Username, models.FormatCSV, time.Now()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if want := "\uFEFFtitle,description,due,priority,status,completed_at,created_at,updated_at,list,labels,parent\r\n"; !strings.HasPrefix(out, want) {
		t.Errorf("CSV starts %q, want %q", out[:min(len(out), 120)], want)
	}
	for _, want := range []string{
		// A label starting with "@" gets a second one, and the cell its quote.
		"\r\nPlain,,,none,todo,,2025-03-04T05:06:07.123456Z,2025-03-04T05:06:07.123456Z,Inbox,\"'@@home, phone\",\r\n",
		"\r\nFinished,,,low,done,2025-03-06T05:06:07.123456Z,2025-03-04T05:06:07.123456Z,2025-03-06T05:06:07.123456Z,Inbox,,\r\n",
		// The task in row 6 and its subtasks, in their order, then the
		// task in row 10 and its one.
		"\r\nPlan the offsite,,,high,doing,,2025-04-01T09:00:00Z,2025-04-01T09:00:00Z,Work,,\r\n" +
			"Book the venue,,,none,done,2025-04-01T10:00:00Z,2025-04-01T09:00:00Z,2025-04-01T09:00:00Z,,,6\r\n" +
			"Send the invitations,,,none,todo,,2025-04-01T09:01:00Z,2025-04-01T09:00:00Z,,,6\r\n" +
			"Order lunch,,,none,todo,,2025-04-01T09:02:00Z,2025-04-01T09:00:00Z,,phone,6\r\n" +
			"Fix the shed,,,none,todo,,2025-04-01T09:00:00Z,2025-04-01T09:00:00Z,Home,,\r\n" +
			"Buy hinges,,,none,todo,,2025-04-01T09:00:00Z,2025-04-01T09:00:00Z,,\"phone, someday\",10\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks the rows %q:\n%s", want, out)
		}
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

// An export longer than a page of top-level tasks lists every task once,
// in order, each with its own subtasks and labels.
func TestExportPages(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	const n = 1100 // over two pages
	var prev *models.Task
	createTasks(t, db, alice.ID, n, func(i int, task *models.Task) {
		task.Title = fmt.Sprintf("Task %d", i)
		switch i % 7 { // tasks 5 and 6 of each seven are subtasks of task 4
		case 5:
			task.ParentID = prev.ID
		case 6:
			task.ParentID = prev.ParentID
		}
		prev = task
	})
	tasks := inExportOrder(allTasks(t, db, alice.ID))
	if err := models.SetTaskLabels(t.Context(), db.Write, alice.ID, tasks[len(tasks)-1].ID, []string{"last"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tasks []struct {
			Title    string   `json:"title"`
			Labels   []string `json:"labels"`
			Subtasks []struct {
				Title  string   `json:"title"`
				Labels []string `json:"labels"`
			} `json:"subtasks"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(exportOf(t, db, alice, models.FormatJSON)), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	var lastLabels []string
	for _, task := range doc.Tasks {
		got, lastLabels = append(got, task.Title), task.Labels
		for _, sub := range task.Subtasks {
			got, lastLabels = append(got, sub.Title), sub.Labels
		}
	}
	if diff := cmp.Diff(titles(tasks), got); diff != "" {
		t.Errorf("exported tasks (-want +got):\n%s", diff)
	}
	if len(doc.Tasks) <= 500 || len(doc.Tasks) == n || !slices.Equal(lastLabels, []string{"last"}) {
		t.Errorf("%d top-level tasks of %d, the last labelled %q: want more than a page, some subtasks, and the label", len(doc.Tasks), n, lastLabels)
	}
}
