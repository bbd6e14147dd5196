package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"docket/models"
)

func TestTaskLabels(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	call := ts.addTask(t, uid, models.Task{Title: "Call mom"})
	shop := ts.addTask(t, uid, models.Task{Title: "Buy milk"})
	path := "/tasks/" + strconv.FormatInt(call.ID, 10)

	// Labels typed on a row are created; the row shows them by name.
	res := c.htmx("PATCH", path, url.Values{"labels": {"@phone, Family , phone"}}, "HX-Current-URL", ts.URL+"/tasks")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("label: status %d", res.StatusCode)
	}
	wantTexts(t, res.doc(t), `[data-testid="task-label"]`, "@Family", "@phone")
	if res := c.postForm("/tasks", url.Values{"title": {"Order gift"}, "labels": {"family"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create with a label: status %d", res.StatusCode)
	}

	// A label view shows the tasks carrying every given label.
	doc := c.get("/tasks?label=FAMILY").doc(t)
	wantTexts(t, doc, `[data-testid="task-title"]`, "Order gift", "Call mom")
	wantCount(t, doc, `#quick-add input[name="labels"][value="Family"]`, 1)
	wantTexts(t, c.get("/tasks?label=family&label=phone").doc(t), `[data-testid="task-title"]`, "Call mom")
	if res := c.get("/tasks?label=nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown label: status %d, want 404", res.StatusCode)
	}

	// A name that breaks the rules reopens the editor with the message and changes nothing.
	res = c.htmx("PATCH", path, url.Values{"labels": {"ok, x,y"}}, "HX-Current-URL", ts.URL+path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("relabel: status %d", res.StatusCode)
	}
	long := "a"
	for len(long) <= models.MaxLabelNameLen {
		long += "a"
	}
	res = c.htmx("PATCH", path, url.Values{"labels": {long}}, "HX-Current-URL", ts.URL+path)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("too long a label: status %d, want 422", res.StatusCode)
	}
	wantCount(t, res.doc(t), `[data-testid="labels-error"]`, 1)
	labels, err := models.LabelsOfTasks(t.Context(), ts.db.Read, uid, []int64{call.ID, shop.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := models.LabelNames(labels[call.ID]); len(got) != 3 || len(labels[shop.ID]) != 0 {
		t.Errorf("labels after the refused edit = %v and %v, want ok, x, y and none", got, labels[shop.ID])
	}

	// Deleting a label detaches it and keeps the tasks.
	all, err := models.UserLabels(t.Context(), ts.db.Read, uid)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		if res := c.postForm("/labels/"+strconv.FormatInt(l.ID, 10)+"/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete label: status %d", res.StatusCode)
		}
	}
	if n := ts.taskCount(t); n != 3 {
		t.Errorf("%d tasks after deleting every label, want 3", n)
	}
}

func TestSubtasks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	parent := ts.addTask(t, uid, models.Task{Title: "Plan trip"})
	pid := strconv.FormatInt(parent.ID, 10)
	region := "detail-" + pid + "-subtasks"
	hx := []string{"HX-Current-URL", ts.URL + "/tasks/" + pid, "HX-Target", region}
	for _, title := range []string{"Book flights", "Pack"} {
		res := c.htmx("POST", "/tasks", url.Values{"title": {title}, "parent": {pid}}, hx...)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("add subtask: status %d", res.StatusCode)
		}
		if ev := res.Header.Get("HX-Trigger"); ev != `{"task-changed":{"id":`+pid+`}}` {
			t.Errorf("HX-Trigger = %q, want the parent's change event", ev)
		}
	}
	subs, err := models.Subtasks(t.Context(), ts.db.Read, uid, parent.ID)
	if err != nil || len(subs) != 2 || subs[0].Title != "Book flights" || subs[1].Position <= subs[0].Position {
		t.Fatalf("subtasks = %+v, %v; want Book flights then Pack", subs, err)
	}
	// One level only.
	res := c.htmx("POST", "/tasks", url.Values{"title": {"Deeper"}, "parent": {strconv.FormatInt(subs[0].ID, 10)}}, hx...)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("subtask of a subtask: status %d, want 422", res.StatusCode)
	}

	res = c.htmx("POST", "/tasks/"+strconv.FormatInt(subs[0].ID, 10)+"/toggle", url.Values{}, hx...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("toggle subtask: status %d", res.StatusCode)
	}
	wantText(t, res.doc(t), `[data-testid="subtasks-progress"]`, "1 of 2 subtasks done")

	// The list shows each subtask as itself, with its parent beside it,
	// and the parent's progress.
	doc := c.get("/tasks?status=all").doc(t)
	wantText(t, doc, "#task-"+pid+` [data-testid="task-progress"]`, "1/2 subtasks done")
	wantText(t, doc, "#task-"+strconv.FormatInt(subs[1].ID, 10)+` [data-testid="task-parent"]`, "↳ Plan trip")

	// Completing the parent offers to complete the open subtask.
	res = c.htmx("POST", "/tasks/"+pid+"/toggle", url.Values{}, "HX-Current-URL", ts.URL+"/tasks?status=all")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("toggle parent: status %d", res.StatusCode)
	}
	wantText(t, res.doc(t), `[data-testid="alert"] span`, "Done: “Plan trip”. 1 subtask is still open.")
	res = c.htmx("POST", "/tasks/"+pid+"/subtasks/complete", url.Values{}, "HX-Current-URL", ts.URL+"/tasks")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("complete subtasks: status %d", res.StatusCode)
	}
	if got := ts.task(t, uid, subs[1].ID); !got.Done() {
		t.Errorf("subtask %q not done after completing the parent's subtasks", got.Title)
	}

	// Deleting the parent says how many subtasks go, and takes them.
	doc = c.get("/tasks/" + pid + "/delete").doc(t)
	wantText(t, doc, `[data-testid="delete-confirm"] p`, "“Plan trip” and its 2 subtasks will be deleted for good.")
	if res := c.postForm("/tasks/"+pid+"/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete parent: status %d", res.StatusCode)
	}
	if n := ts.taskCount(t); n != 0 {
		t.Errorf("%d tasks after deleting the parent, want 0", n)
	}
}

