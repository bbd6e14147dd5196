package models

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/uptrace/bun"
)

// DemoUsername is the account `docket seed --demo` creates.
const DemoUsername = "demo"

// seedBatch is how many generated tasks one transaction inserts, and
// seedChunk how many one INSERT statement carries: large enough that a
// 100 000-task load commits a handful of times, small enough that the
// single write connection is never held for long.
const (
	seedBatch = 10000
	seedChunk = 500
)

// RandomPassword returns a new 22-character password for a seeded account.
func RandomPassword() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("models: random password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// SeedDemo creates the demo user with a random password and a realistic
// account dated around today: lists, labels, and tasks with subtasks, all
// in one transaction. If the demo
// user already exists it changes nothing and returns created false.
func SeedDemo(ctx context.Context, db *DB, pw Passwords, today Date) (u *User, password string, created bool, err error) {
	u, err = GetUserByUsername(ctx, db.Read, DemoUsername)
	if err == nil {
		return u, "", false, nil
	} else if !errors.Is(err, ErrNotFound) {
		return nil, "", false, err
	}
	if password, err = RandomPassword(); err != nil {
		return nil, "", false, err
	}
	err = db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if u, err = CreateUser(ctx, tx, pw, DemoUsername, password, "UTC"); err != nil {
			return err
		}
		return seedDemoData(ctx, tx, u.ID, today, time.Now().UTC())
	})
	if errors.Is(err, ErrConflict) { // another seed won the race
		u, err = GetUserByUsername(ctx, db.Read, DemoUsername)
		return u, "", false, err
	}
	if err != nil {
		return nil, "", false, err
	}
	return u, password, true, nil
}

// EnsureUser returns the named user, creating it with a random password
// (returned, else "") if it does not exist.
func EnsureUser(ctx context.Context, db *DB, pw Passwords, username string) (u *User, password string, err error) {
	u, err = GetUserByUsername(ctx, db.Read, username)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return u, "", err
	}
	if password, err = RandomPassword(); err != nil {
		return nil, "", err
	}
	if u, err = CreateUser(ctx, db.Write, pw, username, password, "UTC"); err != nil {
		return nil, "", err
	}
	return u, password, nil
}

// SeedTasks inserts n generated tasks for the user, due around today, in
// batched transactions on the write connection, and then brings the
// planner's statistics up to date (see analyzeTasks). progress, if set, is
// called after each batch with the number inserted so far. The same seed
// generates the same tasks.
func SeedTasks(ctx context.Context, db *DB, userID int64, n int, today Date, seed uint64, progress func(done int)) error {
	rnd := mrand.New(mrand.NewPCG(seed, uint64(userID)))
	now := time.Now().UTC()
	inbox, err := GetInbox(ctx, db.Read, userID)
	if err != nil {
		return err
	}
	for done := 0; done < n; {
		batch := min(seedBatch, n-done)
		err := db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			for i := 0; i < batch; i += seedChunk {
				tasks := make([]Task, min(seedChunk, batch-i))
				for j := range tasks {
					tasks[j] = generateTask(rnd, userID, today, now)
					tasks[j].ListID = inbox.ID
				}
				if _, err := tx.NewInsert().Model(&tasks).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("models: seed tasks for user %d: %w", userID, err)
		}
		done += batch
		if progress != nil {
			progress(done)
		}
	}
	return analyzeTasks(ctx, db)
}

// Word lists for generated tasks. "report" is common on purpose, so a
// search for it matches many tasks, as a real word would.
var (
	seedVerbs = []string{"Review", "Draft", "Send", "Update", "Fix", "Plan", "Call about", "Book", "Check",
		"Renew", "Prepare", "File", "Clean up", "Order", "Schedule", "Write", "Pay", "Follow up on"}
	seedObjects = []string{"the quarterly report", "the budget report", "team offsite", "insurance policy",
		"car service", "dentist appointment", "invoice for March", "expense report", "garden shed",
		"newsletter", "tax return", "flight to Lisbon", "onboarding checklist", "bug report from support",
		"kitchen tap", "birthday present for Sam", "project roadmap", "status report", "passport photos",
		"library books", "slides for Monday", "backup of the laptop", "contract with the landlord"}
	seedNotes = []string{"", "", "", "Ask Maria for the latest numbers first.",
		"Keep the receipt for the report.", "See the email thread from last week.",
		"Needs sign-off before Friday.", "Check the shared drive for the template."}
)

// generateTask makes one plausible task: most open, a quarter done, due
// dates spread from a month ago to two months ahead, some with none.
func generateTask(rnd *mrand.Rand, userID int64, today Date, now time.Time) Task {
	t := Task{
		UserID:      userID,
		Title:       seedVerbs[rnd.IntN(len(seedVerbs))] + " " + seedObjects[rnd.IntN(len(seedObjects))],
		Description: seedNotes[rnd.IntN(len(seedNotes))],
		Priority:    Priorities[rnd.IntN(len(Priorities))],
		Status:      StatusTodo,
		CreatedAt:   now.Add(-time.Duration(rnd.IntN(90*24)) * time.Hour),
	}
	t.UpdatedAt = t.CreatedAt
	switch r := rnd.IntN(100); {
	case r < 25:
		t.Status = StatusDone
		t.CompletedAt = bun.NullTime{Time: t.CreatedAt.Add(time.Duration(rnd.IntN(72)+1) * time.Hour)}
	case r < 40:
		t.Status = StatusDoing
	}
	if rnd.IntN(5) > 0 {
		t.Due = today.AddDays(rnd.IntN(90) - 30)
	}
	return t
}
