package models_test

import (
	"context"
	"testing"

	"docket/models"
)

// BenchmarkLoadMoreDeep measures "load more" after about 1 000 rows, for
// each sort: the keyset cursor seeks there in the index.
func BenchmarkLoadMoreDeep(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	for _, sort := range models.FilterSorts {
		filter := filled(models.TaskFilter{Sort: sort})
		page, err := models.ListTasks(ctx, db.Read, f.UserID, filter, f.Today)
		for range 19 {
			if err != nil || len(page.Tasks) == 0 {
				b.Fatalf("walking sort %s: %d rows, %v", sort, len(page.Tasks), err)
			}
			page, err = models.ListTasksAfter(ctx, db.Read, f.UserID, filter, f.Today, models.NewCursor(filter, page.Tasks[len(page.Tasks)-1]))
		}
		if err != nil || len(page.Tasks) == 0 {
			b.Fatalf("page 20 of sort %s: %d rows, %v", sort, len(page.Tasks), err)
		}
		cursor := models.NewCursor(filter, page.Tasks[len(page.Tasks)-1])
		b.Run("cursor/sort="+sort, func(b *testing.B) {
			for b.Loop() {
				if _, err := models.ListTasksAfter(ctx, db.Read, f.UserID, filter, f.Today, cursor); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
