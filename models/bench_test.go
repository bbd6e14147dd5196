package models_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"docket/bench/benchdb"
	"docket/internal/testdb"
	"docket/models"
)

// fixture is built on the first benchmark that asks for it, so plain
// `go test` never pays for 200 000 rows.
var fixture = &benchdb.Cache{Migrations: os.DirFS("migrations")}

func TestMain(m *testing.M) { testdb.Main(func() int { return fixture.Run(m) }) }

// openFixture opens the shared 100 000-task database.
func openFixture(b *testing.B) (*models.DB, *benchdb.Fixture) {
	b.Helper()
	f, err := fixture.Get()
	if err != nil {
		b.Fatal(err)
	}
	db, err := models.Open(context.Background(), f.Path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, f
}

// BenchmarkListTasks measures the first page for each filter and sort.
func BenchmarkListTasks(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	cases := []struct{ name, status, priority, due, sort string }{
		{name: "fragment/open-high-due", status: "open", priority: "high", sort: "due"},
	}
	for _, s := range models.FilterStatuses {
		cases = append(cases, struct{ name, status, priority, due, sort string }{name: "status=" + s, status: s})
	}
	for _, d := range models.FilterDues[1:] {
		cases = append(cases, struct{ name, status, priority, due, sort string }{name: "due=" + d, due: d})
	}
	for _, s := range models.FilterSorts {
		cases = append(cases, struct{ name, status, priority, due, sort string }{name: "sort=" + s, sort: s})
		cases = append(cases, struct{ name, status, priority, due, sort string }{name: "all/sort=" + s, status: "all", sort: s})
	}
	cases = append(cases, struct{ name, status, priority, due, sort string }{name: "priority=urgent", priority: "urgent"})
	for _, c := range cases {
		filter := models.TaskFilter{Status: c.status, Priority: c.priority, Due: c.due, Sort: c.sort}
		filter = filled(filter)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := models.ListTasks(ctx, db.Read, f.UserID, filter, f.Today); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkListViews measures the first page of the views the sidebar
// leads to: the fixture's largest list, its common and rare labels, Today
// and Upcoming, and what a page loads besides its rows.
func BenchmarkListViews(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	views := []struct {
		name   string
		filter models.TaskFilter
	}{
		{"list", models.TaskFilter{List: f.BigListID}},
		{"label=common", models.TaskFilter{Labels: []models.Label{f.CommonLabel}}},
		{"label=rare", models.TaskFilter{Labels: []models.Label{f.RareLabel}}},
		{"list+label=common", models.TaskFilter{List: f.BigListID, Labels: []models.Label{f.CommonLabel}}},
		{"today", models.ForView(models.ViewToday)},
		{"upcoming", models.ForView(models.ViewUpcoming)},
	}
	for _, v := range views {
		filter := filled(v.filter)
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := models.ListTasks(ctx, db.Read, f.UserID, filter, f.Today); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	page, err := models.ListTasks(ctx, db.Read, f.UserID, filled(models.TaskFilter{}), f.Today)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("row facts", func(b *testing.B) {
		for b.Loop() {
			if _, err := models.LoadRowFacts(ctx, db.Read, f.UserID, page.Tasks); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("counts by list", func(b *testing.B) {
		for b.Loop() {
			if _, err := models.CountByList(ctx, db.Read, f.UserID, f.Today); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSearch measures search for a common word, a rare one and one
// that matches nothing (the worst case: every row is read).
func BenchmarkSearch(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	for _, q := range []string{"report", "Lisbon", "zebra"} {
		filter := models.TaskFilter{Query: q, Status: "all"}
		filter = filled(filter)
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := models.ListTasks(ctx, db.Read, f.UserID, filter, f.Today); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCountTasks measures the header counts.
func BenchmarkCountTasks(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := models.CountTasks(ctx, db.Read, f.UserID, f.Today); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateTask measures a durable insert.
func BenchmarkCreateTask(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	for b.Loop() {
		task := &models.Task{UserID: f.UserID, Title: "Benchmark task", Priority: models.PriorityHigh, Due: f.Today}
		if err := models.CreateTask(ctx, db.Write, task); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateTitle measures an inline title edit.
func BenchmarkUpdateTitle(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	title := "Renamed by the benchmark"
	id := int64(0)
	for b.Loop() {
		id = id%1000 + 1
		if _, err := models.UpdateTask(ctx, db.Write, f.UserID, id, models.TaskChanges{Title: &title}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkToggleTask measures marking a task done or open.
func BenchmarkToggleTask(b *testing.B) {
	db, f := openFixture(b)
	ctx := context.Background()
	id := int64(0)
	for b.Loop() {
		id = id%1000 + 1
		if _, err := models.ToggleTask(ctx, db.Write, f.UserID, id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateSession compares storing an anonymous session (a plain
// insert) with a log-in's, which is only inserted while its user is on the
// session epoch read at log-in.
func BenchmarkCreateSession(b *testing.B) {
	ctx := context.Background()
	db, err := models.Open(ctx, filepath.Join(b.TempDir(), "sessions.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := models.Migrate(ctx, db, os.DirFS("migrations")); err != nil {
		b.Fatal(err)
	}
	u, err := models.CreateUser(ctx, db.Write, models.Passwords{}, "bench", "benchmark password", "UTC")
	if err != nil {
		b.Fatal(err)
	}
	data := make([]byte, 120) // about what a logged-in session encodes to
	i := 0                    // tokens stay unique across every run
	for _, userID := range []int64{0, u.ID} {
		name := map[bool]string{true: "logged in", false: "anonymous"}[userID != 0]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				i++
				s := &models.Session{Token: name + strconv.Itoa(i), Data: data, Expiry: time.Now().Add(time.Hour), UserID: userID}
				if err := models.CreateSession(ctx, db.Write, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
