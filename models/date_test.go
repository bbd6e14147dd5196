package models_test

import (
	"database/sql/driver"
	"testing"
	"time"

	"docket/internal/testdb"
	"docket/models"
)

func TestParseDateRoundTrip(t *testing.T) {
	for _, s := range []string{"2026-01-02", "2024-02-29", "1999-12-31", "1900-01-01", "9999-12-31"} {
		d, err := models.ParseDate(s)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
			continue
		}
		if d.IsZero() || d.String() != s {
			t.Errorf("ParseDate(%q).String() = %q (zero %v)", s, d.String(), d.IsZero())
		}
		if want := time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 0, 0, 0, 0, time.UTC); !d.Time().Equal(want) || d.Time().Location() != time.UTC {
			t.Errorf("ParseDate(%q).Time() = %v, want midnight UTC", s, d.Time())
		}
	}
	for _, s := range []string{"", "2026-1-2", "2026-02-30", "2023-02-29", "02/01/2026", "2026-01-02T00:00:00Z", "not-a-date", "0000-01-01", "0001-01-01", "1899-12-31", "10000-01-01"} {
		if d, err := models.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, d)
		}
	}
	if got := (models.Date{}).String(); got != "" {
		t.Errorf("zero Date String() = %q, want empty", got)
	}
}

func TestDateScan(t *testing.T) {
	t.Parallel()
	tokyo := time.FixedZone("JST", 9*3600)
	tests := []struct {
		name    string
		src     any
		want    string // "" for the zero Date
		wantErr bool
	}{
		{"nil", nil, "", false},
		{"string", "2026-03-10", "2026-03-10", false},
		{"bytes", []byte("2026-03-10"), "2026-03-10", false},
		{"timestamp text", "2026-03-10 00:00:00+00:00", "2026-03-10", false},
		{"time.Time UTC", time.Date(2026, 3, 10, 23, 59, 0, 0, time.UTC), "2026-03-10", false},
		{"time.Time keeps its own day", time.Date(2026, 3, 11, 1, 0, 0, 0, tokyo), "2026-03-11", false},
		{"bad string", "tomorrow", "", true},
		{"empty string", "", "", true},
		{"int", int64(20260310), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := mustDate(t, "1970-01-01") // Scan must overwrite it
			err := d.Scan(tt.src)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Scan(%v) error = %v, want error %v", tt.src, err, tt.wantErr)
			}
			if !tt.wantErr && d.String() != tt.want {
				t.Errorf("Scan(%v) = %q, want %q", tt.src, d.String(), tt.want)
			}
		})
	}
}

func TestDateValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    models.Date
		want driver.Value
	}{
		{models.Date{}, nil},
		{mustDate(t, "2026-03-10"), "2026-03-10"},
	}
	for _, tt := range tests {
		got, err := tt.d.Value()
		if err != nil || got != tt.want {
			t.Errorf("Value() of %q = %#v, %v; want %#v", tt.d, got, err, tt.want)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		from string
		days int
		want string
	}{
		{"2026-03-10", 0, "2026-03-10"},
		{"2026-03-10", 6, "2026-03-16"},
		{"2026-03-10", -10, "2026-02-28"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2026-03-28", 3, "2026-03-31"}, // across a DST change in Europe, irrelevant to a UTC date
	}
	for _, tt := range tests {
		from := mustDate(t, tt.from)
		got := from.AddDays(tt.days)
		if got.String() != tt.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.days, got, tt.want)
		}
		if n := from.DaysUntil(got); n != tt.days {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tt.from, got, n, tt.days)
		}
		if before := from.Before(got); before != (tt.days > 0) {
			t.Errorf("%s.Before(%s) = %v, want %v", tt.from, got, before, tt.days > 0)
		}
	}
}

func TestDateOf(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	// 02:00 UTC on 10 March is still 9 March in New York.
	instant := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
	if got := models.DateOf(instant.In(ny)).String(); got != "2026-03-09" {
		t.Errorf("DateOf(New York) = %s, want 2026-03-09", got)
	}
	if got := models.DateOf(instant).String(); got != "2026-03-10" {
		t.Errorf("DateOf(UTC) = %s, want 2026-03-10", got)
	}
}

