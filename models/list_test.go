package models_test

import (
	"errors"
	"testing"

	"docket/models"
)

func TestListsPerUser(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	alice := createUser(t, db, "alice")
	bob := createUser(t, db, "bob")

	inbox, err := models.GetInbox(ctx, db.Read, alice.ID)
	if err != nil || inbox.Name != models.InboxName || !inbox.Inbox {
		t.Fatalf("a new user's Inbox = %+v, %v", inbox, err)
	}
	work := &models.List{UserID: alice.ID, Name: "Work", Colour: "blue"}
	if err := models.CreateList(ctx, db.Write, work); err != nil {
		t.Fatal(err)
	}
	// Names are unique per user in any case and script, and only per user.
	for _, name := range []string{"work", "WORK"} {
		if err := models.CreateList(ctx, db.Write, &models.List{UserID: alice.ID, Name: name}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("second list %q: %v, want ErrConflict", name, err)
		}
	}
	if err := models.CreateList(ctx, db.Write, &models.List{UserID: alice.ID, Name: "Ärzte"}); err != nil {
		t.Fatal(err)
	}
	if err := models.CreateList(ctx, db.Write, &models.List{UserID: alice.ID, Name: "ärzte"}); !errors.Is(err, models.ErrConflict) {
		t.Errorf("a list differing only in the case of Ä: %v, want ErrConflict", err)
	}
	if err := models.CreateList(ctx, db.Write, &models.List{UserID: bob.ID, Name: "Work"}); err != nil {
		t.Errorf("Bob's own Work: %v", err)
	}
	if _, err := models.GetList(ctx, db.Read, bob.ID, work.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("Bob reading Alice's list: %v, want ErrNotFound", err)
	}

	// A task in another user's list is refused by the schema itself.
	err = models.CreateTask(ctx, db.Write, &models.Task{UserID: bob.ID, Title: "sneaky", ListID: work.ID, Status: models.StatusTodo})
	if !errors.Is(err, models.ErrNotFound) {
		t.Errorf("task in another user's list: %v, want ErrNotFound", err)
	}

	// The Inbox keeps its name, stays unarchived and cannot be deleted.
	name := "Other"
	if _, err := models.UpdateList(ctx, db.Write, alice.ID, inbox.ID, models.ListChanges{Name: &name}); err == nil {
		t.Error("renamed the Inbox")
	}
	archived := true
	if _, err := models.UpdateList(ctx, db.Write, alice.ID, inbox.ID, models.ListChanges{Archived: &archived}); err == nil {
		t.Error("archived the Inbox")
	}
	if err := models.DeleteList(ctx, db.Write, alice.ID, inbox.ID, true); err == nil {
		t.Error("deleted the Inbox")
	}

	lists, err := models.UserLists(ctx, db.Read, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range lists {
		names = append(names, l.Name)
	}
	if got := len(names); got != 3 || names[0] != models.InboxName || names[1] != "Work" || names[2] != "Ärzte" {
		t.Errorf("lists = %v, want Inbox, Work, Ärzte", names)
	}
}

func TestListFilterAndArchive(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	work := &models.List{UserID: u.ID, Name: "Work"}
	if err := models.CreateList(ctx, db.Write, work); err != nil {
		t.Fatal(err)
	}
	createTask(t, db, u.ID, func(x *models.Task) { x.Title = "in the inbox" })
	createTask(t, db, u.ID, func(x *models.Task) { x.Title = "at work"; x.ListID = work.ID })
	titles := func(f models.TaskFilter) []string {
		t.Helper()
		page, err := models.ListTasks(ctx, db.Read, u.ID, filled(f), seedToday)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range page.Tasks {
			out = append(out, x.Title)
		}
		return out
	}
	if got := titles(models.TaskFilter{List: work.ID}); len(got) != 1 || got[0] != "at work" {
		t.Errorf("Work's tasks = %v", got)
	}
	if got := titles(models.TaskFilter{}); len(got) != 2 {
		t.Errorf("all tasks = %v, want both", got)
	}
	archived := true
	if _, err := models.UpdateList(ctx, db.Write, u.ID, work.ID, models.ListChanges{Archived: &archived}); err != nil {
		t.Fatal(err)
	}
	if got := titles(models.TaskFilter{}); len(got) != 1 || got[0] != "in the inbox" {
		t.Errorf("all tasks with Work archived = %v, want only the Inbox's", got)
	}
	if got := titles(models.TaskFilter{List: work.ID}); len(got) != 1 {
		t.Errorf("the archived list's own view = %v, want its task", got)
	}
	counts, err := models.CountTasks(ctx, db.Read, u.ID, seedToday)
	if err != nil || counts.Open != 1 {
		t.Errorf("counts with Work archived = %+v, %v; want 1 open", counts, err)
	}
}
