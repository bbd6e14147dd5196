package models

import (
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
