package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"docket/models"
)

// quickTask is what a quick add stored, as a test compares it.
type quickTask struct {
	Title    string
	Due      string
	Priority models.Priority
	List     string
	Labels   []string
}

// lastTask reads back the user's newest task with its list and labels.
func (ts *testServer) lastTask(t *testing.T, userID int64) quickTask {
	t.Helper()
	ctx := context.Background()
	var task models.Task
	if err := ts.db.Read.NewSelect().Model(&task).Where("t.user_id = ?", userID).OrderExpr("t.id DESC").Limit(1).Scan(ctx); err != nil {
		t.Fatalf("newest task: %v", err)
	}
	l, err := models.GetList(ctx, ts.db.Read, userID, task.ListID)
	if err != nil {
		t.Fatalf("list of task %d: %v", task.ID, err)
	}
	labels, err := models.LabelsOfTasks(ctx, ts.db.Read, userID, []int64{task.ID})
	if err != nil {
		t.Fatal(err)
	}
	return quickTask{task.Title, task.Due.String(), task.Priority, l.Name, models.LabelNames(labels[task.ID])}
}

// addList gives the user a list called name and returns its id.
func (ts *testServer) addList(t *testing.T, userID int64, name string) int64 {
	t.Helper()
	l := &models.List{UserID: userID, Name: name}
	if err := models.CreateList(context.Background(), ts.db.Write, l); err != nil {
		t.Fatalf("list %q: %v", name, err)
	}
	return l.ID
}

// wantLastTask fails the test unless the user's newest task is want.
func (ts *testServer) wantLastTask(t *testing.T, userID int64, what string, want quickTask) {
	t.Helper()
	got := ts.lastTask(t, userID)
	if got.Title != want.Title || got.Due != want.Due || got.Priority != want.Priority || got.List != want.List || !slices.Equal(got.Labels, want.Labels) {
		t.Errorf("%s: stored %+v, want %+v", what, got, want)
	}
}

func TestQuickAddParsesOnSave(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	ts.addList(t, uid, "Family")
	tomorrow := models.DateOf(ts.clock.Now()).AddDays(1).String()
	tests := []struct {
		name, title string
		extra       url.Values
		want        quickTask
	}{
		{"quoted words stay", `"The 5th Wave" tomorrow`, nil, quickTask{Title: "The 5th Wave", Due: tomorrow, List: "Inbox"}},
		{"check money", "check money", nil, quickTask{Title: "check money", List: "Inbox"}},
		{"monitor", "monitor the build", nil, quickTask{Title: "monitor the build", List: "Inbox"}},
		{"paprika", "buy paprika", nil, quickTask{Title: "buy paprika", List: "Inbox"}},
		{"everything", "Call mom tomorrow p1 #Family @phone", nil,
			quickTask{"Call mom", tomorrow, models.PriorityUrgent, "Family", []string{"phone"}}},
		{"keep a token", "Call mom tomorrow p1 #Family @phone", url.Values{"keep": {"1:@phone", "1:tomorrow"}},
			quickTask{"Call mom tomorrow @phone", "", models.PriorityUrgent, "Family", nil}},
		{"keep every token", "Call mom tomorrow p1", url.Values{"keep": {"1:tomorrow", "1:p1"}},
			quickTask{Title: "Call mom tomorrow p1", List: "Inbox"}},
		{"unknown list", "Fix #482 p2", nil, quickTask{Title: "Fix #482", Priority: models.PriorityHigh, List: "Inbox"}},
		{"labels join the form's", "Call dad @phone", url.Values{"labels": {"family"}},
			quickTask{Title: "Call dad", List: "Inbox", Labels: []string{"family", "phone"}}},
		{"tokens win over the form", "Pay rent p3 tomorrow", url.Values{"priority": {"low"}, "due": {"2030-01-01"}},
			quickTask{Title: "Pay rent", Due: tomorrow, Priority: models.PriorityMedium, List: "Inbox"}},
	}
	for _, tt := range tests {
		for _, htmx := range []bool{false, true} {
			form := url.Values{"title": {tt.title}, "quick": {"1"}}
			for k, v := range tt.extra {
				form[k] = v
			}
			var res *response
			if htmx {
				res = c.htmx("POST", "/tasks", form, "HX-Current-URL", ts.URL+"/tasks")
				wantStatus(t, res, http.StatusOK)
			} else {
				res = c.postForm("/tasks", form)
				wantStatus(t, res, http.StatusSeeOther)
			}
			ts.wantLastTask(t, uid, fmt.Sprintf("%s (htmx %v)", tt.name, htmx), tt.want)
		}
	}
}

