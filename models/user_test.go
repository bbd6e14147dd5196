package models_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // as in main.go, so zones load without a system database

	"github.com/alexedwards/argon2id"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"docket/models"
)

// equateDBTime compares times as stored: SQLite keeps microseconds.
var equateDBTime = cmpopts.EquateApproxTime(time.Millisecond)

func TestCreateUser(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u, err := models.CreateUser(ctx, db.Write, models.Passwords{}, "alice", testPassword, "Europe/Paris")
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if u.ID == 0 || u.CreatedAt.IsZero() || !u.UpdatedAt.Equal(u.CreatedAt) {
		t.Errorf("CreateUser returned ID %d, CreatedAt %v, UpdatedAt %v; want an ID and equal times", u.ID, u.CreatedAt, u.UpdatedAt)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("PasswordHash = %q, want argon2id with HashParams", u.PasswordHash)
	}
	if strings.Contains(u.PasswordHash, testPassword) {
		t.Error("PasswordHash contains the password")
	}

	byName, err := models.GetUserByUsername(ctx, db.Read, "alice")
	if err != nil {
		t.Fatalf("GetUserByUsername: %v", err)
	}
	if byName.ID != u.ID {
		t.Errorf("GetUserByUsername ID = %d, want %d", byName.ID, u.ID)
	}

	second := createUser(t, db, "bob")
	users, err := models.ListUsers(ctx, db.Read)
	if err != nil {
		t.Fatal(err)
	}
	got := []int64{}
	for _, x := range users {
		got = append(got, x.ID)
	}
	if diff := cmp.Diff([]int64{u.ID, second.ID}, got); diff != "" {
		t.Errorf("ListUsers IDs (-want +got):\n%s", diff)
	}
}

func TestCreateUserErrors(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	createUser(t, db, "alice")
	if _, err := models.CreateUser(t.Context(), db.Write, testPasswords, "alice", "other password", "UTC"); !errors.Is(err, models.ErrConflict) {
		t.Errorf("duplicate username: error = %v, want ErrConflict", err)
	}
	// The schema limits usernames to 3..32 characters; that is not a conflict.
	_, err := models.CreateUser(t.Context(), db.Write, testPasswords, "al", testPassword, "UTC")
	if err == nil || errors.Is(err, models.ErrConflict) {
		t.Errorf("two-letter username: error = %v, want a non-conflict error", err)
	}
}

func TestGetUserNotFound(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	if _, err := models.GetUserByUsername(t.Context(), db.Read, "nobody"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("GetUserByUsername(nobody) error = %v, want ErrNotFound", err)
	}
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice := createUser(t, db, "alice")
	tests := []struct {
		name, username, password string
		wantErr                  error
	}{
		{"right password", "alice", testPassword, nil},
		{"wrong password", "alice", testPassword + "!", models.ErrInvalidCredentials},
		{"empty password", "alice", "", models.ErrInvalidCredentials},
		{"unknown user", "mallory", testPassword, models.ErrInvalidCredentials},
		{"name with a NUL byte", "alice\x00", testPassword, models.ErrInvalidCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := models.Authenticate(t.Context(), db.Read, db.Write, testPasswords, tt.username, tt.password)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Authenticate error = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && u.ID != alice.ID {
				t.Errorf("Authenticate returned user %d, want %d", u.ID, alice.ID)
			}
			if tt.wantErr != nil && u != nil {
				t.Errorf("Authenticate returned user %+v with an error", u)
			}
		})
	}
}

