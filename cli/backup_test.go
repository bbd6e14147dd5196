package cli

import (
	"docket/internal/testdb"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestBackupAndRestoreCommands(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	dbPath := tempDB(t)
	mustRun(t, dbPath, "password123\n", "user", "create", "alice")

	res := mustRun(t, dbPath, "", "backup")
	m := regexp.MustCompile(`^Backed up to (\S+) \((\d+(\.\d)? (bytes|KiB|MiB))\), integrity checked\.\n$`).FindStringSubmatch(res.stdout)
	if m == nil {
		t.Fatalf("backup printed %q", res.stdout)
	}
	auto := m[1]
	if dir := filepath.Join(filepath.Dir(dbPath), "backups"); filepath.Dir(auto) != dir {
		t.Errorf("backup went to %s, want the folder %s", auto, dir)
	}
	if !regexp.MustCompile(`^docket-\d{8}T\d{6}Z\.db$`).MatchString(filepath.Base(auto)) {
		t.Errorf("backup name %q has no UTC timestamp", filepath.Base(auto))
	}

	named := filepath.Join(t.TempDir(), "named.db")
	mustRun(t, dbPath, "", "backup", named)
	if res := runCmd(t, dbPath, "", "backup", named); res.err == nil || !strings.Contains(res.err.Error(), "already exists") {
		t.Errorf("second backup to the same path: %v", res.err)
	}

	mustRun(t, dbPath, "y\n", "user", "delete", "alice")
	if out := mustRun(t, dbPath, "", "user", "list").stdout; strings.Contains(out, "alice") {
		t.Fatalf("alice still listed after delete: %q", out)
	}
	res = mustRun(t, dbPath, "", "restore", named)
	if !strings.Contains(res.stdout, dbPath+".before-restore") {
		t.Errorf("restore did not say where the old database went: %q", res.stdout)
	}
	if out := mustRun(t, dbPath, "", "user", "list").stdout; !strings.Contains(out, "alice") {
		t.Errorf("alice missing after restore: %q", out)
	}
}

func TestBackupCommandErrors(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no database", []string{"backup"}, "no database at"},
		{"two paths", []string{"backup", "a.db", "b.db"}, "unexpected argument"},
		{"restore without path", []string{"restore"}, "name the backup file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dbPath := tempDB(t)
			res := runCmd(t, dbPath, "", tt.args...)
			if res.err == nil || !strings.Contains(res.err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to mention %q", res.err, tt.want)
			}
			if _, err := os.Stat(dbPath); err == nil {
				t.Error("a failed command created the database")
			}
		})
	}
}

func TestRestoreRefusesWhileServing(t *testing.T) {
	testdb.SQLiteOnly(t)
	t.Parallel()
	dbPath := tempDB(t)
	backup := filepath.Join(t.TempDir(), "b.db")
	startServer(t, dbPath)
	mustRun(t, dbPath, "", "backup", backup) // online: the server keeps the lock
	res := runCmd(t, dbPath, "", "restore", backup)
	want := "in use by docket process " + strconv.Itoa(os.Getpid())
	if res.err == nil || !strings.Contains(res.err.Error(), want) {
		t.Fatalf("restore while serving: %v, want %q", res.err, want)
	}
	if _, err := os.Stat(dbPath + ".before-restore"); err == nil {
		t.Error("refused restore moved the database")
	}
}
