package models_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"docket/bench/benchdb"
	"docket/models"
)

// Environment of BenchmarkSearchAtScale.
const (
	// searchTasksEnv is how many tasks the searching user has; unset, the
	// benchmark is skipped, so that `-bench .` stays quick.
	searchTasksEnv = "DOCKET_BENCH_SEARCH_TASKS"
	// searchPostgresEnv is the URL of a PostgreSQL database to keep the
	// PostgreSQL fixture in; unset, only SQLite is measured.
	searchPostgresEnv = "DOCKET_BENCH_POSTGRES"
)

// searchBenchQueries are the searches measured at scale: a word that
// matches nothing, a common word, one in about 4% of the tasks, three
// common words that few tasks hold together (0.03%), and a two-letter word
// that matches nothing, which has no trigram.
var searchBenchQueries = []string{"zebra", "report", "Lisbon", "pay Lisbon receipt", "zq"}

// BenchmarkSearchAtScale measures the first page of the default list (open
// tasks by due date) searched for each of searchBenchQueries, in a list of
// DOCKET_BENCH_SEARCH_TASKS tasks among other users' tasks: "scan" is the
// query as it was before the text index, "index" the query as it is. It
// runs on SQLite, and on PostgreSQL when DOCKET_BENCH_POSTGRES names a
// database. Building a million tasks takes minutes, so the fixtures are
// kept (the SQLite one in the user's cache folder) and reused by later runs.
// Beside the mean it reports the median, p50-ms.
func BenchmarkSearchAtScale(b *testing.B) {
	tasks, _ := strconv.Atoi(os.Getenv(searchTasksEnv))
	if tasks <= 0 {
		b.Skipf("set %s, e.g. to 1000000, to measure search at scale", searchTasksEnv)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		b.Fatal(err)
	}
	dsns := map[string]string{"sqlite": filepath.Join(cache, "docket-bench", fmt.Sprintf("search-%d.db", tasks))}
	if url := os.Getenv(searchPostgresEnv); url != "" {
		dsns["postgres"] = url
	}
	ctx := context.Background()
	for _, engine := range []string{"sqlite", "postgres"} {
		dsn, ok := dsns[engine]
		if !ok {
			continue
		}
		f, err := benchdb.Keep(ctx, dsn, os.DirFS("migrations"), tasks)
		if err != nil {
			b.Fatal(err)
		}
		db, err := models.Open(ctx, f.Path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		for _, q := range searchBenchQueries {
			filter := filled(models.TaskFilter{Query: q})
			for _, way := range []struct {
				name string
				list func(context.Context, bun.IDB, int64, models.TaskFilter, models.Date) (models.TaskPage, error)
			}{{"scan", models.ListTasksByScan}, {"index", models.ListTasks}} {
				b.Run(fmt.Sprintf("%s/%s/%s", engine, q, way.name), func(b *testing.B) {
					var took []time.Duration
					for b.Loop() {
						start := time.Now()
						if _, err := way.list(ctx, db.Read, f.UserID, filter, f.Today); err != nil {
							b.Fatal(err)
						}
						took = append(took, time.Since(start))
					}
					slices.Sort(took)
					b.ReportMetric(float64(took[len(took)/2])/float64(time.Millisecond), "p50-ms")
				})
			}
		}
	}
}
