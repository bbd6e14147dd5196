package handlers

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"docket/components"
	"docket/models"
)

// taskSubtasks shows a task's subtasks and the form that adds one: in
// place for htmx, else on the task's page.
func (h *Handler) taskSubtasks(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	task, err := h.pathTask(r, rq)
	if err != nil {
		return err
	}
	if !rq.htmx {
		http.Redirect(w, r, "/tasks/"+strconv.FormatInt(task.ID, 10)+"#subtasks", http.StatusSeeOther)
		return nil
	}
	return h.renderSubtasks(w, r, rq, task.ID, http.StatusOK, components.TaskFormData{})
}

// renderSubtasks renders the subtasks of parent with the add form f, and
// tells the page that parent's progress changed.
func (h *Handler) renderSubtasks(w http.ResponseWriter, r *http.Request, rq *request, parent int64, status int, f components.TaskFormData) error {
	d, err := h.subtasks(r, rq, parent)
	if err != nil {
		return err
	}
	d.Form = f
	w.Header().Set("HX-Trigger", components.ChangedEvent(parent))
	return h.render(w, r, status, components.Subtasks(d))
}

// subtasks loads what the subtask region of parent shows.
func (h *Handler) subtasks(r *http.Request, rq *request, parent int64) (components.SubtasksData, error) {
	ctx, uid := r.Context(), rq.user.ID
	p, err := models.GetTask(ctx, h.db.Read, uid, parent)
	if err != nil {
		return components.SubtasksData{}, err
	}
	subs, err := models.Subtasks(ctx, h.db.Read, uid, parent)
	if err != nil {
		return components.SubtasksData{}, err
	}
	return components.SubtasksData{Parent: *p, Subtasks: subs, Today: rq.today}, nil
}

// refuseSubtask answers a new subtask that did not validate: the subtask
// region again with the message, or for a plain form the parent's page.
func (h *Handler) refuseSubtask(w http.ResponseWriter, r *http.Request, rq *request, parent int64, f components.TaskFormData) error {
	if rq.htmx {
		return h.renderSubtasks(w, r, rq, parent, http.StatusUnprocessableEntity, f)
	}
	task, err := models.GetTask(r.Context(), h.db.Read, rq.user.ID, parent)
	if err != nil {
		return err
	}
	return h.renderTaskPage(w, r, rq, http.StatusUnprocessableEntity, components.TaskView{Task: *task}, f)
}

// taskSubtasksComplete completes a task's open subtasks, as offered when
// the task itself is completed.
func (h *Handler) taskSubtasksComplete(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	task, err := h.pathTask(r, rq)
	if err != nil {
		return err
	}
	id := task.ID
	n, err := models.CompleteSubtasks(r.Context(), h.db.Write, rq.user.ID, id)
	if err != nil {
		return err
	}
	msg := "Completed " + components.Count(n, "subtask", "subtasks") + "."
	if !rq.htmx {
		h.flash(r, msg)
		http.Redirect(w, r, backTo(r, "/tasks/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
		return nil
	}
	if rq.taskPage {
		w.Header().Set("HX-Refresh", "true")
	}
	w.Header().Set("HX-Trigger", components.ChangedEvent(id))
	return h.render(w, r, http.StatusOK, components.Alert(msg, false))
}

// parentProgress tells the page, after a change to task, that its
// parent's progress may have changed; nothing for a top-level task.
func (h *Handler) parentProgress(w http.ResponseWriter, task *models.Task) templ.Component {
	if task.ParentID != 0 {
		w.Header().Set("HX-Trigger", components.ChangedEvent(task.ParentID))
	}
	return templ.NopComponent
}

// offerSubtasks answers the completion of a task that still has open
// subtasks by offering to complete them too: on its page without
// JavaScript, in the alert beside the changed row with it. offered is
// false when there is nothing to offer and the usual answer applies.
func (h *Handler) offerSubtasks(w http.ResponseWriter, r *http.Request, rq *request, task *models.Task, msg string) (offered bool, err error) {
	if task.ParentID != 0 {
		return false, nil
	}
	p, err := models.SubtaskProgress(r.Context(), h.db.Read, rq.user.ID, []int64{task.ID})
	if err != nil || p[task.ID].Open() == 0 {
		return false, err
	}
	if !rq.htmx {
		h.flash(r, msg)
		http.Redirect(w, r, "/tasks/"+strconv.FormatInt(task.ID, 10)+"#subtasks", http.StatusSeeOther)
		return true, nil
	}
	if rq.taskPage {
		return false, nil // the page shows the offer itself
	}
	matches, shelf, err := h.inView(r, rq, task)
	if err != nil {
		return true, err
	}
	var row templ.Component = templ.NopComponent
	if matches {
		if row, err = h.row(r, rq, shelf, task); err != nil {
			return true, err
		}
	}
	return true, h.render(w, r, http.StatusOK, row, h.summary(rq.view, shelf),
		components.NavCounts(*components.NavFor(shelf, rq.view), true),
		components.SubtasksOffer(*task, p[task.ID].Open()))
}
