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
	params, _, _, err := argon2id.DecodeHash(dummyHash)
	if err != nil {
		t.Fatalf("DecodeHash(dummyHash): %v", err)
	}
	if diff := cmp.Diff(HashParams, *params); diff != "" {
		t.Errorf("dummyHash params differ from HashParams (-HashParams +dummyHash):\n%s", diff)
	}
	if _, err := argon2id.ComparePasswordAndHash("anything", dummyHash); err != nil {
		t.Errorf("ComparePasswordAndHash(dummyHash): %v", err)
	}
}
