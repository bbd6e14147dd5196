package main

import (
	"io"
	"strconv"
	"testing"
	"time"
)

// BenchmarkCeilingRender is the ceiling's work per list request after the
// query: labelling and rendering 50 rows.
func BenchmarkCeilingRender(b *testing.B) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	page := &ceilingPage{After: "eyJzIjoiZHVlIn0"}
	for i := range ceilingPageSize {
		t := ceilingTask{ID: int64(1000 + i), Title: "Renew expense report " + strconv.Itoa(i), Due: today.AddDate(0, 0, i-25).Format(time.DateOnly), Priority: 3, Status: "todo", Notes: i%2 == 0}
		t.label(today)
		page.Tasks = append(page.Tasks, t)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := ceilingList.Execute(io.Discard, page); err != nil {
			b.Fatal(err)
		}
	}
}
