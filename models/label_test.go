package models_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"docket/models"
)

func TestParseLabelNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"phone", []string{"phone"}, false},
		{" @phone ,  errands ,PHONE,, ", []string{"phone", "errands"}, false},
		{"waiting   on   bob", []string{"waiting on bob"}, false},
		{strings.Repeat("x", models.MaxLabelNameLen+1), nil, true},
		{"a\x00b", nil, true},
		{manyLabels(models.MaxLabelsPerTask), nil, false},
		{manyLabels(models.MaxLabelsPerTask + 1), nil, true},
	}
	for _, tt := range tests {
		got, err := models.ParseLabelNames(tt.in)
		if tt.in == manyLabels(models.MaxLabelsPerTask) {
			tt.want = strings.Split(tt.in, ",")
		}
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("ParseLabelNames(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestTaskLabelsAndFilters sets the search probe's limit, a package
// setting, so it does not run in parallel: beside the query plan tests it
// turned their searches into walks of the ordered index.
func TestTaskLabelsAndFilters(t *testing.T) {
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	bob := createUser(t, db, "bob")
	call := createTask(t, db, u.ID, func(x *models.Task) { x.Title = "call" })
	shop := createTask(t, db, u.ID, func(x *models.Task) { x.Title = "shop" })
	plain := createTask(t, db, u.ID, func(x *models.Task) { x.Title = "plain" })
	set := func(task *models.Task, names ...string) {
		t.Helper()
		if err := models.SetTaskLabels(ctx, db.Write, u.ID, task.ID, names); err != nil {
			t.Fatal(err)
		}
	}
	set(call, "phone", "Family")
	set(shop, "errands", "family")
	set(call, "phone", "family") // Family again, by another case: the same label
	if err := models.SetTaskLabels(ctx, db.Write, bob.ID, call.ID, []string{"x"}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("Bob labelling Alice's task: %v, want ErrNotFound", err)
	}
	labels, err := models.UserLabels(ctx, db.Read, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := models.LabelNames(labels); !slices.Equal(got, []string{"errands", "Family", "phone"}) {
		t.Errorf("labels = %q, want errands, Family, phone", got)
	}
	of, err := models.LabelsOfTasks(ctx, db.Read, u.ID, []int64{call.ID, shop.ID, plain.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(models.LabelNames(of[call.ID]), models.LabelNames(of[shop.ID]), len(of[plain.ID])); got != "[Family phone] [errands Family] 0" {
		t.Errorf("labels of the tasks = %s", got)
	}

	byName := func(names ...string) []models.Label {
		ls, err := models.LabelsNamed(ctx, db.Read, u.ID, names)
		if err != nil || len(ls) != len(names) {
			t.Fatalf("LabelsNamed(%q) = %v, %v", names, ls, err)
		}
		return ls
	}
	for _, probe := range []int{1, 2000} { // read by id, and walking the ordered index
		restore := models.SetTextIndexProbe(probe)
		for _, tc := range []struct {
			labels []string
			want   string
		}{
			{[]string{"family"}, "[shop call]"},
			{[]string{"family", "PHONE"}, "[call]"},
			{[]string{"errands", "phone"}, "[]"},
		} {
			page, err := models.ListTasks(ctx, db.Read, u.ID, filled(models.TaskFilter{Labels: byName(tc.labels...)}), seedToday)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range page.Tasks {
				got = append(got, x.Title)
			}
			if fmt.Sprint(got) != tc.want && !(tc.want == "[]" && len(got) == 0) {
				t.Errorf("probe %d, labels %q: %v, want %s", probe, tc.labels, got, tc.want)
			}
		}
		restore()
	}

	// Deleting a label takes it off its tasks and keeps them; labels no
	// task carries stay until deleted.
	set(shop)
	if err := models.DeleteLabel(ctx, db.Write, u.ID, byName("phone")[0].ID); err != nil {
		t.Fatal(err)
	}
	labels, _ = models.UserLabels(ctx, db.Read, u.ID)
	if got := models.LabelNames(labels); !slices.Equal(got, []string{"errands", "Family"}) {
		t.Errorf("labels after deleting phone = %q, want errands (unused) and Family", got)
	}
	if n, err := models.TotalTasks(ctx, db.Read, u.ID); err != nil || n != 3 {
		t.Errorf("tasks after deleting a label = %d, %v; want 3", n, err)
	}
}

// TestLabelTaskCount counts a label's tasks for its owner only.
func TestLabelTaskCount(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	bob := createUser(t, db, "bob")
	for _, names := range [][]string{{"phone", "family"}, {"family"}, {}} {
		task := createTask(t, db, u.ID, nil)
		if err := models.SetTaskLabels(ctx, db.Write, u.ID, task.ID, names); err != nil {
			t.Fatal(err)
		}
	}
	bobs := createTask(t, db, bob.ID, nil)
	if err := models.SetTaskLabels(ctx, db.Write, bob.ID, bobs.ID, []string{"family"}); err != nil {
		t.Fatal(err)
	}
	labels, err := models.LabelsNamed(ctx, db.Read, u.ID, []string{"family", "phone"})
	if err != nil || len(labels) != 2 {
		t.Fatalf("LabelsNamed = %v, %v", labels, err)
	}
	for _, tc := range []struct {
		user  int64
		label models.Label
		want  int
	}{{u.ID, labels[0], 2}, {u.ID, labels[1], 1}, {bob.ID, labels[0], 0}} {
		if n, err := models.LabelTaskCount(ctx, db.Read, tc.user, tc.label.ID); err != nil || n != tc.want {
			t.Errorf("LabelTaskCount(user %d, %s) = %d, %v; want %d", tc.user, tc.label.Name, n, err, tc.want)
		}
	}
}

// manyLabels is n distinct label names, comma-separated.
func manyLabels(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("l%d", i)
	}
	return strings.Join(names, ",")
}
