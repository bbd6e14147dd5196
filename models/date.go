package models

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar day without a time or zone. The zero Date means "no
// date" and is stored as NULL; other dates are stored as YYYY-MM-DD.
type Date struct {
	t time.Time // midnight UTC
}

const dateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD date in the years 1900 to 9999; a date
// outside them is a *FieldError.
func ParseDate(s string) (Date, error) {
	d, err := parseStoredDate(s)
	if err != nil {
		return Date{}, err
	}
	if ValidateTime(d.t) != nil {
		return Date{}, &FieldError{"due", "Pick a date between 1900-01-01 and 9999-12-31."}
	}
	return d, nil
}

// parseStoredDate reads any YYYY-MM-DD date, so a row stored before the
// range was enforced still loads.
func parseStoredDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("models: parse date %q: %w", s, err)
	}
	return Date{t}, nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is YYYY-MM-DD, or "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// DaysUntil returns how many days o is after d (negative if before).
func (d Date) DaysUntil(o Date) int { return int(o.t.Sub(d.t).Hours() / 24) }

// Value stores d as text, or NULL for no date.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored as text (or as a timestamp by other drivers).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = DateOf(v)
		return nil
	case []byte:
		return d.Scan(string(v))
	case string:
		if len(v) > len(dateLayout) {
			v = v[:len(dateLayout)]
		}
		parsed, err := parseStoredDate(v)
		if err != nil {
			return err
		}
		*d = parsed
		return nil
	}
	return fmt.Errorf("models: cannot scan %T into Date", src)
}

// NextWeek returns the Monday after d: the day "next week" means.
func (d Date) NextWeek() Date { return d.next(time.Monday) }

// next returns the first day after d that falls on wd, one to seven days on.
func (d Date) next(wd time.Weekday) Date {
	n := (int(wd) - int(d.t.Weekday()) + 7) % 7
	if n == 0 {
		n = 7
	}
	return d.AddDays(n)
}

// valid reports whether d is a date Docket stores: in the years 1900 to 9999.
func (d Date) valid() bool { return ValidateTime(d.t) == nil }

// monthLayout is a month as calendars name it in URLs.
const monthLayout = "2006-01"

// AddMonths returns the first day of the month n months after d's.
func (d Date) AddMonths(n int) Date {
	y, m, _ := d.t.Date()
	return Date{time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)}
}

// Month is d's month as YYYY-MM.
func (d Date) Month() string { return d.t.Format(monthLayout) }

// ParseMonth reads a YYYY-MM month, in the years Docket stores, as its
// first day.
func ParseMonth(s string) (Date, bool) {
	t, err := time.Parse(monthLayout, s)
	d := Date{t}
	return d, err == nil && d.valid()
}
