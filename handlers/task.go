package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"
	"github.com/uptrace/bun"

	"docket/components"
	"docket/models"
)

func (h *Handler) taskShow(w http.ResponseWriter, r *http.Request) error {
	return h.showTask(w, r, "")
}

// taskEdit opens an inline editor for the title, the notes or the labels.
func (h *Handler) taskEdit(w http.ResponseWriter, r *http.Request) error {
	field := r.URL.Query().Get("field")
	if field != "title" && field != "description" && field != "labels" {
		field = "title"
	}
	return h.showTask(w, r, field)
}

// showTask renders one task as a row, in the task panel, as a detail
// fragment or as a full page, with the editor for field open if set and
// the calendar on the month asked for.
func (h *Handler) showTask(w http.ResponseWriter, r *http.Request, field string) error {
	rq := info(r)
	task, err := h.pathTask(r, rq)
	if err != nil {
		return err
	}
	month, _ := models.ParseMonth(r.URL.Query().Get("month"))
	return h.renderTask(w, r, rq, http.StatusOK, components.TaskView{Task: *task, Edit: field, Month: month})
}

// pathTask is the user's task named by the {id} path segment.
func (h *Handler) pathTask(r *http.Request, rq *request) (*models.Task, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return models.GetTask(r.Context(), h.db.Read, rq.user.ID, id)
}

// taskMenu is what a row's menu offers, fetched when it opens; a browser
// that asks for it as a page gets the task's page, which offers the same.
func (h *Handler) taskMenu(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	task, err := h.pathTask(r, rq)
	if err != nil {
		return err
	}
	if !rq.htmx {
		http.Redirect(w, r, "/tasks/"+strconv.FormatInt(task.ID, 10), http.StatusSeeOther)
		return nil
	}
	v, _, err := h.fullView(r, rq, components.TaskView{Task: *task})
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, components.RowMenu(v))
}

// taskCalendar is a task's due date calendar on another month. Without
// JavaScript the calendar's links lead to the task's page instead.
func (h *Handler) taskCalendar(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	task, err := h.pathTask(r, rq)
	if err != nil {
		return err
	}
	month, ok := models.ParseMonth(r.URL.Query().Get("month"))
	if !ok {
		return &httpError{status: http.StatusBadRequest, msg: "Pick a month as YYYY-MM."}
	}
	if !rq.htmx {
		http.Redirect(w, r, "/tasks/"+strconv.FormatInt(task.ID, 10)+"?month="+month.Month(), http.StatusSeeOther)
		return nil
	}
	return h.render(w, r, http.StatusOK, components.Calendar(h.taskView(rq, components.TaskView{Task: *task, Month: month})))
}

func (h *Handler) taskUpdate(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	c, errs := taskChanges(r, rq.today)
	org, err := h.organiseFields(r, rq, errs)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return h.refuseChanges(w, r, rq, id, errs)
	}
	c.ListID = org.list
	var task *models.Task
	err = h.db.Write.RunInTx(r.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		if task, err = models.UpdateTask(ctx, tx, rq.user.ID, id, c); err != nil || org.labels == nil {
			return err
		}
		return models.SetTaskLabels(ctx, tx, rq.user.ID, id, *org.labels)
	})
	if fe, ok := errors.AsType[*models.FieldError](err); ok {
		return h.refuseChanges(w, r, rq, id, components.FormErrors{fe.Field: fe.Message})
	} else if err != nil {
		return err
	}
	return h.afterChange(w, r, rq, task, "Saved.")
}

