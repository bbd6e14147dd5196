package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Task is one item on a user's list.
type Task struct {
	bun.BaseModel `bun:"table:tasks,alias:t"`

	ID     int64 `bun:"id,pk,autoincrement"`
	UserID int64 `bun:"user_id,notnull"`
	ListID int64 `bun:"list_id,notnull"`
	// ParentID is the task this one is a subtask of; 0 for a top-level
	// task. Position orders a parent's subtasks.
	ParentID    int64        `bun:"parent_id,nullzero"`
	Position    int          `bun:"position,notnull"`
	Title       string       `bun:"title,notnull"`
	Description string       `bun:"description,notnull"`
	Due         Date         `bun:"due_date,nullzero"`
	Priority    Priority     `bun:"priority,notnull"`
	Status      Status       `bun:"status,notnull"`
	CompletedAt bun.NullTime `bun:"completed_at"`
	CreatedAt   time.Time    `bun:"created_at,notnull"`
	UpdatedAt   time.Time    `bun:"updated_at,notnull"`
	// ReopenStatus is what a done task had before it was done, so
	// reopening it restores that; empty on other tasks.
	ReopenStatus Status `bun:"reopen_status,nullzero"`
}

// Done reports whether the task is finished.
func (t *Task) Done() bool { return t.Status == StatusDone }

// Overdue reports whether an unfinished task's due date is before today.
func (t *Task) Overdue(today Date) bool {
	return !t.Done() && !t.Due.IsZero() && t.Due.Before(today)
}

// Limits on task fields, shared by validation and the schema's CHECKs.
const (
	MaxTitleLen       = 200
	MaxDescriptionLen = 10000
)

// Status is where a task stands.
type Status string

// The statuses, in workflow order.
const (
	StatusTodo  Status = "todo"
	StatusDoing Status = "doing"
	StatusDone  Status = "done"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusTodo, StatusDoing, StatusDone}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	return s == StatusTodo || s == StatusDoing || s == StatusDone
}

// Label is the status as people read it.
func (s Status) Label() string {
	switch s {
	case StatusDoing:
		return "Doing"
	case StatusDone:
		return "Done"
	default:
		return "To do"
	}
}

// Priority orders tasks by importance; it is stored as a number so it sorts.
type Priority int

// The priorities, lowest first.
const (
	PriorityNone Priority = iota
	PriorityLow
	PriorityMedium
	PriorityHigh
	PriorityUrgent
)

// Priorities lists every priority, lowest first.
var Priorities = []Priority{PriorityNone, PriorityLow, PriorityMedium, PriorityHigh, PriorityUrgent}

var priorityNames = [...]string{"none", "low", "medium", "high", "urgent"}

// String is the priority's name in forms and URLs ("none" … "urgent").
func (p Priority) String() string {
	if p < PriorityNone || p > PriorityUrgent {
		return fmt.Sprintf("Priority(%d)", int(p))
	}
	return priorityNames[p]
}

// Label is the priority as people read it.
func (p Priority) Label() string {
	if p == PriorityNone {
		return "No priority"
	}
	s := p.String()
	return string(s[0]-'a'+'A') + s[1:]
}

// ParsePriority reads a priority name; ok is false for anything else.
func ParsePriority(s string) (p Priority, ok bool) {
	for i, name := range priorityNames {
		if s == name {
			return Priority(i), true
		}
	}
	return PriorityNone, false
}

// CreateTask stores a new task and fills in its ID and times. A task with
// no list goes to the user's Inbox; a list of another user's is
// ErrNotFound. A subtask (ParentID set) goes to its parent's list, after
// its other subtasks; its parent must be the user's and not a subtask.
func CreateTask(ctx context.Context, db bun.IDB, task *Task) error {
	if task.ParentID != 0 {
		if err := placeSubtask(ctx, db, task); err != nil {
			return err
		}
	}
	now := time.Now().UTC()
	task.CreatedAt, task.UpdatedAt = now, now
	if task.Status == "" {
		task.Status = StatusTodo
	}
	task.CompletedAt = bun.NullTime{}
	if task.Done() {
		task.CompletedAt = bun.NullTime{Time: now}
	}
	var completed any // NULL unless the task is done
	if task.Done() {
		completed = dbTime(now)
	}
	var list, parent any // NULL: the Inbox, no parent
	if task.ListID != 0 {
		list = task.ListID
	}
	if task.ParentID != 0 {
		parent = task.ParentID
	}
	rows, err := queryRows(ctx, db, sqlCreateTask, task.UserID, task.Title, task.Description, task.Due,
		task.Priority, task.Status, completed, dbTime(now), dbTime(now), list, parent, task.Position)
	if err == nil {
		err = scanOne(rows, func(r *sql.Rows) error { return r.Scan(&task.ID, &task.ListID) })
	}
	if isForeignKeyViolation(err) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("models: create task: %w", err)
	}
	return nil
}

