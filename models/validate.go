package models

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Account rules shared by sign-up, the account page and the user commands,
// so a name or password accepted in one place is accepted in all.
const (
	MinPasswordLen = 8
	// MaxPasswordLen bounds the work one password can cause when hashed.
	MaxPasswordLen = 1024
)

// FieldError is a value that breaks a rule. Message is a sentence written to
// be shown to people next to the field.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

var usernamePattern = regexp.MustCompile(`^[a-z0-9_.\-]{3,32}$`)

// NormalizeUsername makes usernames case-insensitive: it trims and lower-cases.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateUsername checks an already normalized username.
func ValidateUsername(username string) error {
	if !usernamePattern.MatchString(username) {
		return &FieldError{"username", "Use 3–32 letters, digits, _ . or -."}
	}
	return nil
}

// ValidatePassword checks a new password's length.
func ValidatePassword(password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return &FieldError{"password", "Use at least 8 characters."}
	}
	if len(password) > MaxPasswordLen {
		return &FieldError{"password", "Use at most 1024 characters."}
	}
	return nil
}

// storable reports whether s can be stored as text: valid UTF-8 without
// NUL bytes. Bun refuses to write a NUL into SQL and replaces invalid UTF-8,
// and PostgreSQL's text type takes neither, so such text would fail or
// change on its way in.
func storable(s string) bool {
	return utf8.ValidString(s) && !hasNUL(s)
}

// hasNUL reports whether s holds a NUL byte.
func hasNUL(s string) bool { return strings.IndexByte(s, 0) >= 0 }

// ValidateTitle checks an already trimmed task title.
func ValidateTitle(title string) error {
	if title == "" {
		return &FieldError{"title", "Give the task a title."}
	}
	if !storable(title) {
		return &FieldError{"title", "Remove the NUL characters or bytes that are not UTF-8 from the title."}
	}
	if utf8.RuneCountInString(title) > MaxTitleLen {
		return &FieldError{"title", "Keep the title under 200 characters."}
	}
	return nil
}

// NormalizeDescription gives notes one line-ending style and drops
// trailing blank space.
func NormalizeDescription(s string) string {
	return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), " \n\t")
}

// ValidateDescription checks normalized task notes.
func ValidateDescription(desc string) error {
	if !storable(desc) {
		return &FieldError{"description", "Remove the NUL characters or bytes that are not UTF-8 from the notes."}
	}
	if utf8.RuneCountInString(desc) > MaxDescriptionLen {
		return &FieldError{"description", "Keep the notes under 10 000 characters."}
	}
	return nil
}

// The range of dates and times Docket accepts. Beyond it, dates print
// nonsense ("106751 days overdue") and times past 9999 cannot be written back
// in RFC 3339, so a stored one would break every page that shows it.
var (
	minTime = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// ValidateTime checks that t, in UTC, falls in the years 1900 to 9999.
func ValidateTime(t time.Time) error {
	if t.Before(minTime) || !t.Before(maxTime) {
		return &FieldError{"time", "Use a time between the years 1900 and 9999 (in UTC)."}
	}
	return nil
}
