package models

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLoginFailures(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for range 3 {
		if err := RecordLoginFailure(ctx, db.Write, now, "ip:1.2.3.4", "user:alice"); err != nil {
			t.Fatal(err)
		}
	}
	if err := RecordLoginFailure(ctx, db.Write, now, "ip:5.6.7.8", "user:bob"); err != nil {
		t.Fatal(err)
	}
	// A failure from before the window counts for nothing.
	if err := RecordLoginFailure(ctx, db.Write, now.Add(-2*LoginWindow), "user:carol"); err != nil {
		t.Fatal(err)
	}

	got, err := LoginFailures(ctx, db.Read, now, "ip:1.2.3.4", "user:alice", "user:bob", "user:carol", "user:dave")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"ip:1.2.3.4": 3, "user:alice": 3, "user:bob": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}

	if err := ClearLoginFailures(ctx, db.Write, "user:alice"); err != nil {
		t.Fatal(err)
	}
	got, err = LoginFailures(ctx, db.Read, now, "ip:1.2.3.4", "user:alice")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"ip:1.2.3.4": 3}, got); diff != "" {
		t.Errorf("after clearing alice (-want +got):\n%s", diff)
	}
}
