package models_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	t0 := fixedNow
	at := func(d time.Duration) time.Time { return t0.Add(d) }

	// Each step records a failure (if record is set) and then reads the count.
	steps := []struct {
		name   string
		record []string
		now    time.Time
		keys   []string
		want   int
	}{
		{"nothing yet", nil, at(0), []string{"ip:1", "user:alice"}, 0},
		{"first failure counts on both keys", []string{"ip:1", "user:alice"}, at(0), []string{"user:alice"}, 1},
		{"second failure from the same IP", []string{"ip:1"}, at(time.Minute), []string{"ip:1"}, 2},
		{"max over keys", nil, at(2 * time.Minute), []string{"ip:1", "user:alice"}, 2},
		{"max over keys, other order", nil, at(2 * time.Minute), []string{"user:alice", "ip:1"}, 2},
		{"one key only", nil, at(2 * time.Minute), []string{"user:alice"}, 1},
		{"unknown key", nil, at(2 * time.Minute), []string{"ip:2"}, 0},
		{"now in another zone", nil, at(2 * time.Minute).In(time.FixedZone("W", -8*3600)), []string{"ip:1"}, 2},
		{"third failure", []string{"ip:1"}, at(10 * time.Minute), []string{"ip:1"}, 3},
		// The window started at t0 and lasts LoginWindow.
		{"just inside the window", nil, at(models.LoginWindow - time.Second), []string{"ip:1"}, 3},
		{"window over", nil, at(models.LoginWindow), []string{"ip:1"}, 0},
		{"next failure starts a new window at 1", []string{"ip:1"}, at(16 * time.Minute), []string{"ip:1"}, 1},
		{"new window counts on", []string{"ip:1"}, at(20 * time.Minute), []string{"ip:1"}, 2},
		// The new window began at 16 min, so it still holds at 30 min.
		{"new window lasts from its start", nil, at(30 * time.Minute), []string{"ip:1"}, 2},
		{"new window ends", nil, at(31 * time.Minute), []string{"ip:1"}, 0},
		{"old key stays expired", nil, at(16 * time.Minute), []string{"user:alice"}, 0},
	}
	for _, s := range steps {
		if len(s.record) > 0 {
			if err := models.RecordLoginFailure(ctx, db.Write, s.now, s.record...); err != nil {
				t.Fatalf("%s: RecordLoginFailure: %v", s.name, err)
			}
		}
		got, err := models.LoginFailures(ctx, db.Read, s.now, s.keys...)
		if err != nil {
			t.Fatalf("%s: LoginFailures: %v", s.name, err)
		}
		highest := 0 // the throttle acts on the worst of the keys
		for _, n := range got {
			highest = max(highest, n)
		}
		if highest != s.want {
			t.Errorf("%s: LoginFailures(%v) = %v, highest %d, want %d", s.name, s.keys, got, highest, s.want)
		}
	}
}

func TestClearLoginFailures(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	for range 3 {
		if err := models.RecordLoginFailure(ctx, db.Write, fixedNow, "ip:1", "user:alice", "user:bob"); err != nil {
			t.Fatal(err)
		}
	}
	if err := models.RecordLoginFailure(ctx, db.Write, fixedNow, "ip:2", "user:dave"); err != nil {
		t.Fatal(err)
	}
	// A failure from before the window counts for nothing.
	if err := models.RecordLoginFailure(ctx, db.Write, fixedNow.Add(-2*models.LoginWindow), "user:carol"); err != nil {
		t.Fatal(err)
	}
	keys := []string{"ip:1", "user:alice", "user:bob", "ip:2", "user:dave", "user:carol", "user:erin"}
	got, err := models.LoginFailures(ctx, db.Read, fixedNow, keys...)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"ip:1": 3, "user:alice": 3, "user:bob": 3, "ip:2": 1, "user:dave": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("before clear: failures (-want +got):\n%s", diff)
	}

	if err := models.ClearLoginFailures(ctx, db.Write, "ip:1", "user:alice"); err != nil {
		t.Fatal(err)
	}
	// Only the cleared keys are gone; a cleared key is not reported at all.
	got, err = models.LoginFailures(ctx, db.Read, fixedNow, keys...)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]int{"user:bob": 3, "ip:2": 1, "user:dave": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after clear: failures (-want +got):\n%s", diff)
	}
	// A failure after clearing starts again from 1.
	if err := models.RecordLoginFailure(ctx, db.Write, fixedNow, "ip:1"); err != nil {
		t.Fatal(err)
	}
	if got, err := models.LoginFailures(ctx, db.Read, fixedNow, "ip:1"); err != nil || got["ip:1"] != 1 {
		t.Errorf("after clear and one failure: %v, %v; want 1", got, err)
	}
}
