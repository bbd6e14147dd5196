package handlers

import (
	"net/http"

	"github.com/a-h/templ"

	"docket/components"
	"docket/models"
)

func (h *Handler) taskShow(w http.ResponseWriter, r *http.Request) error {
	return h.showTask(w, r, "")
}

// taskEdit opens an inline editor for the title or the notes.
func (h *Handler) taskEdit(w http.ResponseWriter, r *http.Request) error {
	field := r.URL.Query().Get("field")
	if field != "title" && field != "description" {
		field = "title"
	}
	return h.showTask(w, r, field)
}

// showTask renders one task as a row, a detail fragment or a full page,
// with the editor for field open if set.
func (h *Handler) showTask(w http.ResponseWriter, r *http.Request, field string) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	task, err := models.GetTask(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	return h.renderTask(w, r, rq, http.StatusOK, components.TaskView{Task: *task, Edit: field})
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
	c, errs := taskChanges(r)
	if len(errs) > 0 {
		return h.refuseChanges(w, r, rq, id, errs)
	}
	task, err := models.UpdateTask(r.Context(), h.db.Write, rq.user.ID, id, c)
	if err != nil {
		return err
	}
	return h.afterChange(w, r, rq, task, "Saved.")
}

// refuseChanges answers an edit that did not validate: the title or notes
// editor opens again with what was typed and the message; the row's
// selects and date input cannot show errors in place, so they get an alert.
func (h *Handler) refuseChanges(w http.ResponseWriter, r *http.Request, rq *request, id int64, errs components.FormErrors) error {
	task, err := models.GetTask(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	v := components.TaskView{Task: *task}
	switch {
	case errs["title"] != "":
		v.Edit, v.Input, v.Error = "title", r.PostForm.Get("title"), errs["title"]
	case errs["description"] != "":
		v.Edit, v.Input, v.Error = "description", r.PostForm.Get("description"), errs["description"]
	default:
		for _, field := range []string{"due", "priority", "status"} {
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
	v := components.TaskView{Task: *task}
	if rq.taskPage {
		return h.renderTask(w, r, rq, http.StatusOK, v)
	}
	matches, counts, err := h.inView(r, rq, task)
	if err != nil {
		return err
	}
	var row templ.Component = templ.NopComponent
	if matches {
		row = components.TaskRow(h.taskView(rq, v))
	}
	return h.render(w, r, http.StatusOK, row, components.SummaryLine(counts, true))
}

// inView reports whether a task just changed still belongs in the list the
// user is looking at, and the counts for the list's summary line.
func (h *Handler) inView(r *http.Request, rq *request, task *models.Task) (bool, models.TaskCounts, error) {
	ctx, uid := r.Context(), rq.user.ID
	matches, err := models.TaskMatches(ctx, h.db.Read, uid, task.ID, rq.view, rq.today)
	if err != nil {
		return false, models.TaskCounts{}, err
	}
	counts, err := models.CountTasks(ctx, h.db.Read, uid, rq.today)
	return matches, counts, err
}

// taskView completes v with the user's day and time zone.
func (h *Handler) taskView(rq *request, v components.TaskView) components.TaskView {
	v.Today, v.Zone = rq.today, rq.loc
	return v
}

// renderTask sends v in the shape the request asked for: the list row, the
// detail fragment, or the whole task page.
func (h *Handler) renderTask(w http.ResponseWriter, r *http.Request, rq *request, status int, v components.TaskView) error {
	v = h.taskView(rq, v)
	switch {
	case !rq.htmx:
		return h.render(w, r, status, components.TaskPage(h.page(r, v.Task.Title), v))
	case rq.taskPage:
		return h.render(w, r, status, components.TaskDetail(v))
	default:
		return h.render(w, r, status, components.TaskRow(v))
	}
}

// taskDeleteConfirm asks before deleting, for browsers without JavaScript.
func (h *Handler) taskDeleteConfirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	task, err := models.GetTask(r.Context(), h.db.Read, info(r).user.ID, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, components.DeleteTaskPage(h.page(r, "Delete task"), *task))
}

func (h *Handler) taskDelete(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, uid := r.Context(), rq.user.ID
	if err := models.DeleteTask(ctx, h.db.Write, uid, id); err != nil {
		return err
	}
	if !rq.htmx || rq.taskPage {
		h.flash(r, "Task deleted.")
		if rq.htmx {
			w.Header().Set("HX-Redirect", "/tasks")
			return nil
		}
		http.Redirect(w, r, "/tasks", http.StatusSeeOther)
		return nil
	}
	counts, err := models.CountTasks(ctx, h.db.Read, uid, rq.today)
	if err != nil {
		return err
	}
	// A 200 with no row: htmx's outerHTML swap then removes it (a 204 would
	// swap nothing).
	return h.render(w, r, http.StatusOK, components.SummaryLine(counts, true), components.AlertOOB("Task deleted."))
}
