package handlers

// These unit tests stay in package handlers: they call the unexported
// acceptsGzip and writePools directly, to pin the Accept-Encoding parsing
// and the small-body threshold that no route reaches reliably.

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSmallResponsesStayPlain(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
