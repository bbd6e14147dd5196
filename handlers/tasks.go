package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"docket/components"
	"docket/models"
)

// location is the signed-in user's time zone.
func location(r *http.Request) *time.Location {
	if u := currentUser(r); u != nil {
		return models.LoadLocation(u.Timezone)
	}
	return time.UTC
}

// today is the current day in the signed-in user's time zone.
func (h *Handler) today(r *http.Request) models.Date {
	return models.DateOf(h.now().In(location(r)))
}

// viewFilter is the filter of the list the user is looking at, read from
// the page URL htmx reports, so an edited row can leave a view it no
// longer belongs to.
func viewFilter(r *http.Request) models.TaskFilter {
	u, err := url.Parse(r.Header.Get("HX-Current-URL"))
	if err != nil || u.Path != "/tasks" {
		return models.DefaultTaskFilter()
	}
	return parseFilter(u.Query())
}

func (h *Handler) taskList(w http.ResponseWriter, r *http.Request) error {
	f := parseFilter(r.URL.Query())
	today := h.today(r)
	target := r.Header.Get("HX-Target")
	if isHTMX(r) && target == "task-list" {
		f.Page = 1 // a new filter starts at the top, as the pushed URL says
	}
	if isHTMX(r) && target == "task-rows" {
		return h.taskListMore(w, r, f, today)
	}
	f.Page = min(f.Page, models.MaxPage) // a bookmarked deep page shows the most one page may
	list, err := h.fullList(r, f, today)
	if err != nil {
		return err
	}
	d := components.TaskListData{Filter: f, List: list, Today: today}
	if isHTMX(r) && target == "task-list" { // filters changed
		w.Header().Set("HX-Push-Url", components.ListURL(f))
		return h.render(w, r, http.StatusOK, components.TaskList(d))
	}
	return h.renderTasksPage(w, r, http.StatusOK, d)
}

// fullList is the list a page shows: its first f.Page pages or, where a
// load-more link without JavaScript leads past models.MaxPage, the page
// after the row its cursor names. A cursor that cannot be read is
// ignored, so an old or mangled link still shows the list.
func (h *Handler) fullList(r *http.Request, f models.TaskFilter, today models.Date) (models.TaskPage, error) {
	ctx, uid := r.Context(), currentUser(r).ID
	if after := r.URL.Query().Get("after"); after != "" && r.Header.Get("HX-Target") != "task-list" {
		if c, err := models.ParseCursor(after, f); err == nil {
			return models.ListTasksAfter(ctx, h.db.Read, uid, f, today, c)
		}
	}
	return models.ListTasks(ctx, h.db.Read, uid, f, today)
}

// inView reports whether a task just changed still belongs in the list the
// user is looking at, and the counts for the list's summary line.
func (h *Handler) inView(r *http.Request, task *models.Task, today models.Date) (bool, models.TaskCounts, error) {
	ctx, uid := r.Context(), currentUser(r).ID
	matches, err := models.TaskMatches(ctx, h.db.Read, uid, task.ID, viewFilter(r), today)
	if err != nil {
		return false, models.TaskCounts{}, err
	}
	counts, err := models.CountTasks(ctx, h.db.Read, uid, today)
	return matches, counts, err
}

// renderTasksPage renders the full list page, counting tasks for its header.
func (h *Handler) renderTasksPage(w http.ResponseWriter, r *http.Request, status int, d components.TaskListData) error {
	counts, err := models.CountTasks(r.Context(), h.db.Read, currentUser(r).ID, d.Today)
	if err != nil {
		return err
	}
	d.Counts = counts
	return h.render(w, r, status, components.TasksPage(h.page(r, "Tasks"), d))
}

