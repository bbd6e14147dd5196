package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"docket/components"
	"docket/models"

	"github.com/a-h/templ"
	"github.com/uptrace/bun"
)

// badCursor is the answer to a load-more link that does not say where the
// list left off.
func badCursor(err error) error {
	return &httpError{status: http.StatusBadRequest,
		msg: "Could not tell where the list left off. Reload the page to see more tasks.", err: err}
}

// taskList serves every list view: /tasks with its filters (a list, labels,
// status, priority, due, search, sort), /today and /upcoming; as a page, as
// the region the filters replace, or as the rows after a cursor.
func (h *Handler) taskList(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	q := r.URL.Query()
	f, _ := parseViewURL(r.URL.Path, q)
	after := q.Get("after")
	shelf, err := h.shelf(r.Context(), rq)
	if err != nil {
		return err
	}
	if err := resolveFilter(&f, shelf); err != nil {
		return err
	}
	switch {
	case rq.htmx && rq.target == "task-rows":
		return h.taskListMore(w, r, rq, f, shelf, after)
	case rq.htmx && rq.target == "task-list": // filters changed
		f.Page = 1 // a new filter starts at the top, as the pushed URL says
		list, err := models.ListTasks(r.Context(), h.db.Read, rq.user.ID, f, rq.today)
		if err != nil {
			return err
		}
		d, err := h.listData(r, rq, f, shelf, list)
		if err != nil {
			return err
		}
		w.Header().Set("HX-Push-Url", components.ListURL(f))
		return h.render(w, r, http.StatusOK, components.TaskList(d))
	}
	f.Page = min(f.Page, models.MaxPage) // a bookmarked deep page shows the most one page may
	list, err := h.fullList(r, rq, f, after)
	if err != nil {
		return err
	}
	d, err := h.listData(r, rq, f, shelf, list)
	if err != nil {
		return err
	}
	d.Form = components.NewTaskForm(f, rq.today, rq.user.QuickAdd)
	return h.renderTasksPage(w, r, http.StatusOK, d)
}

