package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"docket/components"
	"docket/models"

	"github.com/a-h/templ"
	"github.com/uptrace/bun"
)

// listIndex is the lists page.
func (h *Handler) listIndex(w http.ResponseWriter, r *http.Request) error {
	return h.renderLists(w, r, http.StatusOK, components.ListFormData{})
}

// renderLists renders the lists page with the form last sent, if refused.
func (h *Handler) renderLists(w http.ResponseWriter, r *http.Request, status int, f components.ListFormData) error {
	return h.renderManage(w, r, status, "Lists", components.ListsPage, f)
}

// renderManage renders the lists or the labels page, titled title, beside
// the sidebar, with the form last sent, if refused.
func (h *Handler) renderManage(w http.ResponseWriter, r *http.Request, status int, title string,
	page func(components.Page, components.ManageData) templ.Component, f components.ListFormData) error {
	shelf, err := h.shelf(r.Context(), info(r))
	if err != nil {
		return err
	}
	p := h.page(r, title)
	p.Nav = &components.Nav{Shelf: shelf}
	return h.render(w, r, status, page(p, components.ManageData{Shelf: shelf, Form: f}))
}

// nameFields reads and checks the name and colour of a list or label form;
// normalize and check are the name's rules.
func nameFields(r *http.Request, id int64, normalize func(string) string, check func(string) error) (components.ListFormData, string, models.Colour) {
	f := components.ListFormData{ID: id, Name: r.PostForm.Get("name"), Colour: r.PostForm.Get("colour"), Errors: components.FormErrors{}}
	name := normalize(f.Name)
	v := newValidator()
	v.checkRule(check(name), "name")
	colour := models.Colour(f.Colour)
	v.check(colour.Valid(), "colour", "Choose a colour from the list.")
	f.Errors = v.errors
	return f, name, colour
}

// nameRefused records on f why saving a list or label (what) named name
// failed, when the name is why: taken, or against a rule. Any other error
// is returned.
func nameRefused(f components.ListFormData, err error, what, name string) error {
	if errors.Is(err, models.ErrConflict) {
		f.Errors["name"] = "You already have a " + what + " named “" + name + "”."
	} else if fe, ok := errors.AsType[*models.FieldError](err); ok {
		f.Errors["name"] = fe.Message
	} else {
		return err
	}
	return nil
}

func (h *Handler) listCreate(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	if err := parseForm(r); err != nil {
		return err
	}
	f, name, colour := nameFields(r, 0, models.NormalizeName, models.ValidateListName)
	if len(f.Errors) == 0 {
		l := &models.List{UserID: rq.user.ID, Name: name, Colour: colour}
		err := models.CreateList(r.Context(), h.db.Write, l)
		if err == nil {
			h.flash(r, "Created the list “"+l.Name+"”.")
			http.Redirect(w, r, components.ListViewURL(l.ID), http.StatusSeeOther)
			return nil
		}
		if err := nameRefused(f, err, "list", name); err != nil {
			return err
		}
	}
	return h.renderLists(w, r, http.StatusUnprocessableEntity, f)
}

// listUpdate renames and recolours a list (name, colour), or archives or
// restores it (archived=true|false).
func (h *Handler) listUpdate(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var c models.ListChanges
	var f components.ListFormData
	if s, ok := formValue(r, "archived"); ok {
		archived := s == "true"
		c.Archived = &archived
	}
	if _, ok := r.PostForm["name"]; ok || c.Archived == nil {
		var name string
		var colour models.Colour
		f, name, colour = nameFields(r, id, models.NormalizeName, models.ValidateListName)
		c.Name, c.Colour = &name, &colour
		if len(f.Errors) > 0 {
			if _, err := models.GetList(r.Context(), h.db.Read, rq.user.ID, id); err != nil {
				return err
			}
			return h.renderLists(w, r, http.StatusUnprocessableEntity, f)
		}
	}
	l, err := models.UpdateList(r.Context(), h.db.Write, rq.user.ID, id, c)
	if fe, ok := errors.AsType[*models.FieldError](err); ok && f.Errors == nil { // archiving the Inbox
		return &httpError{status: http.StatusUnprocessableEntity, msg: fe.Message}
	} else if err != nil {
		if err := nameRefused(f, err, "list", *c.Name); err != nil {
			return err
		}
		return h.renderLists(w, r, http.StatusUnprocessableEntity, f)
	}
	msg := "Saved the list “" + l.Name + "”."
	if c.Archived != nil && c.Name == nil {
		msg = "Archived “" + l.Name + "”."
		if !l.Archived {
			msg = "Restored “" + l.Name + "”."
		}
	}
	h.flash(r, msg)
	http.Redirect(w, r, "/lists", http.StatusSeeOther)
	return nil
}

// listMove moves a list one place up or down (dir=up|down).
func (h *Handler) listMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	by := 1
	switch r.PostForm.Get("dir") {
	case "up":
		by = -1
	case "down":
	default:
		return &httpError{status: http.StatusUnprocessableEntity, msg: "Move a list up or down."}
	}
	// In a transaction: the move renumbers the lists it read.
	err = h.db.Write.RunInTx(r.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		return models.MoveList(ctx, tx, info(r).user.ID, id, by)
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/lists#list-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// listDeleteConfirm asks what to do with a list's tasks.
func (h *Handler) listDeleteConfirm(w http.ResponseWriter, r *http.Request) error {
	return h.renderListDelete(w, r, http.StatusOK, nil)
}

func (h *Handler) renderListDelete(w http.ResponseWriter, r *http.Request, status int, errs components.FormErrors) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	l, err := models.GetList(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	if l.Inbox {
		return &httpError{status: http.StatusUnprocessableEntity, msg: "The Inbox cannot be deleted."}
	}
	n, err := models.ListTaskCount(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	return h.render(w, r, status, components.DeleteListPage(h.page(r, "Delete list"), *l, n, errs))
}

// listDelete deletes a list, moving its tasks to the Inbox (tasks=move)
// or deleting them with it (tasks=delete).
func (h *Handler) listDelete(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	mode := r.PostForm.Get("tasks")
	if mode != "move" && mode != "delete" {
		if _, err := models.GetList(r.Context(), h.db.Read, rq.user.ID, id); err != nil {
			return err
		}
		return h.renderListDelete(w, r, http.StatusUnprocessableEntity,
			components.FormErrors{"tasks": "Choose whether the tasks move to the Inbox or go with the list."})
	}
	l, err := models.GetList(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	err = h.db.Write.RunInTx(r.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		return models.DeleteList(ctx, tx, rq.user.ID, id, mode == "move")
	})
	if fe, ok := errors.AsType[*models.FieldError](err); ok {
		return &httpError{status: http.StatusUnprocessableEntity, msg: fe.Message}
	} else if err != nil {
		return err
	}
	msg := "Deleted the list “" + l.Name + "” and its tasks."
	if mode == "move" {
		msg = "Deleted the list “" + l.Name + "”; its tasks are in the Inbox."
	}
	h.flash(r, msg)
	http.Redirect(w, r, "/lists", http.StatusSeeOther)
	return nil
}
