package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"docket/components"
	"docket/models"

	"github.com/uptrace/bun"
)

// quickOffer is the confirmation of a task that quick add understood
// something in, with what "Keep it as text" needs; nil when it understood
// nothing.
func quickOffer(task *models.Task, q models.QuickAdd, u components.QuickUndo, today models.Date) (*components.QuickOffer, error) {
	if len(q.Tokens) == 0 {
		return nil, nil
	}
	u.Title = task.Title
	b, err := json.Marshal(u)
	if err != nil {
		return nil, err
	}
	return &components.QuickOffer{Message: components.QuickAdded(task.Title, q, today), TaskID: task.ID, Undo: string(b)}, nil
}

// flashOffer stores a quick add's confirmation for the next full page.
func (h *Handler) flashOffer(r *http.Request, o components.QuickOffer) {
	b, _ := json.Marshal(o) // strings and a number always marshal
	h.sessions.Put(r.Context(), sessionQuickOffer, string(b))
}

// popOffer takes the quick add's confirmation waiting in the session, if any.
func (h *Handler) popOffer(r *http.Request) *components.QuickOffer {
	s := h.sessions.PopString(r.Context(), sessionQuickOffer)
	if s == "" {
		return nil
	}
	var o components.QuickOffer
	if json.Unmarshal([]byte(s), &o) != nil {
		return nil
	}
	return &o
}

// errChangedMeanwhile stops "Keep it as text" on a task that is no
// longer as quick add left it.
var errChangedMeanwhile = errors.New("changed meanwhile")

// taskAsTyped answers "Keep it as text": the task's title becomes the line
// as typed and what quick add set is undone (due date, priority and list
// back to what the form alone would have set, the labels it added taken
// off), but only while the task is as quick add left it. A label the add
// created stays, unused, on the Labels page.
func (h *Handler) taskAsTyped(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var u components.QuickUndo
	if err := json.Unmarshal([]byte(r.PostForm.Get("undo")), &u); err != nil {
		return &httpError{status: http.StatusBadRequest, msg: "Could not tell what was typed.", err: err}
	}
	if fe, ok := errors.AsType[*models.FieldError](models.ValidateTitle(u.Typed)); ok {
		h.flash(r, "The line as typed cannot be a title: "+fe.Message)
		http.Redirect(w, r, backTo(r, "/tasks"), http.StatusSeeOther)
		return nil
	}
	err = h.db.Write.RunInTx(r.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		return restoreTyped(ctx, tx, rq.user.ID, id, u)
	})
	switch {
	case errors.Is(err, errChangedMeanwhile):
		h.flash(r, "“"+u.Title+"” changed meanwhile, so it was left as it is.")
	case err != nil:
		return err
	default:
		h.flash(r, "Kept “"+u.Typed+"” as typed.")
	}
	http.Redirect(w, r, backTo(r, "/tasks"), http.StatusSeeOther)
	return nil
}

// restoreTyped puts the task back as typed, as taskAsTyped says.
func restoreTyped(ctx context.Context, tx bun.Tx, userID, id int64, u components.QuickUndo) error {
	task, err := models.GetTask(ctx, tx, userID, id)
	if err != nil {
		return err
	}
	labels, err := models.LabelsOfTasks(ctx, tx, userID, []int64{id})
	if err != nil {
		return err
	}
	names := models.LabelNames(labels[id])
	has := func(name string) bool {
		return slices.ContainsFunc(names, func(s string) bool { return strings.EqualFold(s, name) })
	}
	if task.Title != u.Title || u.Due != "" && task.Due.String() != u.Due ||
		u.Priority != "" && task.Priority.String() != u.Priority ||
		u.List != 0 && task.ListID != u.List || !allOf(u.Labels, has) {
		return errChangedMeanwhile
	}
	c := models.TaskChanges{Title: &u.Typed}
	if u.Due != "" {
		was, _ := models.ParseDate(u.DueWas) // "" (no date) reads as the zero date
		c.Due = &was
	}
	if u.Priority != "" {
		was, _ := models.ParsePriority(u.PriorityWas)
		c.Priority = &was
	}
	if u.List != 0 {
		c.ListID = &u.ListWas
	}
	if _, err := models.UpdateTask(ctx, tx, userID, id, c); err != nil {
		return err
	}
	if len(u.Labels) == 0 {
		return nil
	}
	kept := slices.DeleteFunc(names, func(s string) bool {
		return slices.ContainsFunc(u.Labels, func(l string) bool { return strings.EqualFold(s, l) })
	})
	return models.SetTaskLabels(ctx, tx, userID, id, kept)
}

// allOf reports whether ok holds for every one of names.
func allOf(names []string, ok func(string) bool) bool {
	for _, n := range names {
		if !ok(n) {
			return false
		}
	}
	return true
}
