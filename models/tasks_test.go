package models_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

// listFixture is a user with eight tasks around listToday, and a second
// user whose tasks would match every filter if scoping failed.
type listFixture struct {
	db       *models.DB
	user     *models.User
	other    *models.User
	today    models.Date
	byTitle  map[string]*models.Task
	otherIDs map[int64]bool
}

const listToday = "2026-03-10"

func newListFixture(t *testing.T) *listFixture {
	t.Helper()
	db := newTestDB(t)
	fx := &listFixture{db: db, user: createUser(t, db, "alice"), other: createUser(t, db, "bob"),
		today: mustDate(t, listToday), byTitle: map[string]*models.Task{}, otherIDs: map[int64]bool{}}
	// Created in this order, so ids ascend down the list.
	seed := []struct {
		title    string
		dueIn    *int // days from today; nil for no due date
		status   models.Status
		priority models.Priority
	}{
		{"Pay rent", ptr(-2), models.StatusTodo, models.PriorityHigh},
		{"buy milk", ptr(0), models.StatusDoing, models.PriorityLow},
		{"Write report", ptr(3), models.StatusTodo, models.PriorityUrgent},
		{"Plan trip", ptr(10), models.StatusTodo, models.PriorityNone},
		{"Read book", nil, models.StatusTodo, models.PriorityMedium},
		{"File taxes", ptr(-5), models.StatusDone, models.PriorityHigh},
		{"Call mom", ptr(6), models.StatusDoing, models.PriorityNone},
		{"Clean", ptr(7), models.StatusDone, models.PriorityLow},
	}
	for _, s := range seed {
		edit := func(x *models.Task) {
			x.Title, x.Status, x.Priority = s.title, s.status, s.priority
			if s.dueIn != nil {
				x.Due = fx.today.AddDays(*s.dueIn)
			}
		}
		fx.byTitle[s.title] = createTask(t, db, fx.user.ID, edit)
		fx.otherIDs[createTask(t, db, fx.other.ID, edit).ID] = true
	}
	return fx
}

func (fx *listFixture) list(t *testing.T, f models.TaskFilter) []models.Task {
	t.Helper()
	f = filled(f)
	page, err := models.ListTasks(t.Context(), fx.db.Read, fx.user.ID, f, fx.today)
	if err != nil {
		t.Fatalf("ListTasks(%+v): %v", f, err)
	}
	if page.HasMore {
		t.Errorf("ListTasks(%+v): HasMore with %d tasks", f, len(page.Tasks))
	}
	for _, task := range page.Tasks {
		if task.UserID != fx.user.ID || fx.otherIDs[task.ID] {
			t.Errorf("ListTasks(%+v) returned another user's task %d", f, task.ID)
		}
	}
	return page.Tasks
}

