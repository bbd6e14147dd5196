package handlers

import (
	"net/http"

	"docket/components"
	"docket/models"
)

// taskListMore answers "load more": the rows after the cursor in the
// after parameter, then the next link out of band. A link without a
// cursor (from a page rendered before cursors) still pages by number.
func (h *Handler) taskListMore(w http.ResponseWriter, r *http.Request, f models.TaskFilter, today models.Date) error {
	ctx, uid := r.Context(), currentUser(r).ID
	var list models.TaskPage
	var err error
	if after := r.URL.Query().Get("after"); after != "" {
		c, perr := models.ParseCursor(after, f)
		if perr != nil {
			return &httpError{status: http.StatusBadRequest,
				msg: "Could not tell where the list left off. Reload the page to see more tasks.", err: perr}
		}
		list, err = models.ListTasksAfter(ctx, h.db.Read, uid, f, today, c)
	} else {
		list, err = models.ListTasks(ctx, h.db.Read, uid, f, today, false)
	}
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, components.TaskRows(list.Tasks, today), components.LoadMore(f, list, true))
}
