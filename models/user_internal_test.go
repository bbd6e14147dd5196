package models

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/alexedwards/argon2id"
	"github.com/google/go-cmp/cmp"
)

// An unknown username is checked against dummyHash so that it costs as much
// as a wrong password; that only holds if dummyHash decodes and uses
// HashParams.
func TestDummyHashMatchesHashParams(t *testing.T) {
	t.Parallel()
	params, _, _, err := argon2id.DecodeHash(dummyHash)
	if err != nil {
		t.Fatalf("DecodeHash(dummyHash): %v", err)
	}
	if diff := cmp.Diff(HashParams(), *params); diff != "" {
		t.Errorf("dummyHash params differ from HashParams (-HashParams +dummyHash):\n%s", diff)
	}
	if _, err := argon2id.ComparePasswordAndHash("anything", dummyHash); err != nil {
		t.Errorf("ComparePasswordAndHash(dummyHash): %v", err)
	}
}

// A hash upgrade at log-in that lands after a password change made while
// the log-in checked the old password leaves the new password in place.
func TestRehashKeepsPasswordChange(t *testing.T) {
	db := openInternalTestDB(t)
	ctx := t.Context()
	if _, err := Migrate(ctx, db, os.DirFS("migrations")); err != nil {
		t.Fatal(err)
	}
	weak := argon2id.Params{Memory: 8 * 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	hash, err := argon2id.CreateHash("old password", &weak)
	if err != nil {
		t.Fatal(err)
	}
	u, err := CreateUser(ctx, db.Write, Passwords{}, "alice", "old password", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.ExecContext(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, u.ID); err != nil {
		t.Fatal(err)
	}
	u.PasswordHash = hash // as the log-in read it

	if _, err := SetPassword(ctx, db.Write, Passwords{}, u.ID, "new password"); err != nil {
		t.Fatal(err)
	}
	if err := rehashPassword(ctx, db.Write, Passwords{}, u, "old password"); err != nil {
		t.Fatalf("rehashPassword: %v", err)
	}
	if _, err := Authenticate(ctx, db.Read, db.Write, Passwords{}, "alice", "old password"); !errors.Is(err, ErrInvalidCredentials) {
		t.Errorf("old password after the change: error = %v, want ErrInvalidCredentials", err)
	}
	if _, err := Authenticate(ctx, db.Read, db.Write, Passwords{}, "alice", "new password"); err != nil {
		t.Errorf("new password: %v", err)
	}
}

// openInternalTestDB opens an empty database for tests inside the package.
func openInternalTestDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "internal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Passwords made for another cost check unknown usernames against a hash
// of that cost, so a failed log-in still costs the same either way.
func TestNewPasswordsDummyHashMatchesParams(t *testing.T) {
	t.Parallel()
	want := argon2id.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	pw, err := NewPasswords(want)
	if err != nil {
		t.Fatalf("NewPasswords: %v", err)
	}
	params, _, _, err := argon2id.DecodeHash(pw.dummyHash())
	if err != nil {
		t.Fatalf("DecodeHash(dummyHash()): %v", err)
	}
	if diff := cmp.Diff(want, *params); diff != "" {
		t.Errorf("dummy hash params differ (-want +got):\n%s", diff)
	}
	if (Passwords{}).dummyHash() != dummyHash {
		t.Errorf("zero Passwords check unknown usernames against %q, want dummyHash", (Passwords{}).dummyHash())
	}
}