func TestAuthenticateRehash(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		params     argon2id.Params
		wantPrefix string
	}{
		{"weaker memory is upgraded", argon2id.Params{Memory: 8 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32},
			"$argon2id$v=19$m=19456,t=2,p=1$"},
		{"fewer passes are upgraded", argon2id.Params{Memory: 19 * 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32},
			"$argon2id$v=19$m=19456,t=2,p=1$"},
		{"stronger is kept", argon2id.Params{Memory: 32 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32},
			"$argon2id$v=19$m=32768,t=2,p=1$"},
	}
	db := newTestDB(t)
	u := createUser(t, db, "alice")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			old, err := argon2id.CreateHash(testPassword, &tt.params)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Write.ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", old, u.ID); err != nil {
				t.Fatal(err)
			}
			got, err := models.Authenticate(ctx, db.Read, db.Write, models.Passwords{}, "alice", testPassword)
			if err != nil {
				t.Fatalf("Authenticate: %v", err)
			}
			stored, err := models.GetUserByUsername(ctx, db.Read, u.Username)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(stored.PasswordHash, tt.wantPrefix) {
				t.Errorf("stored hash = %q, want prefix %q", stored.PasswordHash, tt.wantPrefix)
			}
			// The same password: the log-in's session stays on the epoch.
			if stored.SessionEpoch != got.SessionEpoch {
				t.Errorf("epoch after the rehash = %d, log-in read %d", stored.SessionEpoch, got.SessionEpoch)
			}
			if _, err := models.Authenticate(ctx, db.Read, db.Write, models.Passwords{}, "alice", testPassword); err != nil {
				t.Errorf("Authenticate with the rehashed password: %v", err)
			}
		})
	}
}

func TestSetPassword(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	epoch, err := models.SetPassword(ctx, db.Write, testPasswords, u.ID, "new password")
	if err != nil {
		t.Fatalf("SetPassword: %v", err)
	}
	if epoch != u.SessionEpoch+1 {
		t.Errorf("SetPassword epoch = %d, want %d", epoch, u.SessionEpoch+1)
	}
	if _, err := models.Authenticate(ctx, db.Read, db.Write, testPasswords, "alice", testPassword); !errors.Is(err, models.ErrInvalidCredentials) {
		t.Errorf("old password: error = %v, want ErrInvalidCredentials", err)
	}
	if _, err := models.Authenticate(ctx, db.Read, db.Write, testPasswords, "alice", "new password"); err != nil {
		t.Errorf("new password: %v", err)
	}
	stored, err := models.GetUserByUsername(ctx, db.Read, u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if stored.PasswordHash == u.PasswordHash {
		t.Error("SetPassword left the stored hash unchanged")
	}
	if stored.UpdatedAt.Before(u.UpdatedAt) {
		t.Errorf("UpdatedAt went back from %v to %v", u.UpdatedAt, stored.UpdatedAt)
	}
	if stored.SessionEpoch != epoch {
		t.Errorf("stored epoch = %d, want %d", stored.SessionEpoch, epoch)
	}
	if _, err := models.SetPassword(ctx, db.Write, testPasswords, u.ID+100, "x"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("SetPassword of unknown user: error = %v, want ErrNotFound", err)
	}
}

func TestSetTimezone(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	if err := models.SetTimezone(ctx, db.Write, u.ID, "Asia/Tokyo"); err != nil {
		t.Fatalf("SetTimezone: %v", err)
	}
	stored, err := models.GetUserByUsername(ctx, db.Read, u.Username)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Timezone != "Asia/Tokyo" || models.LoadLocation(stored.Timezone).String() != "Asia/Tokyo" {
		t.Errorf("Timezone = %q, loads as %v; want Asia/Tokyo", stored.Timezone, models.LoadLocation(stored.Timezone))
	}
	if err := models.SetTimezone(ctx, db.Write, u.ID+100, "UTC"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("SetTimezone of unknown user: error = %v, want ErrNotFound", err)
	}
}

func TestSetQuickAddParse(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	for i, on := range []bool{true, false, true} {
		if i > 0 { // the first is the default
			if err := models.SetQuickAddParse(ctx, db.Write, u.ID, on); err != nil {
				t.Fatalf("SetQuickAddParse(%v): %v", on, err)
			}
		}
		stored, err := models.GetUserByUsername(ctx, db.Read, u.Username)
		if err != nil {
			t.Fatal(err)
		}
		if stored.QuickAddParse != on {
			t.Errorf("QuickAddParse = %v, want %v", stored.QuickAddParse, on)
		}
	}
	if err := models.SetQuickAddParse(ctx, db.Write, u.ID+100, false); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("SetQuickAddParse of unknown user: error = %v, want ErrNotFound", err)
	}
}

