package handlers

import (
	"context"
	"net/http"
	"strings"

	"docket/components"
	"docket/models"
)

// badCursor is the answer to a load-more link that does not say where the
// list left off.
func badCursor(err error) error {
	return &httpError{status: http.StatusBadRequest,
		msg: "Could not tell where the list left off. Reload the page to see more tasks.", err: err}
}

func (h *Handler) taskList(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	q := r.URL.Query()
	f, after := parseFilter(q), q.Get("after")
	switch {
	case rq.htmx && rq.target == "task-rows":
		return h.taskListMore(w, r, rq, f, after)
	case rq.htmx && rq.target == "task-list": // filters changed
		f.Page = 1 // a new filter starts at the top, as the pushed URL says
		list, err := models.ListTasks(r.Context(), h.db.Read, rq.user.ID, f, rq.today)
		if err != nil {
			return err
		}
		w.Header().Set("HX-Push-Url", components.ListURL(f))
		return h.render(w, r, http.StatusOK, components.TaskList(components.TaskListData{Filter: f, List: list, Today: rq.today}))
	}
	f.Page = min(f.Page, models.MaxPage) // a bookmarked deep page shows the most one page may
	list, err := h.fullList(r, rq, f, after)
	if err != nil {
		return err
	}
	return h.renderTasksPage(w, r, rq, http.StatusOK, components.TaskListData{Filter: f, List: list, Today: rq.today})
}

// fullList is the list a page shows: its first f.Page pages or, where a
// load-more link without JavaScript leads past models.MaxPage, the page
// after the row its cursor names. A cursor that cannot be read is ignored,
// so an old or mangled link still shows the list.
func (h *Handler) fullList(r *http.Request, rq *request, f models.TaskFilter, after string) (models.TaskPage, error) {
	ctx, uid := r.Context(), rq.user.ID
	if after != "" {
		if c, err := models.ParseCursor(after, f); err == nil {
			return models.ListTasksAfter(ctx, h.db.Read, uid, f, rq.today, c)
		}
	}
	return models.ListTasks(ctx, h.db.Read, uid, f, rq.today)
}

// taskListMore answers "load more": the rows after the cursor in the
// after parameter, then the next link out of band.
func (h *Handler) taskListMore(w http.ResponseWriter, r *http.Request, rq *request, f models.TaskFilter, after string) error {
	list, err := h.moreRows(r, rq, f, after)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, components.TaskRows(list.Tasks, rq.today), components.LoadMore(f, list, true))
}

// moreRows lists the page after the cursor. A link from a page rendered
// before cursors names only its page number; while that is within the
// first models.MaxPage pages, its rows are the last page of those.
func (h *Handler) moreRows(r *http.Request, rq *request, f models.TaskFilter, after string) (models.TaskPage, error) {
	ctx, uid := r.Context(), rq.user.ID
	if after != "" {
		c, err := models.ParseCursor(after, f)
		if err != nil {
			return models.TaskPage{}, badCursor(err)
		}
		return models.ListTasksAfter(ctx, h.db.Read, uid, f, rq.today, c)
	}
	if f.Page > models.MaxPage {
		return models.TaskPage{}, badCursor(models.ErrBadCursor)
	}
	list, err := models.ListTasks(ctx, h.db.Read, uid, f, rq.today)
	if err != nil {
		return models.TaskPage{}, err
	}
	list.Tasks = list.Tasks[min((f.Page-1)*models.PageSize, len(list.Tasks)):]
	return list, nil
}

// renderTasksPage renders the full list page, counting tasks for its header.
func (h *Handler) renderTasksPage(w http.ResponseWriter, r *http.Request, rq *request, status int, d components.TaskListData) error {
	counts, err := models.CountTasks(r.Context(), h.db.Read, rq.user.ID, rq.today)
	if err != nil {
		return err
	}
	d.Counts = counts
	return h.render(w, r, status, components.TasksPage(h.page(r, "Tasks"), d))
}

func (h *Handler) taskCreate(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, uid := r.Context(), rq.user.ID
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
	if len(errs) == 0 {
		msg, err := h.taskRoom(ctx, uid)
		if err != nil {
			return err
		}
		if msg != "" {
			errs = components.FormErrors{"title": msg}
		}
	}
	if f.Errors = errs; len(errs) > 0 {
		if rq.htmx {
			w.Header().Set("HX-Retarget", "#quick-add")
			w.Header().Set("HX-Reswap", "outerHTML")
			return h.render(w, r, http.StatusUnprocessableEntity, components.QuickAddForm(f, false))
		}
		view := models.DefaultTaskFilter()
		list, err := models.ListTasks(ctx, h.db.Read, uid, view, rq.today)
		if err != nil {
			return err
		}
		return h.renderTasksPage(w, r, rq, http.StatusUnprocessableEntity, components.TaskListData{
			Filter: view, List: list, Today: rq.today, Form: f,
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
	if !rq.htmx {
		h.flash(r, "Added “"+task.Title+"”.")
		http.Redirect(w, r, backTo(r, "/tasks"), http.StatusSeeOther)
		return nil
	}
	// Like an edited row, a new task outside the current view stays out of
	// the list; an alert says where it went.
	matches, counts, err := h.inView(r, rq, task)
	if err != nil {
		return err
	}
	row := components.TaskRow(components.TaskView{Task: *task, Today: rq.today})
	if !matches {
		row = components.AlertOOB("Added “" + task.Title + "”. The current filters hide it.")
	}
	return h.render(w, r, http.StatusOK, row,
		components.SummaryLine(counts, true),
		components.QuickAddForm(components.TaskFormData{}, true))
}

// taskRoom says why the user's list can take no new task, or "" when it can.
func (h *Handler) taskRoom(ctx context.Context, uid int64) (string, error) {
	limit := h.limits.MaxTasksPerUser
	if limit <= 0 {
		return "", nil
	}
	n, err := models.TotalTasks(ctx, h.db.Read, uid)
	if err != nil || n < limit {
		return "", err
	}
	return models.TaskLimitMessage(n, limit), nil
}
