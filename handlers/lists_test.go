package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"docket/models"
)

// listID returns the id of the user's list of that name.
func (ts *testServer) listID(t *testing.T, userID int64, name string) int64 {
	t.Helper()
	l, err := models.ListByName(t.Context(), ts.db.Read, userID, name)
	if err != nil {
		t.Fatalf("list %q: %v", name, err)
	}
	return l.ID
}

func TestListLifecycle(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")

	res := c.postForm("/lists", url.Values{"name": {"  Work  "}, "colour": {"blue"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d, want 303", res.StatusCode)
	}
	work := ts.listID(t, uid, "work")
	if loc := res.Header.Get("Location"); loc != "/tasks?list="+strconv.FormatInt(work, 10) {
		t.Errorf("create redirects to %q, want the new list's view", loc)
	}
	for _, tc := range []struct {
		name, colour, want string
	}{
		{"WORK", "", "You already have a list named “WORK”."},
		{"", "", "Give the list a name."},
		{strings.Repeat("x", 61), "", "Keep the name to 60 characters."},
		{"Home", "magenta", "Choose a colour from the list."},
	} {
		res := c.postForm("/lists", url.Values{"name": {tc.name}, "colour": {tc.colour}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("create %q: status %d, want 422", tc.name, res.StatusCode)
		}
		wantText(t, res.doc(t), ".field-error", tc.want)
	}

	task := ts.addTask(t, uid, models.Task{Title: "Write report", ListID: work})
	res = c.get("/tasks?list=" + strconv.FormatInt(work, 10))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list view: status %d", res.StatusCode)
	}
	doc := res.doc(t)
	wantText(t, doc, `[data-testid="view-title"]`, "Work")
	wantCount(t, doc, `[data-testid="task-row"]`, 1)
	wantCount(t, doc, `[data-testid="task-list-chip"]`, 0) // its own list's view shows no list chip
	wantCount(t, doc, `#quick-add input[name="list"][value="`+strconv.FormatInt(work, 10)+`"]`, 1)
	wantText(t, doc, `[data-testid="nav-lists"] [aria-current="page"] .nav-name`, "Work")
	wantText(t, doc, `[data-testid="nav-lists"] [aria-current="page"] .nav-count`, "1 open task")

	// The Inbox keeps its name and stays.
	inbox := ts.listID(t, uid, models.InboxName)
	res = c.postForm("/lists/"+strconv.FormatInt(inbox, 10), url.Values{"name": {"Other"}, "colour": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("renaming the Inbox: status %d, want 422", res.StatusCode)
	}
	if res := c.postForm("/lists/"+strconv.FormatInt(inbox, 10)+"/delete", url.Values{"tasks": {"move"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("deleting the Inbox: status %d, want 422", res.StatusCode)
	}

	// Archived, the list and its task leave the sidebar and All tasks.
	if res := c.postForm("/lists/"+strconv.FormatInt(work, 10), url.Values{"archived": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: status %d", res.StatusCode)
	}
	doc = c.get("/tasks").doc(t)
	wantCount(t, doc, `[data-testid="task-row"]`, 0)
	wantCount(t, doc, `[data-testid="nav-lists"] [data-testid="nav-item"]`, 0)
	wantCount(t, c.get("/tasks?list="+strconv.FormatInt(work, 10)).doc(t), `[data-testid="task-row"]`, 1)

	// Deleting asks how many tasks go; moving keeps them, in the Inbox.
	doc = c.get("/lists/" + strconv.FormatInt(work, 10) + "/delete").doc(t)
	wantText(t, doc, "legend", "It holds 1 task. What should happen to it?")
	if res := c.postForm("/lists/"+strconv.FormatInt(work, 10)+"/delete", url.Values{"tasks": {"sometimes"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("delete with a bad choice: status %d, want 422", res.StatusCode)
	}
	if res := c.postForm("/lists/"+strconv.FormatInt(work, 10)+"/delete", url.Values{"tasks": {"move"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: status %d", res.StatusCode)
	}
	if got := ts.task(t, uid, task.ID); got.ListID != inbox {
		t.Errorf("task in list %d after its list was deleted, want the Inbox %d", got.ListID, inbox)
	}

	home := &models.List{UserID: uid, Name: "Home"}
	if err := models.CreateList(t.Context(), ts.db.Write, home); err != nil {
		t.Fatal(err)
	}
	gone := ts.addTask(t, uid, models.Task{Title: "Fix tap", ListID: home.ID})
	if res := c.postForm("/lists/"+strconv.FormatInt(home.ID, 10)+"/delete", url.Values{"tasks": {"delete"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete with tasks: status %d", res.StatusCode)
	}
	if _, err := models.GetTask(t.Context(), ts.db.Read, uid, gone.ID); err != models.ErrNotFound {
		t.Errorf("task of a list deleted with its tasks: %v, want not found", err)
	}
}

// Another user's list, label or parent is not found, and changes nothing.
func TestOrganiseOtherUsersIDs(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signUp(t, "alice")
	_, bob := ts.signUp(t, "bob")
	bobsList := &models.List{UserID: bob, Name: "Secret"}
	if err := models.CreateList(t.Context(), ts.db.Write, bobsList); err != nil {
		t.Fatal(err)
	}
	bobsTask := ts.addTask(t, bob, models.Task{Title: "Bob's"})
	lid := strconv.FormatInt(bobsList.ID, 10)
	before := ts.taskCount(t)
	for _, tc := range []struct {
		name, method, path string
		form               url.Values
	}{
		{"list view", "GET", "/tasks?list=" + lid, nil},
		{"label view", "GET", "/tasks?label=secret", nil},
		{"rename list", "POST", "/lists/" + lid, url.Values{"name": {"Mine"}, "colour": {""}}},
		{"delete list", "POST", "/lists/" + lid + "/delete", url.Values{"tasks": {"delete"}}},
		{"create in list", "POST", "/tasks", url.Values{"title": {"x"}, "list": {lid}}},
		{"create subtask", "POST", "/tasks", url.Values{"title": {"x"}, "parent": {strconv.FormatInt(bobsTask.ID, 10)}}},
		{"subtasks", "GET", "/tasks/" + strconv.FormatInt(bobsTask.ID, 10) + "/subtasks", nil},
		{"complete subtasks", "POST", "/tasks/" + strconv.FormatInt(bobsTask.ID, 10) + "/subtasks/complete", url.Values{}},
	} {
		res := c.request(tc.method, tc.path, tc.form)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", tc.name, res.StatusCode)
		}
	}
	if after := ts.taskCount(t); after != before {
		t.Errorf("%d tasks after the refused requests, want %d", after, before)
	}
	if l, err := models.GetList(t.Context(), ts.db.Read, bob, bobsList.ID); err != nil || l.Name != "Secret" {
		t.Errorf("Bob's list after the requests: %+v, %v", l, err)
	}
}
