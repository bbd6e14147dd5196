package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"docket/models"
)

// TestBadStoredValuesKeepPagesUp writes values no current path accepts,
// as an older version or a hand edit could have, and loads every page
// that shows the task.
func TestBadStoredValuesKeepPagesUp(t *testing.T) {
	tests := []struct{ name, column, value string }{
		{"year 10000", "created_at", "10000-01-01 00:00:00+00:00"},
		{"garbage time", "updated_at", "not a time"},
		{"garbage completion", "completed_at", "yesterday"},
		{"year 0", "due_date", "0000-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t)
			c, uid := ts.signUp(t, "alice")
			good := ts.addTask(t, uid, models.Task{Title: "Good"})
			bad := ts.addTask(t, uid, models.Task{Title: "Bad", Status: models.StatusDone})
			q := fmt.Sprintf("UPDATE tasks SET %s = ? WHERE id = ?", tt.column)
			if _, err := ts.db.Write.ExecContext(t.Context(), q, tt.value, bad.ID); err != nil {
				if ts.db.Engine == models.Postgres {
					t.Skipf("PostgreSQL's column type refuses the value: %v", err)
				}
				t.Fatal(err)
			}
			for _, path := range []string{"/tasks?status=all", fmt.Sprintf("/tasks/%d", bad.ID), "/account/export?format=json", "/account/export?format=csv"} {
				res := c.get(path)
				wantStatus(t, res, http.StatusOK)
				if path != fmt.Sprintf("/tasks/%d", bad.ID) && !strings.Contains(res.body, good.Title) {
					t.Errorf("%s lacks the good task:\n%.500s", path, res.body)
				}
				if !strings.Contains(res.body, "Bad") {
					t.Errorf("%s lacks the task with the bad value:\n%.500s", path, res.body)
				}
			}
		})
	}
}
