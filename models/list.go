package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"
)

// List is one of a user's lists. Every task is in exactly one; every user
// has an Inbox, which cannot be renamed, archived or deleted, and where
// tasks go unless said otherwise.
type List struct {
	bun.BaseModel `bun:"table:lists,alias:l"`

	ID        int64     `bun:"id,pk,autoincrement"`
	UserID    int64     `bun:"user_id,notnull"`
	Name      string    `bun:"name,notnull"`
	NameKey   string    `bun:"name_key,notnull"`
	Colour    Colour    `bun:"colour,notnull"`
	Position  int       `bun:"position,notnull"`
	Inbox     bool      `bun:"inbox,notnull"`
	Archived  bool      `bun:"archived,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// InboxName is what the Inbox is called.
const InboxName = "Inbox"

// MaxListNameLen bounds a list's name, in characters.
const MaxListNameLen = 60

// MaxLists bounds how many lists one user may have, so the sidebar and
// the queries that read every list stay small.
const MaxLists = 200

// Colour is one of a small palette of colours for lists and labels, or ""
// for none. Each has a shade for light and one for dark mode in app.css.
type Colour string

// Colours lists the palette, "" (no colour) first.
var Colours = []Colour{"", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "grey"}

// Valid reports whether c is in the palette.
func (c Colour) Valid() bool {
	for _, k := range Colours {
		if c == k {
			return true
		}
	}
	return false
}

// Label is the colour's name as people read it.
func (c Colour) Label() string {
	if c == "" {
		return "No colour"
	}
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}

// NameKey is a list or label name as compared for uniqueness: folded to
// lower case in every script, so "Work" and "work" are one name.
func NameKey(name string) string { return strings.ToLower(name) }

// NormalizeName trims a list or label name and joins runs of white space,
// so names that look the same are the same.
func NormalizeName(s string) string { return strings.Join(strings.Fields(s), " ") }

// validateName checks a normalized list or label name of at most max
// characters; what names the thing ("list", "label") in the message.
func validateName(name string, max int, field, what string) error {
	switch {
	case name == "":
		return &FieldError{field, "Give the " + what + " a name."}
	case !storable(name):
		return &FieldError{field, "Remove the NUL characters or bytes that are not UTF-8 from the name."}
	case utf8.RuneCountInString(name) > max:
		return &FieldError{field, fmt.Sprintf("Keep the name to %d characters.", max)}
	}
	return nil
}

// ValidateListName checks a normalized list name.
func ValidateListName(name string) error {
	if err := validateName(name, MaxListNameLen, "name", "list"); err != nil {
		return err
	}
	return nil
}

// CreateList stores a new list after the user's others. A name the user
// already has returns ErrConflict.
func CreateList(ctx context.Context, db bun.IDB, l *List) error {
	l.NameKey, l.CreatedAt, l.Inbox, l.Archived = NameKey(l.Name), time.Now().UTC(), false, false
	var n int
	if err := db.NewSelect().Model((*List)(nil)).ColumnExpr("count(*)").ColumnExpr("coalesce(max(position), 0) + 1").
		Where("user_id = ?", l.UserID).Scan(ctx, &n, &l.Position); err != nil {
		return fmt.Errorf("models: create list: %w", err)
	}
	if n >= MaxLists {
		return &FieldError{"name", fmt.Sprintf("You have %d lists, the most Docket keeps. Delete one you no longer need first.", n)}
	}
	if _, err := db.NewInsert().Model(l).Returning("id").Exec(ctx); err != nil {
		if isUniqueViolation(err) {
			return ErrConflict
		}
		return fmt.Errorf("models: create list: %w", err)
	}
	return nil
}

// createInbox gives a new user their Inbox.
func createInbox(ctx context.Context, db bun.IDB, userID int64) error {
	l := &List{UserID: userID, Name: InboxName, NameKey: NameKey(InboxName), Inbox: true, CreatedAt: time.Now().UTC()}
	if _, err := db.NewInsert().Model(l).Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("models: create inbox: %w", err)
	}
	return nil
}

// UserLists returns the user's lists in their order: the Inbox first, then
// the rest by position. Archived lists are included; List.Archived says.
func UserLists(ctx context.Context, db bun.IDB, userID int64) ([]List, error) {
	var lists []List
	err := db.NewSelect().Model(&lists).Where("l.user_id = ?", userID).
		OrderExpr("l.inbox DESC, l.position, l.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: lists of user %d: %w", userID, err)
	}
	return lists, nil
}

// GetList returns the user's list with that id, or ErrNotFound.
func GetList(ctx context.Context, db bun.IDB, userID, id int64) (*List, error) {
	l := new(List)
	err := db.NewSelect().Model(l).Where("l.id = ? AND l.user_id = ?", id, userID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: get list %d: %w", id, err)
	}
	return l, nil
}

// GetInbox returns the user's Inbox.
func GetInbox(ctx context.Context, db bun.IDB, userID int64) (*List, error) {
	l := new(List)
	err := db.NewSelect().Model(l).Where("l.user_id = ? AND l.inbox = ?", userID, true).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: get inbox of user %d: %w", userID, err)
	}
	return l, nil
}

// ListByName returns the user's list of that name, in any case, or
// ErrNotFound.
func ListByName(ctx context.Context, db bun.IDB, userID int64, name string) (*List, error) {
	l := new(List)
	err := db.NewSelect().Model(l).Where("l.user_id = ? AND l.name_key = ?", userID, NameKey(NormalizeName(name))).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: get list %q: %w", name, err)
	}
	return l, nil
}

// ListChanges names the fields of a list update; nil fields stay.
type ListChanges struct {
	Name     *string
	Colour   *Colour
	Archived *bool
}

// UpdateList renames, recolours, archives or restores the user's list. The
// Inbox keeps its name and cannot be archived.
func UpdateList(ctx context.Context, db bun.IDB, userID, id int64, c ListChanges) (*List, error) {
	l, err := GetList(ctx, db, userID, id)
	if err != nil {
		return nil, err
	}
	var cols []string
	if c.Name != nil && *c.Name != l.Name {
		if l.Inbox {
			return nil, &FieldError{"name", "The Inbox keeps its name."}
		}
		l.Name, l.NameKey = *c.Name, NameKey(*c.Name)
		cols = append(cols, "name", "name_key")
	}
	if c.Colour != nil {
		l.Colour = *c.Colour
		cols = append(cols, "colour")
	}
	if c.Archived != nil && *c.Archived != l.Archived {
		if l.Inbox {
			return nil, &FieldError{"archived", "The Inbox cannot be archived."}
		}
		l.Archived = *c.Archived
		cols = append(cols, "archived")
	}
	if len(cols) == 0 {
		return l, nil
	}
	if _, err := db.NewUpdate().Model(l).Column(cols...).WherePK().Where("user_id = ?", userID).Exec(ctx); err != nil {
		if isUniqueViolation(err) {
			return nil, ErrConflict
		}
		return nil, fmt.Errorf("models: update list %d: %w", id, err)
	}
	return l, nil
}

// MoveList moves the user's list one place up (by < 0) or down among
// their other lists, swapping positions with its neighbour. The Inbox
// stays first.
func MoveList(ctx context.Context, db bun.IDB, userID, id int64, by int) error {
	lists, err := UserLists(ctx, db, userID)
	if err != nil {
		return err
	}
	at := -1
	for i, l := range lists {
		if l.ID == id {
			at = i
		}
	}
	if at < 0 {
		return ErrNotFound
	}
	to := at + 1
	if by < 0 {
		to = at - 1
	}
	if lists[at].Inbox || to < 0 || to >= len(lists) || lists[to].Inbox {
		return nil // already at the end it was moved to
	}
	// Positions are renumbered in order, so two lists never share one.
	lists[at], lists[to] = lists[to], lists[at]
	for i := range lists {
		if lists[i].Position == i {
			continue
		}
		if _, err := db.NewUpdate().Model((*List)(nil)).Set("position = ?", i).
			Where("id = ? AND user_id = ?", lists[i].ID, userID).Exec(ctx); err != nil {
			return fmt.Errorf("models: move list %d: %w", id, err)
		}
	}
	return nil
}

// ListTaskCount returns how many tasks the user's list holds, subtasks
// included, from the tallies.
func ListTaskCount(ctx context.Context, db bun.IDB, userID, id int64) (int, error) {
	var n int
	err := db.NewSelect().Table("task_tallies").ColumnExpr("coalesce(sum(n), 0)").
		Where("user_id = ? AND list_id = ?", userID, id).Scan(ctx, &n)
	if err != nil {
		return 0, fmt.Errorf("models: count tasks of list %d: %w", id, err)
	}
	return n, nil
}

// DeleteList deletes the user's list, moving its tasks to the Inbox when
// moveTasks is set and deleting them otherwise. The Inbox cannot be
// deleted. Run it in a transaction: the move and the delete go together.
func DeleteList(ctx context.Context, db bun.IDB, userID, id int64, moveTasks bool) error {
	l, err := GetList(ctx, db, userID, id)
	if err != nil {
		return err
	}
	if l.Inbox {
		return &FieldError{"tasks", "The Inbox cannot be deleted."}
	}
	if moveTasks {
		inbox, err := GetInbox(ctx, db, userID)
		if err != nil {
			return err
		}
		if _, err := db.NewUpdate().Model((*Task)(nil)).Set("list_id = ?", inbox.ID).
			Where("user_id = ? AND list_id = ?", userID, id).Exec(ctx); err != nil {
			return fmt.Errorf("models: move tasks of list %d: %w", id, err)
		}
	}
	// Tasks left in the list go with it (ON DELETE CASCADE), and their
	// tallies with them; the list's tallies rows are cleared here.
	res, err := db.NewDelete().Model((*List)(nil)).Where("id = ? AND user_id = ?", id, userID).Exec(ctx)
	if err := checkAffected(res, err, "delete list %d", id); err != nil {
		return err
	}
	if _, err := db.NewDelete().Table("task_tallies").Where("user_id = ? AND list_id = ?", userID, id).Exec(ctx); err != nil {
		return fmt.Errorf("models: clear tallies of list %d: %w", id, err)
	}
	return nil
}
