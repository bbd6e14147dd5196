package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"docket/components"
	"docket/models"
)

// onTaskPage reports whether an htmx request comes from a task's own page
// (/tasks/{id} or its editor), where the task is shown in full; from
// anywhere else it is a list row. Plain requests always get the full page.
func onTaskPage(r *http.Request) bool {
	u, err := url.Parse(r.Header.Get("HX-Current-URL"))
	if err != nil {
		return false
	}
	id, ok := strings.CutPrefix(u.Path, "/tasks/")
	if !ok {
		return false
	}
	_, err = strconv.ParseInt(strings.TrimSuffix(id, "/edit"), 10, 64)
	return err == nil
}

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
	task, err := h.userTask(r)
	if err != nil {
		return err
	}
	v := components.TaskView{Task: *task, Today: h.today(r), Edit: field}
	return h.renderTask(w, r, http.StatusOK, v)
}

// userTask loads the signed-in user's task named by the {id} path segment;
// a malformed id and another user's task are both ErrNotFound.
func (h *Handler) userTask(r *http.Request) (*models.Task, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return models.GetTask(r.Context(), h.db.Read, currentUser(r).ID, id)
}

// renderTask sends v in the shape the request asked for: the list row, the
// detail fragment, or the whole task page.
func (h *Handler) renderTask(w http.ResponseWriter, r *http.Request, status int, v components.TaskView) error {
	v.Zone = location(r)
	switch {
	case !isHTMX(r):
		return h.render(w, r, status, components.TaskPage(h.page(r, v.Task.Title), v))
	case onTaskPage(r):
		return h.render(w, r, status, components.TaskDetail(v))
	default:
		return h.render(w, r, status, components.TaskRow(v))
	}
}

func (h *Handler) taskUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, uid := r.Context(), currentUser(r).ID
	c, errs := taskChanges(r)
	if len(errs) > 0 {
		task, err := h.userTask(r)
		if err != nil {
			return err
		}
		v := components.TaskView{Task: *task, Today: h.today(r)}
		switch {
		case errs["title"] != "":
			v.Edit, v.Input, v.Error = "title", r.PostForm.Get("title"), errs["title"]
		case errs["description"] != "":
			v.Edit, v.Input, v.Error = "description", r.PostForm.Get("description"), errs["description"]
		default: // the row's selects and date input cannot show errors in place
			for _, field := range []string{"due", "priority", "status"} {
				if msg := errs[field]; msg != "" {
					return &httpError{status: http.StatusUnprocessableEntity, msg: msg}
				}
			}
		}
		return h.renderTask(w, r, http.StatusUnprocessableEntity, v)
	}
	task, err := models.UpdateTask(ctx, h.db.Write, uid, id, c)
	if err != nil {
		return err
	}
	return h.afterChange(w, r, task, "Saved.")
}

func (h *Handler) taskToggle(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	task, err := models.ToggleTask(r.Context(), h.db.Write, currentUser(r).ID, id)
	if err != nil {
		return err
	}
	msg := "Reopened “" + task.Title + "”."
	if task.Done() {
		msg = "Done: “" + task.Title + "”."
	}
	return h.afterChange(w, r, task, msg)
}

// afterChange answers a successful edit. Plain forms go back where they
// came from; htmx gets the task re-rendered (or, for a list row that no
// longer matches the filter, nothing, so the row leaves) and the summary.
func (h *Handler) afterChange(w http.ResponseWriter, r *http.Request, task *models.Task, msg string) error {
	if !isHTMX(r) {
		h.flash(r, msg)
		http.Redirect(w, r, backTo(r, "/tasks/"+r.PathValue("id")), http.StatusSeeOther)
		return nil
	}
	today := h.today(r)
	v := components.TaskView{Task: *task, Today: today}
	if onTaskPage(r) {
		return h.renderTask(w, r, http.StatusOK, v)
	}
	matches, counts, err := h.inView(r, task, today)
	if err != nil {
		return err
	}
	var row templ.Component = templ.NopComponent
	if matches {
		row = components.TaskRow(v)
	}
	return h.render(w, r, http.StatusOK, row, components.SummaryLine(counts, true))
}

// taskDeleteConfirm asks before deleting, for browsers without JavaScript.
func (h *Handler) taskDeleteConfirm(w http.ResponseWriter, r *http.Request) error {
	task, err := h.userTask(r)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, components.DeleteTaskPage(h.page(r, "Delete task"), *task))
}

func (h *Handler) taskDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, uid := r.Context(), currentUser(r).ID
	if err := models.DeleteTask(ctx, h.db.Write, uid, id); err != nil {
		return err
	}
	if !isHTMX(r) || onTaskPage(r) {
		h.flash(r, "Task deleted.")
		if isHTMX(r) {
			w.Header().Set("HX-Redirect", "/tasks")
			return nil
		}
		http.Redirect(w, r, "/tasks", http.StatusSeeOther)
		return nil
	}
	counts, err := models.CountTasks(ctx, h.db.Read, uid, h.today(r))
	if err != nil {
		return err
	}
	// A 200 with no row: htmx's outerHTML swap then removes it (a 204 would
	// swap nothing).
	return h.render(w, r, http.StatusOK, components.SummaryLine(counts, true), components.AlertOOB("Task deleted."))
}
