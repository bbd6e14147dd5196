package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
)

// asset is one embedded file, read and compressed once at start-up so
// serving it costs no disk read and no compression.
type asset struct {
	contentType string
	etag        string // of the plain bytes; the gzip copy adds -gz
	plain       []byte
	gz          []byte // nil when compressing does not make it smaller
}

// loadAssets reads every file in fsys and returns them by path, with a
// version string that changes whenever any file's content does.
// Stylesheets' url("name") references to other assets get the version
// too, so the icons they draw are cached as long as the pages' own assets.
func loadAssets(fsys fs.FS) (map[string]*asset, string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("handlers: read assets: %w", err)
	}
	sort.Strings(names)
	all := sha256.New()
	files := make(map[string][]byte, len(names))
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, "", fmt.Errorf("handlers: read asset %s: %w", name, err)
		}
		fmt.Fprintf(all, "%s\x00%d\x00", name, len(b))
		all.Write(b)
		files[name] = b
	}
	version := hex.EncodeToString(all.Sum(nil))[:12]
	assets := make(map[string]*asset, len(names))
	for name, b := range files {
		a := &asset{contentType: mime.TypeByExtension(path.Ext(name))}
		if a.contentType == "" {
			a.contentType = http.DetectContentType(b)
		}
		if strings.HasPrefix(a.contentType, "text/css") {
			b = versionURLs(b, path.Dir(name), files, version)
		}
		sum := sha256.Sum256(b)
		a.plain, a.etag = b, hex.EncodeToString(sum[:8])
		if a.gz, err = gzipBytes(b); err != nil {
			return nil, "", err
		}
		assets[name] = a
	}
	return assets, version, nil
}

// cssURL matches a stylesheet's url(…) reference, quoted or not.
var cssURL = regexp.MustCompile(`url\(\s*(["']?)([^"'()\s]+)(["']?)\s*\)`)

// versionURLs adds ?v=version to every url(…) in css that names one of
// files, relative to the stylesheet's folder dir or as /assets/name.
func versionURLs(css []byte, dir string, files map[string][]byte, version string) []byte {
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		open, ref, end := string(sub[1]), string(sub[2]), string(sub[3])
		if open != end || strings.ContainsAny(ref, "?#:") {
			return m // mismatched quotes, a query or fragment already, or a data: or other scheme
		}
		name, ok := strings.CutPrefix(ref, "/assets/")
		if !ok {
			if strings.HasPrefix(ref, "/") {
				return m
			}
			name = path.Join(dir, ref)
		}
		if _, ok := files[name]; !ok {
			return m
		}
		return []byte("url(" + open + ref + "?v=" + version + end + ")")
	})
}

// gzipBytes compresses b at the best ratio, or returns nil when that does
// not save at least a tenth.
func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if buf.Len() > len(b)*9/10 {
		return nil, nil
	}
	return buf.Bytes(), nil
}

// static serves the embedded assets, with ETags so a revalidation costs a
// 304. It runs inside the gzip middleware, which decides from the request
// whether gzip may be sent; the precompressed copy is then served as it is.
// URLs carrying the current fingerprint (?v=) may be cached for a year.
func (h *Handler) static() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := h.assets[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		hd := w.Header()
		if r.URL.Query().Get("v") == h.assetVersion {
			hd.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			hd.Set("Cache-Control", "no-cache")
		}
		hd.Set("Content-Type", a.contentType)
		body, etag := a.plain, a.etag
		if a.gz != nil && gzipChosen(w) {
			body, etag = a.gz, a.etag+"-gz"
			hd.Set("Content-Encoding", "gzip") // the middleware passes encoded bodies through
		} else {
			// The plain copy goes out plain under its own ETag, never
			// compressed on the fly under it.
			hd.Set(gzhttp.HeaderNoCompression, "1")
		}
		hd.Set("ETag", `"`+etag+`"`)
		// ServeContent answers If-None-Match with 304, and HEAD and Range.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}