// GetTask returns the user's task with that ID, or ErrNotFound.
func GetTask(ctx context.Context, db bun.IDB, userID, id int64) (*Task, error) {
	task, err := queryTask(ctx, db, sqlGetTask, id, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: get task %d: %w", id, err)
	}
	return task, nil
}

// TaskChanges names the fields of an update; nil fields stay as they are.
type TaskChanges struct {
	Title       *string
	Description *string
	Due         *Date
	Priority    *Priority
	Status      *Status
	// ListID moves the task, with its subtasks, to another of the user's
	// lists. A subtask stays in its parent's list.
	ListID *int64
}

// UpdateTask applies changes to the user's task and returns the task as
// stored. Moving to done stamps completed_at; moving away clears it.
func UpdateTask(ctx context.Context, db bun.IDB, userID, id int64, c TaskChanges) (*Task, error) {
	if c.ListID != nil {
		return moveTask(ctx, db, userID, id, c)
	}
	// The SQL sets only the changed columns, always in this order, so it
	// takes one of 32 shapes and each is prepared once.
	set, args := "updated_at = $1", []any{dbTime(time.Now())}
	column := func(name string, v any) {
		args = append(args, v)
		set += fmt.Sprintf(", %s = $%d", name, len(args))
	}
	if c.Title != nil {
		column("title", *c.Title)
	}
	if c.Description != nil {
		column("description", *c.Description)
	}
	if c.Due != nil {
		column("due_date", *c.Due)
	}
	if c.Priority != nil {
		column("priority", *c.Priority)
	}
	if c.Status != nil {
		column("status", *c.Status)
		set += fmt.Sprintf(", completed_at = CASE WHEN $%d = 'done' THEN coalesce(completed_at, $1) END", len(args))
		// A done task keeps the status it had before, for reopening.
		set += fmt.Sprintf(", reopen_status = CASE WHEN $%d = 'done' THEN (CASE WHEN status = 'done' THEN reopen_status ELSE status END) END", len(args))
	}
	args = append(args, id, userID)
	query := fmt.Sprintf("UPDATE tasks SET %s WHERE id = $%d AND user_id = $%d RETURNING %s", set, len(args)-1, len(args), taskColumns)
	return updateReturning(ctx, db, id, query, args...)
}

// moveTask applies changes that move the task to another list, in a
// transaction that moves its subtasks too.
func moveTask(ctx context.Context, db bun.IDB, userID, id int64, c TaskChanges) (*Task, error) {
	var task *Task
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		old, err := GetTask(ctx, tx, userID, id)
		if err != nil {
			return err
		}
		if old.ParentID != 0 && *c.ListID != old.ListID {
			return &FieldError{"list", "A subtask stays in its parent's list: move the parent instead."}
		}
		list := c.ListID
		c.ListID = nil
		if task, err = UpdateTask(ctx, tx, userID, id, c); err != nil {
			return err
		}
		if *list == old.ListID {
			return nil
		}
		if _, err := GetList(ctx, tx, userID, *list); err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model((*Task)(nil)).Set("list_id = ?", *list).
			Where("user_id = ? AND (id = ? OR parent_id = ?)", userID, id, id).Exec(ctx)
		if err := checkAffected(res, err, "move task %d", id); err != nil {
			return err
		}
		task.ListID = *list
		return nil
	})
	return task, err
}

// ToggleTask marks an unfinished task done, or reopens a finished one with
// the status it had before (todo if that is unknown).
func ToggleTask(ctx context.Context, db bun.IDB, userID, id int64) (*Task, error) {
	return updateReturning(ctx, db, id, sqlToggleTask, dbTime(time.Now()), id, userID)
}

// updateReturning runs query, an UPDATE of task id that returns its row, so
// a change and the state it produced cost one statement.
func updateReturning(ctx context.Context, db bun.IDB, id int64, query string, args ...any) (*Task, error) {
	task, err := queryTask(ctx, db, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: update task %d: %w", id, err)
	}
	return task, nil
}

// DeleteTask deletes the user's task, or returns ErrNotFound.
func DeleteTask(ctx context.Context, db bun.IDB, userID, id int64) error {
	res, err := db.NewDelete().Model((*Task)(nil)).Where("id = ? AND user_id = ?", id, userID).Exec(ctx)
	return checkAffected(res, err, "delete task %d", id)
}
