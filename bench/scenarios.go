package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"docket/bench/benchdb"
)

func newClient(conns int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, MaxIdleConns: conns},
		Timeout:   30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// login signs in and returns the session cookie header value.
func login(client *http.Client, base, password string) (string, error) {
	res, err := client.PostForm(base+"/login", url.Values{"username": {"load"}, "password": {password}})
	if err != nil {
		return "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("log in: status %d", res.StatusCode)
	}
	for _, c := range res.Cookies() {
		return c.Name + "=" + c.Value, nil
	}
	return "", fmt.Errorf("log in set no cookie")
}

// get and form build requests carrying the session cookie and, when
// target is set, the headers htmx sends.
func get(base, cookie, path, target string) request {
	return func(int, int) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err == nil {
			req.Header.Set("Cookie", cookie)
			if target != "" {
				req.Header.Set("HX-Request", "true")
				req.Header.Set("HX-Target", target)
			}
		}
		return req, err
	}
}

func form(method, url, cookie string, body url.Values) (*http.Request, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body.Encode()))
	if err == nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		req.Header.Set("HX-Current-URL", "http://127.0.0.1/tasks")
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
	}
	return req, err
}

// taskID spreads workers' writes over the load user's tasks.
func taskID(tasks, worker, i int) int { return 1 + (worker*7919+i*104729)%tasks }

// loadUserID is the user the harness seeds, the first in its new database.
const loadUserID = 1

// viewScenarios are the pages the sidebar leads to, each measured as a
// full page at o.conns connections: the largest list, a label on a fifth
// of the tasks and one on a two-hundredth (see benchdb.Organise), Today
// and Upcoming.
var viewScenarios = []string{"list view", "label view common", "label view rare", "today", "upcoming"}

// viewPaths are the URLs of viewScenarios, in their order.
func viewPaths(org *benchdb.Organisation) []string {
	return []string{
		"/tasks?list=" + strconv.FormatInt(org.BigListID, 10),
		"/tasks?label=" + url.QueryEscape(org.CommonLabel.Name),
		"/tasks?label=" + url.QueryEscape(org.RareLabel.Name),
		"/today",
		"/upcoming",
	}
}

// measureDocket drives every scenario -only selects against s, which
// serves the database dsn names with the load user's tasks spread as org
// says, and counts the load user's tasks before the creates so the
// caller can check that every acknowledged one was stored.
func measureDocket(o options, s *server, password, dsn string, org *benchdb.Organisation, e *engineReport) error {
	base := "http://" + s.addr
	client := newClient(o.conns)
	cookie, err := login(client, base, password)
	if err != nil {
		return err
	}
	if e.firstVisitKB, err = firstVisit(base, cookie); err != nil {
		return err
	}
	fragment := get(base, cookie, "/tasks?status=open&priority=high&sort=due", "task-list")
	if e.rows, err = weighRows(fragment); err != nil {
		return err
	}
	step := func(name string, conns, want int, next request) {
		if !o.only.MatchString(name) {
			return
		}
		fmt.Fprintf(os.Stderr, "docket on %s: %s at %d connections…\n", engineTitle(e.engine), name, conns)
		e.docket = append(e.docket, run(client, s.cmd.Process.Pid, name, conns, o.warmup, o.duration, want, next))
	}
	step("list fragment", 1, 200, fragment)
	step("list fragment", o.conns, 200, fragment)
	step("full list page", o.conns, 200, get(base, cookie, "/tasks", ""))
	step("search q=report", o.conns, 200, get(base, cookie, "/tasks?q=report", "task-list"))
	if o.only.MatchString("load more page 20") {
		deep, err := loadMorePath(client, base, cookie, 20)
		if err != nil {
			return err
		}
		step("load more page 20", o.conns, 200, get(base, cookie, deep, "task-rows"))
	}
	for i, path := range viewPaths(org) {
		step(viewScenarios[i], o.conns, 200, get(base, cookie, path, ""))
	}
	step("quick add preview", o.conns, 200, quickPreview(base, cookie))
	step("toggle", o.conns, 200, func(w, i int) (*http.Request, error) {
		return form("POST", base+"/tasks/"+strconv.Itoa(taskID(o.tasks, w, i))+"/toggle", cookie, url.Values{})
	})
	step("inline title update", o.conns, 200, func(w, i int) (*http.Request, error) {
		return form("PATCH", base+"/tasks/"+strconv.Itoa(taskID(o.tasks, w, i+1)), cookie,
			url.Values{"title": {"Edited under load " + strconv.Itoa(i)}})
	})
	if o.only.MatchString("create") {
		if e.stored.before, err = countTasks(dsn, loadUserID); err != nil {
			return err
		}
		e.stored.checked = true
	}
	step("create", o.conns, 200, func(w, i int) (*http.Request, error) {
		return form("POST", base+"/tasks", cookie, url.Values{"title": {"Created under load"}, "priority": {"high"}})
	})
	e.stored.acked = find(e.docket, "create", o.conns).acked
	if e.peakBeforeLoginMB, err = s.memory("VmHWM"); err != nil {
		return err
	}
	step("log in (argon2id)", o.conns, 303, func(int, int) (*http.Request, error) {
		return form("POST", base+"/login", "", url.Values{"username": {"load"}, "password": {password}})
	})
	e.peakMB, err = s.memory("VmHWM")
	return err
}

