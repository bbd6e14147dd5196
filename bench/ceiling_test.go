package main

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"docket/internal/testdb"
)

var rowID = regexp.MustCompile(`<li id="task-(\d+)"`)

// TestMain runs the tests on SQLite, then on PostgreSQL when
// testdb.PostgresEnv names a server.
func TestMain(m *testing.M) { testdb.Main(m.Run) }

// TestCeilingMatchesDocket keeps the comparison honest: on the same
// seeded database the ceiling must send what Docket sends for the list
// fragment the harness measures — about as many bytes, gzipped alike, and
// the same tasks in the same order; the templ ceiling, which renders with
// Docket's components, exactly the same bytes; the bare-row ceiling the
// same tasks. If Docket's rows change, this fails until the ceiling's
// template follows. It runs on each engine's pass.
func TestCeilingMatchesDocket(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the docket binary")
	}
	dir := t.TempDir()
	docket := filepath.Join(dir, "docket")
	build := exec.Command("go", "build", "-o", docket, "..")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build docket: %v\n%s", err, out)
	}
	dsn := testdb.Empty(t)
	// 600 tasks give more than a page of open high-priority ones, so both
	// render a full page and the "load more" link.
	out, err := runCmd(time.Minute, docket, "seed", "--db", dsn, "--user", "load", "--tasks", "600")
	if err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	m := passwordLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("seed printed no password: %q", out)
	}

	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := start(addr, nil, docket, "serve", "--addr", addr, "--db", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.stop()
	client := newClient(1)
	cookie, err := login(client, "http://"+addr, m[1])
	if err != nil {
		t.Fatal(err)
	}
	docketBody := fetch(t, client, get("http://"+addr, cookie, "/tasks?status=open&priority=high&sort=due", "task-list"))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	caddr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = serveCeiling(ctx, dsn, caddr, loadUserID) }()
	if err := waitHealthy(caddr, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	ceilingBody := fetch(t, client, get("http://"+caddr, "", "/list", ""))
	if templBody := fetch(t, client, get("http://"+caddr, "", "/list-templ", "")); string(templBody) != string(docketBody) {
		t.Errorf("the templ ceiling's list differs from Docket's:\n%s\n\nDocket:\n%s", templBody, docketBody)
	}

	if lo, hi := len(docketBody)*9/10, len(docketBody)*11/10; len(ceilingBody) < lo || len(ceilingBody) > hi {
		t.Errorf("ceiling sent %d bytes, Docket %d; want within 10%%", len(ceilingBody), len(docketBody))
	}
	docketIDs, ceilingIDs := rowIDs(docketBody), rowIDs(ceilingBody)
	if len(docketIDs) != ceilingPageSize {
		t.Fatalf("Docket listed %d rows, want a full page of %d", len(docketIDs), ceilingPageSize)
	}
	if !slices.Equal(ceilingIDs, docketIDs) {
		t.Errorf("ceiling rows %v,\nDocket rows %v; want the same tasks in the same order", ceilingIDs, docketIDs)
	}
	// The bare-row ceiling lists the same tasks with nothing but their
	// titles, and the harness weighs Docket's page of them.
	bare := fetch(t, client, get("http://"+caddr, "", "/list-bare", ""))
	if ids := rowIDs(bare); !slices.Equal(ids, docketIDs) {
		t.Errorf("bare ceiling rows %v,\nDocket rows %v; want the same tasks in the same order", ids, docketIDs)
	}
	if len(bare) > len(docketBody)/10 {
		t.Errorf("bare ceiling sent %d bytes for Docket's %d; want bare rows", len(bare), len(docketBody))
	}
	w, err := weighRows(get("http://"+addr, cookie, "/tasks?status=open&priority=high&sort=due", "task-list"))
	if err != nil {
		t.Fatal(err)
	}
	if w.rows != ceilingPageSize || w.pageRaw != len(docketBody) || w.rowsRaw >= w.pageRaw || w.rowsGzip >= w.pageWire {
		t.Errorf("weighRows = %+v; want %d rows, the %d-byte page, and the rows less than it", w, ceilingPageSize, len(docketBody))
	}

	// The harness's other requests of this database: the deep "load more"
	// and the count of the load user's tasks.
	deep, err := loadMorePath(client, "http://"+addr, cookie, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(deep, "after=") || !strings.Contains(deep, "page=3") {
		t.Errorf("load more to page 3 asks for %q; want a cursor and page=3", deep)
	}
	if ids := rowIDs(fetch(t, client, get("http://"+addr, cookie, deep, "task-rows"))); len(ids) != ceilingPageSize {
		t.Errorf("page 3 has %d rows, want %d", len(ids), ceilingPageSize)
	}
	if n, err := countTasks(dsn, loadUserID); err != nil || n != 600 {
		t.Errorf("countTasks = %d, %v; want the 600 seeded", n, err)
	}

	// The views, once the tasks are spread over lists and labels: each
	// page answers with rows of its own.
	org, err := organise(dsn)
	if err != nil {
		t.Fatal(err)
	}
	all := rowIDs(fetch(t, client, get("http://"+addr, cookie, "/tasks", "")))
	for i, path := range viewPaths(org) {
		ids := rowIDs(fetch(t, client, get("http://"+addr, cookie, path, "")))
		if len(ids) == 0 || (i < 3 && slices.Equal(ids, all)) {
			t.Errorf("%s (%s) lists %v; want rows, and for a list or label fewer than across lists (%v)", viewScenarios[i], path, ids, all)
		}
	}
}

// fetch sends one request with the client's default Accept-Encoding and
// returns the body as HTML, requiring that it came gzipped.
func fetch(t *testing.T, client *http.Client, next request) []byte {
	t.Helper()
	req, err := next(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d, %v", req.URL, res.StatusCode, err)
	}
	if !res.Uncompressed {
		t.Errorf("%s came uncompressed; want gzip, as the client accepts it", req.URL)
	}
	return body
}

func rowIDs(body []byte) []string {
	var ids []string
	for _, m := range rowID.FindAllSubmatch(body, -1) {
		ids = append(ids, string(m[1]))
	}
	return ids
}
