package components_test

import (
	"testing"

	"docket/components"
	"docket/models"
)

func TestDueLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		today, due, want string
	}{
		{"2026-06-15", "", ""},
		{"2026-06-15", "2026-06-15", "Today"},
		{"2026-06-15", "2026-06-16", "Tomorrow"},
		{"2026-06-15", "2026-06-14", "1 day overdue"},
		{"2026-06-15", "2026-06-12", "3 days overdue"},
		{"2026-06-15", "2025-12-31", "166 days overdue"},
		{"2026-06-15", "2026-06-17", "Wed"},
		{"2026-06-15", "2026-06-21", "Sun"},
		{"2026-06-15", "2026-06-22", "22 Jun"},
		{"2026-06-15", "2026-12-31", "31 Dec"},
		{"2026-06-15", "2027-01-05", "5 Jan 2027"},
		{"2026-12-30", "2027-01-02", "Sat"},
		{"2026-12-30", "2027-01-06", "6 Jan 2027"},
		{"2026-03-28", "2026-03-30", "Mon"},      // across the EU clock change
		{"2026-03-08", "2026-03-09", "Tomorrow"}, // across the US clock change
	}
	for _, tt := range tests {
		t.Run(tt.today+" "+tt.due, func(t *testing.T) {
			t.Parallel()
			var due models.Date
			if tt.due != "" {
				due = date(t, tt.due)
			}
			if got := components.DueLabel(due, date(t, tt.today)); got != tt.want {
				t.Errorf("DueLabel = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		counts models.TaskCounts
		want   string
	}{
		{models.TaskCounts{}, "0 open tasks"},
		{models.TaskCounts{Open: 1}, "1 open task"},
		{models.TaskCounts{Open: 1, Done: 40}, "1 open task"},
		{models.TaskCounts{Open: 3, Overdue: 1}, "3 open tasks · 1 overdue"},
		{models.TaskCounts{Open: 2, DueToday: 2}, "2 open tasks · 2 due today"},
		{models.TaskCounts{Open: 12, Overdue: 3, DueToday: 1}, "12 open tasks · 3 overdue · 1 due today"},
	}
	for _, tt := range tests {
		if got := components.Summary(tt.counts); got != tt.want {
			t.Errorf("Summary(%+v) = %q, want %q", tt.counts, got, tt.want)
		}
	}
}

func TestListURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query, want string
	}{
		{"", "/tasks"},
		{"status=open&due=any&sort=due&page=1", "/tasks"},
		{"q=milk+and+honey", "/tasks?q=milk+and+honey"},
		{"sort=title&status=all&priority=high&due=week&page=3", "/tasks?due=week&page=3&priority=high&sort=title&status=all"},
		{"q=a%26b%3Dc", "/tasks?q=a%26b%3Dc"},
	}
	for _, tt := range tests {
		f := filterOf(t, tt.query)
		if got := components.ListURL(f); got != tt.want {
			t.Errorf("ListURL(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestTaskDOMID(t *testing.T) {
	t.Parallel()
	if got := components.TaskDOMID(42); got != "task-42" {
		t.Errorf("TaskDOMID(42) = %q, want task-42", got)
	}
}
