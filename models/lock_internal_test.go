package models

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadPID(t *testing.T) {
	tests := []struct {
		name, content string
		want          int
	}{
		{"after the locked byte", "\x004242\n", 4242},
		{"as an older Docket wrote it", "4242\n", 4242},
		{"cleared by Unlock", "\x00", 0},
		{"empty", "", 0},
		{"not a number", "\x00docket\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "docket.db.lock")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := readPID(path); got != tt.want {
				t.Errorf("readPID(%q) = %d, want %d", tt.content, got, tt.want)
			}
		})
	}
	if got := readPID(filepath.Join(t.TempDir(), "missing.lock")); got != 0 {
		t.Errorf("readPID of a missing file = %d, want 0", got)
	}
}
