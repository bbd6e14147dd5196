package cli

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"docket/models"
)

// runSeedCmd runs "docket seed args…" with DOCKET_DB set to dbPath.
func runSeedCmd(t *testing.T, dbPath string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "DOCKET_DB" {
			return dbPath
		}
		return ""
	}
	err = Run(context.Background(), Env{Files: testFiles, Getenv: getenv, Stdout: &out, Stderr: &errb}, append([]string{"seed"}, args...))
	return out.String(), errb.String(), err
}

var passwordLine = regexp.MustCompile(`(?m)^password: (\S+)$`)

func countTasks(t *testing.T, dbPath, username string) int {
	t.Helper()
	ctx := context.Background()
	db, err := models.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := models.GetUserByUsername(ctx, db.Read, username)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.Read.NewSelect().Model((*models.Task)(nil)).Where("user_id = ?", u.ID).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestSeedDemoCommand(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "docket.db")
	out, _, err := runSeedCmd(t, dbPath, "--demo")
	if err != nil {
		t.Fatal(err)
	}
	if !passwordLine.MatchString(out) {
		t.Errorf("first run printed %q, want the new password", out)
	}
	n := countTasks(t, dbPath, "demo")

	out, _, err = runSeedCmd(t, dbPath, "--demo")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "nothing changed") || passwordLine.MatchString(out) {
		t.Errorf("second run printed %q, want it to say nothing changed", out)
	}
	if got := countTasks(t, dbPath, "demo"); got != n {
		t.Errorf("second run: %d tasks, want %d", got, n)
	}
}

func TestSeedUserCommand(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "docket.db")
	out, stderr, err := runSeedCmd(t, dbPath, "--user", "Loader", "--tasks", "1200")
	if err != nil {
		t.Fatal(err)
	}
	m := passwordLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("output %q has no password for the new user", out)
	}
	if !strings.Contains(stderr, "1200/1200") {
		t.Errorf("stderr %q has no progress line", stderr)
	}
	ctx := context.Background()
	db, err := models.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.Authenticate(ctx, db.Read, db.Write, models.Passwords{}, "loader", m[1]); err != nil {
		t.Errorf("log in with the printed password: %v", err)
	}
	db.Close()

	out, _, err = runSeedCmd(t, dbPath, "--user", "loader", "--tasks", "300")
	if err != nil {
		t.Fatal(err)
	}
	if passwordLine.MatchString(out) {
		t.Errorf("existing user: output %q prints a password", out)
	}
	if got := countTasks(t, dbPath, "loader"); got != 1500 {
		t.Errorf("after two loads: %d tasks, want 1500", got)
	}
}

func TestSeedCommandErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"nothing", nil, "either --demo or --user"},
		{"both", []string{"--demo", "--user", "bob"}, "either --demo or --user"},
		{"demo with tasks", []string{"--demo", "--tasks", "5"}, "--tasks goes with --user"},
		{"no count", []string{"--user", "bob"}, "--tasks must be between"},
		{"negative count", []string{"--user", "bob", "--tasks", "-3"}, "--tasks must be between"},
		{"bad name", []string{"--user", "b!", "--tasks", "3"}, "Use 3–32 letters"},
		{"extra argument", []string{"--demo", "more"}, `unexpected argument "more"`},
		{"unknown flag", []string{"--nope"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbPath := filepath.Join(t.TempDir(), "docket.db")
			_, _, err := runSeedCmd(t, dbPath, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans several lines", err)
			}
			if _, statErr := os.Stat(dbPath); !errors.Is(statErr, fs.ErrNotExist) {
				t.Errorf("bad arguments created the database (stat: %v)", statErr)
			}
		})
	}
}
