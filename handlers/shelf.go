package handlers

import (
	"context"
	"net/http"

	"docket/components"
	"docket/models"
)

// shelf loads the user's lists, labels and counts: the sidebar, the rows'
// list chips and the names in list URLs all come from it, in three
// statements whatever the number of tasks.
func (h *Handler) shelf(ctx context.Context, rq *request) (components.Shelf, error) {
	uid := rq.user.ID
	lists, err := models.UserLists(ctx, h.db.Read, uid)
	if err != nil {
		return components.Shelf{}, err
	}
	labels, err := models.UserLabels(ctx, h.db.Read, uid)
	if err != nil {
		return components.Shelf{}, err
	}
	counts, err := models.CountByList(ctx, h.db.Read, uid, rq.today)
	if err != nil {
		return components.Shelf{}, err
	}
	return components.Shelf{Lists: lists, Labels: labels, Counts: counts}, nil
}

// resolveFilter checks the list and labels f names against the user's:
// another user's list, or a label the user does not have, is not found.
// The labels get their ids (and their names as stored).
func resolveFilter(f *models.TaskFilter, shelf components.Shelf) error {
	if f.List != 0 {
		if _, ok := shelf.List(f.List); !ok {
			return &httpError{status: http.StatusNotFound, msg: "There is no such list. It may have been deleted."}
		}
	}
	for i, want := range f.Labels {
		found := false
		for _, l := range shelf.Labels {
			if l.NameKey == models.NameKey(want.Name) {
				f.Labels[i], found = l, true
				break
			}
		}
		if !found {
			return &httpError{status: http.StatusNotFound, msg: "There is no label named “" + want.Name + "”."}
		}
	}
	return nil
}
