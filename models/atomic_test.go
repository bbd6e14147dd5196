package models_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/models"
)

func TestWriteFileAtomic(t *testing.T) {
	errWrite := errors.New("disk on fire")
	tests := []struct {
		name    string
		old     string // "" for no file before
		write   func(io.Writer) error
		wantErr error
		want    string // the file's content afterwards; "" for no file
	}{
		{"new file", "", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, nil, "new"},
		{"replaces", "old", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, nil, "new"},
		{"large", "", func(w io.Writer) error {
			_, err := io.WriteString(w, strings.Repeat("x", 1<<20))
			return err
		}, nil, strings.Repeat("x", 1<<20)},
		{"failed write keeps the old file", "old", func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("half", 10_000))
			return errWrite
		}, errWrite, "old"},
		{"failed write creates nothing", "", func(w io.Writer) error { return errWrite }, errWrite, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "tasks.json")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := models.WriteFileAtomic(path, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			b, rerr := os.ReadFile(path)
			switch {
			case tt.want == "" && !errors.Is(rerr, os.ErrNotExist):
				t.Errorf("file exists (%d bytes, err %v), want none", len(b), rerr)
			case tt.want != "" && string(b) != tt.want:
				t.Errorf("file holds %.20q (%d bytes), want %.20q (%d bytes)", b, len(b), tt.want, len(tt.want))
			}
			entries, _ := os.ReadDir(dir)
			if n := len(entries); n > 1 || n == 1 && entries[0].Name() != "tasks.json" {
				t.Errorf("folder holds %d entries, want only tasks.json (no temporary file left)", n)
			}
		})
	}
}

func TestWriteFileAtomicMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "tasks.json")
	err := models.WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
	if err == nil || !strings.HasPrefix(err.Error(), "models: write ") || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("error = %v, want a models: write error that is ErrNotExist", err)
	}
}
