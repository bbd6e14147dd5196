package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// LoginWindow is the span over which failed log-ins are counted.
const LoginWindow = 15 * time.Minute

// LoginFailure counts failed log-ins for one key ("ip:…" or "user:…") in
// the fixed window that began at WindowStart. Kept in the database, the
// count holds across restarts and across instances.
type LoginFailure struct {
	bun.BaseModel `bun:"table:login_failures,alias:lf"`

	Key         string    `bun:"key,pk"`
	WindowStart time.Time `bun:"window_start,notnull"`
	Count       int       `bun:"count,notnull"`
}

// LoginFailures returns the failure count of each key in its current
// window, in one query; keys without recent failures are absent.
func LoginFailures(ctx context.Context, db bun.IDB, now time.Time, keys ...string) (map[string]int, error) {
	var rows []LoginFailure
	q := db.NewSelect().Model(&rows).Column("key", "count").
		Where("lf.key IN (?) AND lf.window_start > ?", bun.In(keys), now.UTC().Add(-LoginWindow))
	err := q.Scan(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("models: read log-in failures: %w", err)
	}
	counts := make(map[string]int, len(rows))
	for _, r := range rows {
		counts[r.Key] = r.Count
	}
	return counts, nil
}

// RecordLoginFailure adds one failure to each key, starting a new window
// for keys whose window has passed.
func RecordLoginFailure(ctx context.Context, db bun.IDB, now time.Time, keys ...string) error {
	now = now.UTC()
	rows := make([]LoginFailure, len(keys))
	for i, k := range keys {
		rows[i] = LoginFailure{Key: k, WindowStart: now, Count: 1}
	}
	stale := now.Add(-LoginWindow)
	_, err := db.NewInsert().Model(&rows).
		On("CONFLICT (key) DO UPDATE").
		Set("count = CASE WHEN lf.window_start > ? THEN lf.count + 1 ELSE 1 END", stale).
		Set("window_start = CASE WHEN lf.window_start > ? THEN lf.window_start ELSE EXCLUDED.window_start END", stale).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: record log-in failure: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets the failures of keys after a successful log-in.
func ClearLoginFailures(ctx context.Context, db bun.IDB, keys ...string) error {
	if _, err := db.NewDelete().Model((*LoginFailure)(nil)).Where("key IN (?)", bun.In(keys)).Exec(ctx); err != nil {
		return fmt.Errorf("models: clear log-in failures: %w", err)
	}
	return nil
}
