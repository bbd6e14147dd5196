package handlers

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"docket/components"
	"docket/models"
)

// validator collects the first error message of each form field.
type validator struct {
	errors components.FormErrors
}

func newValidator() *validator { return &validator{errors: components.FormErrors{}} }

// check records msg for field unless ok or the field already has an error.
func (v *validator) check(ok bool, field, msg string) {
	if !ok {
		if _, seen := v.errors[field]; !seen {
			v.errors[field] = msg
		}
	}
}

func (v *validator) valid() bool { return len(v.errors) == 0 }

// checkRule records the message of a models.FieldError under field (the
// form's name for it) unless err is nil.
func (v *validator) checkRule(err error, field string) {
	if fe, ok := errors.AsType[*models.FieldError](err); ok {
		v.check(false, field, fe.Message)
	} else if err != nil {
		v.check(false, field, err.Error())
	}
}

// validTimezone returns tz if it names a time zone, else UTC.
func validTimezone(tz string) string { return models.LoadLocation(tz).String() }

// parseForm parses the body, mapping an oversized one to 413.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return &httpError{status: http.StatusRequestEntityTooLarge, msg: "That is more than Docket accepts in one request.", err: err}
		}
		return &httpError{status: http.StatusBadRequest, msg: "The form could not be read.", err: err}
	}
	return nil
}

// formValue returns the trimmed value of key and whether the form had it.
func formValue(r *http.Request, key string) (string, bool) {
	vs, ok := r.PostForm[key]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return strings.TrimSpace(vs[0]), true
}

// taskChanges reads the task fields present in the form and validates them;
// absent fields stay unchanged. Field errors come back keyed by field name.
// A due date is a YYYY-MM-DD day, as the date field sends it, or any day
// quick add understands ("fri", "12 dec"), read on the user's today.
func taskChanges(r *http.Request, today models.Date) (models.TaskChanges, components.FormErrors) {
	var c models.TaskChanges
	v := newValidator()
	if title, ok := formValue(r, "title"); ok {
		v.checkRule(models.ValidateTitle(title), "title")
		c.Title = &title
	}
	if vs, ok := r.PostForm["description"]; ok && len(vs) > 0 {
		desc := models.NormalizeDescription(vs[0])
		v.checkRule(models.ValidateDescription(desc), "description")
		c.Description = &desc
	}
	if s, ok := formValue(r, "due"); ok {
		var due models.Date
		if s != "" {
			d, err := models.ParseDate(s)
			if fe, ok := errors.AsType[*models.FieldError](err); ok {
				v.check(false, "due", fe.Message)
			} else if err != nil {
				d, ok = models.ParseDay(s, today)
				v.check(ok, "due", "Enter a day such as “fri”, “12 Dec” or 2026-12-12.")
			}
			due = d
		}
		c.Due = &due
	}
	if s, ok := formValue(r, "priority"); ok {
		p, valid := models.ParsePriority(s)
		v.check(valid, "priority", "Choose a priority from the list.")
		c.Priority = &p
	}
	if s, ok := formValue(r, "status"); ok {
		st := models.Status(s)
		v.check(st.Valid(), "status", "Choose a status from the list.")
		c.Status = &st
	}
	return c, v.errors
}

// pathID reads the {id} path segment; anything but a positive integer is 404.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, models.ErrNotFound
	}
	return id, nil
}

// clientIP is the address failed log-ins are counted against. A loopback
// peer is taken to be a reverse proxy on the same machine, whose
// X-Forwarded-For names the real client.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if fwd := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(fwd) != nil {
				return fwd
			}
		}
	}
	return host
}

// backTo is where a plain form post returns to: the page it came from when
// that was one of ours, else fallback. An editor's page is never returned
// to, or saving would open the same editor again.
func backTo(r *http.Request, fallback string) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || strings.HasSuffix(ref.Path, "/edit") ||
		!strings.HasPrefix(ref.Path, "/tasks") && !isListPath(ref.Path) {
		return fallback
	}
	return ref.RequestURI()
}

// isListPath reports whether path shows a list of tasks.
func isListPath(path string) bool {
	_, ok := parseViewURL(path, nil)
	return ok
}

// listBack is the list a plain form came from, by its next field (the
// confirmation pages carry the list they were opened from), or fallback.
func listBack(r *http.Request, fallback string) string {
	next := localPath(r.PostForm.Get("next"))
	if u, err := url.Parse(next); next == "" || err != nil || !isListPath(u.Path) {
		return fallback
	}
	return next
}

// maxNextLen bounds a next parameter; Docket's own URLs are far shorter.
const maxNextLen = 2048

// localPath returns s if it is a path on this site, else "". Only a single
// leading slash passes: "//host" and "/\host" are other sites to
// browsers, and so is anything with a scheme.
func localPath(s string) string {
	if len(s) > maxNextLen || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") ||
		strings.ContainsAny(s, "\\") || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return s
}

// loginURL is the log-in page, returning to next (a local path) after it.
func loginURL(next string) string {
	if next = localPath(next); next == "" || next == "/" || next == "/tasks" {
		return "/login"
	}
	return "/login?next=" + url.QueryEscape(next)
}

// htmxPage is the local page an htmx request was sent from, or "".
func htmxPage(r *http.Request) string {
	u := info(r).current
	if u == nil || u.Host != r.Host {
		return ""
	}
	return localPath(u.RequestURI())
}

// organise is where a task form puts the task: its list and labels, each
// nil when the form does not have the field.
type organise struct {
	list   *int64
	labels *[]string
}

// organiseFields reads the list and labels of a task form. A list that is
// not the user's is not found; label names that break the rules are
// recorded in errs.
func (h *Handler) organiseFields(r *http.Request, rq *request, errs components.FormErrors) (organise, error) {
	var o organise
	id, err := formID(r, "list")
	if err != nil {
		return o, err
	}
	if id != 0 {
		l, err := models.GetList(r.Context(), h.db.Read, rq.user.ID, id)
		if err != nil {
			return o, err
		}
		o.list = &l.ID
	}
	if vs, ok := r.PostForm["labels"]; ok {
		names, err := models.ParseLabelNames(strings.Join(vs, ","))
		if fe, ok := errors.AsType[*models.FieldError](err); ok {
			if _, seen := errs[fe.Field]; !seen {
				errs[fe.Field] = fe.Message
			}
		}
		o.labels = &names
	}
	return o, nil
}

// formID reads the id in form field key: 0 when it is absent or empty, and
// not found when it is not an id.
func formID(r *http.Request, key string) (int64, error) {
	s, _ := formValue(r, key)
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, models.ErrNotFound
	}
	return id, nil
}
