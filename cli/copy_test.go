package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/testdb"
	"docket/models"
)

// exportOf is docket export's CSV of the user's tasks in the database at
// dbPath: every field, and no time of export in it.
func exportOf(t *testing.T, dbPath, user string) string {
	t.Helper()
	return mustRun(t, dbPath, "", "export", user, "--format", "csv", "--keep-formulas").stdout
}

func TestCopyCommand(t *testing.T) {
	t.Parallel()
	src := tempDB(t)
	mustRun(t, src, "", "seed", "--user", "alice", "--tasks", "1200")
	mustRun(t, src, "password123\n", "user", "create", "bob")
	dst := filepath.Join(t.TempDir(), "copy.db")

	res := mustRun(t, "", "", "copy", "--from", src, "--to", dst)

	for _, want := range []string{
		"Copied 2 users and 1 200 tasks from " + models.Describe(src) + " to " + dst + " in ",
		"Read back: counts and checksums match (users ",
		"Not copied: sessions (everyone signs in again), log-in throttling counts, ",
	} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("standard output lacks %q:\n%s", want, res.stdout)
		}
	}
	for _, want := range []string{"copying users 2 / 2\n", "copying tasks 1 200 / 1 200\n", "checking tasks 1 200 / 1 200\n"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("progress lacks %q:\n%s", want, res.stderr)
		}
	}
	for _, user := range []string{"alice", "bob"} {
		if a, b := exportOf(t, src, user), exportOf(t, dst, user); a != b || a == "" {
			t.Errorf("%s: the copy's export differs from the source's", user)
		}
	}
	if out := mustRun(t, dst, "", "user", "list").stdout; !strings.Contains(out, "alice") || !strings.Contains(out, "bob") {
		t.Errorf("the copy lists users:\n%s", out)
	}

	again := runCmd(t, "", "", "copy", "--from", src, "--to", dst)
	if again.err == nil || !strings.Contains(again.err.Error(), "not empty: it holds 2 users") {
		t.Errorf("a second copy into the same file: %v", again.err)
	}
}

func TestCopyCommandErrors(t *testing.T) {
	t.Parallel()
	src := tempDB(t)
	mustRun(t, src, "password123\n", "user", "create", "alice")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no flags", nil, "give both --from SRC and --to DST"},
		{"no destination", []string{"--from", src}, "give both --from SRC and --to DST"},
		{"positional", []string{"--from", src, "--to", "{dst}", "extra"}, `unexpected argument "extra"`},
		{"same file", []string{"--from", src, "--to", src}, "the same database"},
		{"missing source", []string{"--from", "{dir}/none.db", "--to", "{dst}"}, "no database file at"},
		{"bad source URL", []string{"--from", "postgres://host:notaport/db", "--to", "{dst}"}, "PostgreSQL connection string"},
		{"bad destination URL", []string{"--from", src, "--to", "postgres://host:notaport/db"}, "PostgreSQL connection string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			dst := filepath.Join(dir, "copy.db")
			args := []string{"copy"}
			for _, a := range tt.args {
				args = append(args, strings.NewReplacer("{dst}", dst, "{dir}", dir).Replace(a))
			}
			res := runCmd(t, "", "", args...)
			if res.err == nil || !strings.Contains(res.err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to mention %q", res.err, tt.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("a failed copy left %v behind", entries)
			}
		})
	}
}

func TestBackupOnPostgresIsASQLiteFile(t *testing.T) {
	testdb.PostgresOnly(t)
	t.Parallel()
	db := tempDB(t)
	mustRun(t, db, "", "seed", "--user", "alice", "--tasks", "30")
	backup := filepath.Join(t.TempDir(), "backup.db")

	res := mustRun(t, db, "", "backup", backup)

	if !strings.HasPrefix(res.stdout, "Backed up to "+backup+" (") {
		t.Errorf("backup printed %q", res.stdout)
	}
	if a, b := exportOf(t, db, "alice"), exportOf(t, backup, "alice"); a != b || a == "" {
		t.Error("the backup's export differs from the database's")
	}
	restored := filepath.Join(t.TempDir(), "restored.db")
	mustRun(t, restored, "", "restore", backup)
	if a, b := exportOf(t, db, "alice"), exportOf(t, restored, "alice"); a != b {
		t.Error("the restored backup's export differs from the database's")
	}
}

func TestCopyProgressLinesAtMostEverySecond(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	report := copyProgress(&out, func() time.Time { return now })
	step := func(d time.Duration, done int) {
		now = now.Add(d)
		report(models.CopyProgress{Step: "copying", Table: "tasks", Done: done, Total: 5000})
	}
	step(0, 1000)                    // the first: shown
	step(300*time.Millisecond, 2000) // too soon
	step(800*time.Millisecond, 3000) // a second after the first: shown
	step(100*time.Millisecond, 4000) // too soon
	step(0, 5000)                    // the last: always shown
	want := "copying tasks 1 000 / 5 000\ncopying tasks 3 000 / 5 000\ncopying tasks 5 000 / 5 000\n"
	if out.String() != want {
		t.Errorf("progress printed\n%s\nwant\n%s", out.String(), want)
	}
}

func TestRestoreOntoPostgresSaysHow(t *testing.T) {
	t.Parallel()
	backup := filepath.Join(t.TempDir(), "backup.db")
	res := runCmd(t, "postgres://docket:s3cret@db.example:5432/docket", "", "restore", backup)
	if res.err == nil {
		t.Fatal("restore onto PostgreSQL succeeded")
	}
	msg := res.err.Error()
	for _, want := range []string{"docket copy --from " + backup + " --to postgres://", "pg_restore --clean --if-exists --no-owner", "db.example:5432/docket"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "s3cret") {
		t.Errorf("the refusal shows the password:\n%s", msg)
	}
}
