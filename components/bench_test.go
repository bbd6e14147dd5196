package components

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"docket/models"
)

// benchList is a 50-row list with the variety real rows have: due dates,
// priorities, statuses and notes.
func benchList() TaskListData {
	today := models.DateOf(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	tasks := make([]models.Task, models.PageSize)
	for i := range tasks {
		t := models.Task{ID: int64(i + 1), UserID: 1, Title: fmt.Sprintf("Review the quarterly report %d", i),
			Priority: models.Priorities[i%len(models.Priorities)], Status: models.Statuses[i%len(models.Statuses)]}
		if i%4 != 0 {
			t.Due = today.AddDays(i%20 - 5)
		}
		if i%3 == 0 {
			t.Description = "See the email thread from last week."
		}
		tasks[i] = t
	}
	f := models.DefaultTaskFilter()
	return TaskListData{Filter: f, List: models.TaskPage{Tasks: tasks, HasMore: true}, Today: today,
		Counts: models.TaskCounts{Open: 120, Overdue: 4, DueToday: 2, Done: 30}}
}

func BenchmarkTaskList50(b *testing.B) {
	d := benchList()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := TaskList(d).Render(context.Background(), &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}

func BenchmarkTasksPage50(b *testing.B) {
	d := benchList()
	p := Page{Title: "Tasks", Username: "bench", AssetVersion: "0123456789ab"}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := TasksPage(p, d).Render(context.Background(), &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}
