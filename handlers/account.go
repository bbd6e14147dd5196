package handlers

import (
	"errors"
	"net/http"

	"docket/components"
	"docket/models"
)

func (h *Handler) account(w http.ResponseWriter, r *http.Request) error {
	return h.renderAccount(w, r, http.StatusOK, components.AccountData{})
}

// renderAccount shows the account page with d's errors, filling in the rest.
func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, status int, d components.AccountData) error {
	u := currentUser(r)
	d.Username, d.Timezone, d.Timezones, d.QuickAdd = u.Username, u.Timezone, models.Timezones, u.QuickAdd
	return h.render(w, r, status, components.AccountPage(h.page(r, "Account"), d))
}

func (h *Handler) accountTimezone(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	tz := r.PostForm.Get("timezone")
	if tz == "" || validTimezone(tz) != tz {
		return h.renderAccount(w, r, http.StatusUnprocessableEntity, components.AccountData{
			TimezoneErrors: components.FormErrors{"timezone": "Choose a time zone from the list."},
		})
	}
	if err := models.SetTimezone(r.Context(), h.db.Write, currentUser(r).ID, tz); err != nil {
		return err
	}
	h.sessions.Put(r.Context(), sessionTimezone, tz)
	h.flash(r, "Time zone set to "+tz+".")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

// accountQuickAdd turns quick add's reading of dates, priorities, lists
// and labels on (quick_add=1) or off (anything else, as an unticked box
// sends nothing).
func (h *Handler) accountQuickAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	on := r.PostForm.Get("quick_add") == "1"
	if err := models.SetQuickAddParse(r.Context(), h.db.Write, currentUser(r).ID, on); err != nil {
		return err
	}
	h.sessions.Put(r.Context(), sessionQuickAddOff, !on)
	if on {
		h.flash(r, "Quick add understands dates, priorities, lists and labels.")
	} else {
		h.flash(r, "Quick add keeps what you type as the title.")
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (h *Handler) accountPassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, uid := r.Context(), currentUser(r).ID
	current, next := r.PostForm.Get("current"), r.PostForm.Get("new")
	v := newValidator()
	v.checkRule(models.ValidatePassword(next), "new")
	v.check(next != current, "new", "The new password is the same as the current one. Choose a different one.")
	if !v.valid() {
		return h.renderAccount(w, r, http.StatusUnprocessableEntity, components.AccountData{PasswordErrors: v.errors})
	}
	var epoch int64
	err := h.withHashSlot(ctx, func() (err error) {
		if err := h.checkPassword(r, current); err != nil {
			return err
		}
		epoch, err = models.SetPassword(ctx, h.db.Write, h.passwords, uid, next)
		return err
	})
	if he, ok := errors.AsType[*httpError](err); ok && he.status == http.StatusTooManyRequests {
		return h.renderAccount(w, r, he.status, components.AccountData{
			PasswordErrors: components.FormErrors{"current": tooManyPasswords},
		})
	} else if errors.Is(err, models.ErrInvalidCredentials) {
		return h.renderAccount(w, r, http.StatusUnprocessableEntity, components.AccountData{
			PasswordErrors: components.FormErrors{"current": "That is not your current password."},
		})
	} else if err != nil {
		return err
	}
	// A new token for this browser, on the new epoch; every other session
	// of the user ends.
	if err := h.sessions.RenewToken(ctx); err != nil {
		return err
	}
	h.sessions.Put(ctx, sessionEpoch, epoch)
	if err := models.DeleteUserSessions(ctx, h.db.Write, uid, h.sessions.Token(ctx)); err != nil {
		return err
	}
	h.flash(r, "Password changed. Other devices have been signed out.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (h *Handler) accountDelete(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, uid := r.Context(), currentUser(r).ID
	err := h.withHashSlot(ctx, func() error { return h.checkPassword(r, r.PostForm.Get("password")) })
	if he, ok := errors.AsType[*httpError](err); ok && he.status == http.StatusTooManyRequests {
		return h.renderAccount(w, r, he.status, components.AccountData{
			DeleteErrors: components.FormErrors{"delete-password": tooManyPasswords + " Your account was not deleted."},
		})
	} else if errors.Is(err, models.ErrInvalidCredentials) {
		return h.renderAccount(w, r, http.StatusUnprocessableEntity, components.AccountData{
			DeleteErrors: components.FormErrors{"delete-password": "That is not your password. Your account was not deleted."},
		})
	} else if err != nil {
		return err
	}
	// Deleting the user cascades to its tasks and sessions.
	if err := models.DeleteUser(ctx, h.db.Write, uid); err != nil {
		return err
	}
	if err := h.sessions.Destroy(ctx); err != nil {
		return err
	}
	h.flash(r, "Your account and all its tasks have been deleted.")
	http.Redirect(w, r, "/register", http.StatusSeeOther)
	return nil
}

// checkPassword verifies the signed-in user's password, throttled as
// log-ins are, so a stolen session cannot guess it. A throttled check is an
// httpError with status 429.
func (h *Handler) checkPassword(r *http.Request, password string) error {
	ctx, name := r.Context(), currentUser(r).Username
	gate := newPasswordGate(r, name)
	ok, pairFailures, err := h.passwordAllowed(ctx, gate)
	if err != nil {
		return err
	}
	if !ok {
		return &httpError{status: http.StatusTooManyRequests, msg: tooManyPasswords}
	}
	err = models.ErrInvalidCredentials
	if len(password) <= models.MaxPasswordLen {
		_, err = models.Authenticate(ctx, h.db.Read, h.db.Write, h.passwords, name, password)
	}
	if errors.Is(err, models.ErrInvalidCredentials) {
		if ferr := h.passwordFailed(ctx, gate); ferr != nil {
			return ferr
		}
		return err
	} else if err != nil {
		return err
	}
	return h.passwordSucceeded(ctx, gate, pairFailures)
}
