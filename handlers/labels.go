package handlers

import (
	"net/http"

	"docket/components"
	"docket/models"
)

// labelIndex is the labels page.
func (h *Handler) labelIndex(w http.ResponseWriter, r *http.Request) error {
	return h.renderLabels(w, r, http.StatusOK, components.ListFormData{})
}

// renderLabels renders the labels page with the form last sent, if refused.
func (h *Handler) renderLabels(w http.ResponseWriter, r *http.Request, status int, f components.ListFormData) error {
	return h.renderManage(w, r, status, "Labels", components.LabelsPage, f)
}

func (h *Handler) labelCreate(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	if err := parseForm(r); err != nil {
		return err
	}
	f, name, colour := nameFields(r, 0, models.NormalizeLabelName, models.ValidateLabelName)
	if len(f.Errors) == 0 {
		l := &models.Label{UserID: rq.user.ID, Name: name, Colour: colour}
		err := models.CreateLabel(r.Context(), h.db.Write, l)
		if err == nil {
			h.flash(r, "Created the label “@"+l.Name+"”.")
			http.Redirect(w, r, "/labels", http.StatusSeeOther)
			return nil
		}
		if err := nameRefused(f, err, "label", name); err != nil {
			return err
		}
	}
	return h.renderLabels(w, r, http.StatusUnprocessableEntity, f)
}

// labelUpdate renames and recolours a label.
func (h *Handler) labelUpdate(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := models.GetLabel(r.Context(), h.db.Read, rq.user.ID, id); err != nil {
		return err
	}
	f, name, colour := nameFields(r, id, models.NormalizeLabelName, models.ValidateLabelName)
	if len(f.Errors) == 0 {
		l, err := models.UpdateLabel(r.Context(), h.db.Write, rq.user.ID, id, name, colour)
		if err == nil {
			h.flash(r, "Saved the label “@"+l.Name+"”.")
			http.Redirect(w, r, "/labels", http.StatusSeeOther)
			return nil
		}
		if err := nameRefused(f, err, "label", name); err != nil {
			return err
		}
	}
	return h.renderLabels(w, r, http.StatusUnprocessableEntity, f)
}

// labelDeleteConfirm says how many tasks lose the label before deleting it.
func (h *Handler) labelDeleteConfirm(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	l, err := models.GetLabel(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	n, err := models.LabelTaskCount(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, components.DeleteLabelPage(h.page(r, "Delete label"), *l, n))
}

// labelDelete deletes a label; its tasks only lose it.
func (h *Handler) labelDelete(w http.ResponseWriter, r *http.Request) error {
	rq := info(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	l, err := models.GetLabel(r.Context(), h.db.Read, rq.user.ID, id)
	if err != nil {
		return err
	}
	if err := models.DeleteLabel(r.Context(), h.db.Write, rq.user.ID, id); err != nil {
		return err
	}
	h.flash(r, "Deleted the label “@"+l.Name+"”.")
	http.Redirect(w, r, "/labels", http.StatusSeeOther)
	return nil
}
