package handlers

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
)

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStaticAssets(t *testing.T) {
	app := newTestApp(t, "")
	css, err := os.ReadFile("../assets/app.css")
	if err != nil {
		t.Fatal(err)
	}
	versioned := "/assets/app.css?v=" + app.h.assetVersion
	tests := []struct {
		name, target, acceptEncoding string
		wantEncoding, wantCache      string
	}{
		{"gzip, current version", versioned, "gzip, deflate, br", "gzip", "public, max-age=31536000, immutable"},
		{"plain, current version", versioned, "", "", "public, max-age=31536000, immutable"},
		{"gzip refused", versioned, "gzip;q=0, br", "", "public, max-age=31536000, immutable"},
		{"old version", "/assets/app.css?v=old", "gzip", "gzip", "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hd := http.Header{}
			if tt.acceptEncoding != "" {
				hd.Set("Accept-Encoding", tt.acceptEncoding)
			}
			res := app.do(http.MethodGet, tt.target, nil, hd)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", res.StatusCode)
			}
			body, _ := io.ReadAll(res.Body)
			if got := res.Header.Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.wantEncoding)
			}
			if tt.wantEncoding == "gzip" {
				body = gunzip(t, body)
			}
			if !bytes.Equal(body, css) {
				t.Errorf("body is not app.css (%d bytes, want %d)", len(body), len(css))
			}
			if got := res.Header.Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("Cache-Control %q, want %q", got, tt.wantCache)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
				t.Errorf("Content-Type %q, want text/css", res.Header.Get("Content-Type"))
			}

			etag := res.Header.Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			hd.Set("If-None-Match", etag)
			res = app.do(http.MethodGet, tt.target, nil, hd)
			if res.StatusCode != http.StatusNotModified {
				t.Errorf("revalidation: status %d, want 304", res.StatusCode)
			}
		})
	}

	plain := app.do(http.MethodGet, versioned, nil, nil).Header.Get("ETag")
	zipped := app.do(http.MethodGet, versioned, nil, http.Header{"Accept-Encoding": {"gzip"}}).Header.Get("ETag")
	if plain == zipped {
		t.Errorf("plain and gzip copies share the ETag %s", plain)
	}
	for _, target := range []string{"/assets/missing.css", "/assets/", "/assets/app.css/"} {
		if res := app.do(http.MethodGet, target, nil, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, res.StatusCode)
		}
	}
}

func TestPagesAreCompressed(t *testing.T) {
	app := newTestApp(t, "")
	u := mustCreateUser(t, app.db, "alice")
	mustSeed(t, app.db, u.ID, 60)
	cookie := app.login(t, "alice", "correct horse")

	plain := app.do(http.MethodGet, "/tasks", nil, cookie)
	if plain.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", plain.StatusCode)
	}
	want, _ := io.ReadAll(plain.Body)
	if plain.Header.Get("Content-Encoding") != "" {
		t.Errorf("uncompressed request got Content-Encoding %q", plain.Header.Get("Content-Encoding"))
	}

	hd := cookie.Clone()
	hd.Set("Accept-Encoding", "gzip")
	res := app.do(http.MethodGet, "/tasks", nil, hd)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", res.StatusCode)
	}
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	wire, _ := io.ReadAll(res.Body)
	if res.Header.Get("Content-Length") != strconv.Itoa(len(wire)) {
		t.Errorf("Content-Length %s, body %d bytes", res.Header.Get("Content-Length"), len(wire))
	}
	if got := gunzip(t, wire); !bytes.Equal(got, want) {
		t.Errorf("gzip body differs from the plain page (%d vs %d bytes)", len(got), len(want))
	}
	if len(wire) > len(want)/4 {
		t.Errorf("gzip page is %d bytes of %d; want at least 4× smaller", len(wire), len(want))
	}
	if vary := strings.Join(res.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") {
		t.Errorf("Vary %q lacks Accept-Encoding", vary)
	}
}

func TestSmallResponsesStayPlain(t *testing.T) {
	p := &writePools{}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	if err := p.writeBody(rec, req, http.StatusOK, bytes.NewBufferString("<p>short</p>")); err != nil {
		t.Fatal(err)
	}
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != "<p>short</p>" {
		t.Errorf("small body sent as %q, %q; want it plain", rec.Header().Get("Content-Encoding"), rec.Body.String())
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"deflate, gzip;q=0.8, br", true},
		{"gzip;q=0", false},
		{"gzip; q=0", false},
		{"br", false},
		{"x-gzip", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Encoding", tt.header)
		if got := acceptsGzip(r); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}
