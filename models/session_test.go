package models_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

func saveSession(t *testing.T, db *models.DB, token, data string, expiry time.Time, userID int64) {
	t.Helper()
	s := &models.Session{Token: token, Data: []byte(data), Expiry: expiry, UserID: userID}
	if err := models.CreateSession(t.Context(), db.Write, s); err != nil {
		t.Fatalf("CreateSession(%q): %v", token, err)
	}
}

// sessionTokens returns the stored tokens, whatever their expiry.
func sessionTokens(t *testing.T, db *models.DB) []string {
	t.Helper()
	rows, err := db.Read.QueryContext(t.Context(), "SELECT token FROM sessions ORDER BY token")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var tok string
		if err := rows.Scan(&tok); err != nil {
			t.Fatal(err)
		}
		out = append(out, tok)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSaveAndFindSession(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	now := time.Now()
	// Zones far from UTC: the stored expiry must compare as an instant, not
	// as local clock text.
	west, east := time.FixedZone("W", -10*3600), time.FixedZone("E", 12*3600)

	saveSession(t, db, "live", "first", now.Add(time.Hour).In(west), 0)
	saveSession(t, db, "expired", "old", now.Add(-time.Minute).In(east), 0)
	saveSession(t, db, "expired-west", "old", now.Add(-time.Minute).In(west), 0)

	tests := []struct {
		token     string
		wantFound bool
		wantData  string
	}{
		{"live", true, "first"},
		{"expired", false, ""},
		{"expired-west", false, ""},
		{"unknown", false, ""},
	}
	for _, tt := range tests {
		data, found, err := models.FindSession(ctx, db.Read, tt.token)
		if err != nil {
			t.Fatalf("FindSession(%q): %v", tt.token, err)
		}
		if found != tt.wantFound || string(data) != tt.wantData {
			t.Errorf("FindSession(%q) = %q, %v; want %q, %v", tt.token, data, found, tt.wantData, tt.wantFound)
		}
	}

	// Updating the token replaces data, expiry and user.
	update := func(token, data string, expiry time.Time) error {
		return models.UpdateSession(ctx, db.Write, &models.Session{Token: token, Data: []byte(data), Expiry: expiry, UserID: u.ID})
	}
	if err := update("live", "second", now.Add(2*time.Hour)); err != nil {
		t.Fatalf("UpdateSession(live): %v", err)
	}
	data, found, err := models.FindSession(ctx, db.Read, "live")
	if err != nil || !found || string(data) != "second" {
		t.Errorf("after update FindSession = %q, %v, %v; want second, true", data, found, err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM sessions WHERE token = 'live' AND user_id = ?", u.ID); n != 1 {
		t.Errorf("update left %d rows for the token with the user, want 1", n)
	}
	// And an update can expire a session.
	if err := update("live", "third", now.Add(-time.Second)); err != nil {
		t.Fatalf("UpdateSession(live): %v", err)
	}
	if _, found, _ := models.FindSession(ctx, db.Read, "live"); found {
		t.Error("session found after being saved with a past expiry")
	}
}

// A save must never bring back a session that was ended meanwhile, and a
// new token never overwrites a stored one.
func TestSessionWritesNeverResurrect(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	u := createUser(t, db, "alice")
	exp := time.Now().Add(time.Hour)
	saveSession(t, db, "gone", "x", exp, u.ID)
	if err := models.DeleteSession(ctx, db.Write, "gone"); err != nil {
		t.Fatal(err)
	}
	err := models.UpdateSession(ctx, db.Write, &models.Session{Token: "gone", Data: []byte("y"), Expiry: exp, UserID: u.ID})
	if !errors.Is(err, models.ErrNotFound) {
		t.Errorf("UpdateSession of a deleted token = %v, want ErrNotFound", err)
	}
	saveSession(t, db, "kept", "x", exp, u.ID)
	err = models.CreateSession(ctx, db.Write, &models.Session{Token: "kept", Data: []byte("other"), Expiry: exp})
	if !errors.Is(err, models.ErrConflict) {
		t.Errorf("CreateSession of a stored token = %v, want ErrConflict", err)
	}
	if diff := cmp.Diff([]string{"kept"}, sessionTokens(t, db)); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
}

func TestDeleteSession(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	exp := time.Now().Add(time.Hour)
	saveSession(t, db, "a", "x", exp, 0)
	saveSession(t, db, "b", "x", exp, 0)
	// A session not yet logged in belongs to no user: NULL, not 0.
	if n := countRows(t, db, "SELECT count(*) FROM sessions WHERE user_id IS NULL"); n != 2 {
		t.Errorf("%d anonymous sessions have a NULL user_id, want 2", n)
	}
	if err := models.DeleteSession(t.Context(), db.Write, "a"); err != nil {
		t.Fatal(err)
	}
	if err := models.DeleteSession(t.Context(), db.Write, "unknown"); err != nil {
		t.Errorf("DeleteSession of an unknown token: %v", err)
	}
	if diff := cmp.Diff([]string{"b"}, sessionTokens(t, db)); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
}

func TestDeleteUserSessions(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	alice, bob := createUser(t, db, "alice"), createUser(t, db, "bob")
	exp := time.Now().Add(time.Hour)
	reset := func(t *testing.T) {
		t.Helper()
		if _, err := db.Write.ExecContext(t.Context(), "DELETE FROM sessions"); err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			token string
			user  int64
		}{{"a1", alice.ID}, {"a2", alice.ID}, {"a3", alice.ID}, {"b1", bob.ID}, {"anon", 0}} {
			saveSession(t, db, s.token, "x", exp, s.user)
		}
	}
	tests := []struct {
		name string
		keep string
		want []string
	}{
		{"keep current", "a2", []string{"a2", "anon", "b1"}},
		{"keep none", "", []string{"anon", "b1"}},
		{"keep another user's token", "b1", []string{"anon", "b1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reset(t)
			if err := models.DeleteUserSessions(t.Context(), db.Write, alice.ID, tt.keep); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, sessionTokens(t, db)); diff != "" {
				t.Errorf("tokens left (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeleteExpired(t *testing.T) {
	t.Parallel()
	db := newTestDB(t)
	ctx := t.Context()
	now := fixedNow
	saveSession(t, db, "past", "x", now.Add(-time.Second), 0)
	saveSession(t, db, "at-now", "x", now, 0)
	saveSession(t, db, "future", "x", now.Add(time.Second), 0)
	// Failure windows: one 20 minutes old, one 5 minutes old.
	if err := models.RecordLoginFailure(ctx, db.Write, now.Add(-20*time.Minute), "ip:stale"); err != nil {
		t.Fatal(err)
	}
	if err := models.RecordLoginFailure(ctx, db.Write, now.Add(-5*time.Minute), "ip:fresh"); err != nil {
		t.Fatal(err)
	}

	if err := models.DeleteExpired(ctx, db.Write, now.In(time.FixedZone("E", 5*3600))); err != nil {
		t.Fatalf("DeleteExpired: %v", err)
	}
	if diff := cmp.Diff([]string{"future"}, sessionTokens(t, db)); diff != "" {
		t.Errorf("sessions left (-want +got):\n%s", diff)
	}
	if n := countRows(t, db, "SELECT count(*) FROM login_failures WHERE key = 'ip:stale'"); n != 0 {
		t.Errorf("stale failure row kept")
	}
	if n := countRows(t, db, "SELECT count(*) FROM login_failures WHERE key = 'ip:fresh'"); n != 1 {
		t.Errorf("fresh failure row deleted")
	}
}

// A logged-in session is stored only while its user is on the session epoch
// read at log-in: a log-in that checked the old password just before a
// password change stores nothing.
func TestCreateSessionChecksEpoch(t *testing.T) {
	exp := time.Now().Add(time.Hour)
	tests := []struct {
		name string
		// between runs after the log-in's password check and before its
		// session is stored; it returns the epoch to carry, or -1 for the
		// one read at log-in.
		between func(t *testing.T, db *models.DB, u *models.User) int64
		want    error
	}{
		{"nothing changed", func(*testing.T, *models.DB, *models.User) int64 { return -1 }, nil},
		{"password changed", func(t *testing.T, db *models.DB, u *models.User) int64 {
			if _, err := models.SetPassword(t.Context(), db.Write, testPasswords, u.ID, "a brand new passphrase"); err != nil {
				t.Fatal(err)
			}
			return -1
		}, models.ErrSessionEnded},
		{"on the new epoch after the change", func(t *testing.T, db *models.DB, u *models.User) int64 {
			epoch, err := models.SetPassword(t.Context(), db.Write, testPasswords, u.ID, "a brand new passphrase")
			if err != nil {
				t.Fatal(err)
			}
			return epoch
		}, nil},
		{"user deleted", func(t *testing.T, db *models.DB, u *models.User) int64 {
			if err := models.DeleteUser(t.Context(), db.Write, u.ID); err != nil {
				t.Fatal(err)
			}
			return -1
		}, models.ErrSessionEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newTestDB(t)
			ctx := t.Context()
			createUser(t, db, "alice")
			u, err := models.Authenticate(ctx, db.Read, db.Write, testPasswords, "alice", testPassword)
			if err != nil {
				t.Fatal(err)
			}
			epoch := u.SessionEpoch
			if e := tt.between(t, db, u); e >= 0 {
				epoch = e
			}
			s := &models.Session{Token: "tok", Data: []byte("x"), Expiry: exp, UserID: u.ID, Epoch: epoch}
			if err := models.CreateSession(ctx, db.Write, s); !errors.Is(err, tt.want) {
				t.Fatalf("CreateSession = %v, want %v", err, tt.want)
			}
			want := []string{"tok"}
			if tt.want != nil {
				want = nil
			}
			if diff := cmp.Diff(want, sessionTokens(t, db)); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
		})
	}
}
