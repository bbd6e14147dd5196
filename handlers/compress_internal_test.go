package handlers

// This unit test stays in package handlers: it calls the unexported
// writeBody to pin the small-body threshold that no route reaches reliably.

import (
	"bytes"
	"fmt"
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

// BenchmarkWriteBody measures sending a rendered list page of about
// 100 KB gzipped, apart from rendering it.
func BenchmarkWriteBody(b *testing.B) {
	gzip, err := newGzipWrapper()
	if err != nil {
		b.Fatal(err)
	}
	h := &Handler{bufs: &bufferPool{}, gzip: gzip}
	var page bytes.Buffer
	for i := range 600 {
		fmt.Fprintf(&page, `<li class="task" id="task-%d"><input type="checkbox" hx-post="/tasks/%d/toggle"><a href="/tasks/%d">Task number %d</a><time datetime="2026-12-%02d">Dec %d</time></li>`+"\n", i, i, i, i, 1+i%28, 1+i%28)
	}
	req := httptest.NewRequest(http.MethodGet, "/tasks", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd") // as Chromium sends it
	b.SetBytes(int64(page.Len()))
	for b.Loop() {
		rec := httptest.NewRecorder()
		if err := h.writeBody(rec, req, http.StatusOK, &page); err != nil {
			b.Fatal(err)
		}
		if rec.Header().Get("Content-Encoding") != "gzip" {
			b.Fatal("page not gzipped")
		}
	}
}
