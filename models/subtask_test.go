package models_test

import (
	"errors"
	"testing"

	"docket/models"
)

func TestSubtasksModel(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	bob := createUser(t, db, "bob")
	work := &models.List{UserID: u.ID, Name: "Work"}
	if err := models.CreateList(ctx, db.Write, work); err != nil {
		t.Fatal(err)
	}
	parent := createTask(t, db, u.ID, func(x *models.Task) { x.Title = "trip"; x.ListID = work.ID })
	var subs []*models.Task
	for _, title := range []string{"flights", "hotel", "pack"} {
		sub := &models.Task{UserID: u.ID, Title: title, ParentID: parent.ID, Status: models.StatusTodo}
		if err := models.CreateTask(ctx, db.Write, sub); err != nil {
			t.Fatal(err)
		}
		if sub.ListID != work.ID {
			t.Errorf("subtask %q in list %d, want its parent's %d", title, sub.ListID, work.ID)
		}
		subs = append(subs, sub)
	}
	// One level, the owner's parent only.
	deeper := &models.Task{UserID: u.ID, Title: "deeper", ParentID: subs[0].ID, Status: models.StatusTodo}
	var fe *models.FieldError
	if err := models.CreateTask(ctx, db.Write, deeper); !errors.As(err, &fe) {
		t.Errorf("subtask of a subtask: %v, want a field error", err)
	}
	if err := models.CreateTask(ctx, db.Write, &models.Task{UserID: bob.ID, Title: "x", ParentID: parent.ID, Status: models.StatusTodo}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("Bob's subtask under Alice's task: %v, want ErrNotFound", err)
	}

	got, err := models.Subtasks(ctx, db.Read, u.ID, parent.ID)
	if err != nil || len(got) != 3 || got[0].Title != "flights" || got[2].Title != "pack" {
		t.Fatalf("subtasks = %v, %v", got, err)
	}
	if _, err := models.ToggleTask(ctx, db.Write, u.ID, subs[1].ID); err != nil {
		t.Fatal(err)
	}
	facts, err := models.LoadRowFacts(ctx, db.Read, u.ID, []models.Task{*parent, *subs[0]})
	if err != nil {
		t.Fatal(err)
	}
	if p := facts.Progress[parent.ID]; p != (models.Progress{Done: 1, Total: 3}) {
		t.Errorf("progress = %+v, want 1 of 3", p)
	}
	if facts.Parents[parent.ID] != "trip" {
		t.Errorf("parent titles = %v, want trip", facts.Parents)
	}

	// A subtask stays with its parent; moving the parent moves them all.
	inbox, err := models.GetInbox(ctx, db.Read, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.UpdateTask(ctx, db.Write, u.ID, subs[0].ID, models.TaskChanges{ListID: &inbox.ID}); !errors.As(err, &fe) {
		t.Errorf("moving a subtask alone: %v, want a field error", err)
	}
	if _, err := models.UpdateTask(ctx, db.Write, u.ID, parent.ID, models.TaskChanges{ListID: &inbox.ID}); err != nil {
		t.Fatal(err)
	}
	got, _ = models.Subtasks(ctx, db.Read, u.ID, parent.ID)
	for _, s := range got {
		if s.ListID != inbox.ID {
			t.Errorf("subtask %q in list %d after its parent moved to the Inbox %d", s.Title, s.ListID, inbox.ID)
		}
	}

	if n, err := models.CompleteSubtasks(ctx, db.Write, u.ID, parent.ID); err != nil || n != 2 {
		t.Errorf("CompleteSubtasks = %d, %v; want the 2 open ones", n, err)
	}
	if err := models.DeleteTask(ctx, db.Write, u.ID, parent.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := models.TotalTasks(ctx, db.Read, u.ID); err != nil || n != 0 {
		t.Errorf("tasks after deleting the parent = %d, %v; want its subtasks gone too", n, err)
	}
}
