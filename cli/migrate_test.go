package cli

import (
	"strings"
	"testing"
)

func TestMigrateCommand(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	up := mustRun(t, dbPath, "", "migrate", "up")
	if n := strings.Count(up.stdout, "applied "); n < 2 {
		t.Fatalf("migrate up on a new database applied %d migrations:\n%s", n, up.stdout)
	}
	if again := mustRun(t, dbPath, "", "migrate", "up"); strings.TrimSpace(again.stdout) != "Database is up to date." {
		t.Errorf("second migrate up printed %q, want that the database is up to date", again.stdout)
	}
	// down rolls back the last group: everything the first up applied.
	down := mustRun(t, dbPath, "", "migrate", "down")
	if got, want := strings.Count(down.stdout, "rolled back "), strings.Count(up.stdout, "applied "); got != want {
		t.Errorf("migrate down rolled back %d migrations, want the %d applied together:\n%s", got, want, down.stdout)
	}
	status := mustRun(t, dbPath, "", "migrate", "status")
	if strings.Contains(status.stdout, "applied ") || strings.Count(status.stdout, "pending ") != strings.Count(up.stdout, "applied ") {
		t.Errorf("migrate status after the rollback:\n%s\nwant every migration pending", status.stdout)
	}
	if again := mustRun(t, dbPath, "", "migrate", "down"); strings.TrimSpace(again.stdout) != "Nothing to roll back." {
		t.Errorf("migrate down with nothing applied printed %q", again.stdout)
	}
	if res := runCmd(t, dbPath, "", "migrate", "sideways"); res.err == nil {
		t.Error("migrate sideways succeeded, want an error")
	}
}
