package handlers

import (
	"net/http"
)

// Routes returns the root handler. Assets and the health check bypass the
// session stack; everything else passes, outermost first: panic recovery,
// request log, security headers, host check, cross-origin protection,
// session, user.
func (h *Handler) Routes() http.Handler {
	app := http.NewServeMux()
	app.Handle("/", h.public(h.notFound))
	app.Handle("GET /{$}", h.public(h.home))
	app.Handle("GET /register", h.public(h.registerForm))
	app.Handle("POST /register", h.public(h.register))
	app.Handle("GET /login", h.public(h.loginForm))
	app.Handle("POST /login", h.public(h.login))
	app.Handle("POST /logout", h.public(h.logout))

	app.Handle("GET /tasks", h.private(h.taskList))
	app.Handle("GET /today", h.private(h.taskList))
	app.Handle("GET /upcoming", h.private(h.taskList))
	app.Handle("POST /tasks", h.private(h.taskCreate))
	app.Handle("GET /tasks/quick", h.private(h.quickPreview))
	app.Handle("GET /tasks/{id}", h.private(h.taskShow))
	app.Handle("POST /tasks/{id}", h.private(h.taskUpdate))
	app.Handle("PATCH /tasks/{id}", h.private(h.taskUpdate))
	app.Handle("GET /tasks/{id}/edit", h.private(h.taskEdit))
	app.Handle("POST /tasks/{id}/toggle", h.private(h.taskToggle))
	app.Handle("POST /tasks/{id}/as-typed", h.private(h.taskAsTyped))
	app.Handle("POST /account/quick-add", h.private(h.accountQuickAdd))
	app.Handle("GET /tasks/{id}/delete", h.private(h.taskDeleteConfirm))
	app.Handle("POST /tasks/{id}/delete", h.private(h.taskDelete))
	app.Handle("DELETE /tasks/{id}", h.private(h.taskDelete))
	app.Handle("GET /tasks/{id}/subtasks", h.private(h.taskSubtasks))
	app.Handle("GET /tasks/{id}/menu", h.private(h.taskMenu))
	app.Handle("GET /tasks/{id}/calendar", h.private(h.taskCalendar))
	app.Handle("POST /tasks/{id}/subtasks/complete", h.private(h.taskSubtasksComplete))

	app.Handle("GET /lists", h.private(h.listIndex))
	app.Handle("POST /lists", h.private(h.listCreate))
	app.Handle("POST /lists/{id}", h.private(h.listUpdate))
	app.Handle("POST /lists/{id}/move", h.private(h.listMove))
	app.Handle("GET /lists/{id}/delete", h.private(h.listDeleteConfirm))
	app.Handle("POST /lists/{id}/delete", h.private(h.listDelete))

	app.Handle("GET /labels", h.private(h.labelIndex))
	app.Handle("POST /labels", h.private(h.labelCreate))
	app.Handle("POST /labels/{id}", h.private(h.labelUpdate))
	app.Handle("GET /labels/{id}/delete", h.private(h.labelDeleteConfirm))
	app.Handle("POST /labels/{id}/delete", h.private(h.labelDelete))

	app.Handle("GET /account", h.private(h.account))
	app.Handle("POST /account/timezone", h.private(h.accountTimezone))
	app.Handle("POST /account/password", h.private(h.accountPassword))
	app.Handle("POST /account/delete", h.private(h.accountDelete))
	app.Handle("GET /account/export", h.private(h.accountExport))
	app.Handle("POST "+importPath, h.private(h.accountImport))

	root := http.NewServeMux()
	root.Handle("GET /assets/", h.checkHost(h.gzip(http.StripPrefix("/assets/", h.static()))))
	// Local monitoring may ask for the health check by any name; it tells
	// a rebinding page nothing.
	root.HandleFunc("GET /healthz", h.healthz)
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(h.public(h.crossOrigin))
	root.Handle("/", h.checkHost(csrf.Handler(trackSessionRead(h.sessions.LoadAndSave(h.authenticate(app))))))
	return h.recoverPanic(h.logRequest(secureHeaders(root)))
}

func (h *Handler) crossOrigin(w http.ResponseWriter, r *http.Request) error {
	return &httpError{status: http.StatusForbidden, msg: "This form was sent from another site, so Docket refused it."}
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) error {
	return &httpError{status: http.StatusNotFound, msg: "There is no page at this address."}
}

// healthz answers 200 while the database answers.
func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := h.db.Ping(r.Context()); err != nil {
		h.logger.Error("health check failed", "error", err, "request_id", requestID(r))
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}
