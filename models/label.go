package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Label is a name a user attaches to any number of tasks, across lists.
type Label struct {
	bun.BaseModel `bun:"table:labels,alias:lb"`

	ID        int64     `bun:"id,pk,autoincrement"`
	UserID    int64     `bun:"user_id,notnull"`
	Name      string    `bun:"name,notnull"`
	NameKey   string    `bun:"name_key,notnull"`
	Colour    Colour    `bun:"colour,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// Limits on labels.
const (
	MaxLabelNameLen = 40
	// MaxLabelsPerTask bounds the labels on one task.
	MaxLabelsPerTask = 20
	// MaxLabels bounds how many labels one user may have.
	MaxLabels = 500
)

// ValidateLabelName checks a normalized label name. A comma separates
// names where several are typed in one field, so a name holds none.
func ValidateLabelName(name string) error {
	if err := validateName(name, MaxLabelNameLen, "name", "label"); err != nil {
		return err
	}
	if strings.Contains(name, ",") {
		return &FieldError{"name", "Leave commas out of label names: they separate labels."}
	}
	return nil
}

// NormalizeLabelName trims a label name as typed, drops a leading "@" (the
// mark labels are shown with) and joins runs of white space.
func NormalizeLabelName(s string) string {
	return NormalizeName(strings.TrimPrefix(strings.TrimSpace(s), "@"))
}

// ParseLabelNames reads comma-separated label names, as typed: each is
// normalized, a leading "@" is dropped, and empty and repeated names (in
// any case) are left out. It fails on a name that breaks the rules, or
// on more than MaxLabelsPerTask names.
func ParseLabelNames(s string) ([]string, error) {
	var names []string
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ",") {
		name := NormalizeLabelName(part)
		if name == "" || seen[NameKey(name)] {
			continue
		}
		if err := ValidateLabelName(name); err != nil {
			return nil, &FieldError{"labels", "“" + name + "”: " + err.(*FieldError).Message}
		}
		seen[NameKey(name)] = true
		names = append(names, name)
	}
	if len(names) > MaxLabelsPerTask {
		return nil, &FieldError{"labels", fmt.Sprintf("Use at most %d labels on a task.", MaxLabelsPerTask)}
	}
	return names, nil
}

// UserLabels returns the user's labels by name.
func UserLabels(ctx context.Context, db bun.IDB, userID int64) ([]Label, error) {
	var labels []Label
	if err := db.NewSelect().Model(&labels).Where("lb.user_id = ?", userID).Order("lb.name_key", "lb.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: labels of user %d: %w", userID, err)
	}
	return labels, nil
}

// GetLabel returns the user's label with that id, or ErrNotFound.
func GetLabel(ctx context.Context, db bun.IDB, userID, id int64) (*Label, error) {
	l := new(Label)
	err := db.NewSelect().Model(l).Where("lb.id = ? AND lb.user_id = ?", id, userID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: get label %d: %w", id, err)
	}
	return l, nil
}

// LabelsNamed returns the user's labels with these names, in any case, in
// the order of names; names the user has no label for are left out.
func LabelsNamed(ctx context.Context, db bun.IDB, userID int64, names []string) ([]Label, error) {
	if len(names) == 0 {
		return nil, nil
	}
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = NameKey(NormalizeName(n))
	}
	var found []Label
	if err := db.NewSelect().Model(&found).Where("lb.user_id = ? AND lb.name_key IN (?)", userID, bun.In(keys)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: find labels: %w", err)
	}
	var labels []Label
	for _, k := range keys {
		if i := slices.IndexFunc(found, func(l Label) bool { return l.NameKey == k }); i >= 0 && !slices.ContainsFunc(labels, func(l Label) bool { return l.NameKey == k }) {
			labels = append(labels, found[i])
		}
	}
	return labels, nil
}

// CreateLabel stores a new label. A name the user already has returns
// ErrConflict.
func CreateLabel(ctx context.Context, db bun.IDB, l *Label) error {
	l.NameKey, l.CreatedAt = NameKey(l.Name), time.Now().UTC()
	if err := labelRoom(ctx, db, l.UserID, 1); err != nil {
		return err
	}
	if _, err := db.NewInsert().Model(l).Returning("id").Exec(ctx); err != nil {
		if isUniqueViolation(err) {
			return ErrConflict
		}
		return fmt.Errorf("models: create label: %w", err)
	}
	return nil
}

// labelRoom fails when the user may not have adding more labels.
func labelRoom(ctx context.Context, db bun.IDB, userID int64, adding int) error {
	n, err := db.NewSelect().Model((*Label)(nil)).Where("user_id = ?", userID).Count(ctx)
	if err != nil {
		return fmt.Errorf("models: count labels: %w", err)
	}
	if int(n)+adding > MaxLabels {
		return &FieldError{"labels", fmt.Sprintf("You have %d labels, the most Docket keeps. Delete some you no longer use first.", n)}
	}
	return nil
}

// UpdateLabel renames or recolours the user's label.
func UpdateLabel(ctx context.Context, db bun.IDB, userID, id int64, name string, colour Colour) (*Label, error) {
	l := &Label{ID: id, UserID: userID, Name: name, NameKey: NameKey(name), Colour: colour}
	res, err := db.NewUpdate().Model(l).Column("name", "name_key", "colour").WherePK().Where("user_id = ?", userID).Exec(ctx)
	if isUniqueViolation(err) {
		return nil, ErrConflict
	}
	if err := checkAffected(res, err, "update label %d", id); err != nil {
		return nil, err
	}
	return GetLabel(ctx, db, userID, id)
}

// DeleteLabel deletes the user's label; its tasks only lose it.
func DeleteLabel(ctx context.Context, db bun.IDB, userID, id int64) error {
	res, err := db.NewDelete().Model((*Label)(nil)).Where("id = ? AND user_id = ?", id, userID).Exec(ctx)
	return checkAffected(res, err, "delete label %d", id)
}

// ensureLabels returns the user's labels of these names, creating those
// that do not exist yet, in the order of names.
func ensureLabels(ctx context.Context, db bun.IDB, userID int64, names []string) ([]Label, error) {
	have, err := LabelsNamed(ctx, db, userID, names)
	if err != nil || len(have) == len(names) {
		return have, err
	}
	var missing []Label
	now := time.Now().UTC()
	for _, n := range names {
		if !slices.ContainsFunc(have, func(l Label) bool { return l.NameKey == NameKey(n) }) {
			missing = append(missing, Label{UserID: userID, Name: n, NameKey: NameKey(n), CreatedAt: now})
		}
	}
	if err := labelRoom(ctx, db, userID, len(missing)); err != nil {
		return nil, err
	}
	// Another request may create the same label meanwhile; its row serves.
	if _, err := db.NewInsert().Model(&missing).On("CONFLICT (user_id, name_key) DO NOTHING").Exec(ctx); err != nil {
		return nil, fmt.Errorf("models: create labels: %w", err)
	}
	return LabelsNamed(ctx, db, userID, names)
}

// TaskLabel is one row of task_labels: a label on a task.
type TaskLabel struct {
	bun.BaseModel `bun:"table:task_labels,alias:tl"`

	TaskID  int64 `bun:"task_id,pk"`
	LabelID int64 `bun:"label_id,pk"`
	UserID  int64 `bun:"user_id,notnull"`
}

// SetTaskLabels makes names the labels of the user's task, creating labels
// that do not exist yet; labels no task uses any more stay. Run it in a
// transaction with the task's other changes.
func SetTaskLabels(ctx context.Context, db bun.IDB, userID, taskID int64, names []string) error {
	if n, err := db.NewSelect().Model((*Task)(nil)).Where("id = ? AND user_id = ?", taskID, userID).Count(ctx); err != nil {
		return fmt.Errorf("models: set labels of task %d: %w", taskID, err)
	} else if n == 0 {
		return ErrNotFound
	}
	labels, err := ensureLabels(ctx, db, userID, names)
	if err != nil {
		return err
	}
	ids := make([]int64, len(labels))
	rows := make([]TaskLabel, len(labels))
	for i, l := range labels {
		ids[i] = l.ID
		rows[i] = TaskLabel{TaskID: taskID, LabelID: l.ID, UserID: userID}
	}
	del := db.NewDelete().Model((*TaskLabel)(nil)).Where("task_id = ?", taskID)
	if len(ids) > 0 {
		del.Where("label_id NOT IN (?)", bun.In(ids))
	}
	if _, err := del.Exec(ctx); err != nil {
		return fmt.Errorf("models: set labels of task %d: %w", taskID, err)
	}
	if len(rows) > 0 {
		if _, err := db.NewInsert().Model(&rows).On("CONFLICT (task_id, label_id) DO NOTHING").Exec(ctx); err != nil {
			return fmt.Errorf("models: set labels of task %d: %w", taskID, err)
		}
	}
	return nil
}

// LabelsOfTasks returns the labels on each of the user's tasks ids, by
// name, in one statement whatever the number of tasks.
func LabelsOfTasks(ctx context.Context, db bun.IDB, userID int64, ids []int64) (map[int64][]Label, error) {
	out := make(map[int64][]Label)
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		TaskID int64  `bun:"task_id"`
		ID     int64  `bun:"id"`
		Name   string `bun:"name"`
		Colour Colour `bun:"colour"`
	}
	err := db.NewSelect().TableExpr("task_labels AS tl").
		ColumnExpr("tl.task_id, lb.id, lb.name, lb.colour").
		Join("JOIN labels AS lb ON lb.id = tl.label_id").
		Where("tl.task_id IN (?) AND tl.user_id = ?", bun.In(ids), userID).
		OrderExpr("lb.name_key, lb.id").Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("models: labels of tasks: %w", err)
	}
	for _, r := range rows {
		l := Label{ID: r.ID, UserID: userID, Name: r.Name, NameKey: NameKey(r.Name), Colour: r.Colour}
		out[r.TaskID] = append(out[r.TaskID], l)
	}
	return out, nil
}

// LabelNames returns the names of labels.
func LabelNames(labels []Label) []string {
	names := make([]string, len(labels))
	for i, l := range labels {
		names[i] = l.Name
	}
	return names
}

// LabelTaskCount returns how many of the user's tasks carry the label. The
// owner is checked on the label, whose tasks are all its owner's (the
// foreign key of task_labels), so the count reads task_labels_label_idx
// alone rather than each of its rows too: a sixth of the time for a label
// on 20 000 tasks.
func LabelTaskCount(ctx context.Context, db bun.IDB, userID, id int64) (int, error) {
	n, err := db.NewSelect().Model((*TaskLabel)(nil)).Join("JOIN labels AS lb ON lb.id = tl.label_id").
		Where("lb.id = ? AND lb.user_id = ?", id, userID).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: count tasks of label %d: %w", id, err)
	}
	return int(n), nil
}