// Without quick=1 a title is stored as sent; with it, "#list" moves the
// task out of the list being viewed.
func TestQuickAddOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	ts.addList(t, uid, "Family")
	res := c.postForm("/tasks", url.Values{"title": {"Call mom tomorrow p1 #Family @phone"}})
	wantStatus(t, res, http.StatusSeeOther)
	ts.wantLastTask(t, uid, "without quick=1", quickTask{Title: "Call mom tomorrow p1 #Family @phone", List: "Inbox"})

	work := ts.addList(t, uid, "Work")
	path := "/tasks?list=" + strconv.FormatInt(work, 10)
	form := url.Values{"title": {"Call mom #family"}, "quick": {"1"}, "list": {strconv.FormatInt(work, 10)}}
	res = c.htmx("POST", "/tasks", form, "HX-Current-URL", ts.URL+path)
	wantStatus(t, res, http.StatusOK)
	ts.wantLastTask(t, uid, "#family in Work's view", quickTask{Title: "Call mom", List: "Family"})
}

// The title rules apply to the title that is left, not to the line typed.
func TestQuickAddValidatesParsedTitle(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	long := strings.Repeat("a", models.MaxTitleLen)
	res := c.postForm("/tasks", url.Values{"title": {long + " tomorrow"}, "quick": {"1"}})
	wantStatus(t, res, http.StatusSeeOther)
	if got := ts.lastTask(t, uid); got.Title != long || got.Due == "" {
		t.Errorf("stored %q due %q, want the %d characters due tomorrow", got.Title, got.Due, models.MaxTitleLen)
	}
	res = c.postForm("/tasks", url.Values{"title": {long + "a tomorrow"}, "quick": {"1"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	doc := res.doc(t)
	wantCount(t, doc, `#quick-add [data-testid="title-error"]`, 1)
	// The form given back fetches the chips of what was typed.
	wantCount(t, doc, `#quick-chips[data-hx-trigger="load"][data-hx-get="/tasks/quick"]`, 1)
	wantCount(t, c.get("/tasks").doc(t), `#quick-chips[data-hx-trigger]`, 0)
}

func TestQuickAddPreview(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	ts.addList(t, uid, "Family")
	title := url.QueryEscape("Call mom tomorrow p1 #family @phone")

	res := c.htmx("GET", "/tasks/quick?title="+title, nil)
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	wantTexts(t, doc, `[data-testid="quick-chip-text"]`, "Tomorrow", "P1", "#Family", "@phone")
	wantText(t, doc, "#quick-summary", "Will set: due tomorrow, priority 1, list Family, label phone.")
	if got, _ := doc.Find(`[data-testid="quick-keep"]`).Last().Attr("aria-label"); got != "Keep “@phone” as text" {
		t.Errorf("last chip's button is labelled %q", got)
	}
	wantCount(t, doc, `input[name="keep"]`, 0)

	// Turning @phone back into text keeps it so, through later previews.
	res = c.htmx("GET", "/tasks/quick?title="+title+"&as_text=1:@phone", nil)
	wantStatus(t, res, http.StatusOK)
	doc = res.doc(t)
	wantTexts(t, doc, `[data-testid="quick-chip-text"]`, "Tomorrow", "P1", "#Family")
	wantCount(t, doc, `input[name="keep"][value="1:@phone"]`, 1)
	res = c.htmx("GET", "/tasks/quick?title="+title+"+now&keep=1:@phone&keep=1:gone", nil)
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `input[name="keep"]`, 1)

	// Nothing understood: no chips, nothing said.
	res = c.htmx("GET", "/tasks/quick?title=buy+paprika", nil)
	wantStatus(t, res, http.StatusOK)
	doc = res.doc(t)
	wantCount(t, doc, `[data-testid="quick-chip"]`, 0)
	wantText(t, doc, "#quick-summary", "")

	// The form asks for the preview, and a fresh form after an add has no chips.
	doc = c.get("/tasks").doc(t)
	wantCount(t, doc, `#new-title[data-hx-get="/tasks/quick"]`, 1)
	wantCount(t, doc, `#quick-add #quick-chips`, 1)
	res = c.htmx("POST", "/tasks", url.Values{"title": {"Call mom tomorrow"}, "quick": {"1"}, "keep": {"1:tomorrow"}}, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `#quick-add[data-hx-swap-oob="true"] #quick-chips input`, 0)
}

// A preview costs the session and the user's lists, nothing more.
func TestQuickAddPreviewQueryBudget(t *testing.T) {
	t.Parallel()
	ql := &queryLog{}
	ts := newTestServer(t, withQueryLog(ql))
	c := ts.newLocalClient(t)
	ts.signUp(t, "alice")
	c.login("alice", testPassword)
	ql.reset()
	res := c.htmx("GET", "/tasks/quick?title=Call+mom+tomorrow+p1+%23Inbox+%40phone", nil)
	qs := ql.take()
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `[data-testid="quick-chip"]`, 4)
	if len(qs) > 2 {
		t.Errorf("preview: %d statements, want at most 2:\n%s", len(qs), strings.Join(qs, "\n"))
	}
}

func TestQuickAddKeepAsText(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	ts.addList(t, uid, "Family")
	work := ts.addList(t, uid, "Work")
	tomorrow := models.DateOf(ts.clock.Now()).AddDays(1).String()
	typed := "Call mom tomorrow p1 #Family @phone"

	// Added from Work's view with the label "calls" and priority low set by the form.
	form := url.Values{"title": {typed}, "quick": {"1"}, "list": {strconv.FormatInt(work, 10)}, "labels": {"calls"}, "priority": {"low"}}
	res := c.postForm("/tasks", form, "Referer", ts.URL+"/tasks?list="+strconv.FormatInt(work, 10))
	wantStatus(t, res, http.StatusSeeOther)
	ts.wantLastTask(t, uid, "parsed", quickTask{"Call mom", tomorrow, models.PriorityUrgent, "Family", []string{"calls", "phone"}})
	doc := c.get(res.Header.Get("Location")).doc(t)
	wantText(t, doc, `#alerts [data-testid="alert"] span`, "Added “Call mom”: Tomorrow, P1, #Family, @phone.")
	undo, ok := doc.Find(`#alerts input[name="undo"]`).Attr("value")
	action, _ := doc.Find(`#alerts form`).Attr("action")
	if !ok || action == "" {
		t.Fatalf("no Keep it as text form in the alert:\n%s", res.body)
	}
	// The offer is shown once.
	wantCount(t, c.get("/tasks").doc(t), `#alerts form`, 0)

	res = c.postForm(action, url.Values{"undo": {undo}})
	wantStatus(t, res, http.StatusSeeOther)
	ts.wantLastTask(t, uid, "kept as text", quickTask{Title: typed, Priority: models.PriorityLow, List: "Work", Labels: []string{"calls"}})
	wantText(t, c.get("/tasks").doc(t), `#alerts [data-testid="alert"] span`, "Kept “"+typed+"” as typed.")

	// Once the task has changed, the button changes nothing.
	res = c.postForm("/tasks", url.Values{"title": {"Buy milk tomorrow"}, "quick": {"1"}})
	wantStatus(t, res, http.StatusSeeOther)
	doc = c.get("/tasks").doc(t)
	undo, _ = doc.Find(`#alerts input[name="undo"]`).Attr("value")
	action, _ = doc.Find(`#alerts form`).Attr("action")
	res = c.htmx("PATCH", strings.TrimSuffix(action, "/as-typed"), url.Values{"due": {""}}, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	res = c.postForm(action, url.Values{"undo": {undo}})
	wantStatus(t, res, http.StatusSeeOther)
	wantText(t, c.get("/tasks").doc(t), `#alerts [data-testid="alert"] span`, "“Buy milk” changed meanwhile, so it was left as it is.")
	ts.wantLastTask(t, uid, "changed meanwhile", quickTask{Title: "Buy milk", List: "Inbox"})

	// htmx gets the same offer in its alert; nothing understood, no offer.
	res = c.htmx("POST", "/tasks", url.Values{"title": {"Pay rent p2"}, "quick": {"1"}}, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `#alerts[data-hx-swap-oob] form input[name="undo"]`, 1)
	res = c.htmx("POST", "/tasks", url.Values{"title": {"Pay rent"}, "quick": {"1"}}, "HX-Current-URL", ts.URL+"/tasks")
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `#alerts form`, 0)
	if res := c.postForm(action, url.Values{"undo": {"{"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("mangled undo: status %d, want 400", res.StatusCode)
	}
}

func TestQuickAddSetting(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, uid := ts.signUp(t, "alice")
	wantCount(t, c.get("/account").doc(t), `[data-testid="quick-add-setting"] input[name="quick_add"][checked]`, 1)

	res := c.postForm("/account/quick-add", url.Values{})
	wantRedirect(t, res, "/account")
	wantCount(t, c.get("/account").doc(t), `[data-testid="quick-add-setting"] input[name="quick_add"][checked]`, 0)
	doc := c.get("/tasks").doc(t)
	wantCount(t, doc, `#quick-add input[name="quick"], #quick-chips, #new-title[data-hx-get]`, 0)
	res = c.htmx("GET", "/tasks/quick?title=Call+mom+tomorrow", nil)
	wantStatus(t, res, http.StatusOK)
	wantCount(t, res.doc(t), `[data-testid="quick-chip"]`, 0)
	res = c.postForm("/tasks", url.Values{"title": {"Call mom tomorrow p1"}, "quick": {"1"}})
	wantStatus(t, res, http.StatusSeeOther)
	ts.wantLastTask(t, uid, "setting off", quickTask{Title: "Call mom tomorrow p1", List: "Inbox"})

	// The setting is the account's: a new log-in reads it from the database.
	other := ts.newClient(t)
	other.login("alice", testPassword)
	wantCount(t, other.get("/tasks").doc(t), `#quick-add input[name="quick"]`, 0)

	res = other.postForm("/account/quick-add", url.Values{"quick_add": {"1"}})
	wantRedirect(t, res, "/account")
	res = other.postForm("/tasks", url.Values{"title": {"Call mom tomorrow p1"}, "quick": {"1"}})
	wantStatus(t, res, http.StatusSeeOther)
	ts.wantLastTask(t, uid, "setting on again", quickTask{Title: "Call mom", Due: models.DateOf(ts.clock.Now()).AddDays(1).String(), Priority: models.PriorityUrgent, List: "Inbox"})
}
