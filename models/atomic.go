package models

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// pendingFile is a temporary file beside the path it is to replace. Until
// commit renames it into place, nothing at that path changes, and a crash
// leaves at worst a hidden temporary file; after commit the new file and
// its name are both on disk.
type pendingFile struct {
	*os.File
	path      string
	committed bool
}

// createPending opens a new, empty temporary file in path's folder (a
// rename is atomic only within one file system), named after path.
func createPending(path string) (*pendingFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &pendingFile{File: f, path: path}, nil
}

// commit syncs and closes the file, renames it over path and syncs the
// folder, so that the rename survives a crash too. It syncs through this
// handle whatever was written to the file, by any handle.
func (p *pendingFile) commit() error {
	err := p.Sync()
	if cerr := p.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(p.Name(), p.path); err != nil {
		return err
	}
	p.committed = true
	return syncFile(filepath.Dir(p.path))
}

// cleanup closes and removes the file unless commit renamed it; deferred
// right after createPending, it tidies up after any failure.
func (p *pendingFile) cleanup() {
	if !p.committed {
		p.Close() // already closed after a failed commit, which is fine
		os.Remove(p.Name())
	}
}

// WriteFileAtomic writes path through a temporary file beside it, renamed
// into place only once complete and synced, so path never holds half a
// file: it keeps its old content, or has none, until write has succeeded.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	p, err := createPending(path)
	if err != nil {
		return fmt.Errorf("models: write %s: %w", path, err)
	}
	defer p.cleanup()
	bw := bufio.NewWriter(p)
	if err := write(bw); err != nil {
		return err // write's own error, already saying what failed
	}
	err = bw.Flush()
	if err == nil {
		err = p.commit()
	}
	if err != nil {
		return fmt.Errorf("models: write %s: %w", path, err)
	}
	return nil
}

// syncFile flushes a file, or a folder's entries, to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
