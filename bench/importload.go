package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// importMain measures the largest import Docket allows while another user
// keeps adding tasks: the server's peak memory, and that user's latency.
func importMain(args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	docket := fs.String("docket", "./bin/docket", "the docket `binary` to measure")
	rows := fs.Int("rows", 100_000, "tasks in the imported file")
	title := fs.Int("title", 150, "characters per task title")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "docket-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	s, _, err := start(addr, nil, *docket, "serve", "--addr", addr, "--db", filepath.Join(dir, "bench.db"))
	if err != nil {
		return err
	}
	defer s.stop()
	base := "http://" + addr
	client := newClient(2)
	client.Timeout = time.Minute
	importer, err := register(client, base, "importer")
	if err != nil {
		return err
	}
	writer, err := register(client, base, "writer")
	if err != nil {
		return err
	}
	file := "title\n" + strings.Repeat(strings.Repeat("x", *title)+"\n", *rows)

	// The same writes with no import running, for comparison.
	idle := make(chan struct{})
	time.AfterFunc(5*time.Second, func() { close(idle) })
	base0, err := writeUntil(client, base, writer, idle)
	if err != nil {
		return err
	}
	slices.Sort(base0)

	stop, done := make(chan struct{}), make(chan struct{})
	var lat []time.Duration
	var writeErr error
	go func() {
		defer close(done)
		lat, writeErr = writeUntil(client, base, writer, stop)
	}()
	time.Sleep(200 * time.Millisecond) // the writer's first requests run before the import
	t0 := time.Now()
	status, err := upload(client, base, importer, file)
	took := time.Since(t0)
	close(stop)
	<-done
	if err != nil {
		return err
	}
	if writeErr != nil {
		return writeErr
	}
	peak, err := s.memory("VmHWM")
	if err != nil {
		return err
	}
	slices.Sort(lat)
	fmt.Printf("import of %d rows (%.1f MB): status %d in %v\n", *rows, float64(len(file))/(1<<20), status, took.Round(time.Millisecond))
	fmt.Printf("server peak RSS (VmHWM): %.0f MB\n", peak)
	fmt.Printf("other user's task creations without an import: %d, median %s ms, max %s ms\n",
		len(base0), ms(median(base0)), ms(base0[len(base0)-1]))
	fmt.Printf("other user's task creations during the import: %d, median %s ms, max %s ms\n",
		len(lat), ms(median(lat)), ms(lat[len(lat)-1]))
	return nil
}

// register signs up username and returns its session cookie.
func register(client *http.Client, base, username string) (string, error) {
	res, err := client.PostForm(base+"/register", url.Values{"username": {username}, "password": {"benchmark password"}, "timezone": {"UTC"}})
	if err != nil {
		return "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
		return "", fmt.Errorf("register %s: status %d", username, res.StatusCode)
	}
	c := res.Cookies()[0]
	return c.Name + "=" + c.Value, nil
}

// upload posts content as a CSV import and returns the status.
func upload(client *http.Client, base, cookie, content string) (int, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "big.csv")
	if err != nil {
		return 0, err
	}
	if _, err := io.WriteString(fw, content); err != nil {
		return 0, err
	}
	if err := mw.Close(); err != nil {
		return 0, err
	}
	req, err := http.NewRequest(http.MethodPost, base+"/account/import", &body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Cookie", cookie)
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

// writeUntil adds tasks as cookie's user, one after another, until stop
// closes, and returns how long each took.
func writeUntil(client *http.Client, base, cookie string, stop <-chan struct{}) ([]time.Duration, error) {
	var lat []time.Duration
	for i := 0; ; i++ {
		select {
		case <-stop:
			return lat, nil
		default:
		}
		req, err := form(http.MethodPost, base+"/tasks", cookie, url.Values{"title": {fmt.Sprintf("Write %d", i)}})
		if err != nil {
			return nil, err
		}
		t0 := time.Now()
		if err := do(client, req, http.StatusOK); err != nil {
			return nil, fmt.Errorf("write during the import: %w", err)
		}
		lat = append(lat, time.Since(t0))
		time.Sleep(10 * time.Millisecond)
	}
}
