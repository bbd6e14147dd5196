package models

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
)

// migratedInternalDB is a migrated SQLite database under t.TempDir.
func migratedInternalDB(t *testing.T) *DB {
	t.Helper()
	db := openInternalTestDB(t)
	if _, err := Migrate(t.Context(), db, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	return db
}

// createInternalUser stores a user, hashing the password at argon2id's
// lowest cost.
func createInternalUser(t *testing.T, db *DB, name string) *User {
	t.Helper()
	pw, err := NewPasswords(argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		t.Fatal(err)
	}
	u, err := CreateUser(t.Context(), db.Write, pw, name, "password123", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Changing any one copied value, even a time by a microsecond, changes
// its table's checksum; writing a time in another zone does not.
func TestCopyChecksumCoversEveryColumn(t *testing.T) {
	t.Parallel()
	db := migratedInternalDB(t)
	ctx := t.Context()
	lone, owner := createInternalUser(t, db, "lone"), createInternalUser(t, db, "owner")
	work := &List{UserID: owner.ID, Name: "Work", Colour: "blue"}
	if err := CreateList(ctx, db.Write, work); err != nil {
		t.Fatal(err)
	}
	open := &Task{UserID: owner.ID, Title: "open", Status: StatusTodo}
	done := &Task{UserID: owner.ID, Title: "done", Status: StatusDoing, Due: DateOf(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))}
	for _, task := range []*Task{open, done} {
		if err := CreateTask(ctx, db.Write, task); err != nil {
			t.Fatal(err)
		}
	}
	sub := &Task{UserID: owner.ID, Title: "sub", ParentID: open.ID}
	if err := CreateTask(ctx, db.Write, sub); err != nil {
		t.Fatal(err)
	}
	if err := SetTaskLabels(ctx, db.Write, owner.ID, open.ID, []string{"phone"}); err != nil {
		t.Fatal(err)
	}
	label, err := LabelsNamed(ctx, db.Read, owner.ID, []string{"phone"})
	if err != nil || len(label) != 1 {
		t.Fatal(label, err)
	}
	if done, err = ToggleTask(ctx, db.Write, owner.ID, done.ID); err != nil {
		t.Fatal(err)
	}
	later := func(tm time.Time) string { return dbTime(tm.Add(time.Microsecond)) }
	// Foreign keys are checked at the end of the transaction, which rolls
	// back, so that each change can move one column alone.
	changes := map[string]struct {
		table string
		sql   string
		args  []any
	}{
		"users.id":                {"users", "UPDATE users SET id = 99 WHERE id = ?", []any{lone.ID}},
		"users.username":          {"users", "UPDATE users SET username = 'other' WHERE id = ?", []any{lone.ID}},
		"users.password_hash":     {"users", "UPDATE users SET password_hash = 'x' WHERE id = ?", []any{lone.ID}},
		"users.timezone":          {"users", "UPDATE users SET timezone = 'Asia/Tokyo' WHERE id = ?", []any{lone.ID}},
		"users.session_epoch":     {"users", "UPDATE users SET session_epoch = 5 WHERE id = ?", []any{lone.ID}},
		"users.created_at":        {"users", "UPDATE users SET created_at = ? WHERE id = ?", []any{later(lone.CreatedAt), lone.ID}},
		"users.updated_at":        {"users", "UPDATE users SET updated_at = ? WHERE id = ?", []any{later(lone.UpdatedAt), lone.ID}},
		"users.quick_add_parse":   {"users", "UPDATE users SET quick_add_parse = ? WHERE id = ?", []any{false, lone.ID}},
		"lists.id":                {"lists", "UPDATE lists SET id = 99 WHERE id = ?", []any{work.ID}},
		"lists.user_id":           {"lists", "UPDATE lists SET user_id = ? WHERE id = ?", []any{lone.ID, work.ID}},
		"lists.name":              {"lists", "UPDATE lists SET name = 'Play' WHERE id = ?", []any{work.ID}},
		"lists.name_key":          {"lists", "UPDATE lists SET name_key = 'play' WHERE id = ?", []any{work.ID}},
		"lists.colour":            {"lists", "UPDATE lists SET colour = 'red' WHERE id = ?", []any{work.ID}},
		"lists.position":          {"lists", "UPDATE lists SET position = 7 WHERE id = ?", []any{work.ID}},
		"lists.inbox":             {"lists", "UPDATE lists SET inbox = 0 WHERE user_id = ? AND inbox = 1", []any{owner.ID}},
		"lists.archived":          {"lists", "UPDATE lists SET archived = 1 WHERE id = ?", []any{work.ID}},
		"lists.created_at":        {"lists", "UPDATE lists SET created_at = ? WHERE id = ?", []any{later(work.CreatedAt), work.ID}},
		"labels.id":               {"labels", "UPDATE labels SET id = 99 WHERE id = ?", []any{label[0].ID}},
		"labels.user_id":          {"labels", "UPDATE labels SET user_id = ? WHERE id = ?", []any{lone.ID, label[0].ID}},
		"labels.name":             {"labels", "UPDATE labels SET name = 'Phone' WHERE id = ?", []any{label[0].ID}},
		"labels.name_key":         {"labels", "UPDATE labels SET name_key = 'call' WHERE id = ?", []any{label[0].ID}},
		"labels.colour":           {"labels", "UPDATE labels SET colour = 'red' WHERE id = ?", []any{label[0].ID}},
		"labels.created_at":       {"labels", "UPDATE labels SET created_at = ? WHERE id = ?", []any{later(label[0].CreatedAt), label[0].ID}},
		"tasks.id":                {"tasks", "UPDATE tasks SET id = 99 WHERE id = ?", []any{done.ID}},
		"tasks.user_id":           {"tasks", "UPDATE tasks SET user_id = ? WHERE id = ?", []any{lone.ID, open.ID}},
		"tasks.list_id":           {"tasks", "UPDATE tasks SET list_id = ? WHERE id = ?", []any{work.ID, open.ID}},
		"tasks.parent_id":         {"tasks", "UPDATE tasks SET parent_id = ? WHERE id = ?", []any{done.ID, sub.ID}},
		"tasks.position":          {"tasks", "UPDATE tasks SET position = 5 WHERE id = ?", []any{sub.ID}},
		"tasks.title":             {"tasks", "UPDATE tasks SET title = 'other' WHERE id = ?", []any{open.ID}},
		"tasks.description":       {"tasks", "UPDATE tasks SET description = 'notes' WHERE id = ?", []any{open.ID}},
		"tasks.due_date":          {"tasks", "UPDATE tasks SET due_date = '2026-05-02' WHERE id = ?", []any{done.ID}},
		"tasks.priority":          {"tasks", "UPDATE tasks SET priority = 3 WHERE id = ?", []any{open.ID}},
		"tasks.status":            {"tasks", "UPDATE tasks SET status = 'doing' WHERE id = ?", []any{open.ID}},
		"tasks.completed_at":      {"tasks", "UPDATE tasks SET completed_at = ? WHERE id = ?", []any{later(done.CompletedAt.Time), done.ID}},
		"tasks.created_at":        {"tasks", "UPDATE tasks SET created_at = ? WHERE id = ?", []any{later(open.CreatedAt), open.ID}},
		"tasks.updated_at":        {"tasks", "UPDATE tasks SET updated_at = ? WHERE id = ?", []any{later(open.UpdatedAt), open.ID}},
		"tasks.reopen_status":     {"tasks", "UPDATE tasks SET reopen_status = 'todo' WHERE id = ?", []any{done.ID}},
		"tasks.due_date to NULL":  {"tasks", "UPDATE tasks SET due_date = NULL WHERE id = ?", []any{done.ID}},
		"tasks.parent_id to NULL": {"tasks", "UPDATE tasks SET parent_id = NULL WHERE id = ?", []any{sub.ID}},
		"task_labels.task_id":     {"task_labels", "UPDATE task_labels SET task_id = ? WHERE task_id = ?", []any{done.ID, open.ID}},
		"task_labels.label_id":    {"task_labels", "UPDATE task_labels SET label_id = 99 WHERE task_id = ?", []any{open.ID}},
		"task_labels.user_id":     {"task_labels", "UPDATE task_labels SET user_id = ? WHERE task_id = ?", []any{lone.ID, open.ID}},
	}
	for _, ct := range copiedTables {
		for _, c := range ct.columns {
			if _, ok := changes[ct.name+"."+c.name]; !ok {
				t.Errorf("no change of %s.%s is tried", ct.name, c.name)
			}
		}
	}
	base := map[string]string{}
	for _, ct := range copiedTables {
		base[ct.name] = digestIn(t, db, ct, "", nil)
	}
	for name, ch := range changes {
		if got := digestIn(t, db, tableNamed(ch.table), ch.sql, ch.args); got == base[ch.table] {
			t.Errorf("%s: changing it leaves the checksum as it was", name)
		}
	}
	// The same instant, written with another offset, is the same time.
	paris := open.CreatedAt.In(time.FixedZone("CEST", 2*3600)).Format("2006-01-02 15:04:05.999999-07:00")
	if got := digestIn(t, db, tableNamed("tasks"), "UPDATE tasks SET created_at = ? WHERE id = ?", []any{paris, open.ID}); got != base["tasks"] {
		t.Errorf("writing created_at as %s changed the checksum", paris)
	}
}

// digestIn returns the checksum of table t after query (if any) has run
// in a transaction, which it then rolls back.
func digestIn(t *testing.T, db *DB, ct copyTable, query string, args []any) string {
	t.Helper()
	tx, err := db.Write.DB.DB.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(t.Context(), "PRAGMA defer_foreign_keys = ON"); err != nil {
		t.Fatal(err)
	}
	if query != "" {
		if _, err := tx.ExecContext(t.Context(), query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	d, err := digestTable(t.Context(), tx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(d.rows, d.sum())
}

// CopiedColumns lists the columns a copy carries of each table, and
// LeftBehind the tables it does not carry, for the schema test.
func CopiedColumns() (copied map[string][]string, behind []string) {
	copied = map[string][]string{}
	for _, ct := range copiedTables {
		for _, c := range ct.columns {
			copied[ct.name] = append(copied[ct.name], c.name)
		}
	}
	for _, lb := range leftBehind {
		behind = append(behind, lb.table)
	}
	return copied, behind
}

func tableNamed(name string) copyTable {
	for _, ct := range copiedTables {
		if ct.name == name {
			return ct
		}
	}
	panic("no copied table " + name)
}