func TestLoadLocation(t *testing.T) {
	t.Parallel()
	tests := []struct{ tz, want string }{
		{"Europe/Berlin", "Europe/Berlin"},
		{"America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"},
		{"UTC", "UTC"},
		{"", "UTC"},
		{"Local", "UTC"},
		{"Not/AZone", "UTC"},
		{"../../etc/passwd", "UTC"},
		{strings.Repeat("A", 65), "UTC"},
	}
	for _, tt := range tests {
		if got := models.LoadLocation(tt.tz).String(); got != tt.want {
			t.Errorf("LoadLocation(%q) = %q, want %q", tt.tz, got, tt.want)
		}
	}
}

func TestTimezones(t *testing.T) {
	t.Parallel()
	if len(models.Timezones) < 100 || models.Timezones[0] != "UTC" {
		t.Fatalf("Timezones has %d names starting %q; want UTC first and the IANA list", len(models.Timezones), models.Timezones[0])
	}
	rest := models.Timezones[1:]
	if !slices.IsSorted(rest) {
		t.Error("Timezones after UTC are not sorted")
	}
	if len(slices.Compact(slices.Clone(rest))) != len(rest) {
		t.Error("Timezones has duplicates")
	}
	for _, name := range models.Timezones {
		if got := models.LoadLocation(name).String(); got != name {
			t.Errorf("LoadLocation(%q) = %q; every listed zone must load", name, got)
		}
	}
}

func TestDeleteUserCascades(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	alice, bob := createUser(t, db, "alice"), createUser(t, db, "bob")
	for _, u := range []*models.User{alice, bob} {
		createTask(t, db, u.ID, nil)
		createTask(t, db, u.ID, nil)
		for _, tok := range []string{"a", "b"} {
			s := &models.Session{Token: u.Username + tok, Data: []byte("x"), Expiry: fixedNow.Add(time.Hour), UserID: u.ID}
			if err := models.CreateSession(ctx, db.Write, s); err != nil {
				t.Fatal(err)
			}
		}
	}

	if err := models.DeleteUser(ctx, db.Write, alice.ID); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	if _, err := models.GetUserByUsername(ctx, db.Read, alice.Username); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("GetUser after delete: error = %v, want ErrNotFound", err)
	}
	for _, tt := range []struct {
		what      string
		user      int64
		want      int
		countFrom string
	}{
		{"alice's tasks", alice.ID, 0, "tasks"},
		{"alice's sessions", alice.ID, 0, "sessions"},
		{"bob's tasks", bob.ID, 2, "tasks"},
		{"bob's sessions", bob.ID, 2, "sessions"},
	} {
		if got := countRows(t, db, "SELECT count(*) FROM "+tt.countFrom+" WHERE user_id = ?", tt.user); got != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.what, got, tt.want)
		}
	}
	if err := models.DeleteUser(ctx, db.Write, alice.ID); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("second DeleteUser: error = %v, want ErrNotFound", err)
	}
}

// Production code passes the zero Passwords; it must hash at the real cost,
// not the cheap one the other tests use.
func TestPasswordsZeroValueIsTheRealCost(t *testing.T) {
	t.Parallel()
	want := argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	if diff := cmp.Diff(want, models.Passwords{}.Params()); diff != "" {
		t.Errorf("zero Passwords params (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, models.HashParams()); diff != "" {
		t.Errorf("HashParams() (-want +got):\n%s", diff)
	}
}