func TestTodayAndUpcoming(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	today := models.DateOf(ts.clock.Now())
	ts.addTask(t, uid, models.Task{Title: "Late", Due: today.AddDays(-2)})
	ts.addTask(t, uid, models.Task{Title: "Now", Due: today})
	ts.addTask(t, uid, models.Task{Title: "Soon", Due: today.AddDays(1)})
	ts.addTask(t, uid, models.Task{Title: "Far", Due: today.AddDays(30)})
	ts.addTask(t, uid, models.Task{Title: "Whenever"})

	doc := c.get("/today").doc(t)
	wantText(t, doc, `[data-testid="view-title"]`, "Today")
	wantTexts(t, doc, `[data-testid="group-heading"]`, "Overdue", "Today")
	wantTexts(t, doc, `[data-testid="task-title"]`, "Late", "Now")
	wantCount(t, doc, `#new-due[value="`+today.String()+`"]`, 1) // quick add in Today is due today

	doc = c.get("/upcoming").doc(t)
	wantTexts(t, doc, `[data-testid="group-heading"]`, "Today", "Tomorrow", "Later")
	wantTexts(t, doc, `[data-testid="task-title"]`, "Now", "Soon", "Far")
}

func TestLabelsPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	if res := c.postForm("/labels", url.Values{"name": {" @Phone "}, "colour": {"green"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d, want 303", res.StatusCode)
	}
	res := c.postForm("/labels", url.Values{"name": {"phone"}, "colour": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate: status %d, want 422", res.StatusCode)
	}
	wantText(t, res.doc(t), "#new-label .field-error", "You already have a label named “phone”.")
	if res := c.postForm("/labels", url.Values{"name": {"a,b"}, "colour": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("comma in a name: status %d, want 422", res.StatusCode)
	}
	labels, err := models.UserLabels(t.Context(), ts.db.Read, uid)
	if err != nil || len(labels) != 1 || labels[0].Name != "Phone" || labels[0].Colour != "green" {
		t.Fatalf("labels = %+v, %v; want Phone in green", labels, err)
	}
	id := strconv.FormatInt(labels[0].ID, 10)
	if res := c.postForm("/labels/"+id, url.Values{"name": {"Calls"}, "colour": {"blue"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: status %d", res.StatusCode)
	}
	wantTexts(t, c.get("/labels").doc(t), `[data-testid="label-name"]`, "@Calls")
	doc := c.get("/labels/" + id + "/delete").doc(t)
	wantText(t, doc, `[data-testid="delete-label-confirm"] p`, "No task carries it.")
}

func TestListOrder(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	for _, name := range []string{"Work", "Home", "Thesis"} {
		if res := c.postForm("/lists", url.Values{"name": {name}, "colour": {""}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create %s: status %d", name, res.StatusCode)
		}
	}
	thesis := strconv.FormatInt(ts.listID(t, uid, "Thesis"), 10)
	for _, dir := range []string{"up", "up", "up"} { // the third move finds it first already
		if res := c.postForm("/lists/"+thesis+"/move", url.Values{"dir": {dir}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("move %s: status %d", dir, res.StatusCode)
		}
	}
	wantTexts(t, c.get("/tasks").doc(t), `[data-testid="nav-lists"] .nav-name`, "Thesis", "Work", "Home")
	if res := c.postForm("/lists/"+thesis+"/move", url.Values{"dir": {"sideways"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("move sideways: status %d, want 422", res.StatusCode)
	}
}

// Without JavaScript, a row's label link opens the task's page with the
// label editor, whose form saves and returns to the task.
func TestLabelEditorWithoutJavaScript(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Call mom"})
	path := "/tasks/" + strconv.FormatInt(task.ID, 10)
	res := c.get(path + "/edit?field=labels")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("editor: status %d", res.StatusCode)
	}
	doc := res.doc(t)
	wantCount(t, doc, `[data-testid="task-detail"] [data-testid="labels-editor"] input[name="labels"][autofocus]`, 1)
	res = c.postForm(path, url.Values{"labels": {"phone"}}, "Referer", ts.URL+path+"/edit?field=labels")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("save: status %d to %q, want 303 to the task", res.StatusCode, res.Header.Get("Location"))
	}
	wantTexts(t, c.get(path).doc(t), `[data-testid="task-detail"] [data-testid="task-label"]`, "@phone")
}

// Deleting a subtask from its row refreshes its parent's progress; deleting
// a parent from its row reloads the list, whose rows may include its
// subtasks.
func TestDeleteRowsWithSubtasks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	parent := ts.addTask(t, uid, models.Task{Title: "Plan trip"})
	sub := ts.addTask(t, uid, models.Task{Title: "Pack", ParentID: parent.ID})
	other := ts.addTask(t, uid, models.Task{Title: "Book", ParentID: parent.ID})
	res := c.htmx("DELETE", "/tasks/"+strconv.FormatInt(sub.ID, 10), nil, "HX-Current-URL", ts.URL+"/tasks")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("delete subtask: status %d", res.StatusCode)
	}
	if got, want := res.Header.Get("HX-Trigger"), `{"task-changed":{"id":`+strconv.FormatInt(parent.ID, 10)+`}}`; got != want {
		t.Errorf("HX-Trigger = %q, want %q", got, want)
	}
	res = c.htmx("DELETE", "/tasks/"+strconv.FormatInt(parent.ID, 10), nil, "HX-Current-URL", ts.URL+"/tasks")
	if res.StatusCode != http.StatusOK || res.Header.Get("HX-Refresh") != "true" {
		t.Fatalf("delete parent: status %d, HX-Refresh %q; want 200 and a refresh", res.StatusCode, res.Header.Get("HX-Refresh"))
	}
	wantText(t, c.get("/tasks").doc(t), `[data-testid="alert"] span`, "Task and its 1 subtask deleted.")
	if _, err := models.GetTask(t.Context(), ts.db.Read, uid, other.ID); err != models.ErrNotFound {
		t.Errorf("the parent's other subtask: %v, want deleted with it", err)
	}
}

// Without JavaScript, a deletion returns to the list it was asked from,
// and never to another site.
func TestDeleteReturnsToItsList(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	for _, tc := range []struct{ next, want string }{
		{"/tasks?status=done", "/tasks?status=done"},
		{"/today", "/today"},
		{"//evil.example/tasks", "/tasks?list=" + strconv.FormatInt(ts.listID(t, uid, models.InboxName), 10)},
		{"/account", "/tasks?list=" + strconv.FormatInt(ts.listID(t, uid, models.InboxName), 10)},
	} {
		task := ts.addTask(t, uid, models.Task{Title: "Gone soon"})
		path := "/tasks/" + strconv.FormatInt(task.ID, 10) + "/delete"
		doc := c.get(path, "Referer", ts.URL+tc.next).doc(t)
		if tc.next == tc.want {
			wantCount(t, doc, `input[name="next"][value="`+tc.next+`"]`, 1)
		}
		res := c.postForm(path, url.Values{"next": {tc.next}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.want {
			t.Errorf("delete with next %q: status %d to %q, want 303 to %q", tc.next, res.StatusCode, res.Header.Get("Location"), tc.want)
		}
	}
}

// A label's view has no tally, so it shows no counts rather than wrong ones.
func TestLabelViewShowsNoCounts(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	task := ts.addTask(t, uid, models.Task{Title: "Call mom"})
	ts.addTask(t, uid, models.Task{Title: "Unlabelled"})
	if err := models.SetTaskLabels(t.Context(), ts.db.Write, uid, task.ID, []string{"phone"}); err != nil {
		t.Fatal(err)
	}
	wantText(t, c.get("/tasks").doc(t), "#summary", "2 open tasks")
	doc := c.get("/tasks?label=phone").doc(t)
	wantCount(t, doc, "#summary", 1)
	if got := doc.Find("#summary").Text(); got != "" {
		t.Errorf("label view's summary = %q, want none", got)
	}
}
