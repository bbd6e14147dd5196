package models_test

import (
	"slices"
	"testing"
	"time"

	"docket/models"
)

// The statements behind every request send their values as parameters,
// so their SQL text, and the statement each pool prepared for it, is the
// same for every user, task and session.
func TestHotStatementsBindTheirValues(t *testing.T) {
	db := newTestDB(t)
	ctx := t.Context()
	today := mustDate(t, "2026-11-23")

	// who is one side of the comparison: a user with a task and a session.
	type who struct {
		user  *models.User
		task  *models.Task
		token string
	}
	newWho := func(name string) who {
		u := createUser(t, db, name)
		w := who{u, createTask(t, db, u.ID, nil), "token-" + name}
		if err := models.CreateSession(ctx, db.Write, &models.Session{Token: w.token, Data: []byte("x"), Expiry: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		return w
	}
	alice, bob := newWho("alice"), newWho("bob")

	// Each run returns a value of w's that must travel as a parameter.
	runs := []struct {
		name string
		run  func(w who) (any, error)
	}{
		{"CreateTask", func(w who) (any, error) {
			return w.user.ID, models.CreateTask(ctx, db.Write, &models.Task{UserID: w.user.ID, Title: "New", Due: today, Status: models.StatusDone})
		}},
		{"GetTask", func(w who) (any, error) {
			_, err := models.GetTask(ctx, db.Read, w.user.ID, w.task.ID)
			return w.task.ID, err
		}},
		{"ToggleTask", func(w who) (any, error) {
			_, err := models.ToggleTask(ctx, db.Write, w.user.ID, w.task.ID)
			return w.task.ID, err
		}},
		{"UpdateTask", func(w who) (any, error) {
			_, err := models.UpdateTask(ctx, db.Write, w.user.ID, w.task.ID, models.TaskChanges{Title: ptr("New title")})
			return w.task.ID, err
		}},
		{"CountTasks", func(w who) (any, error) {
			_, err := models.CountTasks(ctx, db.Read, w.user.ID, today)
			return w.user.ID, err
		}},
		{"FindSession", func(w who) (any, error) {
			_, found, err := models.FindSession(ctx, db.Read, w.token)
			if !found && err == nil {
				t.Errorf("session %q not found", w.token)
			}
			return w.token, err
		}},
		{"UpdateSession", func(w who) (any, error) {
			return w.token, models.UpdateSession(ctx, db.Write, &models.Session{Token: w.token, Data: []byte("y"), Expiry: time.Now().Add(time.Hour), UserID: w.user.ID})
		}},
	}
	rec := &queryRecorder{}
	db.AddQueryHook(rec)
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			wantFirst, err := r.run(alice)
			if err != nil {
				t.Fatal(err)
			}
			first := rec.lastQuery()
			wantSecond, err := r.run(bob)
			if err != nil {
				t.Fatal(err)
			}
			second := rec.lastQuery()
			if first.query != second.query {
				t.Errorf("SQL differs between users:\n  %s\n  %s", first.query, second.query)
			}
			if !slices.Contains(first.args, wantFirst) || !slices.Contains(second.args, wantSecond) {
				t.Errorf("%v and %v are not bound parameters: %v, %v", wantFirst, wantSecond, first, second)
			}
		})
	}
}

// Every one of UpdateTask's 32 shapes stores the fields it was given and
// keeps the others.
func TestUpdateTaskShapes(t *testing.T) {
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	due := mustDate(t, "2026-12-24")
	title, desc, prio, done := "Edited", "notes", models.PriorityUrgent, models.StatusDone
	for mask := range 32 {
		var c models.TaskChanges
		if mask&1 != 0 {
			c.Title = &title
		}
		if mask&2 != 0 {
			c.Description = &desc
		}
		if mask&4 != 0 {
			c.Due = &due
		}
		if mask&8 != 0 {
			c.Priority = &prio
		}
		if mask&16 != 0 {
			c.Status = &done
		}
		before := createTask(t, db, u.ID, nil)
		got, err := models.UpdateTask(ctx, db.Write, u.ID, before.ID, c)
		if err != nil {
			t.Fatalf("mask %05b: %v", mask, err)
		}
		want := *before
		if c.Title != nil {
			want.Title = title
		}
		if c.Description != nil {
			want.Description = desc
		}
		if c.Due != nil {
			want.Due = due
		}
		if c.Priority != nil {
			want.Priority = prio
		}
		if c.Status != nil {
			want.Status = done
		}
		if got.Title != want.Title || got.Description != want.Description || got.Due != want.Due ||
			got.Priority != want.Priority || got.Status != want.Status || got.CompletedAt.IsZero() == got.Done() {
			t.Errorf("mask %05b: got %+v, want %+v", mask, got, want)
		}
		stored, err := models.GetTask(ctx, db.Read, u.ID, before.ID)
		if err != nil || *stored != *got {
			t.Errorf("mask %05b: stored %+v, %v; returned %+v", mask, stored, err, got)
		}
	}
}
