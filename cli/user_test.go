package cli

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"docket/models"
)

// login posts the log-in form and returns the status.
func login(t *testing.T, client *http.Client, base, username, password string) int {
	t.Helper()
	resp, err := client.PostForm(base+"/login", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestUserCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbPath := tempDB(t)

	mustRun(t, dbPath, "", "migrate", "up")
	if out := mustRun(t, dbPath, "", "user", "list").stdout; !strings.Contains(out, "No users yet") {
		t.Errorf("user list of an empty database printed %q", out)
	}
	mustRun(t, dbPath, "first-password\n", "user", "create", "Alice", "--timezone", "Europe/Paris")
	mustRun(t, dbPath, "second-password\r\n", "user", "create", "bob")

	out := mustRun(t, dbPath, "", "user", "list").stdout
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") ||
		!strings.Contains(lines[1], "alice") || !strings.Contains(lines[1], "Europe/Paris") || !strings.Contains(lines[2], "bob") {
		t.Fatalf("user list printed:\n%s", out)
	}

	db, err := models.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	alice, err := models.Authenticate(ctx, db.Read, db.Write, models.Passwords{}, "alice", "first-password")
	if err != nil {
		t.Fatalf("log in with the password from Stdin: %v", err)
	}
	if _, err := models.Authenticate(ctx, db.Read, db.Write, models.Passwords{}, "bob", "second-password"); err != nil {
		t.Fatalf("log in with a CRLF-terminated password: %v", err)
	}
	if err := models.CreateSession(ctx, db.Write, &models.Session{Token: "t1", Data: []byte("x"), Expiry: alice.CreatedAt.AddDate(1, 0, 0), UserID: alice.ID}); err != nil {
		t.Fatal(err)
	}

	mustRun(t, dbPath, "reset-password\n", "user", "passwd", "alice")
	if _, err := models.Authenticate(ctx, db.Read, db.Write, models.Passwords{}, "alice", "reset-password"); err != nil {
		t.Errorf("log in with the new password: %v", err)
	}
	if _, err := models.Authenticate(ctx, db.Read, db.Write, models.Passwords{}, "alice", "first-password"); !errors.Is(err, models.ErrInvalidCredentials) {
		t.Errorf("old password still works: %v", err)
	}
	if _, found, err := models.FindSession(ctx, db.Read, "t1"); err != nil || found {
		t.Errorf("alice's session survived passwd: found=%v err=%v", found, err)
	}

	if res := runCmd(t, dbPath, "n\n", "user", "delete", "bob"); res.err == nil {
		t.Error("delete went ahead without a yes")
	}
	mustRun(t, dbPath, "", "user", "delete", "--yes", "bob")
	if _, err := models.GetUserByUsername(ctx, db.Read, "bob"); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("bob after delete: %v", err)
	}
}

func TestUserCommandErrors(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	mustRun(t, dbPath, "password123\n", "user", "create", "alice")
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"taken", "password123\n", []string{"user", "create", "alice"}, "already exists"},
		{"bad name", "password123\n", []string{"user", "create", "a b"}, "Use 3–32 letters"},
		{"short password", "short\n", []string{"user", "create", "carol"}, "at least 8 characters"},
		{"long password", strings.Repeat("x", 1025) + "\n", []string{"user", "create", "carol"}, "at most 1024"},
		{"no password", "", []string{"user", "create", "carol"}, "no input"},
		{"bad zone", "password123\n", []string{"user", "create", "carol", "--timezone", "Mars/Olympus"}, "not a known time zone"},
		{"unknown user", "password123\n", []string{"user", "passwd", "nobody"}, `no user named "nobody"`},
		{"short reset", "short\n", []string{"user", "passwd", "alice"}, "at least 8 characters"},
		{"no action", "", []string{"user"}, "say list, create"},
		{"unknown action", "", []string{"user", "rename", "alice"}, "unknown action"},
		{"two names", "", []string{"user", "delete", "alice", "bob"}, "name one user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runCmd(t, dbPath, tt.stdin, tt.args...)
			if res.err == nil || !strings.Contains(res.err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to mention %q", res.err, tt.want)
			}
		})
	}
	out := mustRun(t, dbPath, "", "user", "list").stdout
	if strings.Count(out, "\n") != 2 || !strings.Contains(out, "alice") {
		t.Errorf("failed commands changed the users:\n%s", out)
	}
	if res := runCmd(t, tempDB(t), "", "user", "list"); res.err == nil || !strings.Contains(res.err.Error(), "database at") {
		t.Errorf("user list without a database: %v", res.err)
	}
}

func TestRegistrationClosed(t *testing.T) {
	t.Parallel()
	dbPath := tempDB(t)
	if _, err := os.Stat(dbPath); err == nil {
		t.Fatal("database exists before the test")
	}
	base, client := startServer(t, dbPath, "--registration", "closed")

	resp, err := client.Get(base + "/register")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /register: status %d", resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if doc.Find(`[data-testid="registration-closed"]`).Length() != 1 || doc.Find(`[data-testid="register-form"]`).Length() != 0 {
		t.Error("GET /register shows the form, not the closed notice")
	}

	resp, err = client.PostForm(base+"/register", url.Values{"username": {"mallory"}, "password": {"password123"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST /register: status %d, want 403", resp.StatusCode)
	}
	if status := login(t, client, base, "mallory", "password123"); status != http.StatusUnprocessableEntity {
		t.Errorf("log-in as the refused sign-up: status %d, want 422", status)
	}

	// The administrator can still add accounts while the server runs.
	mustRun(t, dbPath, "password123\n", "user", "create", "alice")
	if status := login(t, client, base, "alice", "password123"); status != http.StatusSeeOther {
		t.Errorf("log-in as the created user: status %d, want 303", status)
	}
}