// refuseChanges answers an edit that did not validate. On the task's page
// (or in the panel) the title, notes or labels editor opens again with what
// was typed and the message. A row, and the pickers and selects, cannot
// show errors in place, so they get an alert.
func (h *Handler) refuseChanges(w http.ResponseWriter, r *http.Request, rq *request, id int64, errs components.FormErrors) error {
	task, err := models.GetTask(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	v := components.TaskView{Task: *task}
	inPlace := !rq.htmx || rq.taskPage
	switch {
	case inPlace && errs["title"] != "":
		v.Edit, v.Input, v.Error = "title", r.PostForm.Get("title"), errs["title"]
	case inPlace && errs["description"] != "":
		v.Edit, v.Input, v.Error = "description", r.PostForm.Get("description"), errs["description"]
	case inPlace && errs["labels"] != "":
		v.Edit, v.Input, v.Error = "labels", r.PostForm.Get("labels"), errs["labels"]
	default:
		for _, field := range []string{"title", "description", "labels", "due", "priority", "status", "list"} {
			if msg := errs[field]; msg != "" {
				return &httpError{status: http.StatusUnprocessableEntity, msg: msg}
			}
		}
	}
	return h.renderTask(w, r, rq, http.StatusUnprocessableEntity, v)
}

func (h *Handler) taskToggle(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	task, err := models.ToggleTask(r.Context(), h.db.Write, rq.user.ID, id)
	if err != nil {
		return err
	}
	msg := "Reopened “" + task.Title + "”."
	if task.Done() {
		msg = "Done: “" + task.Title + "”."
		if offered, err := h.offerSubtasks(w, r, rq, task, msg); offered || err != nil {
			return err
		}
	}
	return h.afterChange(w, r, rq, task, msg)
}

// afterChange answers a successful edit. Plain forms go back where they
// came from; htmx gets the task re-rendered (or, for a list row that no
// longer matches the filter, nothing, so the row leaves) and the summary.
func (h *Handler) afterChange(w http.ResponseWriter, r *http.Request, rq *request, task *models.Task, msg string) error {
	if !rq.htmx {
		h.flash(r, msg)
		http.Redirect(w, r, backTo(r, "/tasks/"+r.PathValue("id")), http.StatusSeeOther)
		return nil
	}
	if task.ParentID != 0 && rq.target == components.SubtasksID(task.ParentID) { // in its parent's subtask region
		return h.renderSubtasks(w, r, rq, task.ParentID, http.StatusOK, components.TaskFormData{})
	}
	if rq.taskPage {
		return h.renderTask(w, r, rq, http.StatusOK, components.TaskView{Task: *task})
	}
	matches, shelf, err := h.inView(r, rq, task)
	if err != nil {
		return err
	}
	var row templ.Component = templ.NopComponent
	if matches {
		if row, err = h.row(r, rq, shelf, task); err != nil {
			return err
		}
	}
	return h.render(w, r, http.StatusOK, row, h.summary(rq.view, shelf),
		components.NavCounts(*components.NavFor(shelf, rq.view), true), h.parentProgress(w, task))
}

// inView reports whether a task just changed still belongs in the list the
// user is looking at, with the user's shelf for the row and the counts.
func (h *Handler) inView(r *http.Request, rq *request, task *models.Task) (bool, components.Shelf, error) {
	ctx, uid := r.Context(), rq.user.ID
	shelf, err := h.shelf(ctx, rq)
	if err != nil {
		return false, shelf, err
	}
	if resolveFilter(&rq.view, shelf) != nil { // the view's list or label is gone
		return false, shelf, nil
	}
	matches, err := models.TaskMatches(ctx, h.db.Read, uid, task.ID, rq.view, rq.today)
	return matches, shelf, err
}

// row renders task as a row of the list the user is looking at.
func (h *Handler) row(r *http.Request, rq *request, shelf components.Shelf, task *models.Task) (templ.Component, error) {
	tasks := []models.Task{*task}
	facts, err := models.LoadRowFacts(r.Context(), h.db.Read, rq.user.ID, tasks)
	if err != nil {
		return nil, err
	}
	rows := components.Rows{Tasks: tasks, Facts: facts, Shelf: shelf, Filter: rq.view, Today: rq.today}
	return components.TaskRow(rows.View(*task)), nil
}

// summary is the header line of the view f after a change: its counts,
// or nothing in a label's view, which has no tally.
func (h *Handler) summary(f models.TaskFilter, shelf components.Shelf) templ.Component {
	if len(f.Labels) > 0 {
		return components.EmptySummary(true)
	}
	return components.SummaryLine(shelf.Counts.For(f), true)
}

// taskView completes v with the user's day and time zone.
func (h *Handler) taskView(rq *request, v components.TaskView) components.TaskView {
	v.Today, v.Zone = rq.today, rq.loc
	return v
}

// renderTask sends v in the shape the request asked for: the list row, the
// detail fragment, or the whole task page.
func (h *Handler) renderTask(w http.ResponseWriter, r *http.Request, rq *request, status int, v components.TaskView) error {
	return h.renderTaskPage(w, r, rq, status, v, components.TaskFormData{})
}

// renderTaskPage is renderTask with the subtask form of the task's page
// as sub (a refused subtask shows there with its message).
func (h *Handler) renderTaskPage(w http.ResponseWriter, r *http.Request, rq *request, status int, v components.TaskView, sub components.TaskFormData) error {
	full, shelf, err := h.fullView(r, rq, v)
	if err != nil {
		return err
	}
	panel := rq.htmx && rq.target == components.PanelID
	if rq.htmx && !rq.taskPage && !panel {
		return h.render(w, r, status, components.TaskRow(full))
	}
	if v.Task.ParentID == 0 {
		d, err := h.subtasks(r, rq, v.Task.ID)
		if err != nil {
			return err
		}
		d.Form = sub
		full.Subtasks = &d
	}
	switch {
	case panel:
		return h.render(w, r, status, components.TaskPanel(full, panelBack(rq)))
	case rq.htmx:
		return h.render(w, r, status, components.TaskDetail(full))
	}
	p := h.page(r, v.Task.Title)
	p.Nav = components.NavFor(shelf, models.TaskFilter{List: v.Task.ListID})
	return h.render(w, r, status, components.TaskPage(p, full))
}

// fullView completes v with what the row, the panel and the page show
// beyond the task's own fields (its list, labels, subtask progress, parent)
// as seen from the list the user is looking at, and the user's shelf.
func (h *Handler) fullView(r *http.Request, rq *request, v components.TaskView) (components.TaskView, components.Shelf, error) {
	shelf, err := h.shelf(r.Context(), rq)
	if err != nil {
		return v, shelf, err
	}
	if resolveFilter(&rq.view, shelf) != nil {
		rq.view = models.DefaultTaskFilter()
	}
	tasks := []models.Task{v.Task}
	facts, err := models.LoadRowFacts(r.Context(), h.db.Read, rq.user.ID, tasks)
	if err != nil {
		return v, shelf, err
	}
	full := components.Rows{Tasks: tasks, Facts: facts, Shelf: shelf, Filter: rq.view, Today: rq.today}.View(v.Task)
	full.Edit, full.Input, full.Error, full.Month = v.Edit, v.Input, v.Error, v.Month
	full = h.taskView(rq, full)
	full.Shelf = shelf
	return full, shelf, nil
}

// panelBack is where closing the task panel leads: the list it was
// opened from.
func panelBack(rq *request) string {
	if rq.current != nil && isListPath(rq.current.Path) {
		return rq.current.RequestURI()
	}
	return "/tasks"
}

// taskDeleteConfirm asks before deleting, for browsers without JavaScript.
func (h *Handler) taskDeleteConfirm(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	task, err := h.pathTask(r, rq)
	if err != nil {
		return err
	}
	id := task.ID
	p, err := models.SubtaskProgress(r.Context(), h.db.Read, rq.user.ID, []int64{id})
	if err != nil {
		return err
	}
	back := backTo(r, "")
	if u, err := url.Parse(back); err != nil || !isListPath(u.Path) {
		back = "" // the task's own page, which the deletion takes away
	}
	return h.render(w, r, http.StatusOK, components.DeleteTaskPage(h.page(r, "Delete task"), *task, p[id].Total, back))
}

func (h *Handler) taskDelete(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	task, err := h.pathTask(r, rq)
	if err != nil {
		return err
	}
	ctx, uid, id := r.Context(), rq.user.ID, task.ID
	progress, err := models.SubtaskProgress(ctx, h.db.Read, uid, []int64{id})
	if err != nil {
		return err
	}
	if err := models.DeleteTask(ctx, h.db.Write, uid, id); err != nil {
		return err
	}
	msg := "Task deleted."
	if n := progress[id].Total; n > 0 {
		msg = "Task and its " + components.Count(n, "subtask", "subtasks") + " deleted."
	}
	if !rq.htmx || rq.taskPage {
		// Back to the list the deletion was asked from, else to where the
		// task was: its parent, or its list.
		to := components.ListViewURL(task.ListID)
		if task.ParentID != 0 {
			to = "/tasks/" + strconv.FormatInt(task.ParentID, 10)
		}
		if !rq.htmx {
			if err := parseForm(r); err != nil {
				return err
			}
			to = listBack(r, to)
		}
		h.flash(r, msg)
		if rq.htmx {
			w.Header().Set("HX-Redirect", to)
			return nil
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	if progress[id].Total > 0 {
		// Its subtasks may be rows of this list too; the page shows the
		// list without them.
		h.flash(r, msg)
		w.Header().Set("HX-Refresh", "true")
		return nil
	}
	shelf, err := h.shelf(ctx, rq)
	if err != nil {
		return err
	}
	if resolveFilter(&rq.view, shelf) != nil {
		rq.view = models.DefaultTaskFilter()
	}
	// A 200 with no row: htmx's outerHTML swap then removes it (a 204 would
	// swap nothing).
	return h.render(w, r, http.StatusOK, h.summary(rq.view, shelf),
		components.NavCounts(*components.NavFor(shelf, rq.view), true),
		h.parentProgress(w, task), components.AlertOOB(msg))
}
