package handlers_test

import (
	"fmt"
	"net/http"
	"testing"

	"docket/models"
)

// FuzzTaskListQuery sends arbitrary query strings to the list, as a page,
// a filter change and a load more: whatever the URL holds, the answer is
// never a server error.
func FuzzTaskListQuery(f *testing.F) {
	ts := newTestServer(f)
	base := ts.newLocalClient(f)
	base.register("alice", "correct horse battery")
	uid := ts.userID(f, "alice")
	for i := range models.PageSize + 5 {
		task := models.Task{UserID: uid, Title: fmt.Sprintf("Task %03d", i), Status: models.StatusTodo}
		if err := models.CreateTask(f.Context(), ts.db.Write, &task); err != nil {
			f.Fatal(err)
		}
	}
	last := models.Task{ID: 6, Title: "Task 005"}
	for _, q := range []string{
		"",
		"page=1000",
		"page=99999999999999999999&status=done",
		"q=%FF%00&sort=title&due=week&priority=urgent",
		"after=" + models.NewCursor(models.TaskFilter{Sort: "due"}, last).String(),
		"sort=title&after=" + models.NewCursor(models.TaskFilter{Sort: "title"}, last).String(),
		"sort=created&after=not-a-cursor&page=2",
		"%zz&q=%",
	} {
		for target := range 3 {
			f.Add(q, uint8(target))
		}
	}
	f.Fuzz(func(t *testing.T, query string, target uint8) {
		c := *base
		c.t = t
		req, err := http.NewRequest(http.MethodGet, ts.URL+"/tasks", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.RawQuery = query
		var header []string
		switch target % 3 {
		case 1:
			header = []string{"HX-Request", "true", "HX-Target", "task-list"}
		case 2:
			header = []string{"HX-Request", "true", "HX-Target", "task-rows"}
		}
		res := c.send(req, header...)
		if res.StatusCode >= 500 {
			t.Fatalf("GET /tasks?%s (%v) = %d:\n%s", query, header, res.StatusCode, res.body)
		}
	})
}