func (h *Handler) taskCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, uid := r.Context(), currentUser(r).ID
	f := components.TaskFormData{
		Title:       strings.TrimSpace(r.PostForm.Get("title")),
		Description: r.PostForm.Get("description"),
		Due:         strings.TrimSpace(r.PostForm.Get("due")),
		Priority:    r.PostForm.Get("priority"),
		Status:      r.PostForm.Get("status"),
	}
	if f.Priority == "" {
		f.Priority = models.PriorityNone.String()
	}
	if f.Status == "" {
		f.Status = string(models.StatusTodo)
	}
	r.PostForm.Set("title", f.Title) // an absent title must fail, not be skipped
	r.PostForm.Set("priority", f.Priority)
	r.PostForm.Set("status", f.Status)
	c, errs := taskChanges(r)
	if f.Errors = errs; len(errs) > 0 {
		if isHTMX(r) {
			w.Header().Set("HX-Retarget", "#quick-add")
			w.Header().Set("HX-Reswap", "outerHTML")
			return h.render(w, r, http.StatusUnprocessableEntity, components.QuickAddForm(f, false))
		}
		today := h.today(r)
		view := models.DefaultTaskFilter()
		list, err := models.ListTasks(ctx, h.db.Read, uid, view, today)
		if err != nil {
			return err
		}
		return h.renderTasksPage(w, r, http.StatusUnprocessableEntity, components.TaskListData{
			Filter: view, List: list, Today: today, Form: f,
		})
	}
	task := &models.Task{UserID: uid, Title: *c.Title, Priority: *c.Priority, Status: *c.Status}
	if c.Description != nil {
		task.Description = *c.Description
	}
	if c.Due != nil {
		task.Due = *c.Due
	}
	if err := models.CreateTask(ctx, h.db.Write, task); err != nil {
		return err
	}
	if !isHTMX(r) {
		h.flash(r, "Added “"+task.Title+"”.")
		http.Redirect(w, r, backTo(r, "/tasks"), http.StatusSeeOther)
		return nil
	}
	// Like an edited row, a new task outside the current view stays out of
	// the list; an alert says where it went.
	today := h.today(r)
	matches, counts, err := h.inView(r, task, today)
	if err != nil {
		return err
	}
	row := components.TaskRow(components.TaskView{Task: *task, Today: today})
	if !matches {
		row = components.AlertOOB("Added “" + task.Title + "”. The current filters hide it.")
	}
	return h.render(w, r, http.StatusOK, row,
		components.SummaryLine(counts, true),
		components.QuickAddForm(components.TaskFormData{}, true))
}

// badCursor is the answer to a load-more link that does not say where the
// list left off.
func badCursor(err error) error {
	return &httpError{status: http.StatusBadRequest,
		msg: "Could not tell where the list left off. Reload the page to see more tasks.", err: err}
}

// taskListMore answers "load more": the rows after the cursor in the
// after parameter, then the next link out of band.
func (h *Handler) taskListMore(w http.ResponseWriter, r *http.Request, f models.TaskFilter, today models.Date) error {
	list, err := h.moreRows(r, f, today, r.URL.Query().Get("after"))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, components.TaskRows(list.Tasks, today), components.LoadMore(f, list, true))
}

// moreRows lists the page after the cursor. A link from a page rendered
// before cursors names only its page number; while that is within the
// first models.MaxPage pages, its rows are the last page of those.
func (h *Handler) moreRows(r *http.Request, f models.TaskFilter, today models.Date, after string) (models.TaskPage, error) {
	ctx, uid := r.Context(), currentUser(r).ID
	if after != "" {
		c, err := models.ParseCursor(after, f)
		if err != nil {
			return models.TaskPage{}, badCursor(err)
		}
		return models.ListTasksAfter(ctx, h.db.Read, uid, f, today, c)
	}
	if f.Page > models.MaxPage {
		return models.TaskPage{}, badCursor(models.ErrBadCursor)
	}
	list, err := models.ListTasks(ctx, h.db.Read, uid, f, today)
	if err != nil {
		return models.TaskPage{}, err
	}
	list.Tasks = list.Tasks[min((f.Page-1)*models.PageSize, len(list.Tasks)):]
	return list, nil
}
