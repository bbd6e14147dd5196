package models

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
)

// jsonExport writes a JSON export as it reads the tasks, laid out as
// encoding/json indents the whole document: the header, the lists and
// labels, then one task after another.
type jsonExport struct {
	w        *bufio.Writer
	username string
	now      time.Time
	tasks    int
	buf      bytes.Buffer
}

func newJSONExport(w io.Writer, username string, now time.Time) *jsonExport {
	return &jsonExport{w: bufio.NewWriter(w), username: username, now: now}
}

// marshal returns v as indented JSON, its lines after the first led by
// prefix, without the encoder's closing newline.
func (j *jsonExport) marshal(v any, prefix string) ([]byte, error) {
	j.buf.Reset()
	enc := json.NewEncoder(&j.buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")), nil
}

func (j *jsonExport) start(lists []exportList, labels []exportLabel) error {
	head := struct {
		Docket     int           `json:"docket_export"`
		Username   string        `json:"username"`
		ExportedAt time.Time     `json:"exported_at"`
		Lists      []exportList  `json:"lists"`
		Labels     []exportLabel `json:"labels"`
	}{exportVersion, j.username, j.now.UTC(), lists, labels}
	b, err := j.marshal(head, "")
	if err != nil {
		return err
	}
	// The header's closing brace gives way to the tasks.
	if _, err := j.w.Write(bytes.TrimSuffix(b, []byte("\n}"))); err != nil {
		return err
	}
	_, err = j.w.WriteString(",\n  \"tasks\": [")
	return err
}

func (j *jsonExport) task(t exportTask) error {
	sep := ",\n    "
	if j.tasks == 0 {
		sep = "\n    "
	}
	j.tasks++
	b, err := j.marshal(t, "    ")
	if err != nil {
		return err
	}
	if _, err := j.w.WriteString(sep); err != nil {
		return err
	}
	_, err = j.w.Write(b)
	return err
}

func (j *jsonExport) end() error {
	tail := "\n  ]\n}\n"
	if j.tasks == 0 {
		tail = "]\n}\n"
	}
	if _, err := j.w.WriteString(tail); err != nil {
		return err
	}
	return j.w.Flush()
}

// csvExport writes a CSV export row by row: each top-level task, then
// its subtasks, whose parent column holds their parent's row number.
type csvExport struct {
	cw     *csv.Writer
	defuse bool
	row    int // the row number of the last row written, the header being 1
}

func newCSVExport(w io.Writer, defuse bool) *csvExport {
	cw := csv.NewWriter(&bomWriter{w: w})
	cw.UseCRLF = true // what spreadsheets write and expect
	return &csvExport{cw: cw, defuse: defuse}
}

// bomWriter leads what it writes with a byte order mark.
type bomWriter struct {
	w       io.Writer
	started bool
}

func (b *bomWriter) Write(p []byte) (int, error) {
	if !b.started {
		b.started = true
		if _, err := io.WriteString(b.w, utf8BOM); err != nil {
			return 0, err
		}
	}
	return b.w.Write(p)
}

func (c *csvExport) start([]exportList, []exportLabel) error {
	c.row = 1
	return c.cw.Write(csvColumns)
}

func (c *csvExport) task(t exportTask) error {
	parent := c.row + 1
	if err := c.write(t, ""); err != nil {
		return err
	}
	if t.Subtasks != nil {
		for _, s := range *t.Subtasks {
			if err := c.write(s, strconv.Itoa(parent)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *csvExport) write(t exportTask, parent string) error {
	completed, list := "", ""
	if t.CompletedAt != nil {
		completed = *t.CompletedAt
	}
	if t.List != nil {
		list = *t.List
	}
	cells := []string{t.Title, t.Description, t.Due, t.Priority, t.Status, completed, t.CreatedAt, t.UpdatedAt,
		list, labelCell(t.Labels), parent}
	if c.defuse {
		for i, cell := range cells {
			cells[i] = defuseCell(cell)
		}
	}
	c.row++
	return c.cw.Write(cells)
}

func (c *csvExport) end() error {
	c.cw.Flush()
	return c.cw.Error()
}

// labelCell writes label names as one cell, as ParseLabelNames reads
// them back: separated by ", ", a name that starts with "@" given a second
// "@" for the one the reading drops.
func labelCell(names []string) string {
	cell := make([]string, len(names))
	for i, n := range names {
		if strings.HasPrefix(n, "@") {
			n = "@" + n
		}
		cell[i] = n
	}
	return strings.Join(cell, ", ")
}

// formulaTriggers are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, "CSV Injection").
const formulaTriggers = "=+-@\t\r"

// needsDefusing reports whether a cell, after any leading single quotes,
// starts like a formula. Counting the quotes makes defusing reversible: a
// title that really starts with "'=" gets a second quote, not none.
func needsDefusing(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && strings.ContainsRune(formulaTriggers, rune(rest[0]))
}

// defuseCell prefixes a cell that a spreadsheet would run as a formula with
// a single quote, which spreadsheets show as text.
func defuseCell(s string) string {
	if needsDefusing(s) {
		return "'" + s
	}
	return s
}

// undefuseCell takes back the quote defuseCell added, and only that one.
func undefuseCell(s string) string {
	if strings.HasPrefix(s, "'") && needsDefusing(s) {
		return s[1:]
	}
	return s
}
