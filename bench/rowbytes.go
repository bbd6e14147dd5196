package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"regexp"

	kgzip "github.com/klauspost/compress/gzip"
)

// rowWeight is what the list fragment the harness measures weighs: the
// whole response, as HTML and as sent, and its rows alone, per row.
type rowWeight struct {
	rows int
	// pageRaw and pageWire are the response's bytes, as HTML and as the
	// server sent them (gzipped).
	pageRaw, pageWire int
	// rowsRaw is the rows' markup, from the first row's start to the last
	// row's end; rowsGzip the same gzipped on its own at BestSpeed with
	// the compressor Docket uses, so the per-row figure leaves out the
	// section, the filter note and the "load more" around the rows.
	rowsRaw, rowsGzip int
}

func (w rowWeight) perRowRaw() float64  { return float64(w.rowsRaw) / float64(w.rows) }
func (w rowWeight) perRowGzip() float64 { return float64(w.rowsGzip) / float64(w.rows) }

// rowStart opens each of the list's rows.
var rowStart = regexp.MustCompile(`<li id="task-\d+"`)

// weighRows fetches one page of the list as next asks for it, gzipped,
// and weighs it.
func weighRows(next request) (rowWeight, error) {
	req, err := next(0, 0)
	if err != nil {
		return rowWeight{}, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		return rowWeight{}, err
	}
	defer res.Body.Close()
	wire, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		return rowWeight{}, fmt.Errorf("weigh rows: %s: status %d, %v", req.URL, res.StatusCode, err)
	}
	if res.Header.Get("Content-Encoding") != "gzip" {
		return rowWeight{}, fmt.Errorf("weigh rows: %s came uncompressed", req.URL)
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		return rowWeight{}, err
	}
	page, err := io.ReadAll(zr)
	if err != nil {
		return rowWeight{}, err
	}
	return weigh(page, len(wire))
}

// weigh finds the rows in page, a list fragment sent in wire bytes. The
// rows run from the first row's start to the end of the last row: the
// </li> that closes it, counting the <li> a row may hold inside it.
func weigh(page []byte, wire int) (rowWeight, error) {
	starts := rowStart.FindAllIndex(page, -1)
	if len(starts) == 0 {
		return rowWeight{}, fmt.Errorf("weigh rows: no rows in the page")
	}
	end := closeLi(page, starts[len(starts)-1][0])
	if end < 0 {
		return rowWeight{}, fmt.Errorf("weigh rows: the last row has no end")
	}
	rows := page[starts[0][0]:end]
	var z bytes.Buffer
	zw, _ := kgzip.NewWriterLevel(&z, kgzip.BestSpeed)
	zw.Write(rows)
	if err := zw.Close(); err != nil {
		return rowWeight{}, err
	}
	return rowWeight{rows: len(starts), pageRaw: len(page), pageWire: wire, rowsRaw: len(rows), rowsGzip: z.Len()}, nil
}

// liTag is an <li> element's start or end tag.
var liTag = regexp.MustCompile(`<li[\s>]|</li>`)

// closeLi is the offset just past the </li> that closes the <li> at
// start in page, or -1.
func closeLi(page []byte, start int) int {
	depth := 0
	for _, m := range liTag.FindAllIndex(page[start:], -1) {
		if page[start+m[0]+1] == '/' {
			depth--
		} else {
			depth++
		}
		if depth == 0 {
			return start + m[1]
		}
	}
	return -1
}
