package models

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// SetTextIndexProbe makes the search probe count at most n matches before
// it takes the words for common (0: every word is common), and returns a
// function that restores the limit. Tests that call it must not run in
// parallel.
func SetTextIndexProbe(n int) (restore func()) {
	old := textIndexProbe
	textIndexProbe = n
	return func() { textIndexProbe = old }
}

// ListTasksByScan is ListTasks as it was before the text index: every word
// matched with LIKE (ILIKE on PostgreSQL) on the title or the notes, the
// rows read along the list's ordered index. The benchmarks compare the two.
func ListTasksByScan(ctx context.Context, db bun.IDB, userID int64, f TaskFilter, today Date) (TaskPage, error) {
	words := searchWords(f.Query)
	f.Query = ""
	var tasks []Task
	q := db.NewSelect().Model(&tasks).Where("t.user_id = ?", userID)
	applyFilter(q, userID, f, today)
	like := "LIKE"
	if q.Dialect().Name() == dialect.PG {
		like = "ILIKE"
	}
	for _, w := range words {
		pattern := "%" + escapeLike(w) + "%"
		q.Where("(t.title "+like+" ? ESCAPE '\\' OR t.description "+like+" ? ESCAPE '\\')", pattern, pattern)
	}
	applySort(q, f)
	limit := min(max(f.Page, 1), MaxPage) * PageSize
	if err := q.Limit(int64(limit + 1)).Scan(ctx); err != nil {
		return TaskPage{}, err
	}
	return trimPage(tasks, limit), nil
}
