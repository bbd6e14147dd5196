package handlers

// This unit test stays in package handlers: it calls the unexported
// writeBody to pin the small-body threshold that no route reaches reliably.

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func TestWriteBodyGzipsOnlyFromMinSize(t *testing.T) {
	gzip, err := newGzipWrapper()
	if err != nil {
		t.Fatal(err)
	}
	h := &Handler{bufs: &bufferPool{}, gzip: gzip}
	tests := []struct {
		name         string
		size         int
		wantEncoding string
	}{
		{"short", 12, ""},
		{"just under", minGzipSize - 1, ""},
		{"at the threshold", minGzipSize, "gzip"},
		{"a page", 140_000, "gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Repeat("<p>x</p>", tt.size/8+1)[:tt.size]
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			rec := httptest.NewRecorder()
			if err := h.writeBody(rec, req, http.StatusUnprocessableEntity, bytes.NewBufferString(body)); err != nil {
				t.Fatal(err)
			}
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want %d", rec.Code, http.StatusUnprocessableEntity)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.wantEncoding)
			}
			if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
				t.Errorf("Content-Length %s, body %d bytes", got, rec.Body.Len())
			}
			if tt.wantEncoding == "" && rec.Body.String() != body {
				t.Errorf("plain body differs from what was written (%d vs %d bytes)", rec.Body.Len(), len(body))
			}
			if got := rec.Header().Values("Vary"); len(got) == 0 || got[0] != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding", got)
			}
		})
	}
}
