package handlers

import (
	"cmp"
	"context"
	"errors"
	"net/http"

	"docket/components"
	"docket/models"
)

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	target := "/login"
	if currentUser(r) != nil {
		target = "/tasks"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func (h *Handler) registerForm(w http.ResponseWriter, r *http.Request) error {
	if currentUser(r) != nil {
		http.Redirect(w, r, "/tasks", http.StatusSeeOther)
		return nil
	}
	f := components.AuthFormData{Closed: h.registrationClosed}
	return h.render(w, r, http.StatusOK, components.RegisterPage(h.page(r, "Sign up"), f))
}

func (h *Handler) register(w http.ResponseWriter, r *http.Request) error {
	if h.registrationClosed {
		f := components.AuthFormData{Closed: true}
		return h.render(w, r, http.StatusForbidden, components.RegisterPage(h.page(r, "Sign up"), f))
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := components.AuthFormData{
		Username: models.NormalizeUsername(r.PostForm.Get("username")),
		Timezone: validTimezone(r.PostForm.Get("timezone")),
	}
	password := r.PostForm.Get("password")
	v := newValidator()
	v.checkRule(models.ValidateUsername(f.Username), "username")
	v.checkRule(models.ValidatePassword(password), "password")
	if f.Errors = v.errors; !v.valid() {
		return h.render(w, r, http.StatusUnprocessableEntity, components.RegisterPage(h.page(r, "Sign up"), f))
	}
	var u *models.User
	err := h.withHashSlot(r.Context(), func() (err error) {
		u, err = models.CreateUser(r.Context(), h.db.Write, h.passwords, f.Username, password, f.Timezone)
		return err
	})
	if errors.Is(err, models.ErrConflict) {
		f.Errors = components.FormErrors{"username": "That username is taken. Try another."}
		return h.render(w, r, http.StatusUnprocessableEntity, components.RegisterPage(h.page(r, "Sign up"), f))
	} else if err != nil {
		return err
	}
	if err := h.startSession(r, u); err != nil {
		return err
	}
	h.flash(r, "Welcome to Docket, "+u.Username+"!")
	http.Redirect(w, r, "/tasks", http.StatusSeeOther)
	return nil
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := localPath(r.URL.Query().Get("next"))
	if currentUser(r) != nil {
		http.Redirect(w, r, cmp.Or(next, "/tasks"), http.StatusSeeOther)
		return nil
	}
	return h.render(w, r, http.StatusOK, components.LoginPage(h.page(r, "Log in"), components.AuthFormData{Next: next}))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := components.AuthFormData{
		Username: models.NormalizeUsername(r.PostForm.Get("username")),
		Next:     localPath(r.PostForm.Get("next")),
	}
	password := r.PostForm.Get("password")
	gate := newPasswordGate(r, f.Username)
	ok, pairFailures, err := h.passwordAllowed(ctx, gate)
	if err != nil {
		return err
	}
	if !ok {
		f.Errors = components.FormErrors{"form": tooManyTries}
		return h.render(w, r, http.StatusTooManyRequests, components.LoginPage(h.page(r, "Log in"), f))
	}

	var u *models.User
	if len(password) <= models.MaxPasswordLen && gate.user != "" {
		err = h.withHashSlot(ctx, func() (err error) {
			u, err = models.Authenticate(ctx, h.db.Read, h.db.Write, h.passwords, f.Username, password)
			return err
		})
	} else {
		err = models.ErrInvalidCredentials
	}
	if err == nil {
		err = h.startSession(r, u)
	}
	if err == nil {
		err = h.saveNewSession(ctx)
	}
	if errors.Is(err, models.ErrInvalidCredentials) {
		if err := h.passwordFailed(ctx, gate); err != nil {
			return err
		}
		if len(f.Username) > maxThrottleKeyLen {
			f.Username = "" // not worth sending back
		}
		f.Errors = components.FormErrors{"form": "That username and password do not match an account."}
		return h.render(w, r, http.StatusUnprocessableEntity, components.LoginPage(h.page(r, "Log in"), f))
	} else if err != nil {
		return err
	}
	if err := h.passwordSucceeded(ctx, gate, pairFailures); err != nil {
		return err
	}
	http.Redirect(w, r, cmp.Or(f.Next, "/tasks"), http.StatusSeeOther)
	return nil
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	if currentUser(r) == nil { // nothing to end, and no flash worth a stored session
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	if err := h.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	h.flash(r, "You have logged out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// startSession signs u in on a fresh session token, so a token planted
// before log-in is worthless after it.
func (h *Handler) startSession(r *http.Request, u *models.User) error {
	ctx := r.Context()
	if err := h.sessions.RenewToken(ctx); err != nil {
		return err
	}
	h.sessions.Put(ctx, sessionUserID, u.ID)
	h.sessions.Put(ctx, sessionUsername, u.Username)
	h.sessions.Put(ctx, sessionTimezone, u.Timezone)
	h.sessions.Put(ctx, sessionQuickAddOff, !u.QuickAddParse)
	h.sessions.Put(ctx, sessionEpoch, u.SessionEpoch)
	return nil
}

// saveNewSession stores the session a log-in started now, not as the
// response goes out, so that a log-in whose password check passed just
// before a password change can still answer as a wrong password does
// (ErrInvalidCredentials): the old password no longer opens a session.
func (h *Handler) saveNewSession(ctx context.Context) error {
	_, _, err := h.sessions.Commit(ctx)
	if !errors.Is(err, models.ErrSessionEnded) {
		return err
	}
	if err := h.sessions.Destroy(ctx); err != nil {
		return err
	}
	return models.ErrInvalidCredentials
}

// withHashSlot runs fn, which hashes a password, once a slot is free.
func (h *Handler) withHashSlot(ctx context.Context, fn func() error) error {
	select {
	case h.hashSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.hashSlots }()
	return fn()
}
