package benchdb

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"docket/models"
)

// The main user's tasks are spread over lists and labels as those of
// someone who has used Docket for a while: most in one large list, a fifth
// left in the Inbox, the rest in seven small lists; one label on a fifth of
// the tasks, one on a two-hundredth; and some tasks broken into subtasks.
const (
	// BigList is the list with the most tasks, about 40%.
	BigList = "Work"
	// CommonLabel is on about 20% of the tasks: a label view of it walks
	// the list's ordered index.
	CommonLabel = "waiting"
	// RareLabel is on about 0.5%: a label view of it reads its tasks by id.
	RareLabel = "phone"
)

// listShares are the lists made, in the sidebar's order, and the share of
// the tasks each gets, in percent; the Inbox keeps the rest.
var listShares = []struct {
	name    string
	percent int
}{{BigList, 40}, {"Home", 8}, {"Errands", 6}, {"Thesis", 6}, {"Garden", 5}, {"Reading", 5}, {"Travel", 5}, {"Someday", 5}}

// labelShares are the labels made and the share of the tasks each is on,
// in per mille. Each label, and the lists, draw with a salt of their own,
// so they are independent of each other and of the tasks' other fields.
var labelShares = []struct {
	name     string
	perMille int
	salt     int64
}{{CommonLabel, 200, 2246822519}, {RareLabel, 5, 3266489917}}

// listSalt is the lists' salt (see draw).
const listSalt = 2654435761

// Subtasks: of every subtaskRun tasks in id order, the first is a parent
// and the next one to four (by the run's number) are its subtasks, in its
// list: 2.5% of the tasks are parents and 6.25% subtasks.
const subtaskRun = 40

// draw is the SQL for a task's pseudo-random number in [0, n): Knuth's
// multiplicative hash of its id, whose high 32 bits spread consecutive ids
// evenly. Both engines compute it in 64-bit integers, without overflow
// for ids below 2^31.
func draw(salt int64, n int) string {
	return fmt.Sprintf("((t.id * %d) %% 4294967296) / %d", salt, (1<<32)/n+1)
}

// Organisation is what Organise made that the benchmarks name.
type Organisation struct {
	BigListID   int64
	CommonLabel models.Label
	RareLabel   models.Label
}

// Organise spreads the user's tasks over new lists, labels and subtasks
// (see listShares, labelShares and subtaskRun). It expects a user whose
// tasks are all in the Inbox, as SeedTasks leaves them, and then brings
// PostgreSQL's statistics up to date: its planner weighs the list and
// label conditions by them.
func Organise(ctx context.Context, db *models.DB, userID int64) (*Organisation, error) {
	inbox, err := models.GetInbox(ctx, db.Read, userID)
	if err != nil {
		return nil, err
	}
	var org Organisation
	var stmts []string
	cases, cumulative := "", 0
	for _, s := range listShares {
		l := &models.List{UserID: userID, Name: s.name}
		if err := models.CreateList(ctx, db.Write, l); err != nil {
			return nil, fmt.Errorf("benchdb: list %s: %w", s.name, err)
		}
		if s.name == BigList {
			org.BigListID = l.ID
		}
		cumulative += s.percent
		cases += fmt.Sprintf(" WHEN %s < %d THEN %d", draw(listSalt, 100), cumulative, l.ID)
	}
	stmts = append(stmts, fmt.Sprintf("UPDATE tasks AS t SET list_id = CASE%s ELSE list_id END WHERE t.user_id = %d AND t.list_id = %d",
		cases, userID, inbox.ID))
	for _, s := range labelShares {
		l := &models.Label{UserID: userID, Name: s.name}
		if err := models.CreateLabel(ctx, db.Write, l); err != nil {
			return nil, fmt.Errorf("benchdb: label %s: %w", s.name, err)
		}
		switch s.name {
		case CommonLabel:
			org.CommonLabel = *l
		case RareLabel:
			org.RareLabel = *l
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO task_labels (task_id, label_id, user_id) SELECT t.id, %d, t.user_id FROM tasks AS t WHERE t.user_id = %d AND %s < %d",
			l.ID, userID, draw(s.salt, 1000), s.perMille))
	}
	var first int64
	if err := db.Read.QueryRowContext(ctx, "SELECT min(id) FROM tasks WHERE user_id = ?", userID).Scan(&first); err != nil {
		return nil, fmt.Errorf("benchdb: first task: %w", err)
	}
	// r is a task's place in its run; the run's first task is its parent.
	r := fmt.Sprintf("((t.id - %d) %% %d)", first, subtaskRun)
	stmts = append(stmts, fmt.Sprintf(`UPDATE tasks AS t SET parent_id = t.id - %[1]s, position = %[1]s,
    list_id = (SELECT p.list_id FROM tasks AS p WHERE p.id = t.id - %[1]s)
WHERE t.user_id = %[2]d AND %[1]s BETWEEN 1 AND 1 + ((t.id - %[3]d) / %[4]d) %% 4
    AND EXISTS (SELECT 1 FROM tasks AS p WHERE p.id = t.id - %[1]s AND p.user_id = t.user_id)`, r, userID, first, subtaskRun))
	if db.Engine == models.Postgres {
		stmts = append(stmts, "ANALYZE tasks, task_labels")
	}
	err = db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("benchdb: organise: %w\n%s", err, s)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &org, nil
}

// Organised returns what Organise made for the user, or ErrNotFound if it
// has not run.
func Organised(ctx context.Context, db *models.DB, userID int64) (*Organisation, error) {
	list, err := models.ListByName(ctx, db.Read, userID, BigList)
	if err != nil {
		return nil, err
	}
	labels, err := models.LabelsNamed(ctx, db.Read, userID, []string{CommonLabel, RareLabel})
	if err != nil {
		return nil, err
	}
	if len(labels) != 2 {
		return nil, models.ErrNotFound
	}
	return &Organisation{BigListID: list.ID, CommonLabel: labels[0], RareLabel: labels[1]}, nil
}
