package handlers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"

	"docket/components"
	"docket/models"
)

// importPath takes uploads, so it gets a larger body limit than forms.
const importPath = "/account/import"

// maxImportBytes caps an uploaded import file: room for thousands of tasks
// with long notes.
const maxImportBytes = 16 << 20

var exportTypes = map[string]string{
	models.FormatJSON: "application/json; charset=utf-8",
	models.FormatCSV:  "text/csv; charset=utf-8",
}

// accountExport downloads every task of the signed-in user. The export is
// built in memory first, so a failure is an error page, never a cut-off file.
// CSV cells that would run as formulas are defused unless formulas=keep.
func (h *Handler) accountExport(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = models.FormatJSON
	}
	ctype, ok := exportTypes[format]
	if !ok {
		return &httpError{status: http.StatusBadRequest, msg: "Exports come as json or csv."}
	}
	u, now := currentUser(r), h.now()
	var buf bytes.Buffer
	opts := models.ExportOptions{KeepFormulas: r.URL.Query().Get("formulas") == "keep"}
	if err := models.ExportTasksWith(r.Context(), h.db.Read, &buf, u.ID, u.Username, format, now, opts); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment",
		map[string]string{"filename": models.ExportFileName(u.Username, format, now)}))
	w.WriteHeader(http.StatusOK)
	_, err := buf.WriteTo(w)
	return err
}

// accountImport adds the tasks of an uploaded export to the user's list,
// all or none, and lists every problem when there are any.
func (h *Handler) accountImport(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return &httpError{status: http.StatusRequestEntityTooLarge, msg: "That file is larger than the 16 MB Docket imports at once.", err: err}
		}
		return h.importFailed(w, r, components.AccountData{
			ImportErrors: components.FormErrors{"import-file": "Choose a file to import."},
		})
	}
	defer r.MultipartForm.RemoveAll()
	file, header, err := r.FormFile("file")
	if err != nil {
		return h.importFailed(w, r, components.AccountData{
			ImportErrors: components.FormErrors{"import-file": "Choose a file to import."},
		})
	}
	defer file.Close()
	format, ok := models.FormatFromName(header.Filename)
	if !ok {
		return h.importFailed(w, r, components.AccountData{
			ImportErrors: components.FormErrors{"import-file": "Choose a .json or .csv file exported from Docket."},
		})
	}
	ctx := r.Context()
	if h.importTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.importTimeout)
		defer cancel()
	}
	n, err := models.Import(ctx, h.db, file, format, currentUser(r).ID, h.now(), h.limits)
	if ie, ok := errors.AsType[*models.ImportError](err); ok {
		d := components.AccountData{ImportErrors: components.FormErrors{"import-file": "Nothing was imported. Fix the problems below and try again."}}
		for _, p := range ie.Problems {
			d.ImportProblems = append(d.ImportProblems, components.ImportProblem{Where: ie.Where(p), Message: p.Message})
		}
		return h.importFailed(w, r, d)
	} else if errors.Is(err, context.DeadlineExceeded) {
		return &httpError{status: http.StatusServiceUnavailable, err: err,
			msg: "The import took too long and was stopped; nothing was imported. Try again later or split the file."}
	} else if err != nil {
		return err
	}
	h.flash(r, fmt.Sprintf("Imported %s from %s.", components.Count(n, "task", "tasks"), header.Filename))
	http.Redirect(w, r, "/tasks", http.StatusSeeOther)
	return nil
}

func (h *Handler) importFailed(w http.ResponseWriter, r *http.Request, d components.AccountData) error {
	return h.renderAccount(w, r, http.StatusUnprocessableEntity, d)
}