func TestListTasksFilters(t *testing.T) {
	t.Parallel()
	fx := newListFixture(t)
	tests := []struct {
		name string
		f    models.TaskFilter
		want []string // sorted titles
	}{
		{"status open", models.TaskFilter{Status: "open"},
			[]string{"Call mom", "Pay rent", "Plan trip", "Read book", "Write report", "buy milk"}},
		{"status todo", models.TaskFilter{Status: "todo"}, []string{"Pay rent", "Plan trip", "Read book", "Write report"}},
		{"status doing", models.TaskFilter{Status: "doing"}, []string{"Call mom", "buy milk"}},
		{"status done", models.TaskFilter{Status: "done"}, []string{"Clean", "File taxes"}},
		{"status all", models.TaskFilter{Status: "all"},
			[]string{"Call mom", "Clean", "File taxes", "Pay rent", "Plan trip", "Read book", "Write report", "buy milk"}},
		{"priority none", models.TaskFilter{Status: "all", Priority: "none"}, []string{"Call mom", "Plan trip"}},
		{"priority low", models.TaskFilter{Status: "all", Priority: "low"}, []string{"Clean", "buy milk"}},
		{"priority medium", models.TaskFilter{Status: "all", Priority: "medium"}, []string{"Read book"}},
		{"priority high", models.TaskFilter{Status: "all", Priority: "high"}, []string{"File taxes", "Pay rent"}},
		{"priority urgent", models.TaskFilter{Status: "all", Priority: "urgent"}, []string{"Write report"}},
		{"priority high and open", models.TaskFilter{Status: "open", Priority: "high"}, []string{"Pay rent"}},
		{"due any", models.TaskFilter{Status: "all", Due: "any"},
			[]string{"Call mom", "Clean", "File taxes", "Pay rent", "Plan trip", "Read book", "Write report", "buy milk"}},
		// A done task is never overdue, whatever the status filter.
		{"due overdue", models.TaskFilter{Status: "all", Due: "overdue"}, []string{"Pay rent"}},
		{"due today", models.TaskFilter{Status: "all", Due: "today"}, []string{"buy milk"}},
		{"due week is today to today+6", models.TaskFilter{Status: "all", Due: "week"}, []string{"Call mom", "Write report", "buy milk"}},
		{"due none", models.TaskFilter{Status: "all", Due: "none"}, []string{"Read book"}},
		{"due week and done", models.TaskFilter{Status: "done", Due: "week"}, nil},
		{"due overdue and todo", models.TaskFilter{Status: "todo", Due: "overdue"}, []string{"Pay rent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := sortedTitles(fx.list(t, tt.f))
			if diff := cmp.Diff(tt.want, got, cmpEmptyNil); diff != "" {
				t.Errorf("titles (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListTasksSorts(t *testing.T) {
	t.Parallel()
	fx := newListFixture(t)
	tests := []struct {
		sort string
		want []string
	}{
		// Earliest due first, no due date last; ties by priority, then newest.
		{"due", []string{"File taxes", "Pay rent", "buy milk", "Write report", "Call mom", "Clean", "Plan trip", "Read book"}},
		// Urgent first; ties by due date (none last), then newest.
		{"priority", []string{"Write report", "File taxes", "Pay rent", "Read book", "buy milk", "Clean", "Call mom", "Plan trip"}},
		// Newest first.
		{"created", []string{"Clean", "Call mom", "File taxes", "Read book", "Plan trip", "Write report", "buy milk", "Pay rent"}},
		// Alphabetical ignoring case: "buy milk" sorts before "Call mom".
		{"title", []string{"buy milk", "Call mom", "Clean", "File taxes", "Pay rent", "Plan trip", "Read book", "Write report"}},
	}
	for _, tt := range tests {
		t.Run(tt.sort, func(t *testing.T) {
			t.Parallel()
			got := titles(fx.list(t, models.TaskFilter{Status: "all", Sort: tt.sort}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListTasksSortTies(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	day := mustDate(t, "2026-05-01")
	for _, s := range []struct {
		title string
		p     models.Priority
	}{{"low first made", models.PriorityLow}, {"high", models.PriorityHigh}, {"low second made", models.PriorityLow}} {
		createTask(t, db, u.ID, func(x *models.Task) { x.Title, x.Priority, x.Due = s.title, s.p, day })
	}
	createTask(t, db, u.ID, func(x *models.Task) { x.Title = "Apple" })
	createTask(t, db, u.ID, func(x *models.Task) { x.Title = "apple" })
	tests := []struct {
		sort string
		want []string
	}{
		{"due", []string{"high", "low second made", "low first made", "apple", "Apple"}},
		{"priority", []string{"high", "low second made", "low first made", "apple", "Apple"}},
		{"title", []string{"Apple", "apple", "high", "low first made", "low second made"}},
	}
	for _, tt := range tests {
		f := models.TaskFilter{Status: "all", Sort: tt.sort}
		f = filled(f)
		page, err := models.ListTasks(t.Context(), db.Read, u.ID, f, day)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, titles(page.Tasks)); diff != "" {
			t.Errorf("sort %s (-want +got):\n%s", tt.sort, diff)
		}
	}
}

func TestTaskMatches(t *testing.T) {
	t.Parallel()
	fx := newListFixture(t)
	rent := fx.byTitle["Pay rent"].ID
	tests := []struct {
		name string
		user int64
		id   int64
		f    models.TaskFilter
		want bool
	}{
		{"default view", fx.user.ID, rent, models.TaskFilter{}, true},
		{"status done", fx.user.ID, rent, models.TaskFilter{Status: "done"}, false},
		{"overdue", fx.user.ID, rent, models.TaskFilter{Due: "overdue"}, true},
		{"due today", fx.user.ID, rent, models.TaskFilter{Due: "today"}, false},
		{"priority high", fx.user.ID, rent, models.TaskFilter{Priority: "high"}, true},
		{"priority low", fx.user.ID, rent, models.TaskFilter{Priority: "low"}, false},
		{"search hit", fx.user.ID, rent, models.TaskFilter{Query: "RENT pay"}, true},
		{"search miss", fx.user.ID, rent, models.TaskFilter{Query: "milk"}, false},
		{"another user", fx.other.ID, rent, models.TaskFilter{Status: "all"}, false},
		{"unknown id", fx.user.ID, rent + 1000, models.TaskFilter{Status: "all"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f = filled(tt.f)
			got, err := models.TaskMatches(t.Context(), fx.db.Read, tt.user, tt.id, tt.f, fx.today)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("TaskMatches = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCountTasks(t *testing.T) {
	t.Parallel()
	fx := newListFixture(t)
	empty := createUser(t, fx.db, "carol")
	tests := []struct {
		name  string
		user  int64
		today models.Date
		want  models.TaskCounts
	}{
		{"fixture", fx.user.ID, fx.today, models.TaskCounts{Open: 6, Overdue: 1, DueToday: 1, Done: 2}},
		// A week later: rent, milk, report, call mom overdue; trip (+10) not yet.
		{"a week later", fx.user.ID, fx.today.AddDays(7), models.TaskCounts{Open: 6, Overdue: 4, DueToday: 0, Done: 2}},
		{"due today moves", fx.user.ID, fx.today.AddDays(3), models.TaskCounts{Open: 6, Overdue: 2, DueToday: 1, Done: 2}},
		{"user without tasks", empty.ID, fx.today, models.TaskCounts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := models.CountTasks(t.Context(), fx.db.Read, tt.user, tt.today)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CountTasks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTaskFilterIsDefault(t *testing.T) {
	tests := []struct {
		name string
		f    models.TaskFilter
		want bool
	}{
		{"default", models.DefaultTaskFilter(), true},
		{"sorted and paged is still unfiltered", models.TaskFilter{Status: "open", Due: "any", Sort: "title", Page: 3}, true},
		{"status", models.TaskFilter{Status: "done", Due: "any", Sort: "due", Page: 1}, false},
		{"priority", models.TaskFilter{Status: "open", Priority: "low", Due: "any", Sort: "due", Page: 1}, false},
		{"due", models.TaskFilter{Status: "open", Due: "today", Sort: "due", Page: 1}, false},
		{"query", models.TaskFilter{Status: "open", Due: "any", Query: "x", Sort: "due", Page: 1}, false},
	}
	for _, tt := range tests {
		if got := tt.f.IsDefault(); got != tt.want {
			t.Errorf("%s: IsDefault = %v, want %v", tt.name, got, tt.want)
		}
	}
}
