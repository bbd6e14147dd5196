package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"docket/handlers"
)

// Requests naming a host Docket is not served at are refused, so a page on
// another site cannot reach Docket through DNS rebinding.
func TestHostCheck(t *testing.T) {
	t.Parallel()
	public, _ := url.Parse("https://docket.example.com")
	tests := []struct {
		name   string
		config func(*handlers.Config)
		host   string
		want   int
	}{
		{"public URL", func(c *handlers.Config) { c.PublicURL = public }, "docket.example.com", http.StatusSeeOther},
		{"public URL, any case, default port", func(c *handlers.Config) { c.PublicURL = public }, "Docket.Example.com:443", http.StatusSeeOther},
		{"public URL, other host", func(c *handlers.Config) { c.PublicURL = public }, "evil.example", http.StatusMisdirectedRequest},
		{"public URL, other port", func(c *handlers.Config) { c.PublicURL = public }, "docket.example.com:8443", http.StatusMisdirectedRequest},
		{"public URL, loopback", func(c *handlers.Config) { c.PublicURL = public }, "127.0.0.1:8080", http.StatusMisdirectedRequest},
		{"loopback, localhost", func(c *handlers.Config) { c.LoopbackOnly = true }, "localhost:8080", http.StatusSeeOther},
		{"loopback, 127.0.0.2", func(c *handlers.Config) { c.LoopbackOnly = true }, "127.0.0.2:8080", http.StatusSeeOther},
		{"loopback, IPv6", func(c *handlers.Config) { c.LoopbackOnly = true }, "[::1]:8080", http.StatusSeeOther},
		{"loopback, no port", func(c *handlers.Config) { c.LoopbackOnly = true }, "localhost", http.StatusSeeOther},
		{"loopback, other host", func(c *handlers.Config) { c.LoopbackOnly = true }, "evil.example:8080", http.StatusMisdirectedRequest},
		{"loopback, lookalike", func(c *handlers.Config) { c.LoopbackOnly = true }, "localhost.evil.example", http.StatusMisdirectedRequest},
		{"no policy", func(c *handlers.Config) {}, "evil.example", http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, tt.config)
			c := ts.newClient(t)
			req, err := http.NewRequest(http.MethodGet, ts.URL+"/", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = tt.host
			res := c.send(req)
			wantStatus(t, res, tt.want)
			if tt.want == http.StatusMisdirectedRequest {
				wantSecurityHeaders(t, res)
				if !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
					t.Errorf("refusal is %q, want an HTML page", res.Header.Get("Content-Type"))
				}
				if tt.config != nil && strings.HasPrefix(tt.name, "public") && !strings.Contains(res.body, "Open https://docket.example.com/ instead.") {
					t.Errorf("the refusal does not say where Docket is:\n%s", res.body)
				}
				// Local monitoring still reaches the health check.
				req, _ := http.NewRequest(http.MethodGet, ts.URL+"/healthz", nil)
				req.Host = tt.host
				wantStatus(t, c.send(req), http.StatusOK)
			}
		})
	}
}

// A refused host sees a form post refused too, before anything is read or stored.
func TestHostCheckRefusesPosts(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(c *handlers.Config) { c.LoopbackOnly = true })
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/register", strings.NewReader(url.Values{"username": {"mallory"}, "password": {testPassword}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "evil.example"
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, ts.newClient(t).send(req), http.StatusMisdirectedRequest)
	if ts.userExists(t, "mallory") {
		t.Error("a post for another host created an account")
	}
}
