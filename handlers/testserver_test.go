package handlers

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"docket/models"
)

// testServer is a real Handler on a temporary database.
type testServer struct {
	*httptest.Server
	db *models.DB
}

// newTestServer serves a Handler on a migrated database under t.TempDir().
func newTestServer(t *testing.T) *testServer {
	t.Helper()
	ctx := context.Background()
	db, err := models.Open(ctx, filepath.Join(t.TempDir(), "docket.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := models.Migrate(ctx, db, os.DirFS("../models/migrations")); err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{
		DB:       db,
		Sessions: NewSessions(db, false),
		Logger:   slog.New(slog.DiscardHandler),
		Assets:   os.DirFS("../assets"),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h.Routes())
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, db: db}
}

// client returns a client with its own cookie jar that does not follow
// redirects, so tests see each 303.
func (s *testServer) client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// signUp registers username and returns a client signed in as that user.
func (s *testServer) signUp(t *testing.T, username string) *http.Client {
	t.Helper()
	c := s.client(t)
	resp := postForm(t, c, s.URL+"/register", url.Values{"username": {username}, "password": {"password123"}, "timezone": {"UTC"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign up %s: status %d", username, resp.StatusCode)
	}
	return c
}

// response is a finished request: its status, headers and body.
type response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

func do(t *testing.T, c *http.Client, req *http.Request) response {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

func get(t *testing.T, c *http.Client, u string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, c, req)
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, c, req)
}

// parseHTML parses a page body for goquery assertions.
func parseHTML(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
