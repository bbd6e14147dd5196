package handlers

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"docket/components"
	"docket/models"
)

// quickParse reads the quick-add language in the title of a form that
// asked for it (quick=1: other tools that post a title have it stored as
// sent), and writes what it understood into r.PostForm as if the form's
// own fields had said it. Typed tokens win over the form's fields: the
// date field, priority menu and list menu start at the view's defaults,
// and what someone typed into the line is the later, more deliberate
// choice. Labels from "@" join the form's labels. The keys in the form's
// keep fields are tokens the user turned back into text.
func (h *Handler) quickParse(ctx context.Context, r *http.Request, rq *request) (models.QuickAdd, components.QuickUndo, error) {
	u := components.QuickUndo{Typed: r.PostForm.Get("title")}
	if r.PostForm.Get("quick") != "1" || !rq.user.QuickAdd {
		return models.QuickAdd{}, u, nil
	}
	lists, err := h.quickLists(ctx, rq.user.ID)
	if err != nil {
		return models.QuickAdd{}, u, err
	}
	q := models.ParseQuickAdd(u.Typed, rq.today, listNames(lists), r.PostForm["keep"])
	r.PostForm.Set("title", q.Title)
	if !q.Due.IsZero() {
		u.Due, u.DueWas = q.Due.String(), r.PostForm.Get("due")
		r.PostForm.Set("due", u.Due)
	}
	if q.Priority != models.PriorityNone {
		u.Priority, u.PriorityWas = q.Priority.String(), r.PostForm.Get("priority")
		r.PostForm.Set("priority", u.Priority)
	}
	for _, l := range lists {
		if q.List != "" && l.Name == q.List {
			u.List, u.ListWas = l.ID, lists[0].ID // the Inbox comes first
			if was, err := formID(r, "list"); err == nil && was != 0 {
				u.ListWas = was
			}
			r.PostForm.Set("list", strconv.FormatInt(l.ID, 10))
		}
	}
	formLabels, _ := models.ParseLabelNames(strings.Join(r.PostForm["labels"], ","))
	for _, name := range q.Labels {
		if !slices.ContainsFunc(formLabels, func(s string) bool { return strings.EqualFold(s, name) }) {
			u.Labels = append(u.Labels, name)
		}
	}
	if len(q.Labels) > 0 {
		r.PostForm["labels"] = append(r.PostForm["labels"], q.Labels...)
	}
	return q, u, nil
}

// quickLists are the lists a quick-add "#name" may move a task to: the
// user's lists that are not archived.
func (h *Handler) quickLists(ctx context.Context, userID int64) ([]models.List, error) {
	all, err := models.UserLists(ctx, h.db.Read, userID)
	if err != nil {
		return nil, err
	}
	return components.Shelf{Lists: all}.Active(), nil
}

// listNames are the names of lists, in order.
func listNames(lists []models.List) []string {
	names := make([]string, len(lists))
	for i, l := range lists {
		names[i] = l.Name
	}
	return names
}

// quickPreview answers the chips for what is typed in quick add: the
// tokens of the title in the title parameter, less those the keep
// parameters name, and as_text, the token whose chip was just turned back
// into text. It reads nothing but the user's lists.
func (h *Handler) quickPreview(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	q := r.URL.Query()
	if !rq.user.QuickAdd {
		return h.render(w, r, http.StatusOK, components.QuickChips(models.QuickAdd{}, rq.today))
	}
	lists, err := h.quickLists(r.Context(), rq.user.ID)
	if err != nil {
		return err
	}
	keep := append(q["keep"], q["as_text"]...)
	parsed := models.ParseQuickAdd(q.Get("title"), rq.today, listNames(lists), keep)
	return h.render(w, r, http.StatusOK, components.QuickChips(parsed, rq.today))
}