// listData is a list's rows with their facts, in the view f shows.
func (h *Handler) listData(r *http.Request, rq *request, f models.TaskFilter, shelf components.Shelf, list models.TaskPage) (components.TaskListData, error) {
	facts, err := models.LoadRowFacts(r.Context(), h.db.Read, rq.user.ID, list.Tasks)
	if err != nil {
		return components.TaskListData{}, err
	}
	return components.TaskListData{Filter: f, List: list, Facts: facts, Shelf: shelf, Counts: shelf.Counts.For(f), Today: rq.today}, nil
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
func (h *Handler) taskListMore(w http.ResponseWriter, r *http.Request, rq *request, f models.TaskFilter, shelf components.Shelf, after string) error {
	list, prev, err := h.moreRows(r, rq, f, after)
	if err != nil {
		return err
	}
	d, err := h.listData(r, rq, f, shelf, list)
	if err != nil {
		return err
	}
	rows := components.Rows{Tasks: list.Tasks, Facts: d.Facts, Shelf: shelf, Filter: f, Today: rq.today}
	if !prev.IsZero() {
		rows.After = components.GroupOf(f.View, prev, rq.today)
	}
	return h.render(w, r, http.StatusOK, components.TaskRows(rows), components.LoadMore(f, list, true))
}

// moreRows lists the page after the cursor, and the due date of the row
// the cursor is at (for the fixed views' day headings). A link from a page
// rendered before cursors names only its page number; while that is within
// the first models.MaxPage pages, its rows are the last page of those.
func (h *Handler) moreRows(r *http.Request, rq *request, f models.TaskFilter, after string) (models.TaskPage, models.Date, error) {
	ctx, uid := r.Context(), rq.user.ID
	if after != "" {
		c, err := models.ParseCursor(after, f)
		if err != nil {
			return models.TaskPage{}, models.Date{}, badCursor(err)
		}
		list, err := models.ListTasksAfter(ctx, h.db.Read, uid, f, rq.today, c)
		return list, c.Due(), err
	}
	if f.Page > models.MaxPage {
		return models.TaskPage{}, models.Date{}, badCursor(models.ErrBadCursor)
	}
	list, err := models.ListTasks(ctx, h.db.Read, uid, f, rq.today)
	if err != nil {
		return models.TaskPage{}, models.Date{}, err
	}
	skip := min((f.Page-1)*models.PageSize, len(list.Tasks))
	var prev models.Date
	if skip > 0 {
		prev = list.Tasks[skip-1].Due
	}
	list.Tasks = list.Tasks[skip:]
	return list, prev, nil
}

// renderTasksPage renders a full list page beside the sidebar.
func (h *Handler) renderTasksPage(w http.ResponseWriter, r *http.Request, status int, d components.TaskListData) error {
	p := h.page(r, components.ViewTitle(d.Filter, d.Shelf))
	p.Nav = components.NavFor(d.Shelf, d.Filter)
	return h.render(w, r, status, components.TasksPage(p, d))
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
		List:        r.PostForm.Get("list"),
		Labels:      r.PostForm.Get("labels"),
		Quick:       r.PostForm.Get("quick") == "1" && rq.user.QuickAdd,
		Keep:        r.PostForm["keep"],
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
	quick, undo, err := h.quickParse(ctx, r, rq)
	if err != nil {
		return err
	}
	c, errs := taskChanges(r, rq.today)
	org, err := h.organiseFields(r, rq, errs)
	if err != nil {
		return err
	}
	parent, err := formID(r, "parent")
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		msg, err := h.taskRoom(ctx, uid)
		if err != nil {
			return err
		}
		if msg != "" {
			errs = components.FormErrors{"title": msg}
		}
	}
	task := &models.Task{UserID: uid, Title: *c.Title, Priority: *c.Priority, Status: *c.Status, ParentID: parent}
	if c.Description != nil {
		task.Description = *c.Description
	}
	if c.Due != nil {
		task.Due = *c.Due
	}
	if org.list != nil {
		task.ListID = *org.list
	}
	if len(errs) == 0 {
		err := h.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if err := models.CreateTask(ctx, tx, task); err != nil {
				return err
			}
			if org.labels == nil {
				return nil
			}
			return models.SetTaskLabels(ctx, tx, uid, task.ID, *org.labels)
		})
		if fe, ok := errors.AsType[*models.FieldError](err); ok {
			errs[fe.Field] = fe.Message
		} else if err != nil {
			return err
		}
	}
	if f.Errors = errs; len(errs) > 0 {
		if parent != 0 {
			return h.refuseSubtask(w, r, rq, parent, f)
		}
		return h.refuseNewTask(w, r, rq, f)
	}
	offer, err := quickOffer(task, quick, undo, rq.today)
	if err != nil {
		return err
	}
	if !rq.htmx {
		if offer != nil {
			h.flashOffer(r, *offer)
		} else {
			h.flash(r, "Added “"+task.Title+"”.")
		}
		http.Redirect(w, r, backTo(r, "/tasks"), http.StatusSeeOther)
		return nil
	}
	if parent != 0 {
		return h.renderSubtasks(w, r, rq, parent, http.StatusOK, components.TaskFormData{})
	}
	// Like an edited row, a new task outside the current view stays out of
	// the list; an alert says where it went.
	matches, shelf, err := h.inView(r, rq, task)
	if err != nil {
		return err
	}
	row, err := h.row(r, rq, shelf, task)
	if err != nil {
		return err
	}
	switch {
	case offer != nil && !matches:
		offer.Message += " The current filters hide it."
		row = components.QuickOfferOOB(*offer)
	case offer != nil:
		row = templ.Join(row, components.QuickOfferOOB(*offer))
	case !matches:
		row = components.AlertOOB("Added “" + task.Title + "”. The current filters hide it.")
	}
	return h.render(w, r, http.StatusOK, row, h.summary(rq.view, shelf),
		components.NavCounts(*components.NavFor(shelf, rq.view), true),
		components.QuickAddForm(components.NewTaskForm(rq.view, rq.today, rq.user.QuickAdd), rq.view, shelf, true))
}

// refuseNewTask answers a new task that did not validate: quick add again
// with what was typed and the messages, in place for htmx, else on the
// list page it was sent from.
func (h *Handler) refuseNewTask(w http.ResponseWriter, r *http.Request, rq *request, f components.TaskFormData) error {
	shelf, err := h.shelf(r.Context(), rq)
	if err != nil {
		return err
	}
	view := rq.view
	if u, err := url.Parse(r.Referer()); err == nil && !rq.htmx {
		if v, ok := parseViewURL(u.Path, u.Query()); ok {
			view = v
		}
	}
	if resolveFilter(&view, shelf) != nil {
		view = models.DefaultTaskFilter()
	}
	if rq.htmx {
		w.Header().Set("HX-Retarget", "#quick-add")
		w.Header().Set("HX-Reswap", "outerHTML")
		return h.render(w, r, http.StatusUnprocessableEntity, components.QuickAddForm(f, view, shelf, false))
	}
	view.Page = 1
	list, err := models.ListTasks(r.Context(), h.db.Read, rq.user.ID, view, rq.today)
	if err != nil {
		return err
	}
	d, err := h.listData(r, rq, view, shelf, list)
	if err != nil {
		return err
	}
	d.Form = f
	return h.renderTasksPage(w, r, http.StatusUnprocessableEntity, d)
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
