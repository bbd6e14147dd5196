package handlers_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"testing"
)

// gunzip returns the decompressed b.
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

func TestPagesAreCompressed(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.newLocalClient(t) // in process, so that no transport adds or strips gzip
	_, alice := ts.signUp(t, "alice")
	c.login("alice", testPassword) // a log-in, unlike a sign-up, leaves no message for the next page
	ts.seed(t, alice, 60)

	plain := c.get("/tasks")
	wantStatus(t, plain, http.StatusOK)
	if plain.Header.Get("Content-Encoding") != "" {
		t.Errorf("uncompressed request got Content-Encoding %q", plain.Header.Get("Content-Encoding"))
	}

	res := c.get("/tasks", "Accept-Encoding", "gzip")
	wantStatus(t, res, http.StatusOK)
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	wire := []byte(res.body)
	if res.Header.Get("Content-Length") != strconv.Itoa(len(wire)) {
		t.Errorf("Content-Length %s, body %d bytes", res.Header.Get("Content-Length"), len(wire))
	}
	if got := gunzip(t, wire); !bytes.Equal(got, []byte(plain.body)) {
		t.Errorf("gzip body differs from the plain page (%d vs %d bytes)", len(got), len(plain.body))
	}
	if len(wire) > len(plain.body)/4 {
		t.Errorf("gzip page is %d bytes of %d; want at least 4× smaller", len(wire), len(plain.body))
	}
	wantVary(t, res, "Accept-Encoding")
}

// TestGzipHonoursAcceptEncoding sends pages and assets gzipped exactly when
// Accept-Encoding allows gzip: q-values, case and the wildcard included.
func TestGzipHonoursAcceptEncoding(t *testing.T) {
	ts := newTestServer(t)
	c := ts.newLocalClient(t) // in process, so that no transport adds or strips gzip
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"deflate, gzip;q=0.8, br", true},
		{"gzip;q=0.5", true},
		{"gzip;q=0.001", true},
		{"gzip;q=0", false},
		{"gzip; q=0", false},
		{"gzip ;q=0", false},
		{"gzip;q=0.0", false},
		{"gzip;q=0.000", false},
		{"gzip;Q=0", false},
		{"br, gzip;q=0, deflate", false},
		{"*;q=0", false},
		{"*", false}, // many clients that send it expect raw bytes
		{"identity", false},
		{"identity;q=1, *;q=0", false},
		{"br", false},
		{"x-gzip", false},
	}
	for _, path := range []string{"/login", "/assets/app.css"} {
		plain := c.get(path)
		wantStatus(t, plain, http.StatusOK)
		if len(plain.body) < 1024 {
			t.Fatalf("%s is %d bytes, too small to be compressed; pick a larger page", path, len(plain.body))
		}
		for _, tt := range tests {
			t.Run(path+" "+tt.header, func(t *testing.T) {
				res := c.get(path, "Accept-Encoding", tt.header)
				wantStatus(t, res, http.StatusOK)
				want := ""
				if tt.want {
					want = "gzip"
				}
				if got := res.Header.Get("Content-Encoding"); got != want {
					t.Fatalf("Content-Encoding %q, want %q", got, want)
				}
				body := []byte(res.body)
				if tt.want {
					body = gunzip(t, body)
				}
				if !bytes.Equal(body, []byte(plain.body)) {
					t.Errorf("body differs from the plain response (%d vs %d bytes)", len(body), len(plain.body))
				}
				wantVary(t, res, "Accept-Encoding")
				if got := res.Header.Get("No-Gzip-Compression"); got != "" {
					t.Errorf("internal header No-Gzip-Compression: %q reached the client", got)
				}
			})
		}
	}
}

// TestAssetHead answers HEAD with the plain copy's headers and no body:
// the gzip middleware never encodes HEAD responses.
func TestAssetHead(t *testing.T) {
	ts := newTestServer(t)
	c := ts.newLocalClient(t)
	get := c.get("/assets/app.css")
	wantStatus(t, get, http.StatusOK)
	res := c.request(http.MethodHead, "/assets/app.css", nil, "Accept-Encoding", "gzip")
	wantStatus(t, res, http.StatusOK)
	if res.body != "" {
		t.Errorf("HEAD sent a %d-byte body", len(res.body))
	}
	if got := res.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("Content-Encoding %q, want none", got)
	}
	if got, want := res.Header.Get("Content-Length"), strconv.Itoa(len(get.body)); got != want {
		t.Errorf("Content-Length %s, want %s", got, want)
	}
	if got, want := res.Header.Get("ETag"), get.Header.Get("ETag"); got != want {
		t.Errorf("ETag %s, want the plain copy's %s", got, want)
	}
}
