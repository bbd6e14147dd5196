package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
)

// minGzipSize is the size below which responses go out as they are:
// below a packet's worth, compressing saves no round trip.
const minGzipSize = 1024

// maxPooledBuffer keeps an unusually large page from pinning its buffer.
const maxPooledBuffer = 1 << 20

// newGzipWrapper returns the middleware that gzips responses for clients
// whose Accept-Encoding allows it, q-values included, and adds
// Vary: Accept-Encoding. BestSpeed gets most of the size reduction of HTML
// built per request for a fraction of the CPU. zstd stays off: static
// relies on the wrapper choosing gzip or nothing (see gzipChosen).
func newGzipWrapper() (func(http.Handler) http.HandlerFunc, error) {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(minGzipSize),
		gzhttp.CompressionLevel(gzip.BestSpeed),
		gzhttp.EnableZstd(false),
	)
	if err != nil {
		return nil, fmt.Errorf("handlers: gzip: %w", err)
	}
	return wrap, nil
}

// gzipChosen reports whether the gzip middleware chose gzip for the
// response w writes: it hands the handler its gzip writer exactly then.
func gzipChosen(w http.ResponseWriter) bool {
	for {
		switch v := w.(type) {
		case *gzhttp.GzipResponseWriter, gzhttp.GzipResponseWriterWithCloseNotify:
			return true
		case interface{ Unwrap() http.ResponseWriter }:
			w = v.Unwrap()
		default:
			return false
		}
	}
}

// bufferPool reuses what every rendered response needs: a list page is
// about 140 KB of HTML, and growing a fresh buffer for each request costs
// more than rendering some of it.
type bufferPool struct{ pool sync.Pool }

func (p *bufferPool) get() *bytes.Buffer {
	if b, ok := p.pool.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func (p *bufferPool) put(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		b.Reset()
		p.pool.Put(b)
	}
}

// writeBody sends body with status through the gzip middleware. What the
// middleware writes is collected first, so the response carries a
// Content-Length instead of being chunked.
func (h *Handler) writeBody(w http.ResponseWriter, r *http.Request, status int, body *bytes.Buffer) error {
	out := &sizedWriter{header: w.Header(), status: http.StatusOK, buf: h.bufs.get()}
	defer h.bufs.put(out.buf)
	var err error
	h.gzip(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, err = w.Write(body.Bytes())
	})).ServeHTTP(out, r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Length", strconv.Itoa(out.buf.Len()))
	w.WriteHeader(out.status)
	_, err = out.buf.WriteTo(w)
	return err
}

// sizedWriter collects a response's status and body while sharing the
// real response's header.
type sizedWriter struct {
	header http.Header
	status int
	buf    *bytes.Buffer
}

func (s *sizedWriter) Header() http.Header         { return s.header }
func (s *sizedWriter) WriteHeader(code int)        { s.status = code }
func (s *sizedWriter) Write(b []byte) (int, error) { return s.buf.Write(b) }
