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
