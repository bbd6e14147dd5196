package models_test

import (
	"context"
	"testing"

	"docket/models"
)

// BenchmarkLoadMoreDeep compares "load more" after about 1 000 rows by
// page number (offset) and by cursor, for each sort, in the same run.
func BenchmarkLoadMoreDeep(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	for _, sort := range models.FilterSorts {
		filter := models.TaskFilter{Sort: sort, Page: 20}
		filter.Normalize()
		prev := filter
		prev.Page--
		page, err := models.ListTasks(ctx, db.Read, f.UserID, prev, f.Today, false)
		if err != nil || len(page.Tasks) == 0 {
			b.Fatalf("page 19 of sort %s: %d rows, %v", sort, len(page.Tasks), err)
		}
		cursor := models.NewCursor(filter, page.Tasks[len(page.Tasks)-1])
		b.Run("offset/sort="+sort, func(b *testing.B) {
			for b.Loop() {
				if _, err := models.ListTasks(ctx, db.Read, f.UserID, filter, f.Today, false); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("cursor/sort="+sort, func(b *testing.B) {
			for b.Loop() {
				if _, err := models.ListTasksAfter(ctx, db.Read, f.UserID, filter, f.Today, cursor); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
