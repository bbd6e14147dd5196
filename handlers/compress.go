package handlers

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// Responses smaller than minGzipSize go out as they are: below a
// packet's worth, compressing saves no round trip.
const minGzipSize = 1024

// maxPooledBuffer keeps an unusually large page from pinning its buffer.
const maxPooledBuffer = 1 << 20

// writePools reuse what every rendered response needs: a list page is
// about 140 KB of HTML, and growing a fresh buffer and gzip writer for each
// request costs more than rendering some of it.
type writePools struct {
	bufs sync.Pool // *bytes.Buffer
	gzip sync.Pool // *gzip.Writer
}

func (p *writePools) buffer() *bytes.Buffer {
	if b, ok := p.bufs.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func (p *writePools) putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		b.Reset()
		p.bufs.Put(b)
	}
}

// gzipTo compresses src into dst at BestSpeed: for HTML built per request
// it gets most of the size reduction for a fraction of the CPU.
func (p *writePools) gzipTo(dst io.Writer, src []byte) error {
	zw, ok := p.gzip.Get().(*gzip.Writer)
	if ok {
		zw.Reset(dst)
	} else {
		var err error
		if zw, err = gzip.NewWriterLevel(dst, gzip.BestSpeed); err != nil {
			return err
		}
	}
	defer p.gzip.Put(zw)
	if _, err := zw.Write(src); err != nil {
		return err
	}
	return zw.Close()
}

// writeBody sends body with status, gzipped when the client accepts it
// and it is large enough to gain.
func (p *writePools) writeBody(w http.ResponseWriter, r *http.Request, status int, body *bytes.Buffer) error {
	hd := w.Header()
	hd.Add("Vary", "Accept-Encoding")
	if body.Len() >= minGzipSize && acceptsGzip(r) {
		zbuf := p.buffer()
		defer p.putBuffer(zbuf)
		if err := p.gzipTo(zbuf, body.Bytes()); err != nil {
			return err
		}
		hd.Set("Content-Encoding", "gzip")
		body = zbuf
	}
	hd.Set("Content-Length", strconv.Itoa(body.Len()))
	w.WriteHeader(status)
	_, err := body.WriteTo(w)
	return err
}
