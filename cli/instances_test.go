package cli

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"docket/internal/testdb"
)

// TestInstancesShareOneDatabase runs two servers on one PostgreSQL
// database, started together: they migrate once between them, a session
// started on one holds on the other, both edit the same tasks, log-in
// throttling counts the failures seen by either, and a log-out on one ends
// the session on both.
func TestInstancesShareOneDatabase(t *testing.T) {
	testdb.PostgresOnly(t)
	dsn := testdb.Empty(t)
	first, second := spawnServer(t, dsn), spawnServer(t, dsn)
	a, b, client := first.wait(t), second.wait(t), newClient()

	// The cookie jar keys cookies by host, not port: the session cookie
	// set by a is sent to b too, as a load balancer's clients would send it.
	if got := post(t, client, a+"/register", url.Values{"username": {"shared"}, "password": {"a long enough password"}}); got != http.StatusSeeOther {
		t.Fatalf("register on a: status %d", got)
	}
	if got := post(t, client, b+"/tasks", url.Values{"title": {"Written on b"}}); got != http.StatusSeeOther {
		t.Fatalf("create on b with a's session: status %d", got)
	}
	id := regexp.MustCompile(`/tasks/(\d+)`).FindStringSubmatch(get(t, client, a+"/tasks"))
	if id == nil {
		t.Fatal("a's list does not show the task created on b")
	}
	if got := post(t, client, a+"/tasks/"+id[1], url.Values{"title": {"Edited on a"}, "status": {"doing"}, "priority": {"high"}}); got != http.StatusSeeOther {
		t.Fatalf("edit on a: status %d", got)
	}
	if page := get(t, client, b+"/tasks/"+id[1]); !strings.Contains(page, "Edited on a") {
		t.Errorf("b's task page does not show a's edit:\n%s", page)
	}
	if got := post(t, client, b+"/tasks/"+id[1]+"/toggle", nil); got != http.StatusSeeOther {
		t.Fatalf("complete on b: status %d", got)
	}

	// Failed log-ins on either instance count against the same limit.
	stranger := &http.Client{CheckRedirect: client.CheckRedirect}
	for i := range 6 {
		base := a
		if i%2 == 1 {
			base = b
		}
		got := post(t, stranger, base+"/login", url.Values{"username": {"shared"}, "password": {"wrong guess"}})
		want := http.StatusUnprocessableEntity
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if got != want {
			t.Errorf("failed log-in %d (on %s): status %d, want %d", i+1, base, got, want)
		}
	}

	if got := post(t, client, b+"/logout", nil); got != http.StatusSeeOther {
		t.Fatalf("log out on b: status %d", got)
	}
	resp, err := client.Get(a + "/tasks")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a after log-out on b: status %d, want a redirect to log in", resp.StatusCode)
	}
}

// post sends a form and returns the status.
func post(t *testing.T, client *http.Client, u string, form url.Values) int {
	t.Helper()
	resp, err := client.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// get returns the body of a page that must answer 200.
func get(t *testing.T, client *http.Client, u string) string {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", u, resp.StatusCode)
	}
	return string(body)
}