// measureCeiling starts the ceiling server on the database dsn names and
// drives its list and writes.
func measureCeiling(o options, dsn string, e *engineReport) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	s, _, err := start(addr, os.Stderr, self, "ceiling", "--db", dsn, "--addr", addr, "--user", strconv.Itoa(loadUserID))
	if err != nil {
		return err
	}
	defer s.stop()
	base := "http://" + addr
	client := newClient(o.conns)
	list := get(base, "", "/list", "")
	for _, conns := range []int{1, o.conns} {
		fmt.Fprintf(os.Stderr, "ceiling on %s: list at %d connections…\n", engineTitle(e.engine), conns)
		e.ceiling = append(e.ceiling, run(client, s.cmd.Process.Pid, "ceiling list", conns, o.warmup, o.duration, 200, list))
	}
	fmt.Fprintf(os.Stderr, "ceiling on %s: list with templ at %d connections…\n", engineTitle(e.engine), o.conns)
	e.ceiling = append(e.ceiling, run(client, s.cmd.Process.Pid, "ceiling list (templ)", o.conns, o.warmup, o.duration, 200,
		get(base, "", "/list-templ", "")))
	fmt.Fprintf(os.Stderr, "ceiling on %s: bare rows at %d connections…\n", engineTitle(e.engine), o.conns)
	e.ceiling = append(e.ceiling, run(client, s.cmd.Process.Pid, "ceiling list (bare rows)", o.conns, o.warmup, o.duration, 200,
		get(base, "", "/list-bare", "")))
	fmt.Fprintf(os.Stderr, "ceiling on %s: durable writes at %d connections…\n", engineTitle(e.engine), o.conns)
	e.ceiling = append(e.ceiling, run(client, s.cmd.Process.Pid, "ceiling durable write", o.conns, o.warmup, o.duration, 204,
		func(w, i int) (*http.Request, error) {
			return http.NewRequest(http.MethodPost, base+"/flip/"+strconv.Itoa(taskID(o.tasks, w, i)), nil)
		}))
	return nil
}

// loadMorePath follows the list's "load more" links from the first page
// to page n and returns the request for page n, the one a user who has
// clicked that far sends: a page number alone reaches only the first
// few pages.
func loadMorePath(client *http.Client, base, cookie string, n int) (string, error) {
	path, target := "/tasks", ""
	for page := 2; page <= n; page++ {
		req, err := get(base, cookie, path, target)(0, 0)
		if err != nil {
			return "", err
		}
		res, err := client.Do(req)
		if err != nil {
			return "", err
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			return "", fmt.Errorf("load more to page %d: %s: status %d, %v", page, path, res.StatusCode, err)
		}
		m := moreLink.FindSubmatch(body)
		if m == nil {
			return "", fmt.Errorf("load more to page %d: %s has no load-more link", page, path)
		}
		path, target = html.UnescapeString(string(m[1])), "task-rows"
	}
	return path, nil
}

var moreLink = regexp.MustCompile(`data-testid="load-more" data-hx-get="([^"]+)"`)

// firstVisit is what a browser downloads for its first /tasks: the page
// and every asset it links, compressed as sent, in KB.
func firstVisit(base, cookie string) (float64, error) {
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fetch := func(path string) ([]byte, int, error) {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			return nil, 0, err
		}
		req.Header.Set("Cookie", cookie)
		req.Header.Set("Accept-Encoding", "gzip, br")
		res, err := client.Do(req)
		if err != nil {
			return nil, 0, err
		}
		defer res.Body.Close()
		wire, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != http.StatusOK {
			return nil, 0, fmt.Errorf("first visit %s: status %d, %v", path, res.StatusCode, err)
		}
		body := wire
		if res.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(wire))
			if err != nil {
				return nil, 0, err
			}
			if body, err = io.ReadAll(zr); err != nil {
				return nil, 0, err
			}
		}
		return body, len(wire), nil
	}
	page, total, err := fetch("/tasks")
	if err != nil {
		return 0, err
	}
	for _, m := range assetRef.FindAllSubmatch(page, -1) {
		_, n, err := fetch(strings.ReplaceAll(string(m[1]), "&amp;", "&"))
		if err != nil {
			return 0, err
		}
		total += n
	}
	return float64(total) / 1024, nil
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)"`)
