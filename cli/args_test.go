package cli

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantPos []string
		wantDB  string
	}{
		{"flag first", []string{"--db", "x.db", "out.db"}, []string{"out.db"}, "x.db"},
		{"flag last", []string{"out.db", "--db", "x.db"}, []string{"out.db"}, "x.db"},
		{"flag between", []string{"a", "-db=x.db", "b"}, []string{"a", "b"}, "x.db"},
		{"no flags", []string{"a", "b"}, []string{"a", "b"}, "docket.db"},
		{"dash dash keeps the rest", []string{"--db", "x.db", "--", "-odd.csv", "--db"}, []string{"-odd.csv", "--db"}, "x.db"},
		{"dash dash after a positional", []string{"a", "--", "--db"}, []string{"a", "--db"}, "docket.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fset := flag.NewFlagSet("test", flag.ContinueOnError)
			db := fset.String("db", "docket.db", "")
			pos, err := parseArgs(fset, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pos, tt.wantPos) || *db != tt.wantDB {
				t.Errorf("parseArgs(%q) = %q with --db %q, want %q with %q", tt.args, pos, *db, tt.wantPos, tt.wantDB)
			}
		})
	}
}

// Every command that takes arguments accepts its flags after them too:
// --db after the positional argument must name the database used.
func TestFlagsAfterArguments(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "real.db")
	mustRun(t, dbPath, "password123\n", "user", "create", "alice")
	// DOCKET_DB points elsewhere, so only a parsed --db reaches real.db.
	elsewhere := filepath.Join(dir, "missing.db")

	named := filepath.Join(dir, "named.db")
	if res := runCmd(t, elsewhere, "", "backup", named, "--db", dbPath); res.err != nil {
		t.Fatalf("backup PATH --db: %v", res.err)
	}
	if _, err := os.Stat(named); err != nil {
		t.Fatalf("backup PATH --db wrote no backup: %v", err)
	}

	res := runCmd(t, elsewhere, "", "migrate", "status", "--db", dbPath)
	if res.err != nil || !strings.Contains(res.stdout, "applied") {
		t.Fatalf("migrate status --db: %v, printed %q", res.err, res.stdout)
	}
	if _, err := os.Stat(elsewhere); err == nil {
		t.Errorf("migrate status --db opened DOCKET_DB's file too")
	}

	restored := filepath.Join(dir, "restored.db")
	if res := runCmd(t, elsewhere, "", "restore", named, "--db", restored); res.err != nil {
		t.Fatalf("restore PATH --db: %v", res.err)
	}
	if out := mustRun(t, restored, "", "user", "list").stdout; !strings.Contains(out, "alice") {
		t.Errorf("restore PATH --db: restored database lists %q, want alice", out)
	}

	if res := runCmd(t, elsewhere, "", "version", "extra"); res.err == nil {
		t.Errorf("version with an argument: no error")
	}
}

func TestHelpCommand(t *testing.T) {
	t.Parallel()
	res := mustRun(t, tempDB(t), "", "help")
	for _, name := range []string{"serve", "backup", "seed", "version", "help"} {
		if !strings.Contains(res.stdout, "\n  "+name+" ") {
			t.Errorf("help does not list %q:\n%s", name, res.stdout)
		}
	}
	res = mustRun(t, tempDB(t), "", "help", "backup")
	if !strings.Contains(res.stdout, "Usage: docket backup") || !strings.Contains(res.stdout, "-db") {
		t.Errorf("help backup printed %q, want backup's usage and flags", res.stdout)
	}
	if res := runCmd(t, tempDB(t), "", "help", "nonsense"); res.err == nil || !strings.Contains(res.err.Error(), `unknown command "nonsense"`) {
		t.Errorf("help nonsense: %v", res.err)
	}
}

func TestSeedProgressWithoutTerminal(t *testing.T) {
	t.Parallel()
	_, stderr, err := runSeedCmd(t, tempDB(t), "--user", "loader", "--tasks", "25000")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr, "\r") {
		t.Errorf("progress to a file has carriage returns: %q", stderr)
	}
	want := "seeding: 10000/25000 tasks\nseeding: 20000/25000 tasks\nseeding: 25000/25000 tasks\n"
	if stderr != want {
		t.Errorf("progress = %q, want %q", stderr, want)
	}
}