func TestTaskOverdue(t *testing.T) {
	t.Parallel()
	today := mustDate(t, "2026-03-10")
	tests := []struct {
		name   string
		due    string
		status models.Status
		want   bool
	}{
		{"yesterday", "2026-03-09", models.StatusTodo, true},
		{"yesterday doing", "2026-03-09", models.StatusDoing, true},
		{"yesterday but done", "2026-03-09", models.StatusDone, false},
		{"today", "2026-03-10", models.StatusTodo, false},
		{"tomorrow", "2026-03-11", models.StatusTodo, false},
		{"no due date", "", models.StatusTodo, false},
	}
	for _, tt := range tests {
		task := models.Task{Status: tt.status}
		if tt.due != "" {
			task.Due = mustDate(t, tt.due)
		}
		if got := task.Overdue(today); got != tt.want {
			t.Errorf("%s: Overdue = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestStatusAndPriorityNames(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s     models.Status
		valid bool
		label string
	}{
		{models.StatusTodo, true, "To do"},
		{models.StatusDoing, true, "Doing"},
		{models.StatusDone, true, "Done"},
		{"bogus", false, "To do"},
		{"", false, "To do"},
	} {
		if tt.s.Valid() != tt.valid || tt.s.Label() != tt.label {
			t.Errorf("Status %q: Valid %v, Label %q; want %v, %q", tt.s, tt.s.Valid(), tt.s.Label(), tt.valid, tt.label)
		}
	}
	for _, tt := range []struct {
		p           models.Priority
		name, label string
	}{
		{models.PriorityNone, "none", "No priority"},
		{models.PriorityLow, "low", "Low"},
		{models.PriorityMedium, "medium", "Medium"},
		{models.PriorityHigh, "high", "High"},
		{models.PriorityUrgent, "urgent", "Urgent"},
	} {
		if tt.p.String() != tt.name || tt.p.Label() != tt.label {
			t.Errorf("Priority %d: String %q, Label %q; want %q, %q", int(tt.p), tt.p.String(), tt.p.Label(), tt.name, tt.label)
		}
		if p, ok := models.ParsePriority(tt.name); !ok || p != tt.p {
			t.Errorf("ParsePriority(%q) = %v, %v; want %v, true", tt.name, p, ok, tt.p)
		}
	}
	for _, s := range []string{"", "Urgent", "5", "critical"} {
		if p, ok := models.ParsePriority(s); ok {
			t.Errorf("ParsePriority(%q) = %v, true; want false", s, p)
		}
	}
	if got := models.Priority(7).String(); got != "Priority(7)" {
		t.Errorf("Priority(7).String() = %q", got)
	}
}

func TestBadStoredTimesReadAsNone(t *testing.T) {
	testdb.SQLiteOnly(t)
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	task := createTask(t, db, u.ID, func(x *models.Task) { x.Status = models.StatusDone })
	for _, q := range []string{
		"UPDATE tasks SET created_at = '10000-01-01 00:00:00+00:00' WHERE id = ?",
		"UPDATE tasks SET completed_at = 'yesterday' WHERE id = ?",
	} {
		if _, err := db.Write.ExecContext(t.Context(), q, task.ID); err != nil {
			t.Fatal(err)
		}
	}
	got, err := models.GetTask(t.Context(), db.Read, u.ID, task.ID)
	if err != nil {
		t.Fatalf("GetTask of a row with bad times: %v", err)
	}
	if !got.CreatedAt.IsZero() || !got.CompletedAt.IsZero() || got.UpdatedAt.IsZero() {
		t.Errorf("times read as created %v, completed %v, updated %v; want the bad ones empty and the good one kept",
			got.CreatedAt, got.CompletedAt, got.UpdatedAt)
	}
}

// TestDateNextWeek gives the Monday after each day of a week: on a Sunday
// the next day, on a Monday a week on.
func TestDateNextWeek(t *testing.T) {
	t.Parallel()
	for day, want := range map[string]string{
		"2026-06-07": "2026-06-08", // Sunday
		"2026-06-08": "2026-06-15", // Monday
		"2026-06-09": "2026-06-15",
		"2026-06-10": "2026-06-15",
		"2026-06-11": "2026-06-15",
		"2026-06-12": "2026-06-15",
		"2026-06-13": "2026-06-15", // Saturday
		"2026-12-30": "2027-01-04", // across a year
	} {
		if got := mustDate(t, day).NextWeek().String(); got != want {
			t.Errorf("%s NextWeek() = %s, want %s", day, got, want)
		}
	}
}

func TestMonths(t *testing.T) {
	d := mustDate(t, "2026-01-31")
	for n, want := range map[int]string{0: "2026-01-01", 1: "2026-02-01", -1: "2025-12-01", 13: "2027-02-01"} {
		if got := d.AddMonths(n).String(); got != want {
			t.Errorf("AddMonths(%d) = %s, want %s", n, got, want)
		}
	}
	if got := d.Month(); got != "2026-01" {
		t.Errorf("Month() = %s", got)
	}
	if m, ok := models.ParseMonth("2027-02"); !ok || m.String() != "2027-02-01" {
		t.Errorf("ParseMonth(2027-02) = %v, %v", m, ok)
	}
	for _, s := range []string{"", "2027-13", "2027-2", "1899-12", "2027-02-01", "x"} {
		if m, ok := models.ParseMonth(s); ok {
			t.Errorf("ParseMonth(%q) = %v, want refused", s, m)
		}
	}
}
